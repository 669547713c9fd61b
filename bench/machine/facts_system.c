// SPDX-License-Identifier: MIT
/* Judging the system facts: ASLR, perf_event_paranoid, tracefs access, load. */
#include "facts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void fb_judge_aslr(const struct fb_machine *m, struct fb_fact *f)
{
	int v = atoi(m->aslr);

	if (!m->aslr_ok) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "randomize_va_space is unreadable");
		return;
	}
	if (v == 0)
		fb_fact_set(
			f, FB_FACT_NOTE, "0 (off)",
			"one fixed layout: reproducible, but not what users run; 'sysctl -w kernel.randomize_va_space=2' for the default");
	else
		fb_fact_set(
			f, FB_FACT_OK, v == 2 ? "2 (full)" : "1 (partial)",
			"layouts vary per run; run several times before calling a difference real");
}

void fb_judge_paranoid(const struct fb_machine *m, struct fb_fact *f)
{
	char shown[48];

	if (m->perf_paranoid == INT32_MIN) {
		fb_fact_set(f, FB_FACT_NOTE, "absent",
			    "no perf_events in this kernel: no counters");
		return;
	}
	snprintf(shown, sizeof(shown), "%d%s", m->perf_paranoid,
		 m->root ? " (running as root)" : "");
	if (m->root || m->perf_paranoid <= 1)
		fb_fact_set(f, FB_FACT_OK, shown, "kernel-mode counting is allowed to this user");
	else
		fb_fact_set(
			f, FB_FACT_WARN, shown,
			"counters cannot include kernel mode for this user: 'sysctl -w kernel.perf_event_paranoid=1' or run as root");
}

void fb_judge_tracefs(const struct fb_machine *m, struct fb_fact *f)
{
	char v[320];

	if (!m->tracefs[0]) {
		fb_fact_set(
			f, FB_FACT_NOTE, "not mounted",
			"--trace needs it: 'mount -t tracefs nodev /sys/kernel/tracing' (as root)");
		return;
	}
	snprintf(v, sizeof(v), "%s, %s%s", m->tracefs,
		 m->tracefs_instances_writable ? "instances writable" : "read-only to us",
		 m->tracefs_copy_process_phases ? ", copy_process phase events present" : "");
	if (!m->tracefs_instances_writable)
		fb_fact_set(f, FB_FACT_NOTE, v,
			    "--trace needs root (or write access to tracefs instances)");
	else if (!m->tracefs_copy_process_phases)
		fb_fact_set(
			f, FB_FACT_OK, v,
			"--trace records task_newtask and sched_process_fork; the copy_process phases need the kernel patch");
	else
		fb_fact_set(f, FB_FACT_OK, v, "--trace records the copy_process phase times too");
}

void fb_judge_load(const struct fb_machine *m, struct fb_fact *f)
{
	char v[128];

	if (!m->loadavg_ok) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "/proc/loadavg is unreadable");
		return;
	}
	snprintf(v, sizeof(v), "%.2f %.2f %.2f on %d CPUs", m->loadavg[0], m->loadavg[1],
		 m->loadavg[2], m->cpus_online);
	/* Half a CPU busy on average already steals the creator's core now and then. */
	if (m->loadavg[0] > 0.5 * (double)m->cpus_online)
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"busy machine: other work preempts creations and inflates the tail; stop it or wait");
	else
		fb_fact_set(f, FB_FACT_OK, v, "quiet enough");
}

void fb_judge_load_during(struct fb_fact *f, double others_share, double steal_share, int cpus)
{
	char v[128];

	snprintf(v, sizeof(v), "others took %.0f%% of %d CPUs' time while sampling (steal %.0f%%)",
		 100.0 * others_share, cpus, 100.0 * steal_share);
	if (others_share + steal_share > FB_BUSY_OTHERS_SHARE)
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"busy machine: other work preempted creations and inflated the tail; stop it or wait, and run again");
	else
		fb_fact_set(f, FB_FACT_OK, v, "quiet enough while sampling");
}

// SPDX-License-Identifier: MIT
/* System facts: ASLR, perf_event_paranoid, tracefs access, load. */
#include "envcheck_internal.h"

#include "core/procfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fb_fact_aslr(struct fb_fact *f)
{
	char v[16];

	if (fb_read_line("/proc/sys/kernel/randomize_va_space", v, sizeof(v))) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "randomize_va_space is unreadable");
		return;
	}
	f->data = json_integer(atoi(v));
	if (atoi(v) == 0)
		fb_fact_set(
			f, FB_FACT_NOTE, "0 (off)",
			"one fixed layout: reproducible, but not what users run; 'sysctl -w kernel.randomize_va_space=2' for the default");
	else
		fb_fact_set(
			f, FB_FACT_OK, atoi(v) == 2 ? "2 (full)" : "1 (partial)",
			"layouts vary per run; run several times before calling a difference real");
}

void fb_fact_paranoid(struct fb_fact *f)
{
	char v[16], shown[48];
	int p;

	if (fb_read_line("/proc/sys/kernel/perf_event_paranoid", v, sizeof(v))) {
		fb_fact_set(f, FB_FACT_NOTE, "absent",
			    "no perf_events in this kernel: no counters");
		return;
	}
	p = atoi(v);
	f->data = json_integer(p);
	snprintf(shown, sizeof(shown), "%d%s", p, geteuid() == 0 ? " (running as root)" : "");
	if (geteuid() == 0 || p <= 1)
		fb_fact_set(f, FB_FACT_OK, shown, "kernel-mode counting is allowed to this user");
	else
		fb_fact_set(
			f, FB_FACT_WARN, shown,
			"counters cannot include kernel mode for this user: 'sysctl -w kernel.perf_event_paranoid=1' or run as root");
}

void fb_tracefs_mount(char *buf, size_t len)
{
	static char mounts[1 << 16];
	char *line, *save = NULL;

	buf[0] = '\0';
	if (fb_read_file("/proc/self/mounts", mounts, sizeof(mounts)) < 0)
		return;
	for (line = strtok_r(mounts, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char dev[64], dir[256], type[32];

		if (sscanf(line, "%63s %255s %31s", dev, dir, type) == 3 &&
		    !strcmp(type, "tracefs")) {
			snprintf(buf, len, "%s", dir);
			if (!strcmp(dir, "/sys/kernel/tracing"))
				return; /* the canonical one wins over debugfs/tracing */
		}
	}
}

void fb_fact_tracefs(struct fb_fact *f)
{
	char dir[256], path[320], v[320];
	bool writable, patched;

	fb_tracefs_mount(dir, sizeof(dir));
	if (!dir[0]) {
		f->data = json_pack("{s:b}", "mounted", 0);
		fb_fact_set(
			f, FB_FACT_NOTE, "not mounted",
			"--trace needs it: 'mount -t tracefs nodev /sys/kernel/tracing' (as root)");
		return;
	}
	snprintf(path, sizeof(path), "%s/instances", dir);
	writable = access(path, W_OK) == 0;
	snprintf(path, sizeof(path), "%s/events/task/task_copy_process", dir);
	patched = access(path, F_OK) == 0;
	f->data = json_pack("{s:b,s:s,s:b,s:b}", "mounted", 1, "path", dir, "instances_writable",
			    writable, "copy_process_phases", patched);
	snprintf(v, sizeof(v), "%s, %s%s", dir, writable ? "instances writable" : "read-only to us",
		 patched ? ", copy_process phase events present" : "");
	if (!writable)
		fb_fact_set(f, FB_FACT_NOTE, v,
			    "--trace needs root (or write access to tracefs instances)");
	else if (!patched)
		fb_fact_set(
			f, FB_FACT_OK, v,
			"--trace records task_newtask and sched_process_fork; the copy_process phases need the kernel patch");
	else
		fb_fact_set(f, FB_FACT_OK, v, "--trace records the copy_process phase times too");
}

void fb_fact_load(struct fb_fact *f)
{
	char buf[128], v[128];
	double a, b, c;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	if (fb_read_line("/proc/loadavg", buf, sizeof(buf)) ||
	    sscanf(buf, "%lf %lf %lf", &a, &b, &c) != 3) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "/proc/loadavg is unreadable");
		return;
	}
	f->data = json_pack("{s:[f,f,f],s:i}", "loadavg", a, b, c, "cpus", (int)ncpu);
	snprintf(v, sizeof(v), "%.2f %.2f %.2f on %ld CPUs", a, b, c, ncpu);
	/* Half a CPU busy on average already steals the creator's core now and then. */
	if (a > 0.5 * (double)ncpu)
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"busy machine: other work preempts creations and inflates the tail; stop it or wait");
	else
		fb_fact_set(f, FB_FACT_OK, v, "quiet enough");
}

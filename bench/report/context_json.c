// SPDX-License-Identifier: MIT
/*
 * The context block of a results JSON, from the machine's facts as read
 * once, and written once: each fact's typed value has one place here, and
 * "environment" holds what `forkbench check` judged of them (the value as
 * it printed it, a level and advice), not the values again. Schema
 * version 4; up to version 3 the environment repeated every value.
 */
#include "context_json.h"
#include "facts_json.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#ifndef FORKBENCH_VERSION
#define FORKBENCH_VERSION "unknown"
#endif
#include "fb_git_commit.h"

static json_t *string_or_null(bool ok, const char *s)
{
	return ok ? json_string(s) : json_null();
}

static json_t *mitigations(const struct fb_machine *m)
{
	json_t *o = json_object();

	for (int i = 0; i < m->nmitigations; i++)
		json_object_set_new(o, m->mitigations[i].name,
				    string_or_null(m->mitigations[i].ok, m->mitigations[i].state));
	return o;
}

/* The pools whose size and free count both read. */
static json_t *hugetlb_pools(const struct fb_machine *m)
{
	json_t *o = json_object();
	char name[32];

	for (int i = 0; i < FB_HUGETLB_POOLS; i++) {
		const struct fb_hugetlb_pool *p = &m->hugetlb[i];

		if (!p->present || !p->free_ok)
			continue;
		snprintf(name, sizeof(name), "%skB", p->kb);
		json_object_set_new(o, name,
				    json_pack("{s:I,s:I}", "total", (json_int_t)p->total, "free",
					      (json_int_t)p->free));
	}
	return o;
}

static json_t *virtualization(const struct fb_machine *m)
{
	return json_pack("{s:b,s:s,s:o,s:o}", "virtualized", m->hypervisor[0] != '\0', "hypervisor",
			 m->hypervisor, "product", string_or_null(m->product_ok, m->product),
			 "sys_vendor", string_or_null(m->sys_vendor_ok, m->sys_vendor));
}

static json_t *memory(const struct fb_machine *m)
{
	if (!m->meminfo_ok)
		return json_null();
	return json_pack("{s:I,s:I,s:I,s:I}", "total_bytes", (json_int_t)m->mem_total,
			 "available_bytes", (json_int_t)m->mem_available, "swap_total_bytes",
			 (json_int_t)m->swap_total, "swap_free_bytes", (json_int_t)m->swap_free);
}

/* A fact only check's judgement used to carry: its typed value, or null. */
static json_t *fact(const struct fb_machine *m, enum fb_fact_id id)
{
	json_t *d = fb_fact_data_json(m, id);

	return d ? d : json_null();
}

/*
 * How the numbers were timed: instruction time (a QEMU guest booted with
 * -icount; guest time then counts instructions, not host seconds) or wall
 * time, and whether the CPU was emulated (TCG), as the runner said on the
 * kernel command line or CPUID's hypervisor vendor says. compare refuses
 * to mix clocks, and the plots mark emulated runs.
 */
static json_t *timing_json(const struct fb_machine *m)
{
	bool tcg = !strcmp(m->accel, "tcg") || strstr(m->hypervisor, "TCG");

	return json_pack(
		"{s:s,s:o,s:b,s:s}", "clock", m->clock, "accel",
		m->accel[0] ? json_string(m->accel) : json_null(), "emulated", tcg, "source",
		m->accel[0] ? "forkbench.clock= and forkbench.accel= on the kernel command line"
			    : "the kernel command line (no forkbench.clock=: wall time)");
}

json_t *fb_context_json(const struct fb_machine *m, const struct fb_fact facts[FB_NFACTS])
{
	json_t *ctx = json_object();

	json_object_set_new(ctx, "hostname", json_string(m->hostname));
	json_object_set_new(ctx, "kernel",
			    json_pack("{s:s,s:s,s:s,s:o}", "release", m->uts.release, "version",
				      m->uts.version, "machine", m->uts.machine, "cmdline",
				      string_or_null(m->cmdline_ok, m->cmdline)));
	json_object_set_new(ctx, "cpu",
			    json_pack("{s:o,s:i,s:i,s:o,s:o}", "model",
				      string_or_null(m->cpu_model_ok, m->cpu_model), "online",
				      m->cpus_online, "configured", m->cpus_configured, "boost",
				      fact(m, FB_FACT_BOOST), "smt", fact(m, FB_FACT_SMT)));
	json_object_set_new(
		ctx, "thp",
		json_pack("{s:o,s:o,s:o,s:o}", "enabled",
			  string_or_null(m->thp_enabled_ok, m->thp_enabled), "defrag",
			  string_or_null(m->thp_defrag_ok, m->thp_defrag), "shmem_enabled",
			  string_or_null(m->thp_shmem_enabled_ok, m->thp_shmem_enabled),
			  "khugepaged_defrag",
			  string_or_null(m->khugepaged_defrag_ok, m->khugepaged_defrag)));
	json_object_set_new(ctx, "hugetlb", hugetlb_pools(m));
	json_object_set_new(ctx, "mitigations", mitigations(m));
	json_object_set_new(ctx, "governor", string_or_null(m->governor_ok, m->governor));
	json_object_set_new(ctx, "virtualization", virtualization(m));
	json_object_set_new(ctx, "clocksource", string_or_null(m->clocksource_ok, m->clocksource));
	json_object_set_new(ctx, "aslr", string_or_null(m->aslr_ok, m->aslr));
	json_object_set_new(ctx, "memory", memory(m));
	json_object_set_new(
		ctx, "loadavg",
		m->loadavg_ok ? json_pack("[f,f,f]", m->loadavg[0], m->loadavg[1], m->loadavg[2])
			      : json_null());
	json_object_set_new(ctx, "pmu", fact(m, FB_FACT_PMU));
	json_object_set_new(ctx, "perf_event_paranoid", fact(m, FB_FACT_PARANOID));
	json_object_set_new(ctx, "tracefs", fact(m, FB_FACT_TRACEFS));
	json_object_set_new(ctx, "libc", json_string(m->libc));
	json_object_set_new(ctx, "compiler", json_sprintf("gcc %s", __VERSION__));
	/* what `forkbench check` judged of those facts: its reading, level and advice */
	json_object_set_new(ctx, "environment", fb_facts_judged_json(facts));
	json_object_set_new(ctx, "forkbench",
			    json_pack("{s:s,s:s}", "version", FORKBENCH_VERSION, "git_commit",
				      FORKBENCH_GIT_COMMIT));
	json_object_set_new(ctx, "timing", timing_json(m));
	return ctx;
}

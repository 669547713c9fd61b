// SPDX-License-Identifier: MIT
/* Judging the CPU facts: frequency, SMT, mitigations, virtualization, PMU, clocksource. */
#include "facts.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define CPU "/sys/devices/system/cpu/"

void fb_judge_governor(const struct fb_machine *m, struct fb_fact *f)
{
	const char *v = m->governor;

	if (!m->governor_ok) {
		fb_fact_set(
			f, FB_FACT_OK, "no cpufreq",
			"frequency is not scaled by this kernel (VM or fixed clock): nothing to do");
		return;
	}
	if (strcmp(v, "performance"))
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"the clock ramps with load, so short creations read slow; 'cpupower frequency-set -g performance'");
	else
		fb_fact_set(f, FB_FACT_OK, v, "the clock stays high");
}

void fb_judge_boost(const struct fb_machine *m, struct fb_fact *f)
{
	if (m->intel_pstate_ok) {
		if (m->turbo)
			fb_fact_set(f, FB_FACT_NOTE, "turbo on (intel_pstate)",
				    "turbo varies with temperature and load; 'echo 1 > " CPU
				    "intel_pstate/no_turbo' for steadier numbers");
		else
			fb_fact_set(f, FB_FACT_OK, "turbo off (intel_pstate)", "nothing to do");
		return;
	}
	if (m->cpufreq_boost_ok) {
		if (m->boost)
			fb_fact_set(f, FB_FACT_NOTE, "boost on",
				    "boost varies with temperature and load; 'echo 0 > " CPU
				    "cpufreq/boost' for steadier numbers");
		else
			fb_fact_set(f, FB_FACT_OK, "boost off", "nothing to do");
		return;
	}
	fb_fact_set(f, FB_FACT_OK, "not exposed",
		    "no boost control here (VM or no cpufreq driver)");
}

void fb_judge_smt(const struct fb_machine *m, struct fb_fact *f)
{
	char v[64];

	if (!m->smt_control_ok) {
		fb_fact_set(f, FB_FACT_OK, "unknown", "no SMT control in this kernel");
		return;
	}
	snprintf(v, sizeof(v), "%s%s", m->smt_control, m->smt_active ? ", active" : "");
	if (m->smt_active)
		fb_fact_set(
			f, FB_FACT_NOTE, v,
			"a sibling thread shares the core's caches and TLB: pin parent and child (--cpu, --child-cpu) to separate cores");
	else
		fb_fact_set(f, FB_FACT_OK, v, "no sibling shares a core");
}

void fb_mitigation_counts(const struct fb_machine *m, struct fb_mitigation_counts *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->meltdown, sizeof(c->meltdown), "unknown");
	for (int i = 0; i < m->nmitigations; i++) {
		const struct fb_mitigation *v = &m->mitigations[i];

		if (!v->ok)
			continue;
		if (!strncmp(v->state, "Not affected", 12))
			c->not_affected++;
		else if (!strncmp(v->state, "Vulnerable", 10))
			c->vulnerable++;
		else
			c->mitigated++;
		if (!strcmp(v->name, "meltdown"))
			snprintf(c->meltdown, sizeof(c->meltdown), "%s",
				 strstr(v->state, "PTI") ? "PTI on" : "no PTI");
	}
}

/* PTI matters most to fork: two sets of page tables to copy. */
void fb_judge_mitigations(const struct fb_machine *m, struct fb_fact *f)
{
	struct fb_mitigation_counts c;
	char v[128];

	if (!m->vulnerabilities_ok) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "no vulnerabilities directory in sysfs");
		return;
	}
	fb_mitigation_counts(m, &c);
	snprintf(v, sizeof(v), "%d mitigated, %d vulnerable, %d not affected; %s", c.mitigated,
		 c.vulnerable, c.not_affected, c.meltdown);
	fb_fact_set(
		f, FB_FACT_NOTE, v,
		"mitigations add to every syscall and context switch: compare kernels only with the same mitigations= on the cmdline");
}

void fb_judge_virt(const struct fb_machine *m, struct fb_fact *f)
{
	char vendor[32], v[192]; /* the value keeps 127 of it, as it always did */

	if (!m->hypervisor[0]) {
		fb_fact_set(f, FB_FACT_OK, "bare metal", "the real numbers");
		return;
	}
	/* CPUID vendors are padded to 12 characters ("bhyve bhyve "). */
	snprintf(vendor, sizeof(vendor), "%s", m->hypervisor);
	for (size_t l = strlen(vendor); l > 0 && vendor[l - 1] == ' '; l--)
		vendor[l - 1] = '\0';
	snprintf(v, sizeof(v), "%s%s%s", vendor, m->product[0] ? ", " : "", m->product);
	fb_fact_set(
		f, FB_FACT_NOTE, v,
		"a guest pays for nested page tables on every fault fork and COW take: compare guest with guest, and say so");
}

void fb_judge_pmu(const struct fb_machine *m, struct fb_fact *f)
{
	char v[128];

	if (m->pmu) {
		fb_fact_set(f, FB_FACT_OK, "present (cycles opens)",
			    "cycles, instructions and dTLB-load-misses can be counted");
		return;
	}
	snprintf(v, sizeof(v), "absent (cycles: %s)", strerror(m->pmu_errno));
	if (m->pmu_errno == EACCES || m->pmu_errno == EPERM)
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"perf_event_paranoid forbids it: 'sysctl -w kernel.perf_event_paranoid=1' or run as root");
	else
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"no hardware counters: cycles/instructions/dTLB are recorded as unsupported, software counters go on; a KVM guest needs '-cpu host,pmu=on'");
}

void fb_judge_clocksource(const struct fb_machine *m, struct fb_fact *f)
{
	const char *v = m->clocksource;

	if (!m->clocksource_ok) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "no clocksource in sysfs");
		return;
	}
	if (!strcmp(v, "tsc") || !strcmp(v, "kvm-clock"))
		fb_fact_set(f, FB_FACT_OK, v, "clock reads stay in the vDSO (tens of ns)");
	else
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"clock reads trap to the kernel and cost microseconds: use a tsc clocksource ('clocksource=tsc' on the cmdline)");
}

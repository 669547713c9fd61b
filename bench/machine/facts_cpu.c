// SPDX-License-Identifier: MIT
/* CPU facts: frequency, SMT, mitigations, virtualization, PMU, clocksource. */
#include "envcheck_internal.h"

#include "context.h"
#include "core/procfs.h"

#include <dirent.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CPU "/sys/devices/system/cpu/"

void fb_fact_governor(struct fb_fact *f)
{
	char v[64];

	if (fb_read_line(CPU "cpu0/cpufreq/scaling_governor", v, sizeof(v))) {
		fb_fact_set(
			f, FB_FACT_OK, "no cpufreq",
			"frequency is not scaled by this kernel (VM or fixed clock): nothing to do");
		return;
	}
	f->data = json_string(v);
	if (strcmp(v, "performance"))
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"the clock ramps with load, so short creations read slow; 'cpupower frequency-set -g performance'");
	else
		fb_fact_set(f, FB_FACT_OK, v, "the clock stays high");
}

void fb_fact_boost(struct fb_fact *f)
{
	char v[32];

	if (!fb_read_line(CPU "intel_pstate/no_turbo", v, sizeof(v))) {
		f->data = json_boolean(v[0] == '0');
		if (v[0] == '0')
			fb_fact_set(f, FB_FACT_NOTE, "turbo on (intel_pstate)",
				    "turbo varies with temperature and load; 'echo 1 > " CPU
				    "intel_pstate/no_turbo' for steadier numbers");
		else
			fb_fact_set(f, FB_FACT_OK, "turbo off (intel_pstate)", "nothing to do");
		return;
	}
	if (!fb_read_line(CPU "cpufreq/boost", v, sizeof(v))) {
		f->data = json_boolean(v[0] == '1');
		if (v[0] == '1')
			fb_fact_set(f, FB_FACT_NOTE, "boost on",
				    "boost varies with temperature and load; 'echo 0 > " CPU
				    "cpufreq/boost' for steadier numbers");
		else
			fb_fact_set(f, FB_FACT_OK, "boost off", "nothing to do");
		return;
	}
	f->data = json_null();
	fb_fact_set(f, FB_FACT_OK, "not exposed",
		    "no boost control here (VM or no cpufreq driver)");
}

void fb_fact_smt(struct fb_fact *f)
{
	char ctl[32], act[8], v[64];

	if (fb_read_line(CPU "smt/control", ctl, sizeof(ctl))) {
		fb_fact_set(f, FB_FACT_OK, "unknown", "no SMT control in this kernel");
		return;
	}
	if (fb_read_line(CPU "smt/active", act, sizeof(act)))
		snprintf(act, sizeof(act), "?");
	f->data = json_pack("{s:s,s:b}", "control", ctl, "active", act[0] == '1');
	snprintf(v, sizeof(v), "%s%s", ctl, act[0] == '1' ? ", active" : "");
	if (act[0] == '1')
		fb_fact_set(
			f, FB_FACT_NOTE, v,
			"a sibling thread shares the core's caches and TLB: pin parent and child (--cpu, --child-cpu) to separate cores");
	else
		fb_fact_set(f, FB_FACT_OK, v, "no sibling shares a core");
}

/* Counts the vulnerability files by state; PTI matters most to fork (two page-table sets). */
void fb_fact_mitigations(struct fb_fact *f)
{
	DIR *d = opendir(CPU "vulnerabilities");
	struct dirent *e;
	int mitigated = 0, vulnerable = 0, unaffected = 0;
	char path[512], line[256], v[128], pti[64] = "unknown";

	if (!d) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "no vulnerabilities directory in sysfs");
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), CPU "vulnerabilities/%s", e->d_name);
		if (fb_read_line(path, line, sizeof(line)))
			continue;
		if (!strncmp(line, "Not affected", 12))
			unaffected++;
		else if (!strncmp(line, "Vulnerable", 10))
			vulnerable++;
		else
			mitigated++;
		if (!strcmp(e->d_name, "meltdown"))
			snprintf(pti, sizeof(pti), "%s", strstr(line, "PTI") ? "PTI on" : "no PTI");
	}
	closedir(d);
	f->data = json_pack("{s:i,s:i,s:i,s:s}", "mitigated", mitigated, "vulnerable", vulnerable,
			    "not_affected", unaffected, "meltdown", pti);
	snprintf(v, sizeof(v), "%d mitigated, %d vulnerable, %d not affected; %s", mitigated,
		 vulnerable, unaffected, pti);
	fb_fact_set(
		f, FB_FACT_NOTE, v,
		"mitigations add to every syscall and context switch: compare kernels only with the same mitigations= on the cmdline");
}

void fb_fact_virt(struct fb_fact *f)
{
	char vendor[32], product[128] = "", v[128];

	fb_hypervisor_vendor(vendor, sizeof(vendor));
	fb_read_line("/sys/class/dmi/id/product_name", product, sizeof(product));
	f->data = json_pack("{s:b,s:s,s:s}", "virtualized", vendor[0] != '\0', "hypervisor", vendor,
			    "product", product);
	if (!vendor[0]) {
		fb_fact_set(f, FB_FACT_OK, "bare metal", "the real numbers");
		return;
	}
	/* CPUID vendors are padded to 12 characters ("bhyve bhyve "). */
	for (size_t l = strlen(vendor); l > 0 && vendor[l - 1] == ' '; l--)
		vendor[l - 1] = '\0';
	snprintf(v, sizeof(v), "%s%s%s", vendor, product[0] ? ", " : "", product);
	fb_fact_set(
		f, FB_FACT_NOTE, v,
		"a guest pays for nested page tables on every fault fork and COW take: compare guest with guest, and say so");
}

int fb_probe_pmu(int *err)
{
	struct perf_event_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_HARDWARE;
	a.config = PERF_COUNT_HW_CPU_CYCLES;
	a.exclude_kernel = 1; /* so paranoid 2 does not hide a present PMU */
	a.exclude_hv = 1;
	fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return 0;
	}
	close(fd);
	*err = 0;
	return 1;
}

void fb_fact_pmu(struct fb_fact *f)
{
	int err;
	char v[128];

	if (fb_probe_pmu(&err)) {
		f->data = json_true();
		fb_fact_set(f, FB_FACT_OK, "present (cycles opens)",
			    "cycles, instructions and dTLB-load-misses can be counted");
		return;
	}
	f->data = json_false();
	snprintf(v, sizeof(v), "absent (cycles: %s)", strerror(err));
	if (err == EACCES || err == EPERM)
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"perf_event_paranoid forbids it: 'sysctl -w kernel.perf_event_paranoid=1' or run as root");
	else
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"no hardware counters: cycles/instructions/dTLB are recorded as unsupported, software counters go on; a KVM guest needs '-cpu host,pmu=on'");
}

void fb_fact_clocksource(struct fb_fact *f)
{
	char v[64];

	if (fb_read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource", v,
			 sizeof(v))) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "no clocksource in sysfs");
		return;
	}
	f->data = json_string(v);
	if (!strcmp(v, "tsc") || !strcmp(v, "kvm-clock"))
		fb_fact_set(f, FB_FACT_OK, v, "clock reads stay in the vDSO (tens of ns)");
	else
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"clock reads trap to the kernel and cost microseconds: use a tsc clocksource ('clocksource=tsc' on the cmdline)");
}

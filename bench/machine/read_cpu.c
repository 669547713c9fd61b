// SPDX-License-Identifier: MIT
/* The CPU: model, count, mitigations, frequency, SMT, virtualization, PMU, clocksource. */
#include "machine.h"

#include "core/procfs.h"

#include <cpuid.h>
#include <dirent.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CPU "/sys/devices/system/cpu/"

static void read_model(struct fb_machine *m)
{
	static char buf[1 << 16];
	char *p, *nl;

	if (fb_read_file("/proc/cpuinfo", buf, sizeof(buf)) < 0)
		return;
	p = strstr(buf, "model name");
	if (!p || !(p = strchr(p, ':')))
		return;
	p += 2;
	nl = strchr(p, '\n');
	if (nl)
		*nl = '\0';
	m->cpu_model_ok = true;
	snprintf(m->cpu_model, sizeof(m->cpu_model), "%s", p);
}

/* Every vulnerability file, in the directory's order, with its state when readable. */
static void read_mitigations(struct fb_machine *m)
{
	DIR *d = opendir(CPU "vulnerabilities");
	struct dirent *e;
	char path[512];

	if (!d)
		return;
	m->vulnerabilities_ok = true;
	while ((e = readdir(d)) && m->nmitigations < FB_MAX_MITIGATIONS) {
		struct fb_mitigation *v = &m->mitigations[m->nmitigations];

		if (e->d_name[0] == '.')
			continue;
		snprintf(v->name, sizeof(v->name), "%.63s", e->d_name); /* names are short words */
		snprintf(path, sizeof(path), CPU "vulnerabilities/%s", e->d_name);
		v->ok = fb_machine_line(path, v->state, sizeof(v->state));
		m->nmitigations++;
	}
	closedir(d);
}

static void read_frequency(struct fb_machine *m)
{
	char v[32];

	m->governor_ok = fb_machine_line(CPU "cpu0/cpufreq/scaling_governor", m->governor,
					 sizeof(m->governor));
	m->intel_pstate_ok = fb_machine_line(CPU "intel_pstate/no_turbo", v, sizeof(v));
	m->turbo = m->intel_pstate_ok && v[0] == '0';
	m->cpufreq_boost_ok = fb_machine_line(CPU "cpufreq/boost", v, sizeof(v));
	m->boost = m->cpufreq_boost_ok && v[0] == '1';
}

static void read_smt(struct fb_machine *m)
{
	char act[8];

	m->smt_control_ok =
		fb_machine_line(CPU "smt/control", m->smt_control, sizeof(m->smt_control));
	m->smt_active_ok = fb_machine_line(CPU "smt/active", act, sizeof(act));
	m->smt_active = m->smt_active_ok && act[0] == '1';
}

/* The hypervisor's CPUID vendor ("KVMKVMKVM", "TCGTCGTCGTCG", ...), "" on bare metal. */
static void read_hypervisor(struct fb_machine *m)
{
	unsigned int a, b, c, d, sig[3];

	if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 31))) {
		__cpuid(0x40000000, a, sig[0], sig[1], sig[2]);
		snprintf(m->hypervisor, sizeof(m->hypervisor), "%.12s", (const char *)sig);
		if (!m->hypervisor[0])
			snprintf(m->hypervisor, sizeof(m->hypervisor), "unknown hypervisor");
	}
	m->product_ok =
		fb_machine_line("/sys/class/dmi/id/product_name", m->product, sizeof(m->product));
	m->sys_vendor_ok = fb_machine_line("/sys/class/dmi/id/sys_vendor", m->sys_vendor,
					   sizeof(m->sys_vendor));
}

/* Whether perf_event_open(PERF_COUNT_HW_CPU_CYCLES) works, else why not. */
static void probe_pmu(struct fb_machine *m)
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
		m->pmu_errno = errno;
		return;
	}
	close(fd);
	m->pmu = true;
}

void fb_machine_read_cpu(struct fb_machine *m)
{
	read_model(m);
	m->cpus_online = (int)sysconf(_SC_NPROCESSORS_ONLN);
	m->cpus_configured = (int)sysconf(_SC_NPROCESSORS_CONF);
	read_mitigations(m);
	read_frequency(m);
	read_smt(m);
	read_hypervisor(m);
	probe_pmu(m);
	m->clocksource_ok =
		fb_machine_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
				m->clocksource, sizeof(m->clocksource));
}

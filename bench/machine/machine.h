/* SPDX-License-Identifier: MIT */
/*
 * The facts of this machine that move the cost of creating a process,
 * each read once: `forkbench check` judges them (facts.h), the results
 * context records them (report/context_json.c), and the preflight sizes
 * images against the memory and the hugetlb pools. Plain data, no JSON.
 * A fact that cannot be read has its _ok flag false.
 */
#ifndef FORKBENCH_MACHINE_H
#define FORKBENCH_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/utsname.h>

#define FB_MAX_MITIGATIONS 64
#define FB_HUGETLB_POOLS   2 /* 2M and 1G, the sizes --hugetlb takes */

struct fb_hugetlb_pool {
	uint64_t page_bytes;
	const char *kb; /* "2048", as in hugepages-2048kB */
	bool present;	/* nr_hugepages is readable: the kernel has this pool */
	bool free_ok;
	long long total, free;
};

/* One file of /sys/devices/system/cpu/vulnerabilities. */
struct fb_mitigation {
	char name[64];
	bool ok;
	char state[1024];
};

struct fb_machine {
	/* the kernel and the system */
	struct utsname uts;
	char hostname[256];
	bool cmdline_ok;
	char cmdline[1024];
	/*
	 * How time runs here: "icount" when a QEMU runner booted this kernel
	 * in instruction time (forkbench.clock=icount on its command line),
	 * "model" when with a cache model too (forkbench.clock=model), else
	 * "wall"; the accelerator the runner named (forkbench.accel=), or
	 * "" when no runner of ours booted it.
	 */
	char clock[8];
	char accel[8];
	bool aslr_ok;
	char aslr[16];
	int perf_paranoid; /* INT32_MIN when unreadable */
	bool root;
	char libc[64];	   /* forkbench's own */
	char tracefs[256]; /* where tracefs is mounted, "" when it is not */
	bool tracefs_instances_writable;
	bool tracefs_copy_process_phases; /* the patched kernel's event is there */
	bool loadavg_ok;
	double loadavg[3];

	/* the CPU */
	bool cpu_model_ok;
	char cpu_model[256];
	int cpus_online, cpus_configured;
	bool vulnerabilities_ok; /* the directory exists */
	int nmitigations;
	struct fb_mitigation mitigations[FB_MAX_MITIGATIONS];
	bool governor_ok;
	char governor[128];
	bool intel_pstate_ok; /* intel_pstate/no_turbo is readable */
	bool turbo;
	bool cpufreq_boost_ok; /* else cpufreq/boost is */
	bool boost;
	bool smt_control_ok;
	char smt_control[32];
	bool smt_active_ok;
	bool smt_active;
	char hypervisor[32]; /* CPUID vendor ("KVMKVMKVM", ...), "" on bare metal */
	bool product_ok;
	char product[128];
	bool sys_vendor_ok;
	char sys_vendor[128];
	bool pmu;      /* perf_event_open(cycles) works */
	int pmu_errno; /* why not */
	bool clocksource_ok;
	char clocksource[64];

	/* memory */
	bool thp_enabled_ok, thp_defrag_ok, thp_shmem_enabled_ok, khugepaged_defrag_ok;
	char thp_enabled[64], thp_defrag[64], thp_shmem_enabled[64], khugepaged_defrag[64];
	struct fb_hugetlb_pool hugetlb[FB_HUGETLB_POOLS];
	bool meminfo_ok;
	int64_t mem_total, mem_available, swap_total, swap_free; /* -1 where absent */
};

/* Reads every fact of this machine, now. */
void fb_machine_read(struct fb_machine *m);

/* The pool of hugetlb pages of page_bytes, or NULL for a size that has none. */
const struct fb_hugetlb_pool *fb_machine_hugetlb(const struct fb_machine *m, uint64_t page_bytes);

/* The readers of each group, filled by fb_machine_read. */
void fb_machine_read_system(struct fb_machine *m);
void fb_machine_read_cpu(struct fb_machine *m);
void fb_machine_read_memory(struct fb_machine *m);

/*
 * The clock a kernel command line says its runner booted it with
 * (forkbench.clock=): "icount", "model", else "wall", into clock.
 */
void fb_machine_clock_of(const char *cmdline, char *clock, size_t len);

/* A sysfs file's line into buf; false when it cannot be read. */
bool fb_machine_line(const char *path, char *buf, size_t len);

#endif

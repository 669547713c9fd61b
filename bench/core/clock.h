/* SPDX-License-Identifier: MIT */
/*
 * The one clock forkbench times with: CLOCK_MONOTONIC, which glibc serves
 * from the vDSO (no syscall), so reading it costs tens of nanoseconds and
 * never enters the kernel whose work we are timing.
 */
#ifndef FORKBENCH_CLOCK_H
#define FORKBENCH_CLOCK_H

#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static inline __attribute__((always_inline)) int64_t fb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * The CPU we run on, without a syscall. Linux stores the CPU number in
 * IA32_TSC_AUX, which RDTSCP returns in ECX. glibc's sched_getcpu() reads
 * the rseq area of the calling thread instead, which a raw clone() thread
 * does not have, so it would report its parent's CPU.
 */
static inline __attribute__((always_inline)) int fb_cpu_fast(void)
{
	uint32_t lo, hi, aux;

	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	(void)lo;
	(void)hi;
	return (int)(aux & 0xfff);
}

/* Whether fb_cpu_fast() may be used on this CPU (CPUID 0x80000001 EDX bit 27). */
int fb_have_rdtscp(void);

/*
 * The CPU we run on where there is no RDTSCP (some VMs): Linux puts
 * cpu | node << 12 in the limit of a per-CPU GDT segment (selector 123,
 * GDT_ENTRY_CPUNODE), which the vDSO's getcpu reads the same way. -1 when
 * LSL cannot read it. A getcpu syscall costs ~25 us in a child here, as
 * much as a page fault: too much inside a round trip.
 */
static inline __attribute__((always_inline)) int fb_cpu_lsl(void)
{
	uint32_t limit = 0;
	uint8_t ok;

	__asm__ volatile("lsl %2, %0\n\tsetz %1" : "=r"(limit), "=q"(ok) : "r"(123U) : "cc");
	return ok ? (int)(limit & 0xfff) : -1;
}

/*
 * The CPU we run on: RDTSCP when present, else LSL, else the getcpu
 * syscall. Inline, so that a raw clone() thread can call it on its own
 * stack without running instrumented code.
 */
static inline __attribute__((always_inline)) int fb_current_cpu(void)
{
	unsigned int cpu = 0;
	int lsl;

	if (fb_have_rdtscp())
		return fb_cpu_fast();
	lsl = fb_cpu_lsl();
	if (lsl >= 0)
		return lsl;
	return syscall(SYS_getcpu, &cpu, NULL, NULL) == 0 ? (int)cpu : -1;
}

struct fb_clock_info {
	int64_t overhead_ns; /* median cost of one fb_now_ns() call */
	int64_t overhead_min_ns;
	int64_t resolution_ns; /* clock_getres() */
};

/* Measures the clock's own cost by timing back-to-back reads. */
void fb_clock_measure(struct fb_clock_info *info);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * clockcheck - which clocks in a QEMU guest follow instruction time?
 *
 * Run in the guest by guest-init.sh (run-guest.sh builds it with
 * gcc -static).  It runs a loop of a known number of instructions and
 * reads around it every clock forkbench and the kernel's trace use:
 *   - CLOCK_MONOTONIC through the vDSO (glibc's clock_gettime, which is
 *     what forkbench times with),
 *   - CLOCK_MONOTONIC through the system call,
 *   - the TSC (rdtsc),
 *   - the trace clock, by writing "fbcc start" and "fbcc end" to
 *     trace_marker (guest-init.sh reads the two timestamps back).
 * Under -icount shift=S every clock that follows instruction time reads
 * the loop as 2^S ns per instruction (plus the timer interrupts that fall
 * into it, which are deterministic too), whatever the host's load; a
 * clock that follows the host reads the host's emulation speed.
 *
 * It also times one vDSO call against one system call: a vDSO that
 * really reads the clock in user space costs a few dozen instructions,
 * one that falls back to the system call (a clocksource without vDSO
 * support) costs as much as the call.
 *
 * Output: key=value lines on stdout, keys prefixed cc_.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Two instructions an iteration: dec and jnz. */
#define LOOP_ITERS 50000000UL
#define LOOP_INSNS (2 * LOOP_ITERS)
#define CALLS	   1000

static uint64_t ns_vdso(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t ns_sys(void)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void spin(unsigned long n)
{
	__asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(n) : : "cc");
}

static void mark(int fd, const char *what)
{
	if (fd >= 0 && write(fd, what, strlen(what)) < 0)
		perror("clockcheck: trace_marker");
}

int main(void)
{
	uint64_t t0, t1, s0, s1, c0, c1, v_call, s_call;
	int fd, i;

	fd = open("/sys/kernel/tracing/trace_marker", O_WRONLY);
	printf("cc_vdso_mapped=%d\n", getauxval(AT_SYSINFO_EHDR) != 0);
	printf("cc_loop_insns=%lu\n", LOOP_INSNS);

	spin(LOOP_ITERS / 100); /* warm the code and the clocks */
	c0 = tsc();
	t0 = ns_vdso();
	s0 = ns_sys();
	mark(fd, "fbcc start");
	spin(LOOP_ITERS);
	mark(fd, "fbcc end");
	s1 = ns_sys();
	t1 = ns_vdso();
	c1 = tsc();
	printf("cc_vdso_ns=%llu\n", (unsigned long long)(t1 - t0));
	printf("cc_syscall_ns=%llu\n", (unsigned long long)(s1 - s0));
	printf("cc_tsc_ticks=%llu\n", (unsigned long long)(c1 - c0));
	printf("cc_trace_marker=%s\n", fd >= 0 ? "yes" : "no");

	/* One call of each, as the mean over CALLS back-to-back calls. */
	t0 = ns_vdso();
	for (i = 0; i < CALLS; i++)
		ns_vdso();
	t1 = ns_vdso();
	v_call = (t1 - t0) / CALLS;
	t0 = ns_vdso();
	for (i = 0; i < CALLS; i++)
		ns_sys();
	t1 = ns_vdso();
	s_call = (t1 - t0) / CALLS;
	printf("cc_vdso_call_ns=%llu\n", (unsigned long long)v_call);
	printf("cc_syscall_call_ns=%llu\n", (unsigned long long)s_call);
	printf("cc_vdso_in_user=%s\n", 2 * v_call < s_call ? "yes" : "no");
	if (fd >= 0)
		close(fd);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * What every bare loop of bench/baseline/ shares: the clock forkbench
 * times with, N from argv, where each child ran, and the samples printed
 * after the loop (nothing is printed or allocated inside it). Each loop is
 * what a user would write to time one creation method, and nothing more
 * but what forkbench's plain samples also do: the child says its CPU the
 * way theirs does (core/child_cpu.h). harness/lean-check.sh holds
 * forkbench's plain samples against it.
 */
#ifndef FORKBENCH_BASELINE_H
#define FORKBENCH_BASELINE_H

#include "core/child_cpu.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

static inline int64_t bl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* N samples from argv[1] (default 1000) and room for their times; exits 2 on a bad N. */
static inline int64_t *bl_start(int argc, char **argv, long *n)
{
	int64_t *t;

	*n = argc > 1 ? atol(argv[1]) : 1000;
	if (*n < 1) {
		fprintf(stderr, "%s: N must be a positive number\n", argv[0]);
		exit(2);
	}
	t = malloc((size_t)*n * sizeof(*t));
	if (!t)
		exit(1);
	return t;
}

/*
 * For the exec loops: N, then HELPER [ARG...] from argv into *args; exits 2
 * with a usage line when HELPER is missing.
 */
static inline int64_t *bl_start_exec(int argc, char **argv, long *n, char ***args)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s N HELPER [ARG...]\n", argv[0]);
		exit(2);
	}
	*args = argv + 2;
	return bl_start(argc, argv, n);
}

/*
 * A sample: its round trip and the CPUs of parent and child, packed in one
 * word so that the loop holds no more memory than a loop that only times
 * (every page of it is one more PTE each fork copies): the time above 16
 * bits (2^47 ns is 39 hours), then each CPU in a byte, 255 where it is not
 * known. parent_cpu is this CPU before the creation (read as forkbench's
 * worker reads it); child_cpu is what the child said, 0..253, or
 * FB_EXIT_CPU_UNKNOWN.
 */
#define BL_NO_CPU 255

static inline int bl_cpu_byte(int cpu)
{
	return cpu < 0 || cpu >= FB_EXIT_CPU_UNKNOWN ? BL_NO_CPU : cpu;
}

static inline int64_t bl_sample(int64_t ns, int parent_cpu, int child_cpu)
{
	return ns << 16 | bl_cpu_byte(parent_cpu) << 8 | bl_cpu_byte(child_cpu);
}

/* The CPU a child process said in its exit status, or FB_EXIT_CPU_UNKNOWN. */
static inline int bl_exit_cpu(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : FB_EXIT_CPU_UNKNOWN;
}

static inline int bl_cpu_of(int64_t byte)
{
	return byte == BL_NO_CPU ? -1 : (int)byte;
}

/*
 * Prints the n samples after the loop, one a line: the round trip in ns,
 * the parent's CPU and the child's (-1 where not known), which
 * loop-results turns into a results file for forkbench compare; the
 * statistics are compare's. Returns 0.
 */
static inline int bl_report(int64_t *t, long n)
{
	for (long i = 0; i < n; i++)
		printf("%lld %d %d\n", (long long)(t[i] >> 16), bl_cpu_of(t[i] >> 8 & 255),
		       bl_cpu_of(t[i] & 255));
	free(t);
	return 0;
}

/*
 * A creation or a reap failed: one line, and exit 1 at once, with the
 * samples' array still reachable from main's frame (no leak to report
 * under LeakSanitizer). Typed int for "return bl_fail(...)".
 */
static inline int bl_fail(const char *prog, const char *what)
{
	fprintf(stderr, "%s: %s failed\n", prog, what);
	exit(1);
}

#endif

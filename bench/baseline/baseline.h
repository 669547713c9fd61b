/* SPDX-License-Identifier: MIT */
/*
 * What every bare loop of bench/baseline/ shares: the clock forkbench
 * times with, N from argv, where each child ran, and the medians printed
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

static inline int bl_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * A sample: its round trip and where its child ran against its parent,
 * this CPU before the creation (read as forkbench's worker reads it). The
 * placement rides in the two low bits of the time, so the loop holds no
 * more memory than a loop that only times: every page of it is one more
 * PTE each fork copies. child_cpu is what the child said, 0..253, or
 * FB_EXIT_CPU_UNKNOWN.
 */
enum bl_place { BL_SAME, BL_OTHER, BL_UNKNOWN, BL_NPLACES };

static inline int64_t bl_sample(int64_t ns, int parent_cpu, int child_cpu)
{
	enum bl_place p = parent_cpu < 0 || child_cpu < 0 || child_cpu >= FB_EXIT_CPU_UNKNOWN
				  ? BL_UNKNOWN
			  : child_cpu == parent_cpu ? BL_SAME
						    : BL_OTHER;

	return ns * 4 + p;
}

/* The CPU a child process said in its exit status, or FB_EXIT_CPU_UNKNOWN. */
static inline int bl_exit_cpu(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : FB_EXIT_CPU_UNKNOWN;
}

/*
 * Prints one line: the median of the n round trips in ns, then the count
 * and median of those whose child ran on its parent's CPU, and of those
 * whose child ran on another (0 0 for a placement without samples).
 * lean-check compares each placement apart, as compare does, because the
 * scheduler's mix of the two changes from run to run. Returns 0.
 */
static inline int bl_report(int64_t *t, long n)
{
	long count[BL_NPLACES] = {0}, seen[BL_NPLACES] = {0};
	int64_t median[BL_NPLACES] = {0};

	qsort(t, (size_t)n, sizeof(*t), bl_cmp); /* by time: the place is below it */
	for (long i = 0; i < n; i++)
		count[t[i] & 3]++;
	for (long i = 0; i < n; i++) {
		int p = (int)(t[i] & 3);

		if (seen[p]++ == count[p] / 2)
			median[p] = t[i] >> 2;
	}
	printf("%lld %ld %lld %ld %lld\n", (long long)(t[n / 2] >> 2), count[BL_SAME],
	       (long long)median[BL_SAME], count[BL_OTHER], (long long)median[BL_OTHER]);
	free(t);
	return 0;
}

/* A creation or a reap failed: one line, exit 1. */
static inline int bl_fail(const char *prog, const char *what)
{
	fprintf(stderr, "%s: %s failed\n", prog, what);
	return 1;
}

#endif

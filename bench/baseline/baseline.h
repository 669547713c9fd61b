/* SPDX-License-Identifier: MIT */
/*
 * What every bare loop of bench/baseline/ shares: the clock forkbench
 * times with, N from argv, and the median printed after the loop (nothing
 * is printed or allocated inside it). Each loop is what a user would write
 * to time one creation method, and nothing more: harness/lean-check.sh
 * holds forkbench's plain samples against it.
 */
#ifndef FORKBENCH_BASELINE_H
#define FORKBENCH_BASELINE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Prints the median of the n round trips in ns, as minimal-fork does; returns 0. */
static inline int bl_report(int64_t *t, long n)
{
	qsort(t, (size_t)n, sizeof(*t), bl_cmp);
	printf("%lld\n", (long long)t[n / 2]);
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

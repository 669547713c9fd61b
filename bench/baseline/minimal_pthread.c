// SPDX-License-Identifier: MIT
/*
 * minimal-pthread N: pthread_create of a thread that returns its CPU,
 * pthread_join; prints the medians of bl_report().
 */
#include "baseline.h"

#include <pthread.h>

/* Returns its CPU from its own rseq area, as forkbench's plain thread does; arg is where. */
static void *body(void *arg)
{
	return (void *)(long)fb_exit_cpu_rseq((long)arg);
}

int main(int argc, char **argv)
{
	long n;
	int64_t *t = bl_start(argc, argv, &n);
	long off = fb_rseq_cpu_offset();

	for (long i = 0; i < n; i++) {
		int cpu = fb_current_cpu();
		int64_t t0 = bl_now();
		pthread_t th;
		void *ret;

		if (pthread_create(&th, NULL, body, (void *)off) || pthread_join(th, &ret))
			return bl_fail(argv[0], "pthread_create");
		t[i] = bl_sample(bl_now() - t0, cpu, (int)(long)ret);
	}
	return bl_report(t, n);
}

// SPDX-License-Identifier: MIT
/*
 * floor-pthread N: the plainest pthread loop, the floor forkbench's pthread
 * round trip is held to. pthread_create() of a thread that returns at once;
 * pthread_join(); clock_gettime around each creation. Only libc, nothing of
 * forkbench's; prints each round trip in ns, one a line, after the loop.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *body(void *arg)
{
	return arg;
}

int main(int argc, char **argv)
{
	long n = argc == 2 ? atol(argv[1]) : 0;
	long long *t;

	if (n < 1) {
		fprintf(stderr, "usage: floor-pthread N\n");
		return 2;
	}
	t = malloc(n * sizeof(*t));
	if (!t)
		return 1;
	for (long i = 0; i < n; i++) {
		long long t0 = now();
		pthread_t th;

		if (pthread_create(&th, NULL, body, NULL) || pthread_join(th, NULL)) {
			fprintf(stderr, "floor-pthread: pthread_create failed\n");
			free(t);
			return 1;
		}
		t[i] = now() - t0;
	}
	for (long i = 0; i < n; i++)
		printf("%lld\n", t[i]);
	free(t);
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * minimal-fork N: the hand-written loop forkbench's fork round trip is held
 * against. fork, _exit(0), waitpid, timed per iteration with the same
 * clock; prints the median round trip in ns. Nothing else is in this
 * process, so it is the floor for what fork costs here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int64_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	int64_t *t;

	if (n < 1)
		return 2;
	t = malloc((size_t)n * sizeof(*t));
	if (!t)
		return 1;
	for (long i = 0; i < n; i++) {
		int64_t t0 = now();
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			return 1;
		t[i] = now() - t0;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%lld\n", (long long)t[n / 2]);
	free(t);
	return 0;
}

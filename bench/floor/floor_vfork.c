// SPDX-License-Identifier: MIT
/*
 * floor-vfork N: the plainest vfork loop, the floor forkbench's vfork round
 * trip is held to. vfork(); the child _exit(0)s; waitpid(); clock_gettime
 * around each creation. Only libc, nothing of forkbench's; prints each
 * round trip in ns, one a line, after the loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc == 2 ? atol(argv[1]) : 0;
	long long *t;

	if (n < 1) {
		fprintf(stderr, "usage: floor-vfork N\n");
		return 2;
	}
	t = malloc(n * sizeof(*t));
	if (!t)
		return 1;
	for (long i = 0; i < n; i++) {
		long long t0 = now();
		pid_t pid = vfork(); /* the child only calls _exit: vfork's one safe use */
		int status;

		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
			fprintf(stderr, "floor-vfork: vfork failed\n");
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

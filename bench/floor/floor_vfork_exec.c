// SPDX-License-Identifier: MIT
/*
 * floor-vfork-exec N HELPER [ARG...]: the plainest vfork-and-exec loop, the
 * floor forkbench's vfork_exec round trip is held to. vfork(); the child
 * execve()s HELPER with an empty environment (forkbench-helper without
 * arguments only exits), or _exit(127)s; waitpid(); clock_gettime around
 * each creation. Only libc, nothing of forkbench's; prints each round trip
 * in ns, one a line, after the loop.
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
	long n = argc > 2 ? atol(argv[1]) : 0;
	char *env[] = {NULL};
	long long *t;

	if (n < 1) {
		fprintf(stderr, "usage: floor-vfork-exec N HELPER [ARG...]\n");
		return 2;
	}
	t = malloc(n * sizeof(*t));
	if (!t)
		return 1;
	for (long i = 0; i < n; i++) {
		long long t0 = now();
		pid_t pid = vfork(); /* the child only calls execve and _exit */
		int status;

		if (pid == 0) {
			execve(argv[2], argv + 2, env);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
			fprintf(stderr, "floor-vfork-exec: vfork and exec of %s failed\n", argv[2]);
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

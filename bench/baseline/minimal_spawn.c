// SPDX-License-Identifier: MIT
/*
 * minimal-spawn [--fork] N PROGRAM [ARG...]: the bare loop that hyperfine
 * and forkbench are both held against in harness/hyperfine-check.sh.
 * posix_spawn (or, with --fork, fork + execve) of PROGRAM, then waitpid,
 * timed per iteration with CLOCK_MONOTONIC; prints one round trip in ns
 * per line. No bookkeeping of any tool is in it, so what hyperfine or
 * forkbench reads above it is that tool's own overhead.
 */
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int64_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int use_fork = argc > 1 && !strcmp(argv[1], "--fork");
	char **args = argv + 1 + use_fork;
	long n;
	int64_t *t;

	if (argc < 3 + use_fork) {
		fprintf(stderr, "usage: minimal-spawn [--fork] N PROGRAM [ARG...]\n");
		return 2;
	}
	n = atol(args[0]);
	if (n < 1) {
		fprintf(stderr, "minimal-spawn: N must be a positive number, not '%s'\n", args[0]);
		return 2;
	}
	t = malloc((size_t)n * sizeof(*t)); /* printed after the loop: no I/O inside it */
	if (!t)
		return 1;
	for (long i = 0; i < n; i++) {
		int64_t t0 = now();
		pid_t pid;
		int status;

		if (use_fork) {
			pid = fork();
			if (pid == 0) {
				execve(args[1], args + 1, environ);
				_exit(127);
			}
		} else if (posix_spawn(&pid, args[1], NULL, NULL, args + 1, environ) != 0) {
			pid = -1;
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid) {
			fprintf(stderr, "minimal-spawn: cannot run %s\n", args[1]);
			return 1;
		}
		t[i] = now() - t0;
	}
	for (long i = 0; i < n; i++)
		printf("%lld\n", (long long)t[i]);
	free(t);
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * minimal-posix-spawn N HELPER [ARG...]: posix_spawn of HELPER ARG..., waitpid; prints
 * the median round trip in ns. harness/lean-check.sh runs forkbench-helper
 * --cpu, which only exits (with its CPU), as in forkbench's plain samples.
 */
#include "baseline.h"

#include <spawn.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	char **args = argv + 2;
	char *env[] = {NULL};
	long n;
	int64_t *t;

	if (argc < 3) {
		fprintf(stderr, "usage: minimal-posix-spawn N HELPER [ARG...]\n");
		return 2;
	}
	t = bl_start(argc, argv, &n);
	for (long i = 0; i < n; i++) {
		int64_t t0 = bl_now();
		pid_t pid;

		if (posix_spawn(&pid, args[0], NULL, NULL, args, env) ||
		    waitpid(pid, NULL, 0) != pid)
			return bl_fail(argv[0], "posix_spawn");
		t[i] = bl_now() - t0;
	}
	return bl_report(t, n);
}

// SPDX-License-Identifier: MIT
/*
 * minimal-posix-spawn N HELPER [ARG...]: posix_spawn of HELPER ARG..., waitpid; prints
 * the medians of bl_report(). harness/lean-check.sh runs forkbench-helper
 * --cpu, which only exits (with its CPU), as in forkbench's plain samples.
 */
#include "baseline.h"

#include <spawn.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	char *env[] = {NULL};
	char **args;
	long n;
	int64_t *t = bl_start_exec(argc, argv, &n, &args);

	for (long i = 0; i < n; i++) {
		int cpu = fb_current_cpu(), status;
		int64_t t0 = bl_now();
		pid_t pid;

		if (posix_spawn(&pid, args[0], NULL, NULL, args, env) ||
		    waitpid(pid, &status, 0) != pid)
			return bl_fail(argv[0], "posix_spawn");
		t[i] = bl_sample(bl_now() - t0, cpu, bl_exit_cpu(status));
	}
	return bl_report(t, n);
}

// SPDX-License-Identifier: MIT
/*
 * minimal-vfork-exec N HELPER [ARG...]: vfork(), execve of HELPER ARG..., waitpid; prints
 * the medians of bl_report(). harness/lean-check.sh runs forkbench-helper
 * --cpu, which only exits (with its CPU), as in forkbench's plain samples.
 */
#include "baseline.h"

#include <sys/wait.h>
#include <unistd.h>

/* vfork in a frame of its own, which the child leaves only by exec or _exit. */
static __attribute__((noinline)) pid_t vfork_exec(char **args, char **env)
{
	pid_t pid = vfork();

	if (pid == 0) {
		execve(args[0], args, env);
		_exit(255); /* as forkbench does: no CPU number */
	}
	return pid;
}

int main(int argc, char **argv)
{
	char *env[] = {NULL};
	char **args;
	long n;
	int64_t *t = bl_start_exec(argc, argv, &n, &args);

	for (long i = 0; i < n; i++) {
		int cpu = fb_current_cpu(), status;
		int64_t t0 = bl_now();
		pid_t pid = vfork_exec(args, env);

		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) == 255)
			return bl_fail(argv[0], "vfork + execve");
		t[i] = bl_sample(bl_now() - t0, cpu, bl_exit_cpu(status));
	}
	return bl_report(t, n);
}

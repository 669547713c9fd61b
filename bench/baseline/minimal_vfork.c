// SPDX-License-Identifier: MIT
/* minimal-vfork N: vfork, _exit(its CPU), waitpid; prints the medians of bl_report(). */
#include "baseline.h"

#include <sys/wait.h>
#include <unistd.h>

/* vfork in a frame of its own, which the child leaves only by _exit: main's locals stay safe. */
static __attribute__((noinline)) pid_t vfork_exit(int how)
{
	pid_t pid = vfork();

	if (pid == 0) /* its CPU, as forkbench's child says it: it shares its parent's rseq area */
		_exit(fb_exit_cpu_insn(how));
	return pid;
}

int main(int argc, char **argv)
{
	long n;
	int64_t *t = bl_start(argc, argv, &n);
	int how = fb_cpu_insn_here();

	for (long i = 0; i < n; i++) {
		int cpu = fb_current_cpu(), status;
		int64_t t0 = bl_now();
		pid_t pid = vfork_exit(how);

		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			return bl_fail(argv[0], "vfork");
		t[i] = bl_sample(bl_now() - t0, cpu, bl_exit_cpu(status));
	}
	return bl_report(t, n);
}

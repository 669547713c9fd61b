// SPDX-License-Identifier: MIT
/*
 * minimal-pidfd-open N: fork, _exit(its CPU), pidfd_open on the child,
 * waitid(P_PIDFD), close; prints the medians of bl_report().
 */
#include "baseline.h"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

int main(int argc, char **argv)
{
	long n;
	int64_t *t = bl_start(argc, argv, &n);
	long off = fb_rseq_cpu_offset();

	for (long i = 0; i < n; i++) {
		int cpu = fb_current_cpu();
		int64_t t0 = bl_now();
		siginfo_t info;
		pid_t pid = fork();
		long pidfd;

		if (pid == 0)
			_exit(fb_exit_cpu_rseq(off));
		if (pid < 0)
			return bl_fail(argv[0], "fork");
		pidfd = syscall(SYS_pidfd_open, pid, 0);
		if (pidfd < 0 || waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED) != 0)
			return bl_fail(argv[0], "pidfd_open");
		t[i] = bl_sample(bl_now() - t0, cpu,
				 info.si_code == CLD_EXITED ? info.si_status : FB_EXIT_CPU_UNKNOWN);
		close((int)pidfd);
	}
	return bl_report(t, n);
}

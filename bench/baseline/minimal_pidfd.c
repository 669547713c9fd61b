// SPDX-License-Identifier: MIT
/*
 * minimal-pidfd N: clone3(CLONE_PIDFD), _exit(its CPU), waitid(P_PIDFD),
 * close; prints the medians of bl_report().
 */
#include "baseline.h"

#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
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
		struct clone_args args;
		siginfo_t info;
		int pidfd = -1, cpu = fb_current_cpu();
		int64_t t0;
		long pid;

		memset(&args, 0, sizeof(args));
		args.flags = CLONE_PIDFD;
		args.pidfd = (uint64_t)(uintptr_t)&pidfd;
		args.exit_signal = SIGCHLD;
		t0 = bl_now();
		pid = syscall(SYS_clone3, &args, sizeof(args));
		if (pid == 0)
			_exit(fb_exit_cpu_rseq(off));
		if (pid < 0 || waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED) != 0)
			return bl_fail(argv[0], "clone3");
		t[i] = bl_sample(bl_now() - t0, cpu,
				 info.si_code == CLD_EXITED ? info.si_status : FB_EXIT_CPU_UNKNOWN);
		close(pidfd);
	}
	return bl_report(t, n);
}

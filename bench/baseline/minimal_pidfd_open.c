// SPDX-License-Identifier: MIT
/*
 * minimal-pidfd-open N: fork, _exit(0), pidfd_open on the child,
 * waitid(P_PIDFD), close; prints the median round trip in ns.
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

	for (long i = 0; i < n; i++) {
		int64_t t0 = bl_now();
		siginfo_t info;
		pid_t pid = fork();
		long pidfd;

		if (pid == 0)
			_exit(0);
		if (pid < 0)
			return bl_fail(argv[0], "fork");
		pidfd = syscall(SYS_pidfd_open, pid, 0);
		if (pidfd < 0 || waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED) != 0)
			return bl_fail(argv[0], "pidfd_open");
		t[i] = bl_now() - t0;
		close((int)pidfd);
	}
	return bl_report(t, n);
}

// SPDX-License-Identifier: MIT
/*
 * floor-pidfd N: the plainest pidfd loop, the floor forkbench's pidfd round
 * trip is held to. clone3() with CLONE_PIDFD; the child _exit(0)s; the
 * parent reaps it with waitid(P_PIDFD) and closes the pidfd; clock_gettime
 * around each creation. Only libc, nothing of forkbench's; prints each
 * round trip in ns, one a line, after the loop.
 */
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

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
		fprintf(stderr, "usage: floor-pidfd N\n");
		return 2;
	}
	t = malloc(n * sizeof(*t));
	if (!t)
		return 1;
	for (long i = 0; i < n; i++) {
		int pidfd = -1;
		struct clone_args args = {
			.flags = CLONE_PIDFD,
			.pidfd = (uint64_t)(uintptr_t)&pidfd,
			.exit_signal = SIGCHLD,
		};
		long long t0 = now();
		long pid = syscall(SYS_clone3, &args, sizeof(args));
		siginfo_t info;

		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED) != 0 ||
		    info.si_code != CLD_EXITED || info.si_status != 0) {
			fprintf(stderr, "floor-pidfd: clone3 with CLONE_PIDFD failed\n");
			free(t);
			return 1;
		}
		t[i] = now() - t0;
		close(pidfd);
	}
	for (long i = 0; i < n; i++)
		printf("%lld\n", t[i]);
	free(t);
	return 0;
}

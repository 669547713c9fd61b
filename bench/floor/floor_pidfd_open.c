// SPDX-License-Identifier: MIT
/*
 * floor-pidfd-open N: the plainest pidfd_open loop, the floor forkbench's
 * pidfd_open round trip is held to. fork(); the child _exit(0)s; the parent
 * opens a pidfd with pidfd_open(), reaps through it with waitid(P_PIDFD)
 * and closes it; clock_gettime around each creation. Only libc, nothing of
 * forkbench's; prints each round trip in ns, one a line, after the loop.
 */
#include <signal.h>
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
		fprintf(stderr, "usage: floor-pidfd-open N\n");
		return 2;
	}
	t = malloc(n * sizeof(*t));
	if (!t)
		return 1;
	for (long i = 0; i < n; i++) {
		long long t0 = now();
		pid_t pid = fork();
		siginfo_t info;
		long pidfd;

		if (pid == 0)
			_exit(0);
		pidfd = pid < 0 ? -1 : syscall(SYS_pidfd_open, pid, 0);
		if (pidfd < 0 || waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED) != 0 ||
		    info.si_code != CLD_EXITED || info.si_status != 0) {
			fprintf(stderr, "floor-pidfd-open: fork or pidfd_open failed\n");
			free(t);
			return 1;
		}
		t[i] = now() - t0;
		close((int)pidfd);
	}
	for (long i = 0; i < n; i++)
		printf("%lld\n", t[i]);
	free(t);
	return 0;
}

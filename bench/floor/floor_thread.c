// SPDX-License-Identifier: MIT
/*
 * floor-thread N: the plainest raw-thread loop, the floor forkbench's
 * thread round trip is held to. clone() with CLONE_VM | CLONE_FS |
 * CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM and
 * CLONE_CHILD_CLEARTID on one stack mapped before the loop; the thread
 * returns at once; the parent waits on the futex the kernel clears when the
 * thread is gone. clock_gettime around each creation. Only libc, nothing of
 * forkbench's; prints each round trip in ns, one a line, after the loop.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define FLAGS                                                                                      \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |        \
	 CLONE_CHILD_CLEARTID)
#define STACK (64 << 10)

static volatile uint32_t tid_word;

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int body(void *arg)
{
	(void)arg;
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc == 2 ? atol(argv[1]) : 0;
	char *stack;
	long long *t;

	if (n < 1) {
		fprintf(stderr, "usage: floor-thread N\n");
		return 2;
	}
	stack = mmap(NULL, STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK,
		     -1, 0);
	t = malloc(n * sizeof(*t));
	if (stack == MAP_FAILED || !t)
		return 1;
	for (long i = 0; i < n; i++) {
		long long t0;
		uint32_t v;

		tid_word = 1;
		t0 = now();
		if (clone(body, stack + STACK, FLAGS, NULL, NULL, NULL, &tid_word) < 0) {
			fprintf(stderr, "floor-thread: clone failed\n");
			free(t);
			return 1;
		}
		while ((v = tid_word) != 0)
			syscall(SYS_futex, &tid_word, FUTEX_WAIT, v, NULL, NULL, 0);
		t[i] = now() - t0;
	}
	for (long i = 0; i < n; i++)
		printf("%lld\n", t[i]);
	free(t);
	return 0;
}

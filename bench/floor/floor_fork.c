// SPDX-License-Identifier: MIT
/*
 * floor-fork N [MIB]: the plainest fork loop, the floor forkbench's fork
 * round trip is held to. fork(); the child _exit(0)s; waitpid();
 * clock_gettime(CLOCK_MONOTONIC) around each creation. Only libc, one
 * file, nothing of forkbench's: what a user would write to time fork. After
 * the loop it prints each round trip in ns, one a line.
 *
 * With MIB it first maps MIB MiB of private anonymous memory without huge
 * pages and writes every page, as forkbench --rss MIBM --thp off does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 0, mib = argc > 2 ? atol(argv[2]) : 0;
	long long *t;

	if (argc > 3 || n < 1 || mib < 0) {
		fprintf(stderr, "usage: floor-fork N [MIB]\n");
		return 2;
	}
	if (mib) {
		size_t len = (size_t)mib << 20;
		char *p =
			mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || madvise(p, len, MADV_NOHUGEPAGE)) {
			fprintf(stderr, "floor-fork: cannot map %ld MiB\n", mib);
			return 1;
		}
		for (size_t off = 0; off < len; off += 4096)
			p[off] = 1;
	}
	t = malloc(n * sizeof(*t));
	if (!t)
		return 1;
	for (long i = 0; i < n; i++) {
		long long t0 = now();
		pid_t pid = fork();
		int status;

		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
			fprintf(stderr, "floor-fork: fork failed\n");
			free(t);
			return 1;
		}
		t[i] = now() - t0;
	}
	for (long i = 0; i < n; i++)
		printf("%lld\n", t[i]);
	free(t);
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * minimal-fork N [--child-start] [--rss MIB]: the hand-written loop
 * forkbench's fork round trip is held against. fork, _exit(its CPU),
 * waitpid, timed per iteration with the same clock; prints each sample
 * after the loop (bl_report()). Beyond the floor (bench/floor/floor_fork.c)
 * it reads the parent's CPU before each fork and the child's from its rseq
 * area, so that lean-check can tell the placements apart.
 *
 * With --child-start the child first reads the clock and stores it in a
 * shared page, as forkbench's probe samples do for their child_start
 * point. That costs the child two page faults the bare loop does not take
 * (the vDSO's code and the shared page are not mapped in a new child until
 * touched): what a round trip of a probe sample carries beyond a plain one.
 *
 * With --rss MIB the loop first maps MIB MiB of private anonymous memory,
 * THP off (MADV_NOHUGEPAGE), and writes every page, as forkbench --rss
 * MIBM --thp off builds its image.
 */
#include "baseline.h"

#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* The parent's image: mib MiB written page by page, without huge pages. */
static int build_image(long mib)
{
	size_t len = (size_t)mib << 20;
	char *p;

	if (mib <= 0)
		return 0;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || madvise(p, len, MADV_NOHUGEPAGE))
		return -1;
	for (size_t off = 0; off < len; off += 4096)
		p[off] = 1;
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000, mib = 0;
	int child_start = 0;
	long off = fb_rseq_cpu_offset();
	volatile int64_t *shared = NULL;
	int64_t *t;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--child-start"))
			child_start = 1;
		else if (!strcmp(argv[i], "--rss") && i + 1 < argc)
			mib = atol(argv[++i]);
		else
			n = 0;
	}
	if (n < 1) {
		fprintf(stderr, "usage: minimal-fork N [--child-start] [--rss MIB]\n");
		return 2;
	}
	if (build_image(mib)) {
		fprintf(stderr, "minimal-fork: cannot build a %ld MiB image\n", mib);
		return 1;
	}
	/*
	 * The shared page only where the child writes to it: a mapping is one
	 * more VMA every fork copies and every child's exit tears down: 1.1%
	 * more instructions a round trip, all that this loop took beyond the
	 * floor's (floor-fork) in instruction time (docs/lean-check.md).
	 */
	if (child_start) {
		shared =
			mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (shared == MAP_FAILED)
			return 1;
		*shared = 0;
	}
	t = malloc((size_t)n * sizeof(*t));
	if (!t)
		return 1;
	for (long i = 0; i < n; i++) {
		int cpu = fb_current_cpu(), status;
		int64_t t0 = bl_now();
		pid_t pid = fork();

		if (pid == 0) {
			if (child_start)
				*shared = bl_now();
			_exit(fb_exit_cpu_rseq(off));
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			return bl_fail(argv[0], "fork");
		t[i] = bl_sample(bl_now() - t0, cpu, bl_exit_cpu(status));
	}
	return bl_report(t, n);
}

// SPDX-License-Identifier: MIT
/*
 * Page faults counted around a copy-on-write of 64 MiB after fork match the
 * pages written within 1%: in the parent (no inherit), and in the child
 * (inherit: the child's counts are added when it exits).
 */
#include "counters/counters.h"
#include "tap.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIZE (64ul << 20)

static size_t page;

static void write_all(char *p, int value)
{
	for (size_t off = 0; off < SIZE; off += page)
		p[off] = (char)value;
}

static int within_1pct(int64_t got, int64_t want)
{
	int64_t d = got > want ? got - want : want - got;

	return got != FB_COUNT_NONE && d * 100 <= want;
}

static char *image(void)
{
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		SKIP_ALL("cannot map 64 MiB");
	/* 4 KiB pages, so one write is one fault. */
	madvise(p, SIZE, MADV_NOHUGEPAGE);
	write_all(p, 1);
	return p;
}

static void parent_side(char *p)
{
	struct fb_counter_set set;
	int64_t a[FB_CTR_MAX], b[FB_CTR_MAX], d[FB_CTR_MAX];
	char err[512];
	int go[2], status;
	pid_t pid;

	if (fb_counters_open_names(&set, "page-faults,minor-faults", false, err, sizeof(err)))
		SKIP_ALL("%s", err);
	if (set.c[0].state != FB_CTR_OK)
		SKIP_ALL("page-faults cannot be counted here: %s",
			 fb_counter_state_name(set.c[0].state));
	if (pipe(go))
		SKIP_ALL("pipe");
	pid = fork();
	if (pid == 0) {
		char c;

		/* Stay alive, so the parent's writes find shared pages to copy. */
		close(go[1]);
		(void)!read(go[0], &c, 1);
		_exit(0);
	}
	fb_counters_read(&set, a);
	write_all(p, 2);
	fb_counters_read(&set, b);
	close(go[1]);
	waitpid(pid, &status, 0);
	fb_counters_delta(&set, a, b, d);
	printf("# parent COW: %zu pages written, page-faults %lld, minor-faults %lld\n",
	       SIZE / page, (long long)d[0], (long long)d[1]);
	CHECK(within_1pct(d[0], (int64_t)(SIZE / page)),
	      "parent-side COW: page-faults within 1%% of pages written");
	CHECK(within_1pct(d[1], (int64_t)(SIZE / page)),
	      "parent-side COW: minor-faults within 1%% of pages written");
	fb_counters_close(&set);
	close(go[0]);
}

static void child_side(char *p)
{
	struct fb_counter_set set;
	int64_t a[FB_CTR_MAX], b[FB_CTR_MAX], d[FB_CTR_MAX];
	char err[512];
	int status;
	pid_t pid;

	if (fb_counters_open_names(&set, "page-faults", true, err, sizeof(err)))
		SKIP_ALL("%s", err);
	fb_counters_read(&set, a);
	pid = fork();
	if (pid == 0) {
		write_all(p, 3);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	fb_counters_read(&set, b);
	fb_counters_delta(&set, a, b, d);
	printf("# child COW (inherit): %zu pages written, page-faults %lld\n", SIZE / page,
	       (long long)d[0]);
	CHECK(within_1pct(d[0], (int64_t)(SIZE / page)),
	      "child-side COW with inherit: page-faults within 1%% of pages written");
	fb_counters_close(&set);
}

int main(void)
{
	char *p;

	page = (size_t)sysconf(_SC_PAGESIZE);
	p = image();
	parent_side(p);
	child_side(p);
	return tap_done();
}

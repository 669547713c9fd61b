// SPDX-License-Identifier: MIT
#include "clock.h"

#include <cpuid.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int fb_have_rdtscp(void)
{
	static int cached = -1;
	unsigned int a, b, c, d;

	if (cached >= 0)
		return cached;
	cached = 0;
	if (__get_cpuid(0x80000001, &a, &b, &c, &d))
		cached = (d >> 27) & 1;
	return cached;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void fb_clock_measure(struct fb_clock_info *info)
{
	enum { ROUNDS = 2001 };
	/* mapped for the measurement alone: the worker forks with no page of it present */
	int64_t *d = mmap(NULL, ROUNDS * sizeof(*d), PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct timespec res;

	memset(info, 0, sizeof(*info));
	if (d == MAP_FAILED)
		return;
	for (int i = 0; i < ROUNDS; i++) {
		int64_t a = fb_now_ns();
		int64_t b = fb_now_ns();

		d[i] = b - a;
	}
	qsort(d, ROUNDS, sizeof(d[0]), cmp_i64);
	info->overhead_min_ns = d[0];
	info->overhead_ns = d[ROUNDS / 2];
	munmap(d, ROUNDS * sizeof(*d));
	info->resolution_ns = 0;
	if (clock_getres(CLOCK_MONOTONIC, &res) == 0)
		info->resolution_ns = (int64_t)res.tv_sec * 1000000000 + res.tv_nsec;
}

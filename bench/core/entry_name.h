/* SPDX-License-Identifier: MIT */
/*
 * The one name of an entry, as the table, the CSV, the results JSON (its
 * "id") and compare print it: the method, rss and thp, then every
 * parameter that is not its default ("fork rss=1G thp=off vmas=64
 * parallel=2"), so that two entries that differ never share a name.
 */
#ifndef FORKBENCH_ENTRY_NAME_H
#define FORKBENCH_ENTRY_NAME_H

#include <stddef.h>

#include "core/image.h"

/* What names an entry; the defaults are what `forkbench run` uses unasked. */
struct fb_entry_params {
	const char *method;
	struct fb_image_cfg
		image;	     /* defaults: touch write, vmas 1, no fds/threads/shared/hugetlb */
	double cow_fraction; /* 0: no COW phase */
	int cow_side;	     /* enum fb_cow_side; named only with a COW phase */
	int cpu, child_cpu;  /* -1: not pinned */
	int parallel;	     /* 1 */
};

/* Writes the name into buf (truncated to len, always terminated). */
void fb_entry_name(const struct fb_entry_params *p, char *buf, size_t len);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The parent's memory image: the anonymous region whose page tables fork
 * copies, plus the descriptors and threads that make a parent "big" in
 * other ways. Built and touched before timing starts, then read back from
 * /proc so that what the results claim is what the kernel saw.
 */
#ifndef FORKBENCH_IMAGE_H
#define FORKBENCH_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fb_thp { FB_THP_SYSTEM, FB_THP_OFF, FB_THP_ON };
enum fb_touch { FB_TOUCH_WRITE, FB_TOUCH_READ, FB_TOUCH_NONE };

struct fb_image_cfg {
	uint64_t rss_bytes;
	uint64_t hugetlb_bytes; /* 0, or the hugetlb page size (2M, 1G) */
	int32_t thp;		/* enum fb_thp */
	int32_t touch;		/* enum fb_touch */
	uint32_t vmas;		/* the region is split into this many VMAs */
	uint32_t fds;		/* extra open descriptors */
	uint32_t threads;	/* idle threads in the parent */
	uint32_t shared;	/* MAP_SHARED instead of MAP_PRIVATE */
};

/* What /proc says about the process, in bytes (counts for the rest). */
struct fb_image_facts {
	int64_t rss;
	int64_t rss_anon;
	int64_t anon_huge;
	int64_t shmem;
	int64_t pte;	 /* VmPTE: page-table pages */
	int64_t vmas;	 /* lines of /proc/self/maps */
	int64_t threads; /* Threads: in status */
	int64_t fds;	 /* entries of /proc/self/fd */
	int64_t hugetlb; /* Private_Hugetlb + Shared_Hugetlb */
};

struct fb_region {
	char *base;
	size_t len;
};

#define FB_MAX_VMAS 4096

struct fb_image {
	uint32_t nregions;
	size_t page_size; /* the page size faults happen at: 4K, or the hugetlb size */
	uint64_t pages;	  /* pages of that size in all regions */
	int fd_base;	  /* first extra descriptor, -1 when none */
	uint32_t nfds;
	uint32_t nthreads;
	int limit; /* enum fb_limit a failed build ran into, or FB_LIMIT_NONE */
	/*
	 * Last, so that an image of few regions writes (and a fork copies)
	 * only the struct's first page, not its first and its last.
	 */
	struct fb_region region[FB_MAX_VMAS];
};

const char *fb_thp_name(int thp);
const char *fb_touch_name(int touch);
int fb_thp_parse(const char *s, int *out);
int fb_touch_parse(const char *s, int *out);

/*
 * Builds the image described by cfg. Returns 0, or -1 with a one-line
 * reason in err (mmap failure, empty hugetlb pool, madvise refused, ...)
 * and, when a system limit was in the way, which one in img->limit.
 */
int fb_image_build(struct fb_image *img, const struct fb_image_cfg *cfg, char *err, size_t errlen);

/* Reads the facts of the calling process from /proc/self. */
int fb_image_read_facts(struct fb_image_facts *f);

/*
 * Writes one byte into fraction of the image's pages, evenly spread.
 * Returns the number of pages written. Used by the copy-on-write phase.
 */
uint64_t fb_image_dirty(const struct fb_image *img, double fraction, unsigned char value);

/* How many pages fb_image_dirty() writes for a fraction. */
uint64_t fb_image_dirty_pages(const struct fb_image *img, double fraction);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * What the controller (forkbench) and the lean worker (forkbench-worker)
 * say to each other over two pipes. Both are built from the same tree, so
 * plain structs suffice; the magic catches a mismatched pair.
 */
#ifndef FORKBENCH_PROTOCOL_H
#define FORKBENCH_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include "core/image.h"
#include "core/sample.h"
#include "counters/counters.h"

#define FB_PROTO_MAGIC 0x46424b05u
#define FB_MAX_METHODS 32
#define FB_ERRLEN      320
/* Samples in one batch at most: the size of the worker's buffers. */
#define FB_BATCH_MAX 512

/* Worker outcomes; the controller maps them to exit codes. */
enum fb_wstatus {
	FB_W_OK = 0,
	FB_W_INTERRUPTED, /* SIGINT/SIGTERM: the samples sent are complete, the rest is not */
	FB_W_RESOURCE,	  /* memory, hugetlb, RLIMIT_NPROC, descriptors */
	FB_W_FAILED,	  /* a creation or a child failed */
};

/* controller -> worker, once */
struct fb_wcfg {
	uint32_t magic;
	struct fb_image_cfg image;
	double cow_fraction;
	int32_t cow_side;
	int32_t cpu;	   /* -1: not pinned */
	int32_t child_cpu; /* -1: not pinned */
	char helper[4096];
	struct fb_counter_set counters; /* n == 0: no counting */
};

/* worker -> controller, once the image is built */
struct fb_whello {
	uint32_t magic;
	int32_t status;
	char err[FB_ERRLEN];
	int32_t limit; /* enum fb_limit the image ran into; the controller adds the advice */
	int32_t pid;
	struct fb_image_facts baseline; /* before the image was built */
	struct fb_image_facts image;	/* after */
	uint64_t image_pages;		/* pages of image_page_size */
	uint64_t image_page_size;
	uint64_t cow_pages; /* pages the COW phase writes */
	int64_t clock_overhead_ns;
	int64_t clock_overhead_min_ns;
	int64_t clock_resolution_ns;
	char libc[64];
	int32_t counters_open;		/* events the worker counts */
	int64_t counter_read_ns;	/* median cost of one read of the whole set */
	struct fb_counter_set counters; /* as opened: the states say what is counted */
	char skip[FB_MAX_METHODS][160]; /* "" when the method can run */
};

/* controller -> worker, per batch; method FB_CMD_QUIT ends the worker */
#define FB_CMD_QUIT UINT32_MAX
struct fb_wcmd {
	uint32_t method;
	uint32_t count;	      /* samples to send */
	uint32_t warmup;      /* samples to run first and drop */
	uint32_t kinds;	      /* FB_KIND_BIT()s to take: fb_kind_of() */
	uint32_t probe_every; /* with both kinds, every probe_every-th sample is a probe */
	uint32_t pad;
	uint64_t seq; /* the entry's samples this worker ran before, warm-up included */
};

/*
 * worker -> controller, per batch, followed by n struct fb_sample, when
 * counting n rows of FB_CTR_MAX counts at the create point and, when
 * cow_counting, n rows of FB_CTR_MAX counts of the COW phase
 */
struct fb_wreply {
	int32_t status;
	int32_t err_no;
	uint32_t n;
	uint32_t counting;
	uint32_t cow_counting;
	int32_t limit; /* enum fb_limit the creation ran into */
	char err[FB_ERRLEN];
};

/* Reads exactly len bytes, retrying on EINTR. 0, or -1 at end of file or on an error. */
int fb_read_full(int fd, void *buf, size_t len);

/* Writes exactly len bytes, retrying on EINTR. 0, or -1 on an error. */
int fb_write_full(int fd, const void *buf, size_t len);

/* The rows that follow a batch reply, one per sample. */
struct fb_batch_rows {
	struct fb_sample *samples;
	int64_t (*counts)[FB_CTR_MAX];	   /* when the reply says counting */
	int64_t (*cow_counts)[FB_CTR_MAX]; /* when the reply says cow_counting */
};

/* Sends r and its r->n rows of each kind it says it carries. 0, or -1. */
int fb_reply_send(int fd, const struct fb_wreply *r, const struct fb_batch_rows *rows);

/*
 * Receives a reply into r and its rows into rows' buffers, which have room
 * for max rows each. 0, or -1 when the pipe broke or the reply claims more
 * than max samples.
 */
int fb_reply_recv(int fd, struct fb_wreply *r, const struct fb_batch_rows *rows, uint32_t max);

#endif

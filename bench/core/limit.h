/* SPDX-License-Identifier: MIT */
/*
 * The system limits an image or a creation can run into. The lean side
 * (core, the worker) says which one it hit, in terms of the image and the
 * limit; the side that talks to the user adds which option eases it.
 */
#ifndef FORKBENCH_LIMIT_H
#define FORKBENCH_LIMIT_H

enum fb_limit {
	FB_LIMIT_NONE,
	FB_LIMIT_IMAGE_THREADS, /* the image's idle threads: RLIMIT_NPROC or threads-max */
	FB_LIMIT_IMAGE_FDS,	/* the image's descriptors: RLIMIT_NOFILE */
	FB_LIMIT_NPROC,		/* a creation: RLIMIT_NPROC */
	FB_LIMIT_NOFILE,	/* a creation: RLIMIT_NOFILE */
	FB_LIMIT_HUGETLB_POOL,	/* a child's copy-on-write emptied the hugetlb pool */
};

#endif

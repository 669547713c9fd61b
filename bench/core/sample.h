/* SPDX-License-Identifier: MIT */
/* One creation, as measured. The worker sends these to the controller. */
#ifndef FORKBENCH_SAMPLE_H
#define FORKBENCH_SAMPLE_H

#include <stdint.h>

/* The points a sample can have; a method says which it provides. */
enum fb_point {
	FB_PT_CREATE,	   /* before the call .. the call returns in the parent */
	FB_PT_CHILD_START, /* before the call .. the child's first timestamp store */
	FB_PT_ROUNDTRIP,   /* before the call .. the child exited and was reaped */
	FB_PT_COW,	   /* the copy-on-write phase after the creation */
	FB_NPOINTS
};

#define FB_PT_BIT(p) (1u << (p))

/* A point the sample does not have is FB_NO_TIME. */
#define FB_NO_TIME INT64_MIN

struct fb_sample {
	int64_t ns[FB_NPOINTS];
	int64_t cow_faults; /* minor faults during the COW phase, or -1 */
	int64_t t0_ns;	    /* CLOCK_MONOTONIC just before the call: joins trace events */
	int32_t parent_cpu;
	int32_t child_cpu;
	int32_t child_pid; /* the pid (tid for threads) the creation returned */
	int32_t parent_pid;
};

const char *fb_point_name(int point);

/* A sample with no points yet. */
void fb_sample_clear(struct fb_sample *s, int parent_pid);

#endif

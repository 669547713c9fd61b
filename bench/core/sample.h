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

/*
 * What a sample is for. A plain sample's child does what a bare loop's
 * child does (_exit, return, or the helper's exit) and nothing more, so
 * its create and round trip time the creation alone; a probe's child
 * first stores its start time in the shared page (two page faults a plain
 * child never takes) and runs the COW phase. The two are interleaved in
 * the same batches, so that drift hits both alike.
 */
enum fb_kind { FB_KIND_PLAIN, FB_KIND_PROBE, FB_NKINDS };

#define FB_KIND_BIT(k)	   (1u << (k))
#define FB_ALL_KINDS	   (FB_KIND_BIT(FB_KIND_PLAIN) | FB_KIND_BIT(FB_KIND_PROBE))
#define FB_PLAIN_POINTS	   (FB_PT_BIT(FB_PT_CREATE) | FB_PT_BIT(FB_PT_ROUNDTRIP))
#define FB_PROBE_POINTS	   (FB_PT_BIT(FB_PT_CHILD_START) | FB_PT_BIT(FB_PT_COW))
#define FB_PROBE_EVERY	   8 /* one probe in 8 samples: see docs/measurement.md */
#define FB_PROBE_EVERY_COW 2 /* with --cow the probes carry what was asked for */

struct fb_sample {
	int64_t ns[FB_NPOINTS];
	int64_t cow_faults; /* minor faults during the COW phase, or -1 */
	int64_t t0_ns;	    /* CLOCK_MONOTONIC just before the call: joins trace events */
	int64_t span_ns;    /* t0 .. the child reaped, in either kind: the trace join's window */
	int32_t parent_cpu;
	int32_t child_cpu;
	int32_t child_pid; /* the pid (tid for threads) the creation returned */
	int32_t parent_pid;
	int32_t kind; /* enum fb_kind */
	int32_t pad;
};

const char *fb_point_name(int point);

/* A sample with no points yet. */
void fb_sample_clear(struct fb_sample *s, int parent_pid);

/* "plain" or "probe". */
const char *fb_kind_name(int kind);

/* The kind of sample that carries point. */
int fb_point_kind(int point);

/*
 * The kind of an entry's seq-th sample (warm-up included, counted over the
 * entry's batches): with both kinds in kinds, every probe_every-th sample
 * is a probe, the rest are plain; else the one kind asked for.
 */
int fb_kind_of(uint64_t seq, uint32_t probe_every, unsigned kinds);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The sampling policy: how big the next batch of an entry is, how much of
 * the warm-up goes first, and when the entry is done. Pure functions of
 * plain values, so that tests can pin them without a worker.
 */
#ifndef FORKBENCH_SCHEDULE_H
#define FORKBENCH_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/sample.h"
#include "engine/run_limits.h" /* FB_MAX_SAMPLES */

#define FB_BATCH_TARGET_S 0.02 /* one batch: short enough to interleave finely */

/* What the user asked of the sampling (from struct fb_run_opts). */
struct fb_sched_opts {
	int sampling; /* enum fb_sampling */
	uint64_t iterations;
	double time_s;
	double precision;
	double max_time_s;
	uint64_t min_samples;
	uint32_t warmup;
	int parallel;
	uint32_t batch_max; /* the most samples one batch may carry */
};

/* Where an entry stands (from struct fb_entry). */
struct fb_sched_state {
	size_t n; /* samples kept, by all creators */
	/*
	 * Samples of the kind that carries the fewest of the entry's points
	 * (child_start's probes, one in 8): precise needs a CI of every
	 * point, which FB_MEDIAN_CI_MIN_N of them give. Read only with the CI.
	 */
	size_t thinnest_n;
	double elapsed_s;
	double per_sample_s; /* 0 until a batch has been timed */
	bool warmed;
	uint32_t warmup_done;
};

/* The next batch: samples run and dropped first, then samples kept. */
struct fb_batch_plan {
	uint32_t warmup;
	uint32_t count;
};

enum fb_verdict {
	FB_SCHED_MORE,	  /* sample on */
	FB_SCHED_DONE,	  /* the count, the time or the cap is reached */
	FB_SCHED_PRECISE, /* done: the median's CI is within the precision asked for */
};

/* Samples per creator in the next batch: about FB_BATCH_TARGET_S of them. */
uint32_t fb_batch_size(const struct fb_sched_opts *o, const struct fb_sched_state *st);

/*
 * The next batch. Warm-up: a first batch of one dropped sample measures
 * what a creation costs here; the rest of the warm-up follows, but in
 * adaptive mode no more than a tenth of --max-time, so a 70 ms fork of
 * 1 GiB does not spend its whole budget warming up.
 */
struct fb_batch_plan fb_next_batch(const struct fb_sched_opts *o, const struct fb_sched_state *st);

/* Whether fb_entry_verdict needs the round trip's relative CI (else pass INFINITY). */
bool fb_verdict_needs_ci(const struct fb_sched_opts *o, const struct fb_sched_state *st);

/*
 * Whether the entry is done, given the relative CI of its round-trip median:
 * precise once that CI is within --precision and every point has a CI.
 */
enum fb_verdict fb_entry_verdict(const struct fb_sched_opts *o, const struct fb_sched_state *st,
				 double roundtrip_rel_ci);

/*
 * The points an entry reports: those asked for (--points) that its method
 * has, cow only where a COW phase applies to it. asked 0: all of them.
 */
unsigned fb_entry_points(unsigned asked, unsigned method_points, bool cow);

/* The kinds of sample (FB_KIND_BIT()s) that carry those points. */
unsigned fb_entry_kinds(unsigned points);

/*
 * How the kinds mix: every probe_every-th sample is a probe. A probe in 8
 * costs the round trip about 7% of its samples (sqrt(8/7): 7% in CI width
 * per second of run) and child_start gets an eighth of them; with --cow the
 * COW phase is what the user asked about, so a probe in 2. asked: the
 * user's --probe-every, or 0.
 */
uint32_t fb_entry_probe_every(uint32_t asked, bool cow);

/* The point whose CI decides an adaptive entry: the round trip where it is taken. */
int fb_entry_primary_point(unsigned points);

#endif

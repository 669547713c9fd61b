/* SPDX-License-Identifier: MIT */
/*
 * The join: a guest's results (forkbench-results, timed in instruction
 * time) and the plugin's windows of the same boot make one results file
 * timed with the cache model (docs/model.md): context.timing.clock
 * "model", context.timing.model (geometry, weights, the join's counts),
 * and for create and roundtrip, points.X.model: arrays parallel to
 * points.X.samples_ns, which then hold the cost figure.
 *
 * Windows are joined to samples by (parent pid, child pid), each entry's
 * samples in order, so warm-up and probe samples (whose windows are
 * recorded too), several entries and adaptive sampling need nothing
 * more, and a pid the kernel reused later matches the later window.
 */
#ifndef FORKBENCH_MODEL_JOIN_H
#define FORKBENCH_MODEL_JOIN_H

#include "cache_model.h"
#include "windows.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Cycles a miss adds: cycles = instructions + sum of weight x misses. */
struct fb_weights {
	uint64_t miss[FB_ML_N]; /* per level, in fb_model_level_names order */
};

/*
 * Uncalibrated latencies of a Skylake-SP-like core, in cycles beyond the
 * level above: an L1 miss served by L2 14, an L2 miss served by the last
 * level 50, a last-level miss served by memory 200, a TLB miss's page
 * walk 30. One instruction a cycle otherwise, and no overlap of misses.
 */
void fb_weights_default(struct fb_weights *w);

/* "l2=40,llc=250": changes the named weights; 0, or -1 with a reason in err. */
int fb_weights_parse(const char *spec, struct fb_weights *w, char *err, size_t errlen);

/* The cost figure of one window's counts. */
uint64_t fb_model_cost(const uint64_t count[FB_MC_N], const struct fb_weights *w);

/* The formula, with the weights, as the results file states it. */
void fb_weights_formula(const struct fb_weights *w, char *buf, size_t len);

struct fb_join_stats {
	size_t entries; /* entries joined */
	size_t samples; /* plain samples joined */
	/* instructions minus the guest's own instruction time, per window: the join's check */
	bool have_diff;
	int64_t diff_lo, diff_hi;
};

/*
 * Rewrites results (a whole forkbench-results document) in place. Fails,
 * with a reason in err and results unusable, when the file is not timed
 * in instruction time, has parallel creators (whose windows overlap), or
 * has a sample no window matches.
 */
int fb_model_join(json_t *results, struct fb_windows *ws, const struct fb_weights *w,
		  struct fb_join_stats *st, char *err, size_t errlen);

#endif

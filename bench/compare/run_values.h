/* SPDX-License-Identifier: MIT */
/*
 * One run's figure for one entry: the unit of compare's statistics. The
 * variance that matters lies between runs (and QEMU boots), not between the
 * samples of one run, so each run is summarised by its median first, with
 * that median's own uncertainty, and the runs are then compared as values.
 *
 * Placement: a fork whose child starts on its parent's CPU costs less than
 * one whose child starts on the other CPU (here 165-181 us against 198-307
 * us), and the mix changes from run to run. Where both placements occur,
 * a run's figure is the weighted mean of its two placement medians with
 * weights fixed across every run of both sides, so that a change in the
 * mix does not read as a change in cost.
 */
#ifndef FORKBENCH_RUN_VALUES_H
#define FORKBENCH_RUN_VALUES_H

#include "results/results_read.h"

#include <stdbool.h>
#include <stddef.h>

#include "stats/stats.h"

enum fb_place { FB_PLACE_SAME, FB_PLACE_OTHER, FB_PLACE_UNKNOWN, FB_NPLACES };

/*
 * Fewer samples of a placement in any run than this, and the runs are not
 * weighted: weighing needs each placement's median with its variance, which
 * comes from its 95% CI, and fewer samples give none (stats.h).
 */
#define FB_PLACE_MIN_SAMPLES FB_MEDIAN_CI_MIN_N
/* A placement with a smaller share of all samples is left out of the weighting. */
#define FB_PLACE_MIN_SHARE 0.05

struct fb_run_value {
	const struct fb_results *file;
	int index; /* the run within its file (forkbench run --runs) */
	size_t n;  /* samples of the point in this run */
	double median;
	double value;	/* what is compared: the median, or the placement-weighted one */
	double ln;	/* log(value) */
	double var_ln;	/* within-run variance of ln, from the median's 95% CI; NAN below 6 */
	bool excluded;	/* an outlier run, left out of the estimate (and named) */
	double outlier; /* its factor against the side's other runs, when excluded */
	size_t place_n[FB_NPLACES];
	double place_median[FB_NPLACES];
	double place_var[FB_NPLACES]; /* variance of each placement's median, ns^2 */
};

/*
 * Summarises run `index` of entry e's point into *v (value and ln are set
 * as unweighted). Returns false when that run has no sample of the point.
 */
bool fb_run_value_of(const struct fb_results *file, const struct fb_rentry *e, int point, int index,
		     struct fb_run_value *v);

/* How a row's runs were summarised. */
enum fb_placed {
	FB_PLACED_PLAIN,    /* the plain median: one placement, or unknown */
	FB_PLACED_WEIGHTED, /* both placements, weighted alike on both sides */
	FB_PLACED_ONE,	    /* the one placement every run has, alone */
};

/*
 * Decides how the runs of both sides are summarised and sets their
 * figures: w[p] is each placement's weight, its share of all samples.
 * Plain when the placements are unknown or one holds nearly all samples;
 * weighted when every run has enough of each; else the placement every run
 * has enough of, alone (w 1), where there is one.
 */
int fb_run_values_weigh(struct fb_run_value *a, size_t na, struct fb_run_value *b, size_t nb,
			double w[FB_NPLACES]);

const char *fb_place_name(int place);

#endif

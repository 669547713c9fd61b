/* SPDX-License-Identifier: MIT */
/*
 * One run's figure for one entry: the unit of compare's statistics. The
 * variance that matters lies between runs (and QEMU boots), not between the
 * samples of one run, so each run is summarised by its median first, with
 * that median's own uncertainty, and the runs are then compared as values.
 *
 * Placement: a fork whose child starts on its parent's CPU costs less than
 * one whose child starts on the other CPU (here 165-181 us against 198-307
 * us), and the mix changes from run to run. Each run also keeps the median
 * of each placement, for the placement findings and the weighted figure
 * below.
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

/*
 * A run's value for the test is its lower quartile: the fast path every
 * creation takes. Disturbance only adds time, and the modes above the
 * fast path are regimes each run draws anew (scheduling, placement, the
 * other tenants), so a run's median or mean moves from run to run where
 * its lower quartile does not. Measured (docs/compare.md): between-run SD
 * of the lower quartile 0.5-2.0% against 5-14% for the median, five runs of
 * fork, vfork and thread on a loaded 2-core host; within 0.062% against up
 * to 0.77% over ten instruction-time boots of one 6.1 kernel.
 */
#define FB_RUN_QUANTILE 0.25

struct fb_run_value {
	const struct fb_results *file;
	int index;	/* the run within its file (forkbench run --runs) */
	size_t n;	/* samples of the point in this run */
	double median;	/* the run's median: the figure its table showed */
	double value;	/* what the test compares: the lower quartile, or the weighted figure */
	double ln;	/* log(value) */
	double var_ln;	/* within-run variance of ln (Tukey-McLaughlin; weighted: from medians' CIs)
			 */
	bool excluded;	/* an outlier run, left out of the estimate (and named) */
	double outlier; /* its factor against the side's other runs, when excluded */
	size_t place_n[FB_NPLACES];
	double place_median[FB_NPLACES];
	double place_var[FB_NPLACES]; /* variance of each placement's median, ns^2 */
};

/*
 * Summarises run `index` of entry e's point into *v. Returns false when
 * that run has no sample of the point.
 */
bool fb_run_value_of(const struct fb_results *file, const struct fb_rentry *e, int point, int index,
		     struct fb_run_value *v);

/*
 * Placement never makes a verdict: the verdict compares the runs' whole
 * figures, which a relabelling of CPUs cannot change, and a shift of where
 * children start is a finding of its own. Where both sides hold enough of
 * both placements (every run FB_PLACE_MIN_SAMPLES of each, and each a share
 * of FB_PLACE_MIN_SHARE or more on each side), a placement-weighted figure
 * is given beside it: each run's placement medians weighted alike on both
 * sides (w, each placement's share of all samples). This sets those
 * figures in wa and wb (copies of a and b) and returns true; else false,
 * and a figure weighed from the few samples one side happens to have of a
 * placement would be a figure no run showed.
 */
bool fb_run_values_weigh(const struct fb_run_value *a, size_t na, const struct fb_run_value *b,
			 size_t nb, struct fb_run_value *wa, struct fb_run_value *wb,
			 double w[FB_NPLACES]);

const char *fb_place_name(int place);

#endif

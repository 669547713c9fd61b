/* SPDX-License-Identifier: MIT */
/*
 * store trend's statistics: an entry's run medians (oldest first) grouped
 * by run, kernel, label or day, each group summarised at the run level, as
 * compare summarises a side: runs, not samples, are the unit.
 *
 * A group of one run: that run's median and the 95% CI of that median from
 * its samples (order statistics). A group of k >= 2 runs: the median of the
 * run medians, and the 95% Student's t interval over the logs of the run
 * medians (around their geometric mean, the figure compare compares), so
 * that the interval holds the run-to-run variation.
 */
#ifndef FORKBENCH_STORE_TREND_H
#define FORKBENCH_STORE_TREND_H

#include "store/store.h"

enum fb_trend_by { FB_BY_RUN, FB_BY_KERNEL, FB_BY_LABEL, FB_BY_DATE };

struct fb_trend_row {
	char group[128];	      /* the run id, kernel, label or day (YYYY-MM-DD) */
	char first[32];		      /* the oldest run's start */
	char kernels[96], labels[96]; /* of its runs: one, or "(several)" */
	size_t runs;
	long samples;
	double median;	     /* ns: of the run medians */
	double gmean;	     /* ns: their geometric mean, the figure compare compares */
	double ci_lo, ci_hi; /* ns: 95% */
	double spread;	     /* SD of the log run medians (0.02 = 2%); NAN with one run */
};

/* "run", "kernel", ... to FB_BY_*, or -1. */
int fb_trend_by_from_name(const char *name);

/* Groups m (n medians, oldest first) in order of each group's first run; *rows from malloc. */
void fb_trend_rows(const struct fb_store_median *m, size_t n, enum fb_trend_by by,
		   struct fb_trend_row **rows, size_t *nrows);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The statistics behind forkbench compare. Runs (and QEMU boots) are the
 * unit: each run of an entry is one value (its median, see run_values.h),
 * and the two sides are compared by Student's t on the logs of those
 * values, so the interval holds the run-to-run variation that makes two
 * runs of the same binary differ. Pure functions of their inputs: the same
 * input always gives the same output.
 *
 * Why not a bootstrap over runs: with the 3 to 10 runs a side that CI can
 * afford, a percentile bootstrap's interval is too narrow (it cannot see
 * beyond the few values it resamples) and a single slow run lands in a
 * quarter of the resamples of three, where it decides the interval; t
 * widens honestly with few runs and tests/compare proves its error rates.
 */
#ifndef FORKBENCH_COMPARE_STATS_H
#define FORKBENCH_COMPARE_STATS_H

#include "compare/run_values.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * What compare decided about an entry, in words that say it:
 *   slower, faster   significant after Holm and at least the cut in size;
 *   no change        not flagged, and a change of the threshold's size would
 *                    have been (MDE at or under the threshold);
 *   inconclusive     not flagged, but a change of the threshold's size could
 *                    have hidden (MDE above it): runs_needed says how many
 *                    runs a side would see it at the spread measured;
 *   not judged       fewer runs than a verdict needs, or no data.
 */
enum fb_verdict { FB_NO_CHANGE, FB_SLOWER, FB_FASTER, FB_INCONCLUSIVE, FB_NOT_JUDGED };
#define FB_NVERDICTS 5

struct fb_cmp_opts {
	double threshold; /* relative change that matters: 0.05 = 5% */
	double alpha;	  /* family-wise significance level */
	/*
	 * With fewer than FB_CMP_MIN_RUNS runs a side, the change two runs of
	 * the same binary can show: no verdict below it.
	 */
	double allowance;
	double outlier_z; /* a run this many between-run SDs slower is an outlier */
	int unit;	  /* enum fb_time_unit: how the text shows times (0: auto) */
	/*
	 * The least spread between runs, as a relative SD (0.0005 = 0.05%), or 0:
	 * the runs' own within-run noise (compare_policy.h says which clock has which).
	 */
	double floor;
	/*
	 * The tests of the invocation that Holm adjusts over: the MDE is that of
	 * the smallest per-test level Holm may ask for (alpha / tests), so that
	 * "no change" is said only where a change would really have been
	 * flagged. 0 or 1: one test.
	 */
	size_t tests;
};

/*
 * Defaults. alpha 0.02 two-sided: at most 1% of A/A comparisons call an
 * entry slower. The threshold and the allowance are for wall-clock runs,
 * and for instruction time (icount), which is far steadier.
 */
#define FB_CMP_ALPHA		0.02
#define FB_CMP_THRESHOLD_WALL	0.05
#define FB_CMP_THRESHOLD_ICOUNT 0.01
/*
 * The allowances: two TCG boots of one kernel differed by up to 77% in
 * real time here, and two runs on the host by 36%; in instruction time,
 * boots with the guest's ASLR off agreed within 0.2% and with it on within
 * 5.7% (fork at rss 0, the memory layout changing the code path).
 */
#define FB_CMP_ALLOWANCE_WALL	     1.00
#define FB_CMP_ALLOWANCE_ICOUNT	     0.02
#define FB_CMP_ALLOWANCE_ICOUNT_ASLR 0.10
#define FB_CMP_OUTLIER_Z	     5.0
/* ... and never a run less than this factor slower than the side's undisturbed ones */
#define FB_CMP_OUTLIER_MIN 1.25

/* Below this many samples in a run, the run is not used. */
#define FB_CMP_MIN_SAMPLES FB_RESULTS_MIN_SAMPLES
/* Runs a side needs before a verdict rests on the between-run spread. */
#define FB_CMP_MIN_RUNS 3

struct fb_cmp_result {
	size_t runs_a, runs_b;	   /* runs with enough samples */
	size_t ka, kb;		   /* of which used: outliers excluded */
	size_t na, nb;		   /* samples in the runs used */
	double median_a, median_b; /* median of the used runs' medians: a figure a run showed, ns */
	double center_a, center_b; /* geometric mean of the used runs' values: the test's, ns */
	double ratio;		   /* center_b / center_a: > 1 means B is slower */
	double ci_lo, ci_hi;	   /* 95% CI of the ratio */
	double spread_a,
		spread_b;  /* SD between runs of log figures (0.02 = 2%); NAN with one run */
	double se, df;	   /* of the log ratio; df is INFINITY with one run a side */
	double var;	   /* pooled variance of a run's log value, as the test used it */
	double mde;	   /* smallest slowdown (0.03 = 3%) found with 95% power */
	double p, p_adj;   /* two-sided, and after Holm's adjustment */
	bool tested;	   /* a p-value was computed: the row is in Holm's family */
	bool between_runs; /* the CI holds run-to-run variation */
	bool floored;	   /* a side's spread was raised to the floor (opts.floor) */
	/*
	 * A side whose runs split into a fast minority and the rest, too far
	 * apart to tell the undisturbed from the disturbed: bit 1 A, bit 2 B.
	 * Such an entry is not judged, unless the sides lie apart (below).
	 */
	unsigned split;
	/*
	 * log(B's fastest run / A's slowest) and log(A's fastest / B's
	 * slowest): disturbance only slows a run, so when one of these
	 * exceeds the cut, B is slower (faster) whichever runs were disturbed.
	 */
	double apart_slower, apart_faster;
	size_t runs_needed; /* inconclusive: runs a side for an MDE within the threshold */
	enum fb_verdict verdict;
};

/*
 * Compares the runs of side A with those of side B, each with at least
 * FB_CMP_MIN_SAMPLES samples. Marks outlier runs (v->excluded) on a side of
 * three or more runs. Sets everything but p_adj and verdict.
 */
void fb_cmp_runs(struct fb_run_value *a, size_t ka, struct fb_run_value *b, size_t kb,
		 const struct fb_cmp_opts *opts, struct fb_cmp_result *r);

/*
 * The smallest slowdown the comparison finds with 95% power, for k runs a
 * side at pooled variance var (see compare_stats.c); NAN when it cannot.
 */
double fb_cmp_mde(const struct fb_cmp_opts *opts, double var, size_t ka, size_t kb);

/* The MDE and the verdict of r, once p_adj is known. */
void fb_cmp_decide(struct fb_cmp_result *r, const struct fb_cmp_opts *opts);

/* For an inconclusive or not judged r: the runs a side that would decide it (r->runs_needed). */
void fb_cmp_runs_needed(struct fb_cmp_result *r, const struct fb_cmp_opts *opts);

/* Holm's step-down adjustment: padj[i] from p[i], i < n. */
void fb_holm(const double *p, double *padj, size_t n);

/* The verdict from r->p_adj, r->ratio and r->mde, as described in compare_stats.c. */
enum fb_verdict fb_cmp_verdict(const struct fb_cmp_result *r, const struct fb_cmp_opts *opts);

/* The size from which a significant change is flagged (see the .c). */
double fb_cmp_cut(const struct fb_cmp_opts *opts, const struct fb_cmp_result *r);

const char *fb_verdict_name(enum fb_verdict v);

#endif

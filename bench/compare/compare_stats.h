/* SPDX-License-Identifier: MIT */
/*
 * The statistics behind forkbench compare: a bootstrap confidence interval
 * of the ratio of medians, the Mann-Whitney U test, Holm's adjustment for
 * many entries, and the verdict. Pure functions of the samples and a seed,
 * so the same input always gives the same output.
 */
#ifndef FORKBENCH_COMPARE_STATS_H
#define FORKBENCH_COMPARE_STATS_H

#include <stddef.h>
#include <stdint.h>

enum fb_verdict { FB_NO_CHANGE, FB_SLOWER, FB_FASTER, FB_TOO_FEW };

struct fb_cmp_opts {
	double threshold;   /* relative change that matters: 0.05 = 5% */
	double alpha;	    /* family-wise significance level */
	unsigned bootstrap; /* bootstrap resamples for the ratio's CI */
	uint64_t seed;
};

#define FB_CMP_DEFAULTS                                                                            \
	{                                                                                          \
		.threshold = 0.05, .alpha = 0.05, .bootstrap = 2000, .seed = 0x5eed                \
	}

/* Below this many samples per side no verdict is given. */
#define FB_CMP_MIN_SAMPLES 5

struct fb_cmp_result {
	size_t na, nb;
	double median_a, median_b;
	double ratio;	     /* median_b / median_a: > 1 means B is slower */
	double ci_lo, ci_hi; /* 95% bootstrap CI of the ratio (percentile) */
	double p;	     /* two-sided Mann-Whitney U p-value */
	double p_adj;	     /* after Holm's adjustment across entries */
	enum fb_verdict verdict;
};

/*
 * Medians, ratio, bootstrap CI (skipped when opts->bootstrap is 0) and the
 * U test for samples a (base) and b (new). Does not set p_adj or verdict.
 * The inputs are not modified.
 */
void fb_cmp_pair(const double *a, size_t na, const double *b, size_t nb,
		 const struct fb_cmp_opts *opts, struct fb_cmp_result *r);

/* Two-sided p-value of the Mann-Whitney U test, normal approximation
 * with tie and continuity correction. */
double fb_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb);

/* Holm's step-down adjustment: padj[i] from p[i], i < n. */
void fb_holm(const double *p, double *padj, size_t n);

/* The verdict from r->p_adj and r->ratio, as described in compare_stats.c. */
enum fb_verdict fb_cmp_verdict(const struct fb_cmp_result *r, const struct fb_cmp_opts *opts);

/* The size from which a significant change is flagged: 0.6 of the threshold (see the .c). */
double fb_cmp_cut(const struct fb_cmp_opts *opts);

const char *fb_verdict_name(enum fb_verdict v);

/* Median of v (n > 0), without modifying v. */
double fb_cmp_median(const double *v, size_t n);

#endif

/* SPDX-License-Identifier: MIT */
/* Order statistics for skewed timing samples: no normality is assumed. */
#ifndef FORKBENCH_STATS_H
#define FORKBENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

struct fb_summary {
	size_t n;
	double min, p10, p25, p50, p75, p90, p99, p999, max;
	double mean, stddev;
	double mad;	     /* median absolute deviation, unscaled */
	double ci_lo, ci_hi; /* 95% confidence interval of the median; NAN below 6 samples */
	size_t outliers;     /* beyond Tukey's far fences: Q1 - 3 IQR, Q3 + 3 IQR */
	double outlier_fraction;
};

/* Sorts v (in place) and summarizes it. n may be 0 (all fields 0). */
void fb_summarize(double *v, size_t n, struct fb_summary *s);

/* Quantile q in [0,1] of sorted data, linear interpolation (R type 7). */
double fb_quantile(const double *sorted, size_t n, double q);

/*
 * Distribution-free confidence interval of the median from order
 * statistics: the ranks n/2 -+ z sqrt(n)/2 of the binomial(n, 1/2). NAN
 * for both ends when n < FB_MEDIAN_CI_MIN_N: fewer samples than that
 * cannot bracket the median with 95% confidence. The bound is that of the
 * 95% level (z = 1.96) every caller asks for; another z would need its own.
 */
#define FB_MEDIAN_CI_MIN_N 6
void fb_median_ci(const double *sorted, size_t n, double z, double *lo, double *hi);

/* Half-width of the 95% CI of the median relative to the median (0.01 = 1%); INFINITY without one.
 */
double fb_relative_ci(const struct fb_summary *s);

void fb_sort_doubles(double *v, size_t n);

/*
 * The spread between runs, as compare measures it: the standard deviation
 * of the logs of the k run medians (0.05: runs about 5% apart). NAN for
 * fewer than 2 runs or a median that is not above 0.
 */
double fb_log_spread(const double *medians, size_t k);

#endif

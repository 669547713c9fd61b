// SPDX-License-Identifier: MIT
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void fb_sort_doubles(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
}

double fb_quantile(const double *sorted, size_t n, double q)
{
	double h, lo;
	size_t i;

	if (n == 0)
		return 0;
	h = (double)(n - 1) * q;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (h - lo) * (sorted[i + 1] - sorted[i]);
}

void fb_median_ci(const double *sorted, size_t n, double z, double *lo, double *hi)
{
	double half = z * sqrt((double)n) / 2.0;
	long j = (long)floor((double)n / 2.0 - half); /* 1-based rank */
	long k;

	/*
	 * Below FB_MEDIAN_CI_MIN_N even [min, max] covers the median less often
	 * than asked (n = 5: 1 - 2 / 2^5 = 94%; one sample: never), so there is
	 * no interval to give, and a narrow one would claim a precision that
	 * is not there.
	 */
	if (n < FB_MEDIAN_CI_MIN_N) {
		*lo = *hi = NAN;
		return;
	}
	if (j < 1)
		j = 1;
	k = (long)n - j + 1; /* symmetric ranks */
	*lo = sorted[j - 1];
	*hi = sorted[k - 1];
}

double fb_relative_ci(const struct fb_summary *s)
{
	if (isnan(s->ci_lo) || s->p50 <= 0)
		return INFINITY;
	return (s->ci_hi - s->ci_lo) / 2.0 / s->p50;
}

void fb_summarize(double *v, size_t n, struct fb_summary *s)
{
	double sum = 0, sq = 0, iqr, lo_fence, hi_fence;
	double *dev;

	memset(s, 0, sizeof(*s));
	s->n = n;
	if (n == 0)
		return;
	fb_sort_doubles(v, n);
	s->min = v[0];
	s->max = v[n - 1];
	s->p10 = fb_quantile(v, n, 0.10);
	s->p25 = fb_quantile(v, n, 0.25);
	s->p50 = fb_quantile(v, n, 0.50);
	s->p75 = fb_quantile(v, n, 0.75);
	s->p90 = fb_quantile(v, n, 0.90);
	s->p99 = fb_quantile(v, n, 0.99);
	s->p999 = fb_quantile(v, n, 0.999);
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	s->mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (v[i] - s->mean) * (v[i] - s->mean);
	s->stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
	fb_median_ci(v, n, 1.959964, &s->ci_lo, &s->ci_hi);

	dev = malloc(n * sizeof(*dev));
	if (dev) {
		for (size_t i = 0; i < n; i++)
			dev[i] = fabs(v[i] - s->p50);
		fb_sort_doubles(dev, n);
		s->mad = fb_quantile(dev, n, 0.5);
		free(dev);
	}
	iqr = s->p75 - s->p25;
	lo_fence = s->p25 - 3 * iqr;
	hi_fence = s->p75 + 3 * iqr;
	for (size_t i = 0; i < n; i++)
		s->outliers += v[i] < lo_fence || v[i] > hi_fence;
	s->outlier_fraction = (double)s->outliers / (double)n;
}

double fb_log_spread(const double *medians, size_t k)
{
	double mean = 0, ss = 0;

	if (k < 2)
		return NAN;
	for (size_t i = 0; i < k; i++) {
		if (!(medians[i] > 0))
			return NAN;
		mean += log(medians[i]);
	}
	mean /= (double)k;
	for (size_t i = 0; i < k; i++)
		ss += (log(medians[i]) - mean) * (log(medians[i]) - mean);
	return sqrt(ss / (double)(k - 1));
}

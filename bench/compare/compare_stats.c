// SPDX-License-Identifier: MIT
#include "compare/compare_stats.h"
#include "stats.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * splitmix64: small, fast, and the same sequence on every platform, which
 * the fixed-seed promise needs (rand() differs between libcs).
 */
static uint64_t next_u64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) by Lemire's multiply-shift (bias below 2^-32 here). */
static size_t below(uint64_t *s, size_t n)
{
	return (size_t)(((unsigned __int128)next_u64(s) * n) >> 64);
}

static double *sorted_copy(const double *v, size_t n)
{
	double *c = malloc((n ? n : 1) * sizeof(*c));

	if (!c)
		abort();
	memcpy(c, v, n * sizeof(*c));
	fb_sort_doubles(c, n);
	return c;
}

double fb_cmp_median(const double *v, size_t n)
{
	double *c = sorted_copy(v, n), m = fb_quantile(c, n, 0.5);

	free(c);
	return m;
}

/*
 * The median of one bootstrap resample of sorted x. Resampling indices is
 * the same as resampling values, and since x is sorted the resample's
 * median is x at the median index: count how often each index is drawn
 * and walk the counts, O(n) and no sort per resample.
 */
static double resample_median(const double *x, size_t n, unsigned *count, uint64_t *s)
{
	size_t lo = (n - 1) / 2, hi = n / 2, seen = 0;
	double vlo = x[0], vhi = x[0];
	bool have_lo = false;

	memset(count, 0, n * sizeof(*count));
	for (size_t i = 0; i < n; i++)
		count[below(s, n)]++;
	for (size_t i = 0; i < n; i++) {
		seen += count[i];
		if (!have_lo && seen > lo) {
			vlo = x[i];
			have_lo = true;
		}
		if (seen > hi) {
			vhi = x[i];
			break;
		}
	}
	return (vlo + vhi) / 2;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Percentile bootstrap of median(b) / median(a), resampling each side. */
static void bootstrap_ratio(const double *sa, size_t na, const double *sb, size_t nb,
			    const struct fb_cmp_opts *o, double *lo, double *hi)
{
	unsigned *count = malloc((na > nb ? na : nb) * sizeof(*count));
	double *ratios = malloc(o->bootstrap * sizeof(*ratios));
	uint64_t s = o->seed;
	size_t k = 0;

	if (!count || !ratios)
		abort();
	for (unsigned i = 0; i < o->bootstrap; i++) {
		double ma = resample_median(sa, na, count, &s);
		double mb = resample_median(sb, nb, count, &s);

		if (ma > 0)
			ratios[k++] = mb / ma;
	}
	qsort(ratios, k, sizeof(*ratios), cmp_double);
	*lo = k ? fb_quantile(ratios, k, 0.025) : NAN;
	*hi = k ? fb_quantile(ratios, k, 0.975) : NAN;
	free(ratios);
	free(count);
}

struct ranked {
	double v;
	int side;
};

static int cmp_ranked(const void *a, const void *b)
{
	return cmp_double(&((const struct ranked *)a)->v, &((const struct ranked *)b)->v);
}

double fb_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb)
{
	size_t n = na + nb, i = 0;
	struct ranked *r;
	double rank_a = 0, ties = 0, u, mu, var, z;

	if (!na || !nb)
		return 1;
	r = malloc(n * sizeof(*r));
	if (!r)
		abort();
	for (size_t k = 0; k < na; k++)
		r[k] = (struct ranked){a[k], 0};
	for (size_t k = 0; k < nb; k++)
		r[na + k] = (struct ranked){b[k], 1};
	qsort(r, n, sizeof(*r), cmp_ranked);
	/* Midranks for tied runs; timer resolution makes ties common. */
	while (i < n) {
		size_t j = i;
		double mid, t;

		while (j + 1 < n && r[j + 1].v == r[i].v)
			j++;
		mid = (double)(i + j) / 2 + 1;
		for (size_t k = i; k <= j; k++)
			if (r[k].side == 0)
				rank_a += mid;
		t = (double)(j - i + 1);
		ties += t * t * t - t;
		i = j + 1;
	}
	free(r);
	u = rank_a - (double)na * (double)(na + 1) / 2;
	mu = (double)na * (double)nb / 2;
	var = (double)na * (double)nb / 12 *
	      ((double)(n + 1) - ties / ((double)n * (double)(n - 1)));
	if (var <= 0)
		return 1;
	z = (fabs(u - mu) - 0.5) / sqrt(var); /* continuity correction */
	if (z < 0)
		z = 0;
	return erfc(z / sqrt(2));
}

void fb_holm(const double *p, double *padj, size_t n)
{
	size_t *order = malloc((n ? n : 1) * sizeof(*order));
	double run = 0;

	if (!order)
		abort();
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* Insertion sort by p: n is the number of entries, tens at most. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && p[order[j]] < p[order[j - 1]]; j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t k = 0; k < n; k++) {
		double v = p[order[k]] * (double)(n - k);

		if (v > run)
			run = v; /* step-down: adjusted p-values never decrease */
		padj[order[k]] = run < 1 ? run : 1;
	}
	free(order);
}

void fb_cmp_pair(const double *a, size_t na, const double *b, size_t nb,
		 const struct fb_cmp_opts *opts, struct fb_cmp_result *r)
{
	double *sa = sorted_copy(a, na), *sb = sorted_copy(b, nb);

	memset(r, 0, sizeof(*r));
	r->na = na;
	r->nb = nb;
	r->median_a = fb_quantile(sa, na, 0.5);
	r->median_b = fb_quantile(sb, nb, 0.5);
	r->ratio = r->median_a > 0 ? r->median_b / r->median_a : NAN;
	r->ci_lo = r->ci_hi = NAN;
	r->p = r->p_adj = 1;
	r->verdict = FB_TOO_FEW;
	if (na >= FB_CMP_MIN_SAMPLES && nb >= FB_CMP_MIN_SAMPLES) {
		if (opts->bootstrap)
			bootstrap_ratio(sa, na, sb, nb, opts, &r->ci_lo, &r->ci_hi);
		r->p = r->p_adj = fb_mann_whitney_p(a, na, b, nb);
		r->verdict = FB_NO_CHANGE;
	}
	free(sa);
	free(sb);
}

/*
 * A change is reported when it is significant (Holm-adjusted U-test p below
 * alpha) and its size reaches FB_CMP_CUT of the threshold.
 *
 * Why not the threshold itself: the threshold is the smallest slowdown
 * users want caught, so a true slowdown of exactly the threshold must be
 * flagged (95% of the time, the issue asks), and a cut at the threshold
 * misses it half the time. The cut goes where the two error rates asked
 * for meet: with the ratio's error s, a false alarm at most 1% of the time
 * needs cut >= 2.326 s, catching 95% needs threshold - cut >= 1.645 s, and
 * cut = threshold * 2.326 / (2.326 + 1.645) = 0.59 threshold satisfies both
 * with the largest s, i.e. the fewest samples.
 *
 * Why the size cut carries the weight: timing samples drift inside a run
 * (a block of samples shifted while something else ran), which breaks the
 * U test's independence assumption, so with hundreds of samples its p is
 * small for A/A runs far more often than alpha says (tests/compare measures
 * 20-35%). The test still guards short, noisy runs; the cut keeps drift of
 * a percent or two from being called a regression. The bootstrap CI is
 * reported, not used: one test per entry keeps Holm's adjustment honest.
 */
#define FB_CMP_CUT 0.6

double fb_cmp_cut(const struct fb_cmp_opts *opts)
{
	return opts->threshold * FB_CMP_CUT;
}

enum fb_verdict fb_cmp_verdict(const struct fb_cmp_result *r, const struct fb_cmp_opts *opts)
{
	double cut = fb_cmp_cut(opts);

	if (r->verdict == FB_TOO_FEW || isnan(r->ratio))
		return FB_TOO_FEW;
	if (r->p_adj >= opts->alpha)
		return FB_NO_CHANGE;
	if (r->ratio >= 1 + cut)
		return FB_SLOWER;
	if (r->ratio <= 1 / (1 + cut))
		return FB_FASTER;
	return FB_NO_CHANGE;
}

const char *fb_verdict_name(enum fb_verdict v)
{
	switch (v) {
	case FB_SLOWER:
		return "slower";
	case FB_FASTER:
		return "faster";
	case FB_NO_CHANGE:
		return "no change";
	default:
		return "too few samples";
	}
}

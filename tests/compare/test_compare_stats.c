// SPDX-License-Identifier: MIT
/*
 * Proves compare's error rates on synthetic timing samples shaped like real
 * ones: a lognormal body (sigma 0.1) with an exponential right tail, 2% far
 * outliers (x2..x10), and in one run of five a block of 5-15% of the samples
 * shifted up by 10-25% (another program ran for a while). Each run takes as
 * many samples as the engine's default does: adaptive, at least 30, until
 * the median's 95% CI is within +-1% (about 730 for this shape). Over many
 * seeds, with compare's defaults (threshold 5%, alpha 0.05):
 *   - A/A (both sides from the same distribution): "slower" or "faster" at
 *     most 1% of the time;
 *   - a 5% slowdown (every sample x1.05): "slower" at least 95% of the time.
 * Fixed samples counts and a harsher drift (a block in every other run) are
 * printed for information, not asserted.
 * Also checks the U test against a hand-computed value, Holm, the
 * bootstrap CI's coverage and that a fixed seed gives identical output.
 * Prints TAP.
 */
#include "compare/compare_stats.h"
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, tests;

/* A TAP line; a macro so that the format stays a checked literal. */
#define ok(cond, ...)                                                                              \
	do {                                                                                       \
		int c_ = (cond);                                                                   \
		printf("%s %d - ", c_ ? "ok" : "not ok", ++tests);                                 \
		printf(__VA_ARGS__);                                                               \
		putchar('\n');                                                                     \
		failures += !c_;                                                                   \
	} while (0)

static uint64_t rng_state;

static double uniform(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return ((double)((z ^ (z >> 31)) >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

/* One run's samples of an operation whose typical cost is scale ns. */
static double block_chance = 0.2;

static void realistic(double *v, size_t n, double scale)
{
	for (size_t i = 0; i < n; i++) {
		v[i] = scale * exp(0.10 * gauss()) + scale * 0.05 * -log(uniform());
		if (uniform() < 0.02)
			v[i] *= 2 + 8 * uniform(); /* far outlier: an interrupt, a migration */
	}
	if (uniform() < block_chance) {
		size_t len = (size_t)((0.05 + 0.10 * uniform()) * (double)n);
		size_t at = (size_t)(uniform() * (double)(n - len));
		double shift = 1.10 + 0.15 * uniform();

		for (size_t i = at; i < at + len; i++)
			v[i] *= shift;
	}
}

/*
 * The engine's adaptive rule: from 30 samples on, stop once the median's CI
 * is within +-1%. It checks after each batch; geometric steps of 10% stand
 * in for its batches.
 */
static size_t adaptive_n(double scale, size_t cap)
{
	double *v = malloc(cap * sizeof(*v));
	struct fb_summary s;
	size_t n = 30;

	realistic(v, cap, scale);
	for (;; n += n / 10) {
		if (n >= cap)
			n = cap;
		fb_summarize(v, n, &s); /* sorts the prefix: v is scratch now */
		if (fb_relative_ci(&s) <= 0.01 || n == cap)
			break;
	}
	free(v);
	return n;
}

/* One comparison; n 0 means the engine's adaptive count for each side. */
static enum fb_verdict one(size_t n, double slowdown, uint64_t seed, const struct fb_cmp_opts *o,
			   size_t *used)
{
	size_t na, nb;
	double *a, *b;
	struct fb_cmp_result r;

	rng_state = seed;
	na = n ? n : adaptive_n(100000, 3000);
	nb = n ? n : adaptive_n(100000 * slowdown, 3000);
	a = malloc(na * sizeof(*a));
	b = malloc(nb * sizeof(*b));
	realistic(a, na, 100000);
	realistic(b, nb, 100000 * slowdown);
	fb_cmp_pair(a, na, b, nb, o, &r);
	r.verdict = fb_cmp_verdict(&r, o); /* one entry: Holm leaves p alone */
	*used += na + nb;
	free(a);
	free(b);
	return r.verdict;
}

static void rates(size_t n, unsigned seeds, double *fpr, double *power, double *mean_n)
{
	struct fb_cmp_opts o = FB_CMP_DEFAULTS;
	unsigned flagged = 0, caught = 0;
	size_t used = 0;

	o.bootstrap = 0; /* the verdict does not use the CI; keep the test fast */
	for (unsigned s = 0; s < seeds; s++) {
		flagged += one(n, 1.00, 1000 + s, &o, &used) != FB_NO_CHANGE;
		caught += one(n, 1.05, 900000 + s, &o, &used) == FB_SLOWER;
	}
	*fpr = (double)flagged / seeds;
	*power = (double)caught / seeds;
	*mean_n = (double)used / (4.0 * seeds);
}

static void test_u_and_holm(void)
{
	const double a[] = {1, 2, 3, 4, 5}, b[] = {6, 7, 8, 9, 10};
	const double p[] = {0.01, 0.04, 0.03}, want[] = {0.03, 0.06, 0.06};
	const double t1[] = {1, 1, 2, 2, 3}, t2[] = {1, 2, 2, 3, 3};
	double adj[3];

	/* U = 0, mean 12.5, var 25*11/12, z = 12/4.787 -> p = 0.012186 */
	ok(fabs(fb_mann_whitney_p(a, 5, b, 5) - 0.012186) < 1e-5, "U test p %.6f (want %.6f)",
	   fb_mann_whitney_p(a, 5, b, 5), 0.012186);
	ok(fb_mann_whitney_p(a, 5, a, 5) == 1, "identical samples p %g (want 1)",
	   fb_mann_whitney_p(a, 5, a, 5));
	ok(fb_mann_whitney_p(t1, 5, t2, 5) > 0.3, "ties handled, p %g > %g",
	   fb_mann_whitney_p(t1, 5, t2, 5), 0.3);
	fb_holm(p, adj, 3);
	ok(fabs(adj[0] - want[0]) + fabs(adj[1] - want[1]) + fabs(adj[2] - want[2]) < 1e-12,
	   "Holm 0.01,0.04,0.03 -> %g,%g,...", adj[0], adj[1]);
}

static void test_bootstrap(void)
{
	struct fb_cmp_opts o = FB_CMP_DEFAULTS;
	struct fb_cmp_result r1, r2;
	unsigned covered = 0, runs = 150;
	size_t n = 200;
	double *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));

	o.bootstrap = 1000;
	rng_state = 7;
	realistic(a, n, 1000);
	realistic(b, n, 1100);
	fb_cmp_pair(a, n, b, n, &o, &r1);
	fb_cmp_pair(a, n, b, n, &o, &r2);
	ok(r1.ci_lo == r2.ci_lo && r1.ci_hi == r2.ci_hi, "fixed seed, same CI %g-%g", r1.ci_lo,
	   r1.ci_hi);
	ok(r1.ci_lo < r1.ratio && r1.ratio < r1.ci_hi, "CI contains the estimate %g (lo %g)",
	   r1.ratio, r1.ci_lo);
	/*
	 * Coverage of the true ratio, 1.05, without shifted blocks or outliers
	 * deciding it: plain lognormal samples, where the truth is known.
	 */
	for (unsigned s = 0; s < runs; s++) {
		rng_state = 5000 + s;
		for (size_t i = 0; i < n; i++) {
			a[i] = 1000 * exp(0.1 * gauss());
			b[i] = 1050 * exp(0.1 * gauss());
		}
		fb_cmp_pair(a, n, b, n, &o, &r1);
		covered += r1.ci_lo <= 1.05 && 1.05 <= r1.ci_hi;
	}
	ok(covered >= runs * 88 / 100, "95%% CI covers the true ratio in %u of %u runs", covered,
	   runs);
	free(a);
	free(b);
}

int main(int argc, char **argv)
{
	unsigned seeds = argc > 1 ? (unsigned)atoi(argv[1]) : 1000;
	const size_t ns[] = {30, 100, 300, 1000};
	double fpr, power, mean_n;

	printf("TAP version 13\n");
	test_u_and_holm();
	test_bootstrap();
	rates(0, seeds, &fpr, &power, &mean_n);
	printf("# adaptive n (mean %.0f per side), %u seeds each\n", mean_n, seeds);
	ok(fpr <= 0.01, "A/A flags %.2f%% of comparisons (at most 1%%), seeds %u", fpr * 100,
	   seeds);
	ok(power >= 0.95, "5%% slowdown caught in %.2f%% (at least 95%%), seeds %u", power * 100,
	   seeds);
	/* Information for the reader: how the rates depend on n and on drift. */
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		rates(ns[i], seeds / 4, &fpr, &power, &mean_n);
		printf("# n=%zu fixed: A/A flagged %.1f%%, 5%% slowdown caught %.1f%%\n", ns[i],
		       fpr * 100, power * 100);
	}
	block_chance = 0.5;
	rates(0, seeds / 4, &fpr, &power, &mean_n);
	printf("# drift in every other run, adaptive n (mean %.0f): A/A flagged %.1f%%, "
	       "5%% slowdown caught %.1f%%\n",
	       mean_n, fpr * 100, power * 100);
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}

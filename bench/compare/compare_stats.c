// SPDX-License-Identifier: MIT
#include "compare/compare_stats.h"
#include "compare/student_t.h"
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* See fb_cmp_cut below for why a change is flagged from 0.6 of the threshold. */
#define FB_CMP_CUT 0.6

static double mean_ln(const struct fb_run_value *v, size_t k, int skip)
{
	double s = 0;
	size_t n = 0;

	for (size_t i = 0; i < k; i++)
		if (!v[i].excluded && (int)i != skip) {
			s += v[i].ln;
			n++;
		}
	return n ? s / (double)n : NAN;
}

/*
 * The median, over the used runs, of their ln (or of their var_ln, which a
 * run too short for a median CI lacks: it is left out); NAN when none is used.
 */
static double median_used(const struct fb_run_value *v, size_t k, bool of_var)
{
	double *x = malloc((k ? k : 1) * sizeof(*x)), m;
	size_t n = 0;

	if (!x)
		abort();
	for (size_t i = 0; i < k; i++)
		if (!v[i].excluded && !(of_var && isnan(v[i].var_ln)))
			x[n++] = of_var ? v[i].var_ln : v[i].ln;
	fb_sort_doubles(x, n);
	m = n ? fb_quantile(x, n, 0.5) : NAN;
	free(x);
	return m;
}

static double median_ln(const struct fb_run_value *v, size_t k)
{
	return median_used(v, k, false);
}

/* Sum of squared deviations of the used runs from their side's mean; adds their df. */
static double sum_sq(const struct fb_run_value *v, size_t k, int skip, size_t *df)
{
	double m = mean_ln(v, k, skip), s = 0;
	size_t n = 0;

	for (size_t i = 0; i < k; i++)
		if (!v[i].excluded && (int)i != skip) {
			s += (v[i].ln - m) * (v[i].ln - m);
			n++;
		}
	*df += n ? n - 1 : 0;
	return s;
}

/*
 * The within-run noise of the used runs' figures: the median of their
 * variances, since one run whose samples split between two placements can
 * have a median CI wider than every other run's together.
 */
static double within(const struct fb_run_value *v, size_t k)
{
	double m = median_used(v, k, true);

	return isnan(m) ? 0 : m;
}

/*
 * Outlier runs, on a side of three or more: a QEMU boot that ran 1.4-1.9x
 * slower (seen here in about one boot in five) must not widen the interval
 * until nothing can be seen. Disturbance only ever slows a run down, so the
 * undisturbed runs are found from the fastest: first the runs within
 * `floor` of their side's fastest (floor: three thresholds, and never less
 * than FB_CMP_OUTLIER_MIN, more than ordinary spread), then every run
 * within z between-run SDs of that cluster's median, the SD measured on the
 * cluster itself (both sides pooled, never below the within-run noise),
 * until the cluster stops growing. A median of all runs would side with a
 * slow majority, and an SD of all runs would let a second slow run hide the
 * first. What is left out stays in the output, named, with its factor; a
 * side left with one run gives no spread, and then the verdict needs the
 * run-to-run allowance (fb_cmp_cut).
 */
static void exclude_outliers(struct fb_run_value *a, size_t ka, struct fb_run_value *b, size_t kb,
			     double floor, double z)
{
	double noise = sqrt((within(a, ka) + within(b, kb)) / 2);

	/* start from the runs near each side's fastest */
	for (int side = 0; side < 2; side++) {
		struct fb_run_value *v = side ? b : a;
		size_t k = side ? kb : ka;
		double lo = INFINITY;

		for (size_t i = 0; i < k; i++)
			lo = v[i].ln < lo ? v[i].ln : lo;
		for (size_t i = 0; i < k; i++)
			v[i].excluded = k >= FB_CMP_MIN_RUNS && v[i].ln > lo + floor;
	}
	/* grow the undisturbed cluster until it holds every run its own spread allows */
	for (size_t round = 0; round < ka + kb; round++) {
		size_t df = 0;
		double ss = sum_sq(a, ka, -1, &df) + sum_sq(b, kb, -1, &df), sd, reach;
		bool changed = false;

		sd = df ? sqrt(ss / (double)df) : 0;
		sd = sd > noise ? sd : noise;
		reach = z * sd > floor ? z * sd : floor;
		for (int side = 0; side < 2; side++) {
			struct fb_run_value *v = side ? b : a;
			size_t k = side ? kb : ka;
			double anchor = median_ln(v, k);

			for (size_t i = 0; i < k; i++) {
				bool out = k >= FB_CMP_MIN_RUNS && v[i].ln - anchor > reach;

				changed |= out != v[i].excluded;
				v[i].excluded = out;
				v[i].outlier = out ? exp(v[i].ln - anchor) : 0;
			}
		}
		if (!changed)
			break;
	}
}

/* Sample variance of the used runs' logs, never below their own within-run noise. */
static double side_var(const struct fb_run_value *v, size_t k, size_t *used)
{
	double m = mean_ln(v, k, -1), s = 0, noise = within(v, k);

	*used = 0;
	for (size_t i = 0; i < k; i++)
		if (!v[i].excluded) {
			s += (v[i].ln - m) * (v[i].ln - m);
			(*used)++;
		}
	s = *used > 1 ? s / (double)(*used - 1) : 0;
	return s > noise ? s : noise;
}

static size_t samples(const struct fb_run_value *v, size_t k)
{
	size_t n = 0;

	for (size_t i = 0; i < k; i++)
		n += v[i].excluded ? 0 : v[i].n;
	return n;
}

void fb_cmp_runs(struct fb_run_value *a, size_t ka, struct fb_run_value *b, size_t kb,
		 const struct fb_cmp_opts *o, struct fb_cmp_result *r)
{
	double va, vb, d, t, tp;

	memset(r, 0, sizeof(*r));
	r->runs_a = ka;
	r->runs_b = kb;
	r->ratio = r->ci_lo = r->ci_hi = r->spread_a = r->spread_b = r->mde = NAN;
	r->p = r->p_adj = 1;
	r->verdict = FB_TOO_FEW;
	if (!ka || !kb)
		return;
	exclude_outliers(a, ka, b, kb, fmax(log1p(3 * o->threshold), log(FB_CMP_OUTLIER_MIN)),
			 o->outlier_z);
	va = side_var(a, ka, &r->ka);
	vb = side_var(b, kb, &r->kb);
	r->na = samples(a, ka);
	r->nb = samples(b, kb);
	r->median_a = exp(mean_ln(a, ka, -1));
	r->median_b = exp(mean_ln(b, kb, -1));
	r->spread_a = r->ka > 1 ? sqrt(va) : NAN;
	r->spread_b = r->kb > 1 ? sqrt(vb) : NAN;
	if (r->ka + r->kb > 2) {
		/*
		 * Student's t with the two sides' between-run variances pooled:
		 * with as many runs a side (the usual case) it keeps its error
		 * rates when the spreads differ, and it has more degrees of
		 * freedom than Welch's, which matters at three runs a side. A side
		 * of a single run borrows the other's spread this way.
		 */
		double v = ((double)(r->ka - 1) * va + (double)(r->kb - 1) * vb) /
			   (double)(r->ka + r->kb - 2);

		r->se = sqrt(v / (double)r->ka + v / (double)r->kb);
		r->df = (double)(r->ka + r->kb - 2);
	} else {
		/* one run each: only the two medians' own uncertainty is known */
		r->se = sqrt(va + vb);
		r->df = INFINITY;
	}
	r->between_runs = isfinite(r->df);
	d = log(r->median_b) - log(r->median_a);
	r->ratio = exp(d);
	if (!(r->se > 0) || !isfinite(d))
		return;
	/* the interval is always 95%; the MDE is at the test's own alpha, 95% power */
	t = isfinite(r->df) ? fb_t_quantile(0.975, r->df) : 1.959964;
	r->ci_lo = exp(d - t * r->se);
	r->ci_hi = exp(d + t * r->se);
	t = isfinite(r->df) ? fb_t_quantile(1 - o->alpha / 2, r->df) : 1.959964;
	tp = isfinite(r->df) ? fb_t_quantile(0.95, r->df) : 1.644854;
	r->mde = expm1((t + tp) * r->se);
	r->p = isfinite(r->df) ? 2 * (1 - fb_t_cdf(fabs(d) / r->se, r->df))
			       : erfc(fabs(d) / r->se / sqrt(2));
	r->p_adj = r->p;
	r->verdict = FB_NO_CHANGE;
}

/* The order of p-values for Holm's step-down: by p, ties by position (a stable order). */
static int by_p(const void *x, const void *y, void *arg)
{
	const double *p = arg;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;

	if (p[i] != p[j])
		return p[i] < p[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

void fb_holm(const double *p, double *padj, size_t n)
{
	size_t *order = malloc((n ? n : 1) * sizeof(*order));
	double run = 0;

	if (!order)
		abort();
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* n is the number of entries: 30,000 of them must not cost an insertion sort */
	qsort_r(order, n, sizeof(*order), by_p, (void *)p);
	for (size_t k = 0; k < n; k++) {
		double v = p[order[k]] * (double)(n - k);

		if (v > run)
			run = v; /* step-down: adjusted p-values never decrease */
		padj[order[k]] = run < 1 ? run : 1;
	}
	free(order);
}

/*
 * A change is flagged when it is significant (Holm-adjusted p below alpha)
 * and its size reaches FB_CMP_CUT of the threshold.
 *
 * Why not the threshold itself: the threshold is the smallest slowdown
 * users want caught, so a true slowdown of exactly the threshold must be
 * flagged, and a cut at the threshold misses it half the time. With the
 * ratio's error s, a false alarm at most 1% of the time needs cut >= 2.326
 * s and catching 95% needs threshold - cut >= 1.645 s; cut = 0.59 threshold
 * meets both with the largest s.
 *
 * With fewer than FB_CMP_MIN_RUNS runs a side the interval cannot be
 * trusted to hold the run-to-run variation (two runs of the same binary
 * differed by up to 36% here), so nothing below the allowance is flagged.
 */
double fb_cmp_cut(const struct fb_cmp_opts *opts, const struct fb_cmp_result *r)
{
	double cut = opts->threshold * FB_CMP_CUT;

	/*
	 * The spread between runs is known only from FB_CMP_MIN_RUNS runs a
	 * side, two of them undisturbed: a side left with one run after its
	 * outliers (two slow boots of three) gives a figure but no spread.
	 */
	if (r &&
	    (r->runs_a < FB_CMP_MIN_RUNS || r->runs_b < FB_CMP_MIN_RUNS || r->ka < 2 ||
	     r->kb < 2) &&
	    opts->allowance > cut)
		cut = opts->allowance;
	return cut;
}

enum fb_verdict fb_cmp_verdict(const struct fb_cmp_result *r, const struct fb_cmp_opts *opts)
{
	double cut = fb_cmp_cut(opts, r);

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

// SPDX-License-Identifier: MIT
#include "compare/run_values.h"
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define Z95 1.959964

const char *fb_place_name(int place)
{
	static const char *const names[] = {"same CPU", "other CPU", "unknown"};

	return place >= 0 && place < FB_NPLACES ? names[place] : "?";
}

static int place_of(const struct fb_rentry *e, size_t i)
{
	if (!e->parent_cpu || i >= e->nsamples || e->parent_cpu[i] < 0 || e->child_cpu[i] < 0)
		return FB_PLACE_UNKNOWN;
	return e->parent_cpu[i] == e->child_cpu[i] ? FB_PLACE_SAME : FB_PLACE_OTHER;
}

/* Median of v (sorted in place) and the variance of that median from its 95% CI, or NAN. */
static double median_and_var(double *v, size_t n, double *var)
{
	double lo, hi;

	fb_sort_doubles(v, n);
	fb_median_ci(v, n, Z95, &lo, &hi);
	*var = ((hi - lo) / (2 * Z95)) * ((hi - lo) / (2 * Z95));
	return fb_quantile(v, n, 0.5);
}

/*
 * The lower quartile of sorted v and its variance, from the ranks that
 * bracket it with 95% confidence (n q -+ 1.96 sqrt(n q (1 - q))).
 */
static double quartile_and_var(const double *v, size_t n, double *var)
{
	double q = FB_RUN_QUANTILE, half = Z95 * sqrt((double)n * q * (1 - q)), lo, hi;
	long a = (long)floor((double)n * q - half), b = (long)ceil((double)n * q + half);

	if (a < 0)
		a = 0;
	if (b > (long)n - 1)
		b = (long)n - 1;
	lo = v[a];
	hi = v[b];
	*var = ((hi - lo) / (2 * Z95)) * ((hi - lo) / (2 * Z95));
	return fb_quantile(v, n, q);
}

bool fb_run_value_of(const struct fb_results *file, const struct fb_rentry *e, int point, int index,
		     struct fb_run_value *v)
{
	const struct fb_rpoint *p = &e->points[point];
	/*
	 * Version 2 says each value's sample; in version 1 the per-sample CPUs
	 * and runs are parallel to the point's samples only when as many.
	 */
	bool aligned = p->sample || p->n == e->nsamples;
	double *all, *by[FB_NPLACES], var;
	size_t n = 0;

	memset(v, 0, sizeof(*v));
	v->file = file;
	v->index = index;
	/*
	 * A version 1 point that not every sample has cannot be told apart
	 * by run: in a file of several runs it is not compared at all, rather
	 * than put whole into its first run.
	 */
	if (!p->present || !p->n || (!aligned && e->run_of))
		return false;
	all = malloc(p->n * sizeof(*all) * (1 + FB_NPLACES));
	if (!all)
		abort();
	for (int k = 0; k < FB_NPLACES; k++)
		by[k] = all + p->n * (size_t)(k + 1);
	for (size_t i = 0; i < p->n; i++) {
		size_t s = p->sample ? p->sample[i] : i;
		int run = aligned && e->run_of ? e->run_of[s] : 0;
		int place = aligned ? place_of(e, s) : FB_PLACE_UNKNOWN;

		if (run != index)
			continue;
		all[n++] = p->ns[i];
		by[place][v->place_n[place]++] = p->ns[i];
	}
	if (n) {
		v->n = n;
		v->median = median_and_var(all, n, &var); /* sorts all */
		v->value = quartile_and_var(all, n, &var);
		v->ln = v->value > 0 ? log(v->value) : NAN;
		v->var_ln = v->value > 0 ? var / (v->value * v->value) : NAN;
		for (int k = 0; k < FB_NPLACES; k++)
			if (v->place_n[k])
				v->place_median[k] =
					median_and_var(by[k], v->place_n[k], &v->place_var[k]);
	}
	free(all);
	return n > 0;
}

static void weigh(struct fb_run_value *v, const double w[FB_NPLACES])
{
	double value = 0, var = 0;

	for (int k = 0; k < FB_NPLACES; k++) {
		if (w[k] == 0) /* left out: its variance may be NAN (too few samples for a CI) */
			continue;
		value += w[k] * v->place_median[k];
		var += w[k] * w[k] * v->place_var[k];
	}
	v->value = value;
	v->ln = value > 0 ? log(value) : NAN;
	v->var_ln = value > 0 ? var / (value * value) : NAN;
}

/* Whether every run of both sides has enough samples of placement k. */
static bool every_run_has(const struct fb_run_value *a, size_t na, const struct fb_run_value *b,
			  size_t nb, int k)
{
	for (size_t i = 0; i < na + nb; i++)
		if ((i < na ? &a[i] : &b[i - na])->place_n[k] < FB_PLACE_MIN_SAMPLES)
			return false;
	return true;
}

/* Placement k's share of one side's samples. */
static double side_share(const struct fb_run_value *v, size_t n, int k)
{
	size_t total = 0, count = 0;

	for (size_t i = 0; i < n; i++) {
		count += v[i].place_n[k];
		total += v[i].n;
	}
	return total ? (double)count / (double)total : 0;
}

bool fb_run_values_weigh(const struct fb_run_value *a, size_t na, const struct fb_run_value *b,
			 size_t nb, struct fb_run_value *wa, struct fb_run_value *wb,
			 double w[FB_NPLACES])
{
	size_t total = 0, count[FB_NPLACES] = {0};

	memset(w, 0, FB_NPLACES * sizeof(*w));
	for (size_t i = 0; i < na + nb; i++) {
		const struct fb_run_value *v = i < na ? &a[i] : &b[i - na];

		for (int k = 0; k < FB_NPLACES; k++)
			count[k] += v->place_n[k];
		total += v->n;
	}
	if (!total || count[FB_PLACE_UNKNOWN])
		return false;
	for (int k = FB_PLACE_SAME; k <= FB_PLACE_OTHER; k++)
		if (side_share(a, na, k) < FB_PLACE_MIN_SHARE ||
		    side_share(b, nb, k) < FB_PLACE_MIN_SHARE || !every_run_has(a, na, b, nb, k))
			return false;
	for (int k = FB_PLACE_SAME; k <= FB_PLACE_OTHER; k++)
		w[k] = (double)count[k] / (double)total;
	memcpy(wa, a, na * sizeof(*a));
	memcpy(wb, b, nb * sizeof(*b));
	for (size_t i = 0; i < na + nb; i++)
		weigh(i < na ? &wa[i] : &wb[i - na], w);
	return true;
}

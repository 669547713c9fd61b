// SPDX-License-Identifier: MIT
/*
 * An entry's summaries and counts against its samples (results_rules.h).
 * compare recomputes every figure from the samples, but the plots draw a
 * point's stored summary (p10, p50, p90): a file whose summary says other
 * than its samples would plot one thing and compare another. So a summary
 * must be the samples' own (as bench/stats computes it, to the digits the
 * writer keeps), ordered (p50 <= p99), with a CI only around its median,
 * and every count (n, the kinds, the children, the COW faults) the length
 * of what it counts.
 */
#include "results/results_rules.h"
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The summary's quantiles in order, with the figure bench/stats computes for each. */
struct field {
	const char *key;
	double (*of)(const struct fb_summary *s);
};

#define FIELD(k, m)                                                                                \
	static double k##_of(const struct fb_summary *s)                                           \
	{                                                                                          \
		return s->m;                                                                       \
	}
FIELD(min, min)
FIELD(p10, p10)
FIELD(p25, p25)
FIELD(p50, p50)
FIELD(p75, p75)
FIELD(p90, p90)
FIELD(p99, p99)
FIELD(p99_9, p999)
FIELD(max, max)
FIELD(mean, mean)

static const struct field ordered[] = {
	{"min", min_of}, {"p10", p10_of},   {"p25", p25_of}, {"p50", p50_of},
	{"p75", p75_of}, {"p90", p90_of},   {"p99", p99_of}, {"p99_9", p99_9_of},
	{"max", max_of}, {"mean", mean_of}, /* not ordered: the last, apart */
};
#define NORDERED 9 /* the quantiles, min to max */

/*
 * Equal within what the file can keep: the writer prints 10 significant
 * digits (a few parts in 10^10 read back), and samples are whole
 * nanoseconds, so a summary of times a tool scaled before it rounded them
 * is off by under one. More than that, and the summary says what the
 * samples do not.
 */
static bool same_figure(double stored, double computed)
{
	return fabs(stored - computed) <= 1 + 1e-7 * fmax(fabs(stored), fabs(computed));
}

/* An optional integer member equal to want ("n": the values it counts). */
static int count_is(struct fb_jw *v, json_t *obj, const char *key, size_t want, const char *what)
{
	json_t *j = json_object_get(obj, key);
	size_t mark;

	if (!j)
		return 0;
	mark = fb_jw_push_key(v, key);
	if (!json_is_integer(j)) {
		char t[64];

		fb_jw_bad(v, "%s where a count is", fb_jw_kinds(fb_jw_type(j), t, sizeof(t)));
		fb_jw_pop(v, mark);
		return -1;
	}
	if (json_integer_value(j) == (json_int_t)want) {
		fb_jw_pop(v, mark);
		return 0;
	}
	fb_jw_bad(v, "%lld, but %s %zu", (long long)json_integer_value(j), what, want);
	fb_jw_pop(v, mark);
	return -1;
}

/* ci95: null, or [lo, hi] around the median (and none below 6 samples from version 3). */
static int check_ci(struct fb_jw *v, json_t *sum, size_t n)
{
	json_t *ci = json_object_get(sum, "ci95"), *p50 = json_object_get(sum, "p50");
	double lo, hi;
	size_t mark;

	if (!ci || json_is_null(ci))
		return 0;
	mark = fb_jw_push_key(v, "ci95");
	if (!json_is_array(ci) || json_array_size(ci) != 2 ||
	    !json_is_number(json_array_get(ci, 0)) || !json_is_number(json_array_get(ci, 1)))
		return fb_jw_bad(v, "neither null nor [lo, hi]");
	if (!json_is_number(p50))
		return fb_jw_bad(v, "a CI of the median, but the summary has no p50");
	lo = json_number_value(json_array_get(ci, 0));
	hi = json_number_value(json_array_get(ci, 1));
	if (!(lo <= json_number_value(p50) && json_number_value(p50) <= hi))
		return fb_jw_bad(v, "[%g, %g] does not hold its median p50 (%g)", lo, hi,
				 json_number_value(p50));
	if (v->version >= 3 && n < FB_MEDIAN_CI_MIN_N)
		return fb_jw_bad(v,
				 "a CI of the median from %zu samples, which cannot bracket it "
				 "with 95%% confidence (null below %d)",
				 n, FB_MEDIAN_CI_MIN_N);
	fb_jw_pop(v, mark);
	return 0;
}

/* The summary's figures: numbers, in order, and those of the samples themselves. */
static int check_figures(struct fb_jw *v, json_t *sum, json_t *samples)
{
	size_t n = json_array_size(samples), i;
	double *x = malloc((n ? n : 1) * sizeof(*x)), last = -INFINITY;
	const char *prev = NULL;
	struct fb_summary s;
	json_t *j;
	int rc = 0;

	if (!x)
		abort();
	json_array_foreach(samples, i, j)
	{
		x[i] = (double)json_integer_value(j);
	}
	fb_summarize(x, n, &s);
	free(x);
	for (i = 0; i < sizeof(ordered) / sizeof(ordered[0]) && !rc; i++) {
		size_t mark;
		double f;

		j = json_object_get(sum, ordered[i].key);
		if (!j)
			continue;
		mark = fb_jw_push_key(v, ordered[i].key);
		f = json_number_value(j);
		if (!json_is_number(j))
			rc = fb_jw_bad(v, "not a number");
		else if (i < NORDERED && f < last)
			rc = fb_jw_bad(v, "%g is below %s (%g): quantiles rise", f, prev, last);
		else if (n && !same_figure(f, ordered[i].of(&s)))
			rc = fb_jw_bad(v, "%.10g, but the samples' %s is %.10g", f, ordered[i].key,
				       ordered[i].of(&s));
		fb_jw_pop(v, mark);
		if (i < NORDERED) {
			last = f;
			prev = ordered[i].key;
		}
	}
	return rc;
}

static int check_point(struct fb_jw *v, json_t *pt)
{
	json_t *samples = json_object_get(pt, "samples_ns"), *sum = json_object_get(pt, "summary");
	size_t n = json_array_size(samples), mark;
	char t[64];

	if (count_is(v, pt, "n", n, "samples_ns holds"))
		return -1;
	if (!sum)
		return 0;
	mark = fb_jw_push_key(v, "summary");
	if (!json_is_object(sum))
		return fb_jw_bad(v, "%s where the schema has an object",
				 fb_jw_kinds(fb_jw_type(sum), t, sizeof(t)));
	if (count_is(v, sum, "n", n, "samples_ns holds") || check_ci(v, sum, n) ||
	    check_figures(v, sum, samples))
		return -1;
	fb_jw_pop(v, mark);
	return 0;
}

/* Version 2: the samples of each kind, counted. */
static size_t count_kind(json_t *ks, json_int_t kind)
{
	size_t n = 0, i;
	json_t *x;

	json_array_foreach(ks, i, x)
	{
		n += json_integer_value(x) == kind;
	}
	return n;
}

/* The counts of the entry's samples: sampling.n, its kinds, one child per sample. */
static int check_counts(struct fb_jw *v, json_t *e)
{
	json_t *ks = json_object_get(e, "kind_of_sample"),
	       *sampling = json_object_get(e, "sampling");
	json_t *children = json_object_get(json_object_get(e, "pids"), "children");
	json_t *cow = json_object_get(e, "cow");
	json_t *cow_pt = json_object_get(json_object_get(e, "points"), "cow");
	size_t mark = v->len, nsamples = json_array_size(ks);

	if (json_is_array(ks) && json_is_object(sampling)) {
		json_t *kinds = json_object_get(sampling, "kinds");

		fb_jw_push_key(v, "sampling");
		if (count_is(v, sampling, "n", nsamples, "kind_of_sample holds"))
			return -1;
		if (json_is_object(kinds)) {
			fb_jw_push_key(v, "kinds");
			if (count_is(v, kinds, "plain", count_kind(ks, 0),
				     "kind_of_sample counts plain samples:") ||
			    count_is(v, kinds, "probe", count_kind(ks, 1),
				     "kind_of_sample counts probes:"))
				return -1;
		}
		fb_jw_pop(v, mark);
	}
	/* a child per sample, where the children were recorded */
	if (json_is_array(ks) && json_array_size(children) &&
	    json_array_size(children) != nsamples) {
		fb_jw_push_key(v, "pids");
		fb_jw_push_key(v, "children");
		return fb_jw_bad(v, "%zu children for %zu samples: one per sample",
				 json_array_size(children), nsamples);
	}
	if (json_is_object(cow) && json_is_array(json_object_get(cow, "faults")) &&
	    json_is_object(cow_pt) &&
	    json_array_size(json_object_get(cow, "faults")) !=
		    json_array_size(json_object_get(cow_pt, "samples_ns"))) {
		fb_jw_push_key(v, "cow");
		fb_jw_push_key(v, "faults");
		return fb_jw_bad(v, "%zu counts of faults for %zu COW phases: one per phase",
				 json_array_size(json_object_get(cow, "faults")),
				 json_array_size(json_object_get(cow_pt, "samples_ns")));
	}
	return 0;
}

int fb_results_check_summaries(struct fb_jw *v, json_t *e)
{
	json_t *points = json_object_get(e, "points"), *pt;
	const char *name;
	size_t mark = fb_jw_push_key(v, "points"), inner = v->len;

	json_object_foreach(points, name, pt)
	{
		if (fb_point_from_name(name) < 0)
			continue; /* a newer writer's point: not read */
		fb_jw_push_key(v, name);
		if (check_point(v, pt))
			return -1;
		fb_jw_pop(v, inner);
	}
	fb_jw_pop(v, mark);
	return check_counts(v, e);
}

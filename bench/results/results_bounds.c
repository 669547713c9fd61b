// SPDX-License-Identifier: MIT
/*
 * What an entry's samples can physically be (results_rules.h). A sample
 * is the difference of two reads of the run's clock around a creation: it
 * cannot be shorter than the fastest pair of reads with nothing between
 * them, nor longer than the whole run. compare judged round trips of 1 ns
 * "faster" and of 2^62 ns (a 27-hour fork) "slower". A file timed with
 * the cache model holds cycles in samples_ns: there the cost must be the
 * one its counts and weights give, and the instruction time beside it
 * takes the clock's bounds. CPUs are ones the machine has; the kernel's
 * phase times belong to samples the entry has.
 */
#include "results/results_rules.h"

#include <limits.h>
#include <string.h>

/* Every value of array a (integers, checked) within [lo, hi] (hi 0: no upper bound). */
static int within(struct fb_jw *v, json_t *a, double lo, double hi, const char *why_lo,
		  const char *why_hi)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
	{
		double t = (double)json_integer_value(x);

		if (t >= lo && (hi <= 0 || t <= hi))
			continue;
		fb_jw_push_index(v, i);
		if (t < lo)
			return fb_jw_bad(v, "%.0f ns is below %s (%.0f ns)", t, why_lo, lo);
		return fb_jw_bad(v, "%.0f ns is beyond %s (%.0f ns)", t, why_hi, hi);
	}
	return 0;
}

/* A time array of the entry (samples_ns, icount_ns) within the run's bounds. */
static int time_bounds(struct fb_jw *v, json_t *obj, const char *key)
{
	json_t *a = json_object_get(obj, key);
	size_t mark;
	int rc;

	if (!json_is_array(a))
		return 0;
	mark = fb_jw_push_key(v, key);
	rc = within(v, a, v->floor_ns, v->ceiling_ns,
		    "the fastest pair of clock reads the run measured (run.clock)",
		    "the whole run's duration (run.duration_s)");
	fb_jw_pop(v, mark);
	return rc;
}

/*
 * The cost of each sample of a point timed with the model: instructions
 * plus each weighted count (docs/model.md), when the file gives its
 * weights and the point its counts.
 */
static int model_cost(struct fb_jw *v, json_t *pt, json_t *model)
{
	json_t *ns = json_object_get(pt, "samples_ns"), *w;
	json_t *instr = json_object_get(model, "instructions");
	const char *counter;
	size_t i, mark;

	if (!v->weights || !json_is_array(instr))
		return 0;
	json_object_foreach(v->weights, counter, w)
	{
		if (!json_is_number(w) || !json_is_array(json_object_get(model, counter)))
			return 0; /* not every count the cost needs is here */
	}
	for (i = 0; i < json_array_size(ns); i++) {
		__int128 cost = json_integer_value(json_array_get(instr, i));

		json_object_foreach(v->weights, counter, w)
		{
			cost += (__int128)json_number_value(w) *
				json_integer_value(
					json_array_get(json_object_get(model, counter), i));
		}
		if (cost == json_integer_value(json_array_get(ns, i)))
			continue;
		mark = fb_jw_push_key(v, "samples_ns");
		fb_jw_push_index(v, i);
		fb_jw_bad(v,
			  "%lld cycles, but its counts and context.timing.model.weights give "
			  "%lld",
			  (long long)json_integer_value(json_array_get(ns, i)),
			  cost > LLONG_MAX ? LLONG_MAX : (long long)cost);
		fb_jw_pop(v, mark);
		return -1;
	}
	return 0;
}

static int point_bounds(struct fb_jw *v, json_t *pt)
{
	json_t *model = json_object_get(pt, "model");
	size_t mark;
	int rc;

	if (!v->clock || strcmp(v->clock, "model") || !json_is_object(model))
		return time_bounds(v, pt, "samples_ns");
	/* cycles: the cost formula; the instruction time beside them is time */
	rc = model_cost(v, pt, model);
	mark = fb_jw_push_key(v, "model");
	rc = rc || time_bounds(v, model, "icount_ns");
	fb_jw_pop(v, mark);
	return rc;
}

/* Every value of an integer array below n, or -1 where it may be -1 too (CPUs). */
static int below(struct fb_jw *v, json_t *obj, const char *key, long long n, const char *what)
{
	json_t *a = json_object_get(obj, key), *x;
	size_t i, mark;

	if (!json_is_array(a) || n <= 0)
		return 0;
	mark = fb_jw_push_key(v, key);
	json_array_foreach(a, i, x)
	{
		if (json_integer_value(x) < n)
			continue;
		fb_jw_push_index(v, i);
		return fb_jw_bad(v, "%lld is beyond %s (%lld)", (long long)json_integer_value(x),
				 what, n - 1);
	}
	fb_jw_pop(v, mark);
	return 0;
}

/* The CPUs of each sample and the pinning asked for: ones context.cpu counts. */
static int cpu_bounds(struct fb_jw *v, json_t *e)
{
	static const char what[] = "the last CPU context.cpu counts";
	json_t *p = json_object_get(e, "parameters");
	const char *keys[] = {"cpu", "child_cpu"};
	size_t mark;

	for (int k = 0; k < 2 && v->ncpus > 0; k++) {
		json_t *c = json_object_get(p, keys[k]);

		if (json_integer_value(c) < v->ncpus)
			continue;
		mark = fb_jw_push_key(v, "parameters");
		fb_jw_push_key(v, keys[k]);
		fb_jw_bad(v, "%lld is beyond %s (%lld)", (long long)json_integer_value(c), what,
			  v->ncpus - 1);
		fb_jw_pop(v, mark);
		return -1;
	}
	if (!json_is_object(json_object_get(e, "cpus")))
		return 0;
	mark = fb_jw_push_key(v, "cpus");
	if (below(v, json_object_get(e, "cpus"), "parent", v->ncpus, what) ||
	    below(v, json_object_get(e, "cpus"), "child", v->ncpus, what))
		return -1;
	fb_jw_pop(v, mark);
	return 0;
}

/*
 * Sample kinds and runs: each sample of a kind run.sample_kinds names, and
 * none of a run after the one that was cut.
 */
static int run_bounds(struct fb_jw *v, json_t *e)
{
	if (v->nkinds &&
	    below(v, e, "kind_of_sample", v->nkinds, "the kinds run.sample_kinds names"))
		return -1;
	if (v->runs_done >= v->runs)
		return 0;
	return below(v, e, "run_of_sample", (long long)v->runs_done + 1,
		     "the run that was cut (run.runs_done)");
}

/*
 * The kernel's phase times (kernel-patch/): each value belongs to a sample
 * of the entry (phases.sample), one per sample listed, and lasts no longer
 * than the run. compare splits them by run through those samples.
 */
static int phase_bounds(struct fb_jw *v, json_t *e, size_t nsamples)
{
	json_t *phases = json_object_get(e, "phases"), *by, *ph, *a;
	json_t *sample = json_object_get(phases, "sample");
	const char *name;
	size_t mark, inner, n;

	if (!json_is_object(phases))
		return 0;
	mark = fb_jw_push_key(v, "phases");
	if (json_is_array(sample) &&
	    fb_jw_int_array(v, phases, "sample", true, 0,
			    nsamples ? (long long)nsamples - 1 : LLONG_MAX, &a, &n))
		return -1;
	if (fb_jw_member(v, phases, "phases", FB_JW_OBJ, false, &by))
		return -1;
	fb_jw_push_key(v, "phases");
	inner = v->len;
	json_object_foreach(by, name, ph)
	{
		size_t k;

		fb_jw_push_key(v, name);
		if (fb_jw_member(v, by, name, FB_JW_OBJ, true, &ph) ||
		    fb_jw_int_array(v, ph, "samples", true, 0, LLONG_MAX, &a, &k) ||
		    within(v, a, 0, v->ceiling_ns, "", "the whole run's duration (run.duration_s)"))
			return -1;
		if (json_is_array(sample) && k != json_array_size(sample))
			return fb_jw_bad(v, "%zu values for %zu samples in phases.sample", k,
					 json_array_size(sample));
		fb_jw_pop(v, inner);
	}
	fb_jw_pop(v, mark);
	return 0;
}

int fb_results_check_bounds(struct fb_jw *v, json_t *e)
{
	json_t *points = json_object_get(e, "points"), *pt;
	json_t *ks = json_object_get(e, "kind_of_sample");
	const char *name;
	size_t mark = fb_jw_push_key(v, "points"), inner = v->len;
	size_t nsamples =
		json_is_array(ks)
			? json_array_size(ks)
			: json_array_size(json_object_get(json_object_get(e, "cpus"), "parent"));

	json_object_foreach(points, name, pt)
	{
		if (fb_point_from_name(name) < 0)
			continue; /* a newer writer's point: not read */
		fb_jw_push_key(v, name);
		if (point_bounds(v, pt))
			return -1;
		fb_jw_pop(v, inner);
	}
	fb_jw_pop(v, mark);
	return cpu_bounds(v, e) || run_bounds(v, e) || phase_bounds(v, e, nsamples) ? -1 : 0;
}

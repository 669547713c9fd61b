// SPDX-License-Identifier: MIT
/*
 * The samples of an interrupted run --runs N that no reader uses
 * (results_read.h): run.runs_done runs finished whole, and the samples of
 * the run that was cut (run_of_sample equal to runs_done) are left out,
 * unless no run finished, where that one cut run is all there is. They are
 * taken out of the entry's JSON before it is read, from every array that
 * runs parallel to the samples or to a point's values, so that every
 * reader (compare's run values, its phase and model parts, the store's
 * figures, export) sees the finished runs and nothing else.
 */
#include "results/results_cut.h"
#include "core/sample.h"
#include "results/results_rules.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A new array of the values of a whose index i has keep[i] (a is as long as keep). */
static void filter(json_t *obj, const char *key, const bool *keep, size_t n)
{
	json_t *a = json_object_get(obj, key), *out;

	if (!json_is_array(a) || json_array_size(a) != n)
		return; /* not parallel to what keep counts: left as it is */
	out = json_array();
	for (size_t i = 0; i < n; i++)
		if (keep[i])
			json_array_append(out, json_array_get(a, i));
	json_object_set_new(obj, key, out);
}

/* Every array member of obj's members (counters.events.X.samples, trace.events_per_sample.X). */
static void filter_each(json_t *obj, const char *key, const bool *keep, size_t n)
{
	const char *name;
	json_t *v;

	json_object_foreach(obj, name, v)
	{
		if (key)
			filter(v, key, keep, n);
		else
			filter(obj, name, keep, n);
	}
}

/*
 * A point's values: version 2 on, the k-th is the k-th sample of the
 * point's kind; version 1, the values are the samples when as many.
 */
static void cut_point(json_t *e, json_t *pt, const char *name, const bool *keep, size_t n,
		      int version)
{
	json_t *ks = json_object_get(e, "kind_of_sample");
	size_t nv = json_array_size(json_object_get(pt, "samples_ns")), k = 0;
	bool *vkeep = calloc(nv ? nv : 1, sizeof(*vkeep));
	const char *kname = json_string_value(json_object_get(pt, "kind"));
	int kind = kname && !strcmp(kname, "probe") ? FB_KIND_PROBE : FB_KIND_PLAIN;

	if (!vkeep)
		abort();
	if (version >= 2) {
		for (size_t s = 0; s < n && k < nv; s++)
			if (json_integer_value(json_array_get(ks, s)) == kind)
				vkeep[k++] = keep[s];
	} else if (nv == n) {
		for (k = 0; k < nv; k++)
			vkeep[k] = keep[k];
	} else {
		free(vkeep);
		return; /* a version 1 point of some samples: its runs cannot be told */
	}
	filter(pt, "samples_ns", vkeep, nv);
	filter_each(json_object_get(pt, "model"), NULL, vkeep, nv);
	if (!strcmp(name, "cow"))
		filter(json_object_get(e, "cow"), "faults", vkeep, nv);
	if (!strcmp(name, "roundtrip"))
		filter(e, "times", vkeep, nv);
	if (json_is_integer(json_object_get(pt, "n")))
		json_object_set_new(pt, "n",
				    json_integer((json_int_t)json_array_size(
					    json_object_get(pt, "samples_ns"))));
	free(vkeep);
}

/* The kernel's phase times: each value's sample in phases.sample, renumbered. */
static void cut_phases(json_t *phases, const bool *keep, const size_t *renumber, size_t n)
{
	json_t *sample = json_object_get(phases, "sample"), *out, *x;
	size_t np = json_array_size(sample), i;
	bool *pkeep;

	if (!json_is_array(sample))
		return;
	pkeep = calloc(np ? np : 1, sizeof(*pkeep));
	out = json_array();
	if (!pkeep || !out)
		abort();
	json_array_foreach(sample, i, x)
	{
		size_t s = (size_t)json_integer_value(x);

		pkeep[i] = s < n && keep[s];
		if (pkeep[i])
			json_array_append_new(out, json_integer((json_int_t)renumber[s]));
	}
	filter_each(json_object_get(phases, "phases"), "samples", pkeep, np);
	filter_each(json_object_get(phases, "copy_mm_copied"), "samples", pkeep, np);
	json_object_set_new(phases, "sample", out);
	free(pkeep);
}

void fb_results_cut_runs(json_t *e, int version, int runs_used)
{
	json_t *runs = json_object_get(e, "run_of_sample"), *points, *pt;
	size_t n = json_array_size(runs), kept = 0;
	bool *keep;
	size_t *renumber;
	const char *name;

	if (!json_is_array(runs))
		return;
	keep = calloc(n ? n : 1, sizeof(*keep));
	renumber = calloc(n ? n : 1, sizeof(*renumber));
	if (!keep || !renumber)
		abort();
	for (size_t s = 0; s < n; s++) {
		keep[s] = json_integer_value(json_array_get(runs, s)) < runs_used;
		renumber[s] = kept;
		kept += keep[s];
	}
	points = json_object_get(e, "points");
	json_object_foreach(points, name, pt)
	{
		if (fb_point_from_name(name) >= 0)
			cut_point(e, pt, name, keep, n, version);
	}
	cut_phases(json_object_get(e, "phases"), keep, renumber, n);
	filter_each(json_object_get(json_object_get(e, "counters"), "events"), "samples", keep, n);
	filter_each(json_object_get(json_object_get(e, "trace"), "events_per_sample"), NULL, keep,
		    n);
	filter(json_object_get(e, "cpus"), "parent", keep, n);
	filter(json_object_get(e, "cpus"), "child", keep, n);
	filter(json_object_get(e, "pids"), "children", keep, n);
	filter(e, "kind_of_sample", keep, n);
	filter(e, "run_of_sample", keep, n); /* last: the others were cut by it */
	free(keep);
	free(renumber);
}

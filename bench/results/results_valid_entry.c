// SPDX-License-Identifier: MIT
/*
 * The rules one entry of a results file meets (results_valid_entry.h):
 * its key, its points' samples, the per-sample arrays of both schema
 * versions, and the round trips compare needs of an "ok" entry.
 */
#include "results/results_valid_entry.h"
#include "results/results_rules.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>

static const char *const statuses[] = {"ok", "skipped", "failed", "incomplete", NULL};

/*
 * A point of a file timed with the cache model holds, beside its samples,
 * what the model counted in each: every array of its "model" object is
 * parallel to samples_ns (n values), of non-negative integers.
 */
static int check_model(struct fb_jw *v, json_t *pt, size_t n)
{
	json_t *model, *a;
	const char *key;
	size_t mark, k;

	if (fb_jw_member(v, pt, "model", FB_JW_OBJ, false, &model))
		return -1;
	if (!model)
		return 0;
	mark = fb_jw_push_key(v, "model");
	json_object_foreach(model, key, a)
	{
		if (fb_jw_int_array(v, model, key, true, 0, LLONG_MAX, &a, &k))
			return -1;
		if (k != n) {
			fb_jw_push_key(v, key);
			return fb_jw_bad(
				v, "%zu values for %zu samples: one per value of samples_ns", k, n);
		}
	}
	fb_jw_pop(v, mark);
	return 0;
}

/* An entry's parameters, as the schema has them: they are the key entries match by. */
static int check_parameters(struct fb_jw *v, json_t *e)
{
	static const char *const methods[] = {"fork",	     "vfork",	  "thread",	"pthread",
					      "posix_spawn", "fork_exec", "vfork_exec", "pidfd",
					      "pidfd_open",  NULL};
	static const char *const thp[] = {"off", "on", "system", NULL};
	static const char *const touch[] = {"write", "read", "none", NULL};
	static const char *const sides[] = {"child", "parent", NULL};
	json_t *p, *j;
	size_t mark;
	int rc;

	if (fb_jw_member(v, e, "parameters", FB_JW_OBJ, true, &p))
		return -1;
	mark = fb_jw_push_key(v, "parameters");
	rc = fb_jw_enum(v, p, "method", true, methods) ||
	     fb_jw_int(v, p, "rss_bytes", true, 0, LLONG_MAX) ||
	     fb_jw_enum(v, p, "thp", true, thp) ||
	     fb_jw_int(v, p, "hugetlb_bytes", true, 0, LLONG_MAX) ||
	     fb_jw_enum(v, p, "touch", true, touch) || fb_jw_int(v, p, "vmas", true, 1, INT_MAX) ||
	     fb_jw_int(v, p, "fds", true, 0, INT_MAX) ||
	     fb_jw_int(v, p, "threads", true, 0, INT_MAX) ||
	     fb_jw_member(v, p, "shared", FB_JW_BOOL, true, &j) ||
	     fb_jw_member(v, p, "cow_fraction", FB_JW_NUM, true, &j) ||
	     ((json_number_value(j) < 0 || json_number_value(j) > 1) &&
	      fb_jw_bad(v, "cow_fraction %g is not from 0 to 1", json_number_value(j))) ||
	     fb_jw_enum(v, p, "cow_side", true, sides) ||
	     fb_jw_int(v, p, "cpu", true, -1, INT_MAX) ||
	     fb_jw_int(v, p, "child_cpu", true, -1, INT_MAX) ||
	     fb_jw_int(v, p, "parallel", false, 1, INT_MAX);
	fb_jw_pop(v, mark);
	return rc ? -1 : 0;
}

/* Every run of an "ok" entry has the round trips compare needs of it (when read to compare). */
static int enough_per_run(struct fb_jw *v, const size_t *count)
{
	for (int k = 0; k < v->runs; k++)
		if (count[k] < (size_t)v->min_samples)
			return fb_jw_bad(
				v,
				"an \"ok\" entry needs %d samples in every run for compare; run %d "
				"has %zu",
				v->min_samples, k, count[k]);
	return 0;
}

/* The round trip of an "ok" entry: enough samples in every run for compare to use each. */
static int check_ok(struct fb_jw *v, json_t *rt, json_t *runs_of)
{
	size_t count[FB_RESULTS_MAX_RUNS] = {0}, i;
	json_t *x;

	fb_jw_push_key(v, "points");
	if (!rt) {
		fb_jw_push_key(v, "roundtrip");
		return fb_jw_bad(v, "missing: an \"ok\" entry has its round trip");
	}
	fb_jw_push_key(v, "roundtrip");
	fb_jw_push_key(v, "samples_ns");
	json_array_foreach(rt, i, x)
	{
		count[runs_of ? json_integer_value(json_array_get(runs_of, i)) : 0]++;
	}
	return enough_per_run(v, count);
}

/* run_of_sample: one run index per sample (want of them), required with several runs. */
static int check_run_of_sample(struct fb_jw *v, json_t *e, size_t want, json_t **runs_of)
{
	size_t mark = v->len, nr;
	json_t *j;

	if (fb_jw_member(v, e, "run_of_sample", FB_JW_ARR | FB_JW_NULL, false, &j))
		return -1;
	if (json_is_array(j)) {
		if (fb_jw_int_array(v, e, "run_of_sample", true, 0, v->runs - 1, runs_of, &nr))
			return -1;
		fb_jw_push_key(v, "run_of_sample");
		if (nr != want)
			return fb_jw_bad(v, "%zu run indexes for %zu samples: one per sample", nr,
					 want);
		fb_jw_pop(v, mark);
	} else if (v->runs > 1 && want) {
		fb_jw_push_key(v, "run_of_sample");
		return fb_jw_bad(v, "missing: a file of %d runs says the run of every sample",
				 v->runs);
	}
	return 0;
}

/* The points' samples: in *rt and *nrt, the round trip's. */
static int check_points(struct fb_jw *v, json_t *e, json_t **rt, size_t *nrt)
{
	json_t *points, *pt, *s;
	const char *name;
	size_t mark, inner, n;

	*rt = NULL;
	*nrt = 0;
	if (fb_jw_member(v, e, "points", FB_JW_OBJ, true, &points))
		return -1;
	mark = fb_jw_push_key(v, "points");
	inner = v->len;
	json_object_foreach(points, name, pt)
	{
		if (fb_point_from_name(name) < 0)
			continue; /* a newer writer's point: not read, not refused */
		if (fb_jw_member(v, points, name, FB_JW_OBJ, true, &pt))
			return -1;
		fb_jw_push_key(v, name);
		if (fb_jw_int_array(v, pt, "samples_ns", true, 0, LLONG_MAX, &s, &n) ||
		    check_model(v, pt, n))
			return -1;
		fb_jw_pop(v, inner);
		if (!strcmp(name, "roundtrip")) {
			*rt = s;
			*nrt = n;
		}
	}
	fb_jw_pop(v, mark);
	return 0;
}

/*
 * The per-sample arrays: one parent and one child CPU per sample (or none:
 * placement unknown), and in a file of several runs the run of each.
 */
/*
 * The entry's optional "cpus": the lengths of its parent and child arrays.
 * -1 on an error; 0 when there is none; 1 with the path at "cpus", for the
 * caller's checks of those lengths.
 */
static int read_cpus(struct fb_jw *v, json_t *e, size_t *np, size_t *nc)
{
	json_t *cpus, *a;

	*np = *nc = 0;
	if (fb_jw_member(v, e, "cpus", FB_JW_OBJ, false, &cpus))
		return -1;
	if (!cpus)
		return 0;
	fb_jw_push_key(v, "cpus");
	if (fb_jw_int_array(v, cpus, "parent", true, -1, INT_MAX, &a, np) ||
	    fb_jw_int_array(v, cpus, "child", true, -1, INT_MAX, &a, nc))
		return -1;
	return 1;
}

static int check_per_sample(struct fb_jw *v, json_t *e, json_t *rt, size_t nrt, json_t **runs_of)
{
	size_t mark = v->len, np, nc, want;
	int has;

	*runs_of = NULL;
	has = read_cpus(v, e, &np, &nc);
	if (has < 0)
		return -1;
	if (has) {
		if (np != nc)
			return fb_jw_bad(v,
					 "%zu parent CPUs, %zu child CPUs: one of each per sample",
					 np, nc);
		if (np && rt && np != nrt)
			return fb_jw_bad(v, "%zu CPUs a side for %zu round trips: one per sample",
					 np, nrt);
		fb_jw_pop(v, mark);
	}
	want = rt ? nrt : np;
	return check_run_of_sample(v, e, want, runs_of);
}

/* Version 2: the samples of kind `kind` in kind_of_sample ks. */
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

/*
 * Version 2: each point says its kind, and holds one value per sample of
 * that kind. In *rt the round trip's values, in *rt_kind their kind.
 */
static int check_points_v2(struct fb_jw *v, json_t *e, json_t *ks, json_t **rt, int *rt_kind)
{
	static const char *const kinds[] = {"plain", "probe", NULL};
	json_t *points, *pt, *s;
	const char *name;
	size_t mark, inner, n, want;

	*rt = NULL;
	if (fb_jw_member(v, e, "points", FB_JW_OBJ, true, &points))
		return -1;
	mark = fb_jw_push_key(v, "points");
	inner = v->len;
	json_object_foreach(points, name, pt)
	{
		int kind;

		if (fb_point_from_name(name) < 0)
			continue; /* a newer writer's point: not read, not refused */
		if (fb_jw_member(v, points, name, FB_JW_OBJ, true, &pt))
			return -1;
		fb_jw_push_key(v, name);
		if (fb_jw_enum(v, pt, "kind", true, kinds) ||
		    fb_jw_int_array(v, pt, "samples_ns", true, 0, LLONG_MAX, &s, &n))
			return -1;
		kind = strcmp(json_string_value(json_object_get(pt, "kind")), "plain") ? 1 : 0;
		want = count_kind(ks, kind);
		fb_jw_push_key(v, "samples_ns");
		if (n != want)
			return fb_jw_bad(
				v, "%zu values for %zu %s samples: one per sample of its kind", n,
				want, kinds[kind]);
		fb_jw_pop(v, inner);
		fb_jw_push_key(v, name);
		if (check_model(v, pt, n))
			return -1;
		fb_jw_pop(v, inner);
		if (!strcmp(name, "roundtrip")) {
			*rt = s;
			*rt_kind = kind;
		}
	}
	fb_jw_pop(v, mark);
	return 0;
}

/* Version 2: the per-sample arrays are one per sample, as kind_of_sample is. */
static int check_per_sample_v2(struct fb_jw *v, json_t *e, size_t nk, json_t **runs_of)
{
	size_t mark = v->len, np, nc;
	int has;

	*runs_of = NULL;
	has = read_cpus(v, e, &np, &nc);
	if (has < 0)
		return -1;
	if (has) {
		if (np != nk || nc != nk)
			return fb_jw_bad(v,
					 "%zu parent CPUs, %zu child CPUs for %zu samples: one of "
					 "each per sample",
					 np, nc, nk);
		fb_jw_pop(v, mark);
	}
	return check_run_of_sample(v, e, nk, runs_of);
}

/* Version 2: an "ok" entry's round trips, counted per run through their samples. */
static int check_ok_v2(struct fb_jw *v, json_t *rt, int rt_kind, json_t *ks, json_t *runs_of)
{
	size_t count[FB_RESULTS_MAX_RUNS] = {0}, i;
	json_t *x;

	fb_jw_push_key(v, "points");
	fb_jw_push_key(v, "roundtrip");
	if (!rt)
		return fb_jw_bad(v, "missing: an \"ok\" entry has its round trip");
	fb_jw_push_key(v, "samples_ns");
	json_array_foreach(ks, i, x)
	{
		if (json_integer_value(x) == rt_kind)
			count[runs_of ? json_integer_value(json_array_get(runs_of, i)) : 0]++;
	}
	return enough_per_run(v, count);
}

static int check_entry_v2(struct fb_jw *v, json_t *e)
{
	json_t *j, *rt, *runs_of, *ks;
	size_t nk;
	int rt_kind = 0;

	if (fb_jw_member(v, e, "id", FB_JW_STR, true, &j) ||
	    fb_jw_enum(v, e, "status", true, statuses) || check_parameters(v, e) ||
	    fb_jw_int_array(v, e, "kind_of_sample", true, 0, 1, &ks, &nk) ||
	    check_points_v2(v, e, ks, &rt, &rt_kind) || check_per_sample_v2(v, e, nk, &runs_of))
		return -1;
	if (strcmp(json_string_value(json_object_get(e, "status")), "ok"))
		return 0;
	return check_ok_v2(v, rt, rt_kind, ks, runs_of);
}

int fb_results_check_entry(struct fb_jw *v, json_t *e)
{
	json_t *j, *rt, *runs_of;
	size_t nrt;

	if (v->version >= 2)
		return check_entry_v2(v, e);
	if (fb_jw_member(v, e, "id", FB_JW_STR, true, &j) ||
	    fb_jw_enum(v, e, "status", true, statuses) || check_parameters(v, e) ||
	    check_points(v, e, &rt, &nrt) || check_per_sample(v, e, rt, nrt, &runs_of))
		return -1;
	if (strcmp(json_string_value(json_object_get(e, "status")), "ok"))
		return 0;
	return check_ok(v, rt, runs_of);
}

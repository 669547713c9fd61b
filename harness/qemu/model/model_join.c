// SPDX-License-Identifier: MIT
/* Joins the plugin's windows to a guest's results (model_join.h). */
#include "model_join.h"

#include "stats/stats.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The points a plain sample carries, which the windows time. */
static const char *const timed_points[] = {"create", "roundtrip"};

void fb_weights_default(struct fb_weights *w)
{
	w->miss[FB_ML_L1I] = 14;
	w->miss[FB_ML_L1D] = 14;
	w->miss[FB_ML_L2] = 50;
	w->miss[FB_ML_LLC] = 200;
	w->miss[FB_ML_TLB] = 30;
}

int fb_weights_parse(const char *spec, struct fb_weights *w, char *err, size_t errlen)
{
	const char *p = spec;

	while (*p) {
		size_t len = strcspn(p, "=,");
		int l;
		char *end;
		unsigned long long v;

		for (l = 0; l < FB_ML_N; l++)
			if (strlen(fb_model_level_names[l]) == len &&
			    !strncmp(p, fb_model_level_names[l], len))
				break;
		if (l == FB_ML_N || p[len] != '=') {
			snprintf(err, errlen, "weights: '%.*s' is not l1i, l1d, l2, llc or tlb=N",
				 (int)strcspn(p, ","), p);
			return -1;
		}
		errno = 0;
		v = strtoull(p + len + 1, &end, 10);
		if (errno || end == p + len + 1 || (*end && *end != ',') || v > 1000000 ||
		    p[len + 1] == '-') {
			snprintf(err, errlen, "weights: %s wants cycles from 0 to 1000000",
				 fb_model_level_names[l]);
			return -1;
		}
		w->miss[l] = v;
		p = *end ? end + 1 : end;
	}
	return 0;
}

/* The counter that holds a level's misses. */
static const int miss_counter[FB_ML_N] = {FB_MC_L1I_MISSES, FB_MC_L1D_MISSES, FB_MC_L2_MISSES,
					  FB_MC_LLC_MISSES, FB_MC_TLB_MISSES};

uint64_t fb_model_cost(const uint64_t count[FB_MC_N], const struct fb_weights *w)
{
	uint64_t cycles = count[FB_MC_INSTRUCTIONS];

	for (int l = 0; l < FB_ML_N; l++)
		cycles += w->miss[l] * count[miss_counter[l]];
	return cycles;
}

void fb_weights_formula(const struct fb_weights *w, char *buf, size_t len)
{
	int n = snprintf(buf, len, "cycles = instructions");

	for (int l = 0; l < FB_ML_N && n > 0 && (size_t)n < len; l++)
		n += snprintf(buf + n, len - (size_t)n, " + %" PRIu64 " x %s", w->miss[l],
			      fb_model_counter_names[miss_counter[l]]);
}

/* The same summary object forkbench writes for a point (report/results_json.c). */
static json_t *summary_json(const int64_t *v, size_t n)
{
	double *d = malloc((n ? n : 1) * sizeof(*d));
	struct fb_summary s;

	if (!d)
		return NULL;
	for (size_t i = 0; i < n; i++)
		d[i] = (double)v[i];
	fb_summarize(d, n, &s);
	free(d);
	return json_pack("{s:I,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:o,s:I}", "n",
			 (json_int_t)s.n, "min", s.min, "p10", s.p10, "p25", s.p25, "p50", s.p50,
			 "p75", s.p75, "p90", s.p90, "p99", s.p99, "p99_9", s.p999, "max", s.max,
			 "mean", s.mean, "stddev", s.stddev, "mad", s.mad, "ci95",
			 isnan(s.ci_lo) ? json_null() : json_pack("[f,f]", s.ci_lo, s.ci_hi),
			 "outliers", (json_int_t)s.outliers);
}

/*
 * The window of a sample: the first unused one after the entry's previous
 * sample's with the same parent and child pid. NULL when there is none.
 */
static struct fb_window *find_window(struct fb_windows *ws, size_t *from, uint32_t parent,
				     uint32_t child)
{
	for (size_t i = *from; i < ws->n; i++) {
		struct fb_window *w = &ws->w[i];

		if (!w->used && w->child_pid == child && w->parent_pid == parent) {
			w->used = true;
			*from = i + 1;
			return w;
		}
	}
	return NULL;
}

struct entry_join {
	const char *id;
	size_t nplain;
	struct fb_window **win; /* the window of each plain sample, in order */
};

/* Finds every plain sample's window; 0, or -1 with err. */
static int match_entry(json_t *e, struct fb_windows *ws, struct entry_join *ej, char *err,
		       size_t errlen)
{
	json_t *kinds = json_object_get(e, "kind_of_sample");
	json_t *pids = json_object_get(e, "pids");
	json_t *children = json_object_get(pids, "children");
	json_t *parent = json_object_get(pids, "parent");
	json_t *parallel = json_object_get(json_object_get(e, "parameters"), "parallel");
	size_t n = json_array_size(kinds), from = 0;

	if (!json_is_array(kinds) || !json_is_array(children) || !json_is_integer(parent) ||
	    json_array_size(children) != n) {
		snprintf(err, errlen, "entry %s: no kind_of_sample and pids.children of one length",
			 ej->id);
		return -1;
	}
	if (json_is_integer(parallel) && json_integer_value(parallel) > 1) {
		snprintf(err, errlen,
			 "entry %s: %" JSON_INTEGER_FORMAT
			 " parallel creators: their windows overlap, the model needs --parallel 1",
			 ej->id, json_integer_value(parallel));
		return -1;
	}
	ej->win = calloc(n ? n : 1, sizeof(*ej->win));
	if (!ej->win) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_int_t child = json_integer_value(json_array_get(children, i));

		if (json_integer_value(json_array_get(kinds, i)) != 0)
			continue; /* a probe: its create and round trip are not kept */
		ej->win[ej->nplain] = find_window(ws, &from, (uint32_t)json_integer_value(parent),
						  (uint32_t)child);
		if (!ej->win[ej->nplain]) {
			snprintf(err, errlen,
				 "entry %s: sample %zu (child pid %" JSON_INTEGER_FORMAT
				 ", parent %" JSON_INTEGER_FORMAT
				 ") has no window: was the boot run with the model plugin?",
				 ej->id, i, child, json_integer_value(parent));
			return -1;
		}
		ej->nplain++;
	}
	return 0;
}

/* points.X for a point the windows time: cost in samples_ns, the counts in model. */
static int rewrite_point(json_t *point, const struct entry_join *ej, bool roundtrip,
			 const struct fb_weights *wt, struct fb_join_stats *st, char *err,
			 size_t errlen)
{
	json_t *ns = json_object_get(point, "samples_ns"), *model = json_object(), *arr[FB_MC_N];
	json_t *icount = json_array(), *cost = json_array(), *summary;
	int64_t *v = malloc((ej->nplain ? ej->nplain : 1) * sizeof(*v));

	if (json_array_size(ns) != ej->nplain) {
		snprintf(err, errlen, "entry %s: %zu values in a point for %zu plain samples",
			 ej->id, json_array_size(ns), ej->nplain);
		free(v);
		json_decref(model);
		json_decref(icount);
		json_decref(cost);
		return -1;
	}
	for (int c = 0; c < FB_MC_N; c++) {
		arr[c] = json_array();
		json_object_set_new(model, fb_model_counter_names[c], arr[c]);
	}
	for (size_t k = 0; k < ej->nplain; k++) {
		const uint64_t *cnt = roundtrip ? ej->win[k]->roundtrip : ej->win[k]->create;
		json_int_t guest = json_integer_value(json_array_get(ns, k));
		int64_t diff = (int64_t)cnt[FB_MC_INSTRUCTIONS] - (int64_t)guest;

		for (int c = 0; c < FB_MC_N; c++)
			json_array_append_new(arr[c], json_integer((json_int_t)cnt[c]));
		json_array_append_new(icount, json_integer(guest));
		v[k] = (int64_t)fb_model_cost(cnt, wt);
		json_array_append_new(cost, json_integer(v[k]));
		if (!st->have_diff)
			st->diff_lo = st->diff_hi = diff;
		st->have_diff = true;
		st->diff_lo = diff < st->diff_lo ? diff : st->diff_lo;
		st->diff_hi = diff > st->diff_hi ? diff : st->diff_hi;
	}
	/* the guest's own clock for the same windows: instruction time, from the same boot */
	json_object_set_new(model, "icount_ns", icount);
	summary = summary_json(v, ej->nplain);
	free(v);
	json_object_set_new(point, "samples_ns", cost);
	json_object_set_new(point, "model", model);
	if (!summary) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	json_object_set_new(point, "summary", summary);
	return 0;
}

/* hyperfine's fields follow the round trip's figure (results_json.c), in its units / 1e9. */
static void rewrite_hyperfine(json_t *e, json_t *roundtrip)
{
	json_t *ns = json_object_get(roundtrip, "samples_ns");
	json_t *s = json_object_get(roundtrip, "summary"), *times = json_array();
	static const char *const keys[][2] = {{"mean", "mean"},
					      {"stddev", "stddev"},
					      {"median", "p50"},
					      {"min", "min"},
					      {"max", "max"}};
	size_t i;
	json_t *x;

	json_array_foreach(ns, i, x)
		json_array_append_new(times, json_real((double)json_integer_value(x) / 1e9));
	json_object_set_new(e, "times", times);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		json_object_set_new(
			e, keys[i][0],
			json_real(json_number_value(json_object_get(s, keys[i][1])) / 1e9));
}

static int join_entry(json_t *e, struct fb_windows *ws, const struct fb_weights *wt,
		      struct fb_join_stats *st, char *err, size_t errlen)
{
	json_t *points = json_object_get(e, "points");
	struct entry_join ej = {json_string_value(json_object_get(e, "id")), 0, NULL};
	int rc = -1;

	if (!ej.id)
		ej.id = "(no id)";
	if (!json_is_object(points) || json_object_size(points) == 0)
		return 0; /* skipped or failed before any sample: nothing to time */
	if (match_entry(e, ws, &ej, err, errlen))
		goto out;
	for (size_t p = 0; p < sizeof(timed_points) / sizeof(timed_points[0]); p++) {
		json_t *point = json_object_get(points, timed_points[p]);

		if (point && rewrite_point(point, &ej, p == 1, wt, st, err, errlen))
			goto out;
	}
	/* child_start and the COW phase have no window: instruction time only, not here */
	json_object_del(points, "child_start");
	if (json_object_get(points, "cow")) {
		json_object_del(points, "cow");
		json_object_set_new(e, "cow", json_null());
	}
	if (json_object_get(points, "roundtrip"))
		rewrite_hyperfine(e, json_object_get(points, "roundtrip"));
	st->entries++;
	st->samples += ej.nplain;
	rc = 0;
out:
	free(ej.win);
	return rc;
}

static json_t *geometry_json(const struct fb_windows *ws)
{
	json_t *g = json_object();

	for (int l = 0; l < FB_ML_N; l++) {
		const struct fb_cache_geom *c = &ws->geom[l];

		json_object_set_new(
			g, fb_model_level_names[l],
			l == FB_ML_TLB
				? json_pack("{s:I,s:I,s:i}", "entries", (json_int_t)c->size,
					    "assoc", (json_int_t)c->assoc, "page_bytes", 4096)
				: json_pack("{s:I,s:I,s:I}", "size_bytes", (json_int_t)c->size,
					    "assoc", (json_int_t)c->assoc, "line_bytes",
					    (json_int_t)c->line));
	}
	return g;
}

static json_t *model_context(const struct fb_windows *ws, const struct fb_weights *w,
			     const struct fb_join_stats *st)
{
	json_t *weights = json_object(), *join;
	char formula[256];
	size_t unused = 0;

	for (int l = 0; l < FB_ML_N; l++)
		json_object_set_new(weights, fb_model_counter_names[miss_counter[l]],
				    json_integer((json_int_t)w->miss[l]));
	for (size_t i = 0; i < ws->n; i++)
		unused += !ws->w[i].used;
	fb_weights_formula(w, formula, sizeof(formula));
	join = json_pack(
		"{s:I,s:I,s:I,s:I,s:o,s:o,s:o,s:[I,I]}", "entries", (json_int_t)st->entries,
		"samples", (json_int_t)st->samples, "windows", (json_int_t)ws->n,
		"windows_not_kept", (json_int_t)unused, "plugin_abandoned",
		ws->ended ? json_integer((json_int_t)ws->abandoned) : json_null(), "plugin_stray",
		ws->ended ? json_integer((json_int_t)ws->stray) : json_null(), "plugin_dropped",
		ws->ended ? json_integer((json_int_t)ws->dropped) : json_null(),
		"instructions_minus_icount_ns", (json_int_t)st->diff_lo, (json_int_t)st->diff_hi);
	return json_pack(
		"{s:s,s:o,s:i,s:o,s:s,s:[s,s],s:s,s:o}", "plugin", "forkbench-model 1", "geometry",
		geometry_json(ws), "vcpus", ws->vcpus, "weights", weights, "cost", formula,
		"points", "create", "roundtrip", "note",
		"instructions, data accesses and misses of an in-order LRU cache and TLB model "
		"(no out-of-order overlap, no prefetcher); the weights are not calibrated "
		"against any machine. samples_ns holds the cost figure in cycles; "
		"points.X.model.icount_ns the guest's instruction time of the same window",
		"join", join);
}

int fb_model_join(json_t *results, struct fb_windows *ws, const struct fb_weights *w,
		  struct fb_join_stats *st, char *err, size_t errlen)
{
	json_t *timing = json_object_get(json_object_get(results, "context"), "timing");
	const char *clock = json_string_value(json_object_get(timing, "clock"));
	json_t *entries = json_object_get(results, "results"), *e;
	size_t i;

	memset(st, 0, sizeof(*st));
	if (strcmp(json_string_value(json_object_get(results, "schema")) ?: "",
		   "forkbench-results") ||
	    json_integer_value(json_object_get(results, "schema_version")) < 2 ||
	    !json_is_array(entries)) {
		snprintf(err, errlen, "not a forkbench results file of schema version 2 or later");
		return -1;
	}
	if (!clock || strcmp(clock, "icount")) {
		snprintf(err, errlen,
			 "the results are timed with the %s clock: the model joins a boot in "
			 "instruction time (run-guest.sh --clock model)",
			 clock ? clock : "(unknown)");
		return -1;
	}
	json_array_foreach(entries, i, e) if (join_entry(e, ws, w, st, err, errlen)) return -1;
	json_object_set_new(timing, "clock", json_string("model"));
	json_object_set_new(timing, "source",
			    json_string("instruction time in the guest (forkbench.clock=icount), "
					"joined to the forkbench-model plugin's windows"));
	json_object_set_new(timing, "model", model_context(ws, w, st));
	return 0;
}

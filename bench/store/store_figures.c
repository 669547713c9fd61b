// SPDX-License-Identifier: MIT
/*
 * The figures the store keeps of a results file beside the document: per
 * entry and point the summary of its samples and the median of each run
 * (what store trend draws without reparsing). Apart from store add, since
 * a migration recomputes them from the stored documents too.
 *
 * Which runs: those compare reads. A file of run --runs N holds N runs,
 * but an interrupted one only runs_done whole ones, and the samples of
 * the run it stopped in are left out; a file where no run finished is
 * its one unfinished run, as before runs_done (a partial single run).
 */
#include "stats/stats.h"
#include "store/store_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Z95 1.959964

int fb_store_runs_done(const struct fb_results *r, int *done, char *err, size_t len)
{
	json_t *j = json_object_get(json_object_get(r->root, "run"), "runs_done");

	*done = r->runs;
	if (!j) /* written before runs_done: every run finished */
		return 0;
	if (!json_is_integer(j) || json_integer_value(j) < 0 || json_integer_value(j) > r->runs)
		return fb_store_fail(err, len,
				     "%s: .run.runs_done: not a count of runs from 0 to %d",
				     r->path, r->runs);
	*done = (int)json_integer_value(j);
	return 0;
}

static int runs_used(const struct fb_results *r)
{
	int done;
	char err[8];

	if (fb_store_runs_done(r, &done, err, sizeof(err)))
		done = r->runs; /* refused by add; a stored document read again keeps its runs */
	return done ? done : 1;
}

/*
 * The values of e's point p that belong to run `run`, or to any run the
 * store uses (run -1), into v; their count. A value's run is that of its
 * sample: version 2 and 3 name each value's sample (a point holds only
 * the samples of its kinds: child_start lives in probe samples), version
 * 1 values are the samples when there are as many. A version 1 point with
 * fewer values in a file of several runs cannot be told apart by run, and
 * has no run medians (used is 0 for it), as in compare.
 */
static size_t values_of(const struct fb_rentry *e, int p, int run, int used, double *v)
{
	const struct fb_rpoint *pt = &e->points[p];
	bool aligned = pt->sample || pt->n == e->nsamples;
	size_t n = 0;

	for (size_t i = 0; i < pt->n; i++) {
		size_t s = pt->sample ? pt->sample[i] : i;
		int k = aligned && e->run_of ? e->run_of[s] : 0;

		if (run < 0 ? k < used : k == run)
			v[n++] = pt->ns[i];
	}
	return n;
}

/* Whether the samples of e's point p can be told apart by run (see values_of). */
static bool by_run(const struct fb_results *r, const struct fb_rentry *e, int p)
{
	const struct fb_rpoint *pt = &e->points[p];

	return pt->sample || pt->n == e->nsamples || !e->run_of || r->runs == 1;
}

static void bind_text(sqlite3_stmt *s, int i, const char *t)
{
	sqlite3_bind_text(s, i, t ? t : "", -1, SQLITE_TRANSIENT);
}

/* Steps a prepared insert once and finalizes it; -1 with the reason. */
static int step_done(struct fb_store *st, sqlite3_stmt *s, char *err, size_t len)
{
	int rc = sqlite3_step(s);

	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fb_store_sqlfail(st, "cannot add", err, len);
}

/* The summary of n values in v (sorted here), as the writer computes a file's. */
static int insert_point(struct fb_store *st, const char *id, const struct fb_rentry *e, int p,
			double *v, size_t n, char *err, size_t len)
{
	struct fb_summary sum;
	sqlite3_stmt *s;

	fb_summarize(v, n, &sum);
	if (fb_store_prepare(st,
			     "INSERT INTO points (run_id, key, point, n, min_ns, median_ns, "
			     "ci_lo_ns, ci_hi_ns, p90_ns, p99_ns, max_ns, mean_ns, stddev_ns) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
			     &s, err, len))
		return -1;
	bind_text(s, 1, id);
	bind_text(s, 2, e->key);
	bind_text(s, 3, fb_point_name(p));
	sqlite3_bind_int64(s, 4, (sqlite3_int64)sum.n);
	sqlite3_bind_double(s, 5, sum.min);
	sqlite3_bind_double(s, 6, sum.p50);
	sqlite3_bind_double(s, 7, sum.ci_lo); /* NAN below 6 samples: NULL */
	sqlite3_bind_double(s, 8, sum.ci_hi);
	sqlite3_bind_double(s, 9, sum.p90);
	sqlite3_bind_double(s, 10, sum.p99);
	sqlite3_bind_double(s, 11, sum.max);
	sqlite3_bind_double(s, 12, sum.mean);
	sqlite3_bind_double(s, 13, sum.stddev);
	return step_done(st, s, err, len);
}

/* The median of run k's n values in v (sorted here) with its 95% CI. */
static int insert_run_median(struct fb_store *st, const char *id, const struct fb_rentry *e, int p,
			     int k, double *v, size_t n, char *err, size_t len)
{
	sqlite3_stmt *s;
	double lo, hi;

	fb_sort_doubles(v, n);
	fb_median_ci(v, n, Z95, &lo, &hi);
	if (fb_store_prepare(
		    st,
		    "INSERT INTO run_medians (run_id, key, point, run_index, n, median_ns, "
		    "ci_lo_ns, ci_hi_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		    &s, err, len))
		return -1;
	bind_text(s, 1, id);
	bind_text(s, 2, e->key);
	bind_text(s, 3, fb_point_name(p));
	sqlite3_bind_int(s, 4, k);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)n);
	sqlite3_bind_double(s, 6, fb_quantile(v, n, 0.5));
	sqlite3_bind_double(s, 7, lo); /* NAN below 6 samples: NULL */
	sqlite3_bind_double(s, 8, hi);
	return step_done(st, s, err, len);
}

int fb_store_insert_figures(struct fb_store *st, const char *id, const struct fb_results *r,
			    size_t i, char *err, size_t len)
{
	const struct fb_rentry *e = &r->entries[i];
	int used = runs_used(r), rc = 0;

	for (int p = 0; p < FB_NPOINTS && !rc; p++) {
		const struct fb_rpoint *pt = &e->points[p];
		double *v;
		size_t n;

		if (!pt->present || !pt->n)
			continue;
		v = malloc(pt->n * sizeof(*v));
		if (!v)
			abort();
		n = values_of(e, p, -1, used, v);
		if (n)
			rc = insert_point(st, id, e, p, v, n, err, len);
		for (int k = 0; k < used && by_run(r, e, p) && !rc; k++) {
			n = values_of(e, p, k, used, v);
			if (n)
				rc = insert_run_median(st, id, e, p, k, v, n, err, len);
		}
		free(v);
	}
	return rc ? -1 : 0;
}

size_t fb_store_usable_entries(const struct fb_results *r)
{
	int used = runs_used(r);
	size_t usable = 0;

	for (size_t i = 0; i < r->nentries; i++) {
		const struct fb_rentry *e = &r->entries[i];
		const struct fb_rpoint *pt = &e->points[FB_PT_ROUNDTRIP];
		double *v;

		/* what compare compares: the round trips of an ok or incomplete entry */
		if ((strcmp(e->status, "ok") && strcmp(e->status, "incomplete")) || !pt->present ||
		    !pt->n)
			continue;
		v = malloc(pt->n * sizeof(*v));
		if (!v)
			abort();
		usable += values_of(e, FB_PT_ROUNDTRIP, -1, used, v) > 0;
		free(v);
	}
	return usable;
}

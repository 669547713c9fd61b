// SPDX-License-Identifier: MIT
/*
 * store add: one results file into the store, in one transaction. What is
 * kept: the whole document byte for byte (so nothing is lost and compare
 * can read it again), the run's context, and per entry its name and key,
 * each point's summary, and the median of every run in the file (a file
 * of run --runs N holds N): what store trend draws without reparsing.
 */
#include "stats/stats.h"
#include "store/store_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Z95 1.959964

/* The whole file, NUL-terminated; its size in *n. */
static char *slurp(const char *path, size_t *n, char *err, size_t len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, got;

	*n = 0;
	if (!f) {
		fb_store_fail(err, len, "%s: cannot read: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (*n + 65536 + 1 > cap) {
			cap = cap ? 2 * cap : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = fread(buf + *n, 1, cap - *n - 1, f);
		*n += got;
	} while (got);
	if (ferror(f)) {
		fb_store_fail(err, len, "%s: cannot read: %s", path, strerror(errno));
		free(buf);
		buf = NULL;
	} else {
		buf[*n] = '\0';
	}
	fclose(f);
	return buf;
}

static const char *str_in(json_t *obj, const char *a, const char *b)
{
	json_t *v = json_object_get(obj, a);

	if (b)
		v = json_object_get(v, b);
	return json_is_string(v) ? json_string_value(v) : "";
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

static int insert_run(struct fb_store *st, const struct fb_results *r, const char *id,
		      const char *label, const char *doc, size_t ndoc, char *err, size_t len)
{
	json_t *run = json_object_get(r->root, "run");
	char *context = json_dumps(r->context, JSON_COMPACT | JSON_SORT_KEYS);
	sqlite3_stmt *s;
	int rc;

	if (!context)
		abort();
	rc = fb_store_prepare(
		st,
		"INSERT INTO runs (run_id, file_run_id, started, added, source, label, kernel, "
		"clock, host, cpu_model, hypervisor, runs, partial, forkbench_version, git_commit, "
		"results_schema_version, context, document) VALUES (?1, ?2, ?3, "
		"strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		"?14, ?15, ?16, ?17)",
		&s, err, len);
	if (!rc) {
		bind_text(s, 1, id);
		bind_text(s, 2, str_in(run, "id", NULL));
		bind_text(s, 3, str_in(run, "started", NULL));
		bind_text(s, 4, r->path);
		bind_text(s, 5, label);
		bind_text(s, 6, r->kernel_release);
		bind_text(s, 7, r->clock);
		bind_text(s, 8, str_in(r->context, "hostname", NULL));
		bind_text(s, 9, r->cpu_model);
		bind_text(s, 10, r->hypervisor);
		sqlite3_bind_int(s, 11, r->runs);
		sqlite3_bind_int(s, 12, r->partial);
		bind_text(s, 13, str_in(r->context, "forkbench", "version"));
		bind_text(s, 14, str_in(r->context, "forkbench", "git_commit"));
		sqlite3_bind_int64(s, 15,
				   json_integer_value(json_object_get(r->root, "schema_version")));
		bind_text(s, 16, context);
		sqlite3_bind_text64(s, 17, doc, ndoc, SQLITE_STATIC, SQLITE_UTF8);
		rc = step_done(st, s, err, len);
	}
	free(context);
	return rc;
}

static int insert_point(struct fb_store *st, const char *id, const struct fb_rentry *e, int p,
			double *v, char *err, size_t len)
{
	const struct fb_rpoint *pt = &e->points[p];
	struct fb_summary sum;
	sqlite3_stmt *s;

	memcpy(v, pt->ns, pt->n * sizeof(*v));
	fb_summarize(v, pt->n, &sum); /* the summary the writer puts in the file */
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
	sqlite3_bind_double(s, 7, sum.ci_lo);
	sqlite3_bind_double(s, 8, sum.ci_hi);
	sqlite3_bind_double(s, 9, sum.p90);
	sqlite3_bind_double(s, 10, sum.p99);
	sqlite3_bind_double(s, 11, sum.max);
	sqlite3_bind_double(s, 12, sum.mean);
	sqlite3_bind_double(s, 13, sum.stddev);
	return step_done(st, s, err, len);
}

/*
 * The median of each run of the file with its 95% CI. Samples belong to
 * runs by the reader's run_of (parallel to a point's samples when there
 * are as many); a point that is not parallel in a file of several runs
 * cannot be told apart by run and gets no run medians, as in compare.
 */
static int insert_run_medians(struct fb_store *st, const char *id, const struct fb_results *r,
			      const struct fb_rentry *e, int p, double *v, char *err, size_t len)
{
	const struct fb_rpoint *pt = &e->points[p];
	bool aligned = pt->n == e->nsamples && e->run_of;

	if (r->runs > 1 && !aligned)
		return 0;
	for (int k = 0; k < r->runs; k++) {
		sqlite3_stmt *s;
		size_t n = 0;
		double lo, hi;

		for (size_t i = 0; i < pt->n; i++)
			if (!aligned || e->run_of[i] == k)
				v[n++] = pt->ns[i];
		if (!n)
			continue;
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
		sqlite3_bind_double(s, 7, lo);
		sqlite3_bind_double(s, 8, hi);
		if (step_done(st, s, err, len))
			return -1;
	}
	return 0;
}

static int insert_entry(struct fb_store *st, const char *id, const struct fb_results *r, size_t i,
			char *err, size_t len)
{
	const struct fb_rentry *e = &r->entries[i];
	sqlite3_stmt *s;
	int rc = 0;

	if (fb_store_prepare(st,
			     "INSERT INTO entries (run_id, position, name, key, method, status) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			     &s, err, len))
		return -1;
	bind_text(s, 1, id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
	bind_text(s, 3, e->id);
	bind_text(s, 4, e->key);
	bind_text(s, 5, str_in(e->parameters, "method", NULL));
	bind_text(s, 6, e->status);
	if (step_done(st, s, err, len))
		return -1;
	for (int p = 0; p < FB_NPOINTS && !rc; p++) {
		const struct fb_rpoint *pt = &e->points[p];
		double *v;

		if (!pt->present || !pt->n)
			continue;
		v = malloc(pt->n * sizeof(*v));
		if (!v)
			abort();
		rc = insert_point(st, id, e, p, v, err, len) ||
		     insert_run_medians(st, id, r, e, p, v, err, len);
		free(v);
	}
	return rc ? -1 : 0;
}

/*
 * Whether id is stored already: 0 with *have false when not, with *have
 * true when it holds this very document and label, -1 when it holds
 * something else (an error: a run id names one run).
 */
static int stored(struct fb_store *st, const char *path, const char *id, const char *label,
		  const char *doc, size_t ndoc, bool *have, char *err, size_t len)
{
	sqlite3_stmt *s;
	char source[512], old_label[256];
	int rc = 0;

	*have = false;
	if (fb_store_prepare(st, "SELECT document, label, source FROM runs WHERE run_id = ?1", &s,
			     err, len))
		return -1;
	bind_text(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const void *old = sqlite3_column_blob(s, 0);
		size_t nold = (size_t)sqlite3_column_bytes(s, 0);

		fb_store_text(s, 1, old_label, sizeof(old_label));
		fb_store_text(s, 2, source, sizeof(source));
		if (nold != ndoc || memcmp(old, doc, ndoc))
			rc = fb_store_fail(
				err, len,
				"%s: run id %s is in the store already, from another file "
				"(%s): give this one its own with --id or --id-suffix",
				path, id, source);
		else if (strcmp(old_label, label))
			rc = fb_store_fail(
				err, len,
				"%s: run id %s is in the store already, with label '%s', "
				"not '%s'",
				path, id, old_label, label);
		else
			*have = true;
	}
	sqlite3_finalize(s);
	return rc;
}

static int add_read(struct fb_store *st, const struct fb_results *r, const char *doc, size_t ndoc,
		    const struct fb_store_add_opts *o, enum fb_store_added *what, char *id,
		    size_t idlen, char *err, size_t len)
{
	const char *file_id = str_in(json_object_get(r->root, "run"), "id", NULL);
	const char *label = o->label ? o->label : r->label ? r->label : "";
	bool have;

	if (!*file_id && !o->id)
		return fb_store_fail(
			err, len, "%s: .run.id: the run has no id: give it one with --id", r->path);
	snprintf(id, idlen, "%s%s", o->id ? o->id : file_id, o->id_suffix ? o->id_suffix : "");
	/* IMMEDIATE: the check and the insert see the same store, whoever else adds */
	if (fb_store_exec(st, "BEGIN IMMEDIATE", err, len))
		return -1;
	if (stored(st, r->path, id, label, doc, ndoc, &have, err, len))
		goto fail;
	if (have) {
		*what = FB_STORE_UNCHANGED;
		return fb_store_exec(st, "ROLLBACK", err, len);
	}
	if (insert_run(st, r, id, label, doc, ndoc, err, len))
		goto fail;
	for (size_t i = 0; i < r->nentries; i++)
		if (insert_entry(st, id, r, i, err, len))
			goto fail;
	*what = FB_STORE_ADDED;
	if (!fb_store_exec(st, "COMMIT", err, len))
		return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int fb_store_add(struct fb_store *st, const char *path, const struct fb_store_add_opts *o,
		 enum fb_store_added *what, char *id, size_t idlen, char *err, size_t len)
{
	struct fb_results r;
	char why[512];
	size_t ndoc;
	char *doc = slurp(path, &ndoc, err, len);
	int rc;

	if (!doc)
		return -1;
	/* compare's reader decides what a valid file is, and its clock (sidecar included) */
	if (fb_results_read_text(path, doc, ndoc, NULL, &r, why, sizeof(why))) {
		fb_results_free(&r); /* what it read before it stopped */
		free(doc);
		return fb_store_fail(err, len, "%s: %s", path, why);
	}
	rc = add_read(st, &r, doc, ndoc, o, what, id, idlen, err, len);
	fb_results_free(&r);
	free(doc);
	return rc;
}

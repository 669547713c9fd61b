// SPDX-License-Identifier: MIT
/* Reading a store: its runs, an entry's medians across them, runs for compare. */
#include "store/store_escape.h"
#include "store/store_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Grows *v (of *n items of size) by one zeroed item; returns it. */
static void *grow(void *pv, size_t *n, size_t *cap, size_t size)
{
	void **v = pv;

	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*v = realloc(*v, *cap * size);
		if (!*v)
			abort();
	}
	memset((char *)*v + *n * size, 0, size);
	return (char *)*v + (*n)++ * size;
}

/* Runs are listed oldest first; runs of one start (boots of one round) by id. */
#define RUN_ORDER " ORDER BY r.started, r.run_id"

int fb_store_runs(struct fb_store *st, struct fb_store_run **runs, size_t *n, char *err, size_t len)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*runs = NULL;
	*n = 0;
	if (fb_store_prepare(
		    st,
		    "SELECT r.run_id, r.started, r.kernel, r.label, r.clock, r.host, "
		    "r.runs, r.runs_done, (SELECT count(*) FROM entries e WHERE e.run_id = r.run_id "
		    "AND e.status = 'ok'), (SELECT count(*) FROM entries e WHERE e.run_id "
		    "= r.run_id) FROM runs r" RUN_ORDER,
		    &s, err, len))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct fb_store_run *r = grow(runs, n, &cap, sizeof(**runs));

		fb_store_text(s, 0, r->run_id, sizeof(r->run_id));
		fb_store_text(s, 1, r->started, sizeof(r->started));
		fb_store_text(s, 2, r->kernel, sizeof(r->kernel));
		fb_store_text(s, 3, r->label, sizeof(r->label));
		fb_store_text(s, 4, r->clock, sizeof(r->clock));
		fb_store_text(s, 5, r->host, sizeof(r->host));
		r->runs = sqlite3_column_int(s, 6);
		r->runs_done = sqlite3_column_int(s, 7);
		r->entries = (long)sqlite3_column_int64(s, 8);
		r->nentries = (long)sqlite3_column_int64(s, 9);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*runs);
		*runs = NULL;
		return fb_store_sqlfail(st, "cannot read", err, len);
	}
	return 0;
}

/* Levenshtein distance, for "did you mean": names are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *row = calloc(lb + 1, sizeof(*row)), d;

	if (!row)
		abort();
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

#define CLOSEST 3

/* "no entry 'X' in STORE; closest: 'a', 'b', 'c'" */
static int unknown_entry(struct fb_store *st, const char *name, char *err, size_t len)
{
	char best[CLOSEST][160] = {{0}}, list[600] = "", shown[200], asked[200];
	size_t bestd[CLOSEST] = {(size_t)-1, (size_t)-1, (size_t)-1};
	sqlite3_stmt *s;

	if (fb_store_prepare(st, "SELECT DISTINCT name FROM entries", &s, err, len))
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *cand = (const char *)sqlite3_column_text(s, 0);
		size_t d = cand ? distance(name, cand) : (size_t)-1;

		for (int k = 0; k < CLOSEST; k++) {
			if (d >= bestd[k])
				continue;
			memmove(&best[k + 1], &best[k], (CLOSEST - 1 - k) * sizeof(best[0]));
			memmove(&bestd[k + 1], &bestd[k], (CLOSEST - 1 - k) * sizeof(bestd[0]));
			snprintf(best[k], sizeof(best[k]), "%s", cand);
			bestd[k] = d;
			break;
		}
	}
	sqlite3_finalize(s);
	for (int k = 0; k < CLOSEST && best[k][0]; k++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s'%s'", k ? ", " : "",
			 fb_escape_text(best[k], shown, sizeof(shown)));
	if (!list[0])
		return fb_store_fail(err, len, "no entry '%s' in %s: the store holds no entries",
				     fb_escape_text(name, asked, sizeof(asked)), st->path);
	return fb_store_fail(err, len, "no entry '%s' in %s; closest: %s",
			     fb_escape_text(name, asked, sizeof(asked)), st->path, list);
}

/* How many parameter sets go by name: one is what a trend needs. */
static int keys_named(struct fb_store *st, const char *name, long *keys, char *err, size_t len)
{
	sqlite3_stmt *s;

	if (fb_store_prepare(st, "SELECT count(DISTINCT key) FROM entries WHERE name = ?1", &s, err,
			     len))
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	*keys = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return 0;
}

/* An entry's run medians: ?1 its name, ?2 the point, ?3 the clock or NULL. */
static const char medians_sql[] =
	"SELECT r.run_id, r.started, r.kernel, r.label, m.run_index, m.n, m.median_ns, "
	"m.ci_lo_ns, m.ci_hi_ns, r.clock "
	"FROM run_medians m "
	"JOIN entries e ON e.run_id = m.run_id AND e.key = m.key "
	"JOIN runs r ON r.run_id = m.run_id "
	"WHERE e.name = ?1 AND m.point = ?2 AND (?3 IS NULL OR r.clock = ?3)" RUN_ORDER
	", m.run_index";

int fb_store_medians(struct fb_store *st, const char *name, const char *point, const char *clock,
		     struct fb_store_median **m, size_t *n, char *err, size_t len)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	char shown[200];
	long keys;
	int rc;

	*m = NULL;
	*n = 0;
	if (keys_named(st, name, &keys, err, len))
		return -1;
	if (keys == 0)
		return unknown_entry(st, name, err, len);
	if (keys > 1)
		return fb_store_fail(err, len,
				     "'%s' names %ld different parameter sets in %s: their "
				     "figures are not one trend",
				     fb_escape_text(name, shown, sizeof(shown)), keys, st->path);
	if (fb_store_prepare(st, medians_sql, &s, err, len))
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, point, -1, SQLITE_TRANSIENT);
	if (clock)
		sqlite3_bind_text(s, 3, clock, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct fb_store_median *v = grow(m, n, &cap, sizeof(**m));

		fb_store_text(s, 0, v->run_id, sizeof(v->run_id));
		fb_store_text(s, 1, v->started, sizeof(v->started));
		fb_store_text(s, 2, v->kernel, sizeof(v->kernel));
		fb_store_text(s, 3, v->label, sizeof(v->label));
		v->run_index = sqlite3_column_int(s, 4);
		v->n = (long)sqlite3_column_int64(s, 5);
		v->median = sqlite3_column_double(s, 6);
		/* NULL: too few samples for a CI (store schema 2) */
		v->ci_lo = sqlite3_column_type(s, 7) == SQLITE_NULL ? NAN
								    : sqlite3_column_double(s, 7);
		v->ci_hi = sqlite3_column_type(s, 8) == SQLITE_NULL ? NAN
								    : sqlite3_column_double(s, 8);
		fb_store_text(s, 9, v->clock, sizeof(v->clock));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*m);
		*m = NULL;
		*n = 0;
		return fb_store_sqlfail(st, "cannot read", err, len);
	}
	if (!*n)
		return fb_store_fail(err, len, "'%s' has no %s samples%s%s in %s",
				     fb_escape_text(name, shown, sizeof(shown)), point,
				     clock ? " timed in " : "", clock ? clock : "", st->path);
	return 0;
}

static const char *const selectors[][2] = {
	{"label:", "r.label"},
	{"kernel:", "r.kernel"},
	{"run:", "r.run_id"},
};

bool fb_store_is_selector(const char *operand)
{
	for (size_t i = 0; i < sizeof(selectors) / sizeof(selectors[0]); i++)
		if (!strncmp(operand, selectors[i][0], strlen(selectors[i][0])))
			return true;
	return false;
}

/*
 * The label the run was stored with (add --label) is the one compare
 * shows: set in the document read back, never in the stored bytes.
 */
static void relabel(struct fb_results *r, const char *label)
{
	json_t *run = json_object_get(r->root, "run");

	if (!label || !*label || (r->label && !strcmp(r->label, label)))
		return;
	if (json_object_set_new(run, "label", json_string(label)))
		abort();
	r->label = json_string_value(json_object_get(run, "label"));
}

int fb_store_select(struct fb_store *st, const char *selector, struct fb_results **files, size_t *n,
		    char *err, size_t len)
{
	const char *column = NULL, *value = NULL;
	char sql[256], name[4096 + 160], why[512];
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*files = NULL;
	*n = 0;
	for (size_t i = 0; i < sizeof(selectors) / sizeof(selectors[0]); i++)
		if (!strncmp(selector, selectors[i][0], strlen(selectors[i][0]))) {
			column = selectors[i][1];
			value = selector + strlen(selectors[i][0]);
		}
	if (!column)
		return fb_store_fail(err, len,
				     "'%s': with --store, a side is label:L, kernel:K or run:ID",
				     selector);
	snprintf(
		sql, sizeof(sql),
		"SELECT r.run_id, r.document, r.clock, r.label FROM runs r WHERE %s = ?1" RUN_ORDER,
		column);
	if (fb_store_prepare(st, sql, &s, err, len))
		return -1;
	sqlite3_bind_text(s, 1, value, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct fb_results *r = grow(files, n, &cap, sizeof(**files));

		/* how compare names the run in its messages */
		snprintf(name, sizeof(name), "%s[run %s]", st->path,
			 (const char *)sqlite3_column_text(s, 0));
		if (fb_results_read_text(
			    name, sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1),
			    (const char *)sqlite3_column_text(s, 2), r, why, sizeof(why))) {
			rc = fb_store_fail(err, len, "%s: %s", name, why);
			fb_results_free(r);
			(*n)--;
			break;
		}
		relabel(r, (const char *)sqlite3_column_text(s, 3));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			fb_results_free(&(*files)[i]);
		free(*files);
		*files = NULL;
		*n = 0;
		return rc == -1 ? -1 : fb_store_sqlfail(st, "cannot read", err, len);
	}
	if (!*n)
		return fb_store_fail(err, len, "%s: no stored run has %s", st->path, selector);
	return 0;
}

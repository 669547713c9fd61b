// SPDX-License-Identifier: MIT
/*
 * The migration steps SQL alone cannot take: each stored run's document
 * read again by today's reader, its figures (2 -> 3) or its entries' keys
 * (3 -> 4) written anew. store_schema.c runs them inside its transaction.
 */
#include "store/store_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every stored run id (a list, so that the rows can change while it is walked). */
static int run_ids(struct fb_store *st, char ***ids, size_t *n, char *err, size_t len)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (fb_store_prepare(st, "SELECT run_id FROM runs", &s, err, len))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*ids = realloc(*ids, cap * sizeof(**ids));
			if (!*ids)
				abort();
		}
		(*ids)[*n] = strdup((const char *)sqlite3_column_text(s, 0));
		if (!(*ids)[(*n)++])
			abort();
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fb_store_sqlfail(st, "cannot read", err, len);
}

/* Binds id to ?1 of sql and runs it once; -1 with the reason. */
static int exec_id(struct fb_store *st, const char *sql, const char *id, int value, char *err,
		   size_t len)
{
	sqlite3_stmt *s;
	int rc;

	if (fb_store_prepare(st, sql, &s, err, len))
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(s) > 1)
		sqlite3_bind_int(s, 2, value);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fb_store_sqlfail(st, "cannot update", err, len);
}

/*
 * Stored run id's document, read by today's reader: 0 read, 1 refused (a
 * reader grown stricter since the run was stored: the caller keeps what
 * the store has, or the whole store would be unmigratable), -1 an SQL
 * error (said in err).
 */
static int read_stored(struct fb_store *st, const char *id, struct fb_results *r, char *err,
		       size_t len)
{
	sqlite3_stmt *s;
	char name[256], why[512];
	int rc;

	if (fb_store_prepare(st, "SELECT document, clock FROM runs WHERE run_id = ?1", &s, err,
			     len))
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return fb_store_sqlfail(st, "cannot read", err, len);
	}
	snprintf(name, sizeof(name), "%s[run %s]", st->path, id);
	rc = fb_results_read_text(name, sqlite3_column_blob(s, 0),
				  (size_t)sqlite3_column_bytes(s, 0),
				  (const char *)sqlite3_column_text(s, 1), r, why, sizeof(why));
	sqlite3_finalize(s);
	if (rc)
		fb_results_free(r);
	return rc ? 1 : 0;
}

/* The figures of stored run id again from its document, as store add computes them. */
static int refigure_run(struct fb_store *st, const char *id, char *err, size_t len)
{
	struct fb_results r;
	char why[512];
	int rc, done;

	rc = read_stored(st, id, &r, err, len);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (fb_store_runs_done(&r, &done, why, sizeof(why))) {
		fb_results_free(&r);
		return 0;
	}
	/*
	 * In a savepoint: a document whose entries today's reader keys
	 * otherwise than the stored ones (a constraint fails) keeps its old
	 * figures too; any other failure fails the migration.
	 */
	rc = fb_store_exec(st, "SAVEPOINT refigure", err, len);
	if (rc) {
		fb_results_free(&r);
		return -1;
	}
	rc = exec_id(st, "UPDATE runs SET runs_done = ?2 WHERE run_id = ?1", id, done, err, len) ||
	     exec_id(st, "DELETE FROM points WHERE run_id = ?1", id, 0, err, len) ||
	     exec_id(st, "DELETE FROM run_medians WHERE run_id = ?1", id, 0, err, len);
	for (size_t i = 0; i < r.nentries && !rc; i++)
		rc = fb_store_insert_figures(st, id, &r, i, err, len);
	fb_results_free(&r);
	if (rc && (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT)
		rc = fb_store_exec(st, "ROLLBACK TO refigure", err, len);
	return rc || fb_store_exec(st, "RELEASE refigure", err, len) ? -1 : 0;
}

/*
 * Stored run id's entries keyed as the reader keys them now, with their
 * figures anew (points and run medians refer to an entry by its key, so
 * they go first). A document today's reader refuses keeps what it had.
 */
static int rekey_run(struct fb_store *st, const char *id, char *err, size_t len)
{
	struct fb_results r;
	sqlite3_stmt *s;
	int rc;

	rc = read_stored(st, id, &r, err, len);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = fb_store_exec(st, "SAVEPOINT rekey", err, len) ||
	     exec_id(st, "DELETE FROM points WHERE run_id = ?1", id, 0, err, len) ||
	     exec_id(st, "DELETE FROM run_medians WHERE run_id = ?1", id, 0, err, len);
	for (size_t i = 0; i < r.nentries && !rc; i++) {
		if (fb_store_prepare(
			    st, "UPDATE entries SET key = ?3 WHERE run_id = ?1 AND position = ?2",
			    &s, err, len)) {
			rc = -1;
			break;
		}
		sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		sqlite3_bind_text(s, 3, r.entries[i].key, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(s) == SQLITE_DONE
			     ? 0
			     : fb_store_sqlfail(st, "cannot update", err, len);
		sqlite3_finalize(s);
	}
	for (size_t i = 0; i < r.nentries && !rc; i++)
		rc = fb_store_insert_figures(st, id, &r, i, err, len);
	fb_results_free(&r);
	if (rc && (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT)
		rc = fb_store_exec(st, "ROLLBACK TO rekey", err, len);
	return rc || fb_store_exec(st, "RELEASE rekey", err, len) ? -1 : 0;
}

/* fn on every stored run, until one fails. */
static int each_run(struct fb_store *st,
		    int (*fn)(struct fb_store *st, const char *id, char *err, size_t len),
		    char *err, size_t len)
{
	char **ids;
	size_t n;
	int rc = 0;

	if (run_ids(st, &ids, &n, err, len))
		return -1;
	for (size_t i = 0; i < n && !rc; i++)
		rc = fn(st, ids[i], err, len);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return rc;
}

int fb_store_rekey(struct fb_store *st, char *err, size_t len)
{
	return each_run(st, rekey_run, err, len);
}

int fb_store_refigure(struct fb_store *st, char *err, size_t len)
{
	return each_run(st, refigure_run, err, len);
}

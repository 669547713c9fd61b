/* SPDX-License-Identifier: MIT */
/* What the store's files share: the handle and the error helpers. */
#ifndef FORKBENCH_STORE_PRIV_H
#define FORKBENCH_STORE_PRIV_H

#include "store/store.h"

#include <sqlite3.h>

struct fb_store {
	sqlite3 *db;
	char *path;
};

/* Puts "fmt..." into err; returns -1. */
int fb_store_fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "PATH: what: SQLite's reason" into err; returns -1. */
int fb_store_sqlfail(struct fb_store *st, const char *what, char *err, size_t len);
/* Runs sql (no results); -1 with the reason in err. */
int fb_store_exec(struct fb_store *st, const char *sql, char *err, size_t len);
/* Prepares sql; -1 with the reason in err. */
int fb_store_prepare(struct fb_store *st, const char *sql, sqlite3_stmt **stmt, char *err,
		     size_t len);
/* Copies column col of a row as text into out (size len); "" for NULL. */
void fb_store_text(sqlite3_stmt *s, int col, char *out, size_t len);

/*
 * The runs of r that finished whole (run.runs_done; every run in a file
 * written before it): -1 when the file says a count it cannot hold.
 */
int fb_store_runs_done(const struct fb_results *r, int *done, char *err, size_t len);
/* Entry i's points and run medians into the store, under run id (store_figures.c). */
int fb_store_insert_figures(struct fb_store *st, const char *id, const struct fb_results *r,
			    size_t i, char *err, size_t len);
/* How many entries have round trips compare can use (ok or incomplete, with samples). */
size_t fb_store_usable_entries(const struct fb_results *r);

/*
 * Whether the file at path is shorter than an SQLite file's header says
 * (a copy cut short); then the reason, one line, in why (store_check.c).
 */
bool fb_store_cut_short(const char *path, char *why, size_t len);
/* SQLite's integrity check of the whole store: -1 with its first finding (store_check.c). */
int fb_store_check(struct fb_store *st, char *err, size_t len);

/* Migration 2 -> 3: every run's figures from its document again (store_migrate.c). */
int fb_store_refigure(struct fb_store *st, char *err, size_t len);
/* Migration 3 -> 4: every run's entries keyed as the reader keys them now (store_migrate.c). */
int fb_store_rekey(struct fb_store *st, char *err, size_t len);

/* Creates or migrates the schema to FB_STORE_SCHEMA_VERSION (store_schema.c). */
int fb_store_schema_check(struct fb_store *st, bool create, char *err, size_t len);

#endif

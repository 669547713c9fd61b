// SPDX-License-Identifier: MIT
/*
 * The store's schema and its versions (docs/store.md describes every
 * table). The version lives in two places: PRAGMA user_version, which
 * SQLite keeps in the file header and any tool can read, and the meta
 * table, which also names the schema so that another program's SQLite
 * file is never taken for a store.
 *
 * Migration: steps[v] takes a store from version v to v + 1, and a store
 * is brought up to date step by step inside one transaction, so a failed
 * migration leaves the old store as it was. Version 0 is an empty file.
 * A store of a newer version than this forkbench knows is refused.
 */
#include "store/store_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * One step: SQL, then (or instead) a function, for what SQL alone cannot
 * do (a step that recomputes from the stored documents).
 */
struct step {
	const char *sql;
	int (*fn)(struct fb_store *st, char *err, size_t len);
};

static const struct step steps[FB_STORE_SCHEMA_VERSION] = {
	/* 0 -> 1: the first schema */
	{"CREATE TABLE meta (\n"
	 "  key TEXT PRIMARY KEY,\n"
	 "  value TEXT NOT NULL\n"
	 ");\n"
	 "CREATE TABLE runs (\n"
	 "  run_id TEXT PRIMARY KEY,\n"
	 "  file_run_id TEXT NOT NULL,\n"
	 "  started TEXT NOT NULL,\n"
	 "  added TEXT NOT NULL,\n"
	 "  source TEXT NOT NULL,\n"
	 "  label TEXT NOT NULL,\n"
	 "  kernel TEXT NOT NULL,\n"
	 "  clock TEXT NOT NULL CHECK (clock IN ('wall', 'icount')),\n"
	 "  host TEXT NOT NULL,\n"
	 "  cpu_model TEXT NOT NULL,\n"
	 "  hypervisor TEXT NOT NULL,\n"
	 "  runs INTEGER NOT NULL CHECK (runs >= 1),\n"
	 "  partial INTEGER NOT NULL,\n"
	 "  forkbench_version TEXT NOT NULL,\n"
	 "  git_commit TEXT NOT NULL,\n"
	 "  results_schema_version INTEGER NOT NULL,\n"
	 "  context TEXT NOT NULL,\n"
	 "  document TEXT NOT NULL\n"
	 ");\n"
	 "CREATE INDEX runs_label ON runs (label);\n"
	 "CREATE INDEX runs_kernel ON runs (kernel);\n"
	 "CREATE TABLE entries (\n"
	 "  run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,\n"
	 "  position INTEGER NOT NULL,\n"
	 "  name TEXT NOT NULL,\n"
	 "  key TEXT NOT NULL,\n"
	 "  method TEXT NOT NULL,\n"
	 "  status TEXT NOT NULL,\n"
	 "  PRIMARY KEY (run_id, key)\n"
	 ");\n"
	 "CREATE INDEX entries_name ON entries (name);\n"
	 "CREATE TABLE points (\n"
	 "  run_id TEXT NOT NULL,\n"
	 "  key TEXT NOT NULL,\n"
	 "  point TEXT NOT NULL,\n"
	 "  n INTEGER NOT NULL,\n"
	 "  min_ns REAL, median_ns REAL, ci_lo_ns REAL, ci_hi_ns REAL,\n"
	 "  p90_ns REAL, p99_ns REAL, max_ns REAL, mean_ns REAL, stddev_ns REAL,\n"
	 "  PRIMARY KEY (run_id, key, point),\n"
	 "  FOREIGN KEY (run_id, key) REFERENCES entries (run_id, key) ON DELETE CASCADE\n"
	 ");\n"
	 "CREATE TABLE run_medians (\n"
	 "  run_id TEXT NOT NULL,\n"
	 "  key TEXT NOT NULL,\n"
	 "  point TEXT NOT NULL,\n"
	 "  run_index INTEGER NOT NULL,\n"
	 "  n INTEGER NOT NULL,\n"
	 "  median_ns REAL NOT NULL, ci_lo_ns REAL NOT NULL, ci_hi_ns REAL NOT NULL,\n"
	 "  PRIMARY KEY (run_id, key, point, run_index),\n"
	 "  FOREIGN KEY (run_id, key) REFERENCES entries (run_id, key) ON DELETE CASCADE\n"
	 ");\n"
	 "INSERT INTO meta VALUES ('schema', '" FB_STORE_SCHEMA_NAME "');\n"
	 "INSERT INTO meta VALUES ('created', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));\n",
	 NULL},
	/*
	 * 1 -> 2: a run median's CI may be NULL. Fewer than 6 samples give no
	 * 95% CI of a median (stats.h); version 1 stored [min, max], or a
	 * zero-width interval from one sample, as if they did.
	 */
	{"CREATE TABLE run_medians_2 (\n"
	 "  run_id TEXT NOT NULL,\n"
	 "  key TEXT NOT NULL,\n"
	 "  point TEXT NOT NULL,\n"
	 "  run_index INTEGER NOT NULL,\n"
	 "  n INTEGER NOT NULL,\n"
	 "  median_ns REAL NOT NULL, ci_lo_ns REAL, ci_hi_ns REAL,\n"
	 "  PRIMARY KEY (run_id, key, point, run_index),\n"
	 "  FOREIGN KEY (run_id, key) REFERENCES entries (run_id, key) ON DELETE CASCADE\n"
	 ");\n"
	 "INSERT INTO run_medians_2 SELECT run_id, key, point, run_index, n, median_ns,\n"
	 "  CASE WHEN n < 6 THEN NULL ELSE ci_lo_ns END, CASE WHEN n < 6 THEN NULL ELSE ci_hi_ns END\n"
	 "  FROM run_medians;\n"
	 "UPDATE points SET ci_lo_ns = NULL, ci_hi_ns = NULL WHERE n < 6;\n"
	 "DROP TABLE run_medians;\n"
	 "ALTER TABLE run_medians_2 RENAME TO run_medians;\n",
	 NULL},
	/*
	 * 2 -> 3: runs.runs_done, the runs of the file that finished (an
	 * interrupted run --runs N holds fewer than N), and every run's
	 * figures again: version 2 kept no run medians of a point whose values
	 * are some samples only (child_start, cow: probes) in a file of
	 * several runs, so store trend failed on what compare read.
	 */
	{"ALTER TABLE runs ADD COLUMN runs_done INTEGER NOT NULL DEFAULT 0 CHECK (runs_done >= 0);\n"
	 "UPDATE runs SET runs_done = runs;\n",
	 fb_store_refigure},
	/*
	 * 3 -> 4: a run timed with the cache model (clock 'model') is stored;
	 * the CHECK allowed wall and icount only, and SQLite changes a CHECK
	 * only by making the table anew. Its children are made anew with it
	 * (a dropped parent would take their rows with it, ON DELETE CASCADE),
	 * and RENAME points their references at the new tables. Then each
	 * run's entries are keyed as the reader keys them now (an optional
	 * parameter a file lacks as its default, bench/results/results_rules.h),
	 * so that a run stored before matches one added after.
	 */
	{"CREATE TABLE runs_4 (\n"
	 "  run_id TEXT PRIMARY KEY,\n"
	 "  file_run_id TEXT NOT NULL,\n"
	 "  started TEXT NOT NULL,\n"
	 "  added TEXT NOT NULL,\n"
	 "  source TEXT NOT NULL,\n"
	 "  label TEXT NOT NULL,\n"
	 "  kernel TEXT NOT NULL,\n"
	 "  clock TEXT NOT NULL CHECK (clock IN ('wall', 'icount', 'model')),\n"
	 "  host TEXT NOT NULL,\n"
	 "  cpu_model TEXT NOT NULL,\n"
	 "  hypervisor TEXT NOT NULL,\n"
	 "  runs INTEGER NOT NULL CHECK (runs >= 1),\n"
	 "  partial INTEGER NOT NULL,\n"
	 "  forkbench_version TEXT NOT NULL,\n"
	 "  git_commit TEXT NOT NULL,\n"
	 "  results_schema_version INTEGER NOT NULL,\n"
	 "  context TEXT NOT NULL,\n"
	 "  document TEXT NOT NULL,\n"
	 "  runs_done INTEGER NOT NULL DEFAULT 0 CHECK (runs_done >= 0)\n"
	 ");\n"
	 "INSERT INTO runs_4 SELECT * FROM runs;\n"
	 "CREATE TABLE entries_4 (\n"
	 "  run_id TEXT NOT NULL REFERENCES runs_4 (run_id) ON DELETE CASCADE,\n"
	 "  position INTEGER NOT NULL,\n"
	 "  name TEXT NOT NULL,\n"
	 "  key TEXT NOT NULL,\n"
	 "  method TEXT NOT NULL,\n"
	 "  status TEXT NOT NULL,\n"
	 "  PRIMARY KEY (run_id, key)\n"
	 ");\n"
	 "INSERT INTO entries_4 SELECT * FROM entries;\n"
	 "CREATE TABLE points_4 (\n"
	 "  run_id TEXT NOT NULL,\n"
	 "  key TEXT NOT NULL,\n"
	 "  point TEXT NOT NULL,\n"
	 "  n INTEGER NOT NULL,\n"
	 "  min_ns REAL, median_ns REAL, ci_lo_ns REAL, ci_hi_ns REAL,\n"
	 "  p90_ns REAL, p99_ns REAL, max_ns REAL, mean_ns REAL, stddev_ns REAL,\n"
	 "  PRIMARY KEY (run_id, key, point),\n"
	 "  FOREIGN KEY (run_id, key) REFERENCES entries_4 (run_id, key) ON DELETE CASCADE\n"
	 ");\n"
	 "INSERT INTO points_4 SELECT * FROM points;\n"
	 "CREATE TABLE run_medians_4 (\n"
	 "  run_id TEXT NOT NULL,\n"
	 "  key TEXT NOT NULL,\n"
	 "  point TEXT NOT NULL,\n"
	 "  run_index INTEGER NOT NULL,\n"
	 "  n INTEGER NOT NULL,\n"
	 "  median_ns REAL NOT NULL, ci_lo_ns REAL, ci_hi_ns REAL,\n"
	 "  PRIMARY KEY (run_id, key, point, run_index),\n"
	 "  FOREIGN KEY (run_id, key) REFERENCES entries_4 (run_id, key) ON DELETE CASCADE\n"
	 ");\n"
	 "INSERT INTO run_medians_4 SELECT * FROM run_medians;\n"
	 "DROP TABLE run_medians;\n"
	 "DROP TABLE points;\n"
	 "DROP TABLE entries;\n"
	 "DROP TABLE runs;\n"
	 "ALTER TABLE runs_4 RENAME TO runs;\n"
	 "ALTER TABLE entries_4 RENAME TO entries;\n"
	 "ALTER TABLE points_4 RENAME TO points;\n"
	 "ALTER TABLE run_medians_4 RENAME TO run_medians;\n"
	 "CREATE INDEX runs_label ON runs (label);\n"
	 "CREATE INDEX runs_kernel ON runs (kernel);\n"
	 "CREATE INDEX entries_name ON entries (name);\n",
	 fb_store_rekey},
};

static int user_version(struct fb_store *st, int *v, char *err, size_t len)
{
	sqlite3_stmt *s;
	int rc;

	if (fb_store_prepare(st, "PRAGMA user_version", &s, err, len))
		return -1;
	rc = sqlite3_step(s);
	*v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : fb_store_sqlfail(st, "cannot read", err, len);
}

/* How many tables the file has: an empty file is a new store, else it must say it is one. */
static int tables(struct fb_store *st, int *n, char *err, size_t len)
{
	sqlite3_stmt *s;
	int rc;

	if (fb_store_prepare(st, "SELECT count(*) FROM sqlite_master", &s, err, len))
		return -1;
	rc = sqlite3_step(s);
	*n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : fb_store_sqlfail(st, "cannot read", err, len);
}

static int is_store(struct fb_store *st, char *err, size_t len)
{
	sqlite3_stmt *s;
	char name[64] = "";

	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'schema'", -1, &s,
			       NULL) != SQLITE_OK)
		return fb_store_fail(err, len,
				     "%s: not a forkbench store (an SQLite file without "
				     "its meta table)",
				     st->path);
	if (sqlite3_step(s) == SQLITE_ROW)
		fb_store_text(s, 0, name, sizeof(name));
	sqlite3_finalize(s);
	if (strcmp(name, FB_STORE_SCHEMA_NAME))
		return fb_store_fail(err, len,
				     "%s: not a forkbench store (meta names no schema '%s')",
				     st->path, FB_STORE_SCHEMA_NAME);
	return 0;
}

/* Brings the store from version v to this forkbench's, inside the caller's transaction. */
static int migrate(struct fb_store *st, int v, char *err, size_t len)
{
	char sql[160];

	for (; v < FB_STORE_SCHEMA_VERSION; v++)
		if (fb_store_exec(st, steps[v].sql, err, len) ||
		    (steps[v].fn && steps[v].fn(st, err, len)))
			return -1;
	snprintf(sql, sizeof(sql),
		 "INSERT OR REPLACE INTO meta VALUES ('schema_version', '%d');"
		 "PRAGMA user_version = %d",
		 FB_STORE_SCHEMA_VERSION, FB_STORE_SCHEMA_VERSION);
	return fb_store_exec(st, sql, err, len);
}

static int check_version(struct fb_store *st, int v, int ntables, bool create, char *err,
			 size_t len)
{
	if (v > FB_STORE_SCHEMA_VERSION)
		return fb_store_fail(
			err, len,
			"%s: store schema version %d, this forkbench reads version %d: "
			"use a newer forkbench",
			st->path, v, FB_STORE_SCHEMA_VERSION);
	if (v == 0 && ntables > 0)
		return fb_store_fail(err, len,
				     "%s: not a forkbench store (an SQLite file of something else)",
				     st->path);
	if (v == 0 && !create)
		return fb_store_fail(err, len, "%s: an empty store: nothing added yet", st->path);
	if (v > 0 && is_store(st, err, len))
		return -1;
	if (v < FB_STORE_SCHEMA_VERSION && !create)
		return fb_store_fail(err, len,
				     "%s: store schema version %d: 'forkbench store add' (any "
				     "file) brings it to version %d",
				     st->path, v, FB_STORE_SCHEMA_VERSION);
	return 0;
}

int fb_store_schema_check(struct fb_store *st, bool create, char *err, size_t len)
{
	int v, n;

	if (user_version(st, &v, err, len))
		return -1;
	if (v == FB_STORE_SCHEMA_VERSION)
		return is_store(st, err, len);
	/*
	 * The version and the tables are read in one transaction, so that
	 * another command's migration is seen whole or not at all. IMMEDIATE
	 * takes the write lock first: of two adds that found an old (or a new,
	 * empty) store, the second waits, then sees the first's work.
	 */
	if (fb_store_exec(st, create ? "BEGIN IMMEDIATE" : "BEGIN", err, len))
		return -1;
	if (user_version(st, &v, err, len) || tables(st, &n, err, len) ||
	    check_version(st, v, n, create, err, len) ||
	    (v < FB_STORE_SCHEMA_VERSION && migrate(st, v, err, len))) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return fb_store_exec(st, "COMMIT", err, len);
}

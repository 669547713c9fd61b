// SPDX-License-Identifier: MIT
/* Opening a store: where it is, SQLite's locking, and whose file it is. */
#include "store/store_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int fb_store_fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

int fb_store_sqlfail(struct fb_store *st, const char *what, char *err, size_t len)
{
	int code = sqlite3_extended_errcode(st->db);
	const char *why = sqlite3_errmsg(st->db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return fb_store_fail(err, len,
				     "%s: %s: the store is locked by another process (waited %d s)",
				     st->path, what, FB_STORE_BUSY_MS / 1000);
	if ((code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT)
		return fb_store_fail(err, len, "%s: not a usable store: %s", st->path, why);
	return fb_store_fail(err, len, "%s: %s: %s", st->path, what, why);
}

int fb_store_exec(struct fb_store *st, const char *sql, char *err, size_t len)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fb_store_sqlfail(st, "cannot update", err, len);
	return 0;
}

int fb_store_prepare(struct fb_store *st, const char *sql, sqlite3_stmt **stmt, char *err,
		     size_t len)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK)
		return fb_store_sqlfail(st, "cannot read", err, len);
	return 0;
}

void fb_store_text(sqlite3_stmt *s, int col, char *out, size_t len)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	snprintf(out, len, "%s", t ? (const char *)t : "");
}

const char *fb_store_path(const char *opt)
{
	const char *env = getenv("FORKBENCH_STORE");

	if (opt && *opt)
		return opt;
	return env && *env ? env : "forkbench.db";
}

int fb_store_open(const char *path, bool create, struct fb_store **out, char *err, size_t len)
{
	struct fb_store *st;
	struct stat sb;
	int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;

	*out = NULL;
	/* SQLite would make an empty database of a typo: only add creates one */
	if (stat(path, &sb)) {
		if (!create || errno != ENOENT)
			return fb_store_fail(
				err, len, "%s: no store here: %s%s", path, strerror(errno),
				errno == ENOENT ? " ('forkbench store add' makes one)" : "");
	} else if (!S_ISREG(sb.st_mode)) {
		return fb_store_fail(err, len, "%s: not a store: not a regular file", path);
	}
	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path)))
		abort();
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		fb_store_sqlfail(st, "cannot open", err, len);
		fb_store_close(st);
		return -1;
	}
	/*
	 * SQLite's own locking: a writer waits for readers and other writers
	 * (two CI steps adding at once) rather than failing at once.
	 */
	sqlite3_busy_timeout(st->db, FB_STORE_BUSY_MS);
	if (fb_store_exec(st, "PRAGMA foreign_keys = ON", err, len) ||
	    fb_store_schema_check(st, create, err, len)) {
		fb_store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void fb_store_close(struct fb_store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

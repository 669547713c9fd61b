// SPDX-License-Identifier: MIT
/*
 * The SQL helpers every store file uses: running and preparing statements,
 * and SQLite's errors as one line. Apart from store_open.c, so that opening
 * (which checks the schema) and the schema (which runs SQL) do not need
 * each other.
 */
#include "store/store_priv.h"

#include <stdarg.h>
#include <stdio.h>

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
	char cut[200];

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return fb_store_fail(err, len,
				     "%s: %s: the store is locked by another process (waited %d s)",
				     st->path, what, FB_STORE_BUSY_MS / 1000);
	if (code == SQLITE_READONLY_ROLLBACK)
		/* a hot journal that this process may not roll back: say who can */
		return fb_store_fail(err, len,
				     "%s: %s: an interrupted 'store add' left %s-journal, and "
				     "rolling it back takes write access to the store and its "
				     "directory: run any 'forkbench store' command as a user who "
				     "has it",
				     st->path, what, st->path);
	if ((code & 0xff) == SQLITE_CORRUPT && fb_store_cut_short(st->path, cut, sizeof(cut)))
		return fb_store_fail(err, len, "%s: not a usable store: %s", st->path, cut);
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

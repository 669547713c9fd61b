// SPDX-License-Identifier: MIT
/* Opening a store: where it is, SQLite's locking, and whose file it is. */
#include "store/store_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	/*
	 * Read-write for every command, the readers made read-only by
	 * query_only below: a store add killed mid-transaction leaves a hot
	 * journal, and only a connection that may write can roll it back
	 * (SQLite does so as it first reads); opened read-only, the store would
	 * stay unreadable ("attempt to write a readonly database") until the
	 * next add. A file this user may not write is opened read-only anyway.
	 */
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);

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
	/* the integrity check is the first read: it rolls back a hot journal first */
	if (fb_store_exec(st, create ? "PRAGMA foreign_keys = ON" : "PRAGMA query_only = ON", err,
			  len) ||
	    fb_store_check(st, err, len) || fb_store_schema_check(st, create, err, len)) {
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

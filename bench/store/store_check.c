// SPDX-License-Identifier: MIT
/*
 * Is the store whole? A store is one file that CI caches, uploads and
 * copies. A copy cut short (a full disk, an interrupted upload or cache
 * save) still opens, and SQLite reads what is left without a word until
 * a query happens to reach the missing part: a trend would lose runs and
 * say nothing. So every command checks the store as it opens it, with
 * SQLite's own integrity check, and names a cut file as cut.
 */
#include "store/store_priv.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool fb_store_cut_short(const char *path, char *why, size_t len)
{
	unsigned char h[100];
	struct stat sb;
	uint32_t size, pages;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool whole_header = fd >= 0 && !fstat(fd, &sb) && pread(fd, h, sizeof(h), 0) == sizeof(h);

	if (fd >= 0)
		close(fd);
	if (!whole_header || memcmp(h, "SQLite format 3", 16))
		return false;
	/* the file format: page size at 16 (1 means 65536), pages at 28 */
	size = (uint32_t)h[16] << 8 | h[17];
	size = size == 1 ? 65536 : size;
	if (size < 512 || (size & (size - 1)))
		return false;
	/* the header's page count holds when its change counter (24) matches 92 */
	pages = be32(h + 28);
	if (pages && be32(h + 24) == be32(h + 92) &&
	    (uint64_t)sb.st_size < (uint64_t)pages * size) {
		snprintf(why, len,
			 "cut short: %lld bytes, where its header says %u pages of %u bytes "
			 "(%llu): restore it from a copy",
			 (long long)sb.st_size, pages, size, (unsigned long long)pages * size);
		return true;
	}
	if (sb.st_size % size) {
		snprintf(why, len,
			 "cut short: %lld bytes, not a whole number of %u-byte pages: restore "
			 "it from a copy",
			 (long long)sb.st_size, size);
		return true;
	}
	return false;
}

int fb_store_check(struct fb_store *st, char *err, size_t len)
{
	static const char banner[] = "*** in database main ***\n";
	const char *say;
	sqlite3_stmt *s;
	char first[256] = "", cut[200];
	int rc;

	/*
	 * integrity_check, not quick_check: an index that lost a row (the
	 * entries by name) answers a trend without that run, and only the
	 * full check compares indexes with their tables. It stops at the
	 * first problem (one line is said); on a store of 160 MB (300 runs)
	 * it took 0.4 s.
	 */
	if (fb_store_prepare(st, "PRAGMA integrity_check(1)", &s, err, len))
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fb_store_text(s, 0, first, sizeof(first));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return fb_store_sqlfail(st, "cannot read", err, len);
	if (!strcmp(first, "ok"))
		return 0;
	if (fb_store_cut_short(st->path, cut, sizeof(cut)))
		return fb_store_fail(err, len, "%s: not a usable store: %s", st->path, cut);
	say = strncmp(first, banner, strlen(banner)) ? first : first + strlen(banner);
	return fb_store_fail(err, len, "%s: not a usable store: its integrity check says: %.*s",
			     st->path, (int)strcspn(say, "\n"), say);
}

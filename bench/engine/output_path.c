// SPDX-License-Identifier: MIT
#include "output_path.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* As the kernel's path walk: more links than this in a row is a loop. */
#define MAX_LINKS 40

/* snprintf into out, -1 with ENAMETOOLONG when it does not fit. */
static int put(char *out, size_t len, const char *dir, size_t dlen, const char *name)
{
	if ((size_t)snprintf(out, len, "%.*s%s", (int)dlen, dir, name) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* The length of path's directory part with its slash ("a/b/" of "a/b/c"), 0 for none. */
static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) + 1 : 0;
}

int fb_output_resolve(const char *path, char *target, size_t tlen, char *canon, size_t clen)
{
	char cur[PATH_MAX], link[PATH_MAX], dir[PATH_MAX], real[PATH_MAX];
	struct stat st;
	size_t dl;
	ssize_t n;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return put(target, tlen, "", 0, path) || put(canon, clen, "", 0, path);
	if (put(cur, sizeof(cur), "", 0, path))
		return -1;
	for (int hops = 0;; hops++) {
		if (lstat(cur, &st)) {
			if (errno != ENOENT)
				return -1;
			break; /* a file to create, or a directory missing (the preflight says) */
		}
		if (!S_ISLNK(st.st_mode))
			break;
		if (hops == MAX_LINKS) {
			errno = ELOOP;
			return -1;
		}
		n = readlink(cur, link, sizeof(link) - 1);
		if (n < 0)
			return -1;
		link[n] = '\0';
		/* a relative link is relative to the directory the link is in */
		dl = link[0] == '/' ? 0 : dir_len(cur);
		if (put(dir, sizeof(dir), cur, dl, link))
			return -1;
		memcpy(cur, dir, sizeof(cur));
	}
	if (put(target, tlen, "", 0, cur))
		return -1;
	/* one name for the file: its directory resolved, then its own name */
	dl = dir_len(cur);
	if (put(dir, sizeof(dir), cur, dl, "."))
		return -1;
	if (!realpath(dir, real))
		return put(canon, clen, "", 0, cur); /* no such directory: the preflight says */
	if ((size_t)snprintf(canon, clen, "%s/%s", strcmp(real, "/") ? real : "", cur + dl) >=
	    clen) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

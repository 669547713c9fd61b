// SPDX-License-Identifier: MIT
/*
 * Finding forkbench-worker and forkbench-helper at run time. The search
 * order, relative to the directory of the running forkbench (the target
 * of /proc/self/exe, so symlinks to forkbench do not matter):
 *
 *   1. FB_LIBEXEC_FROM_BIN below it: the installed layout, where CMake
 *      (GNUInstallDirs) puts them, e.g. bin/../libexec/forkbench. The
 *      path is relative, so a prefix that was moved, or given only at
 *      install time (cmake --install --prefix), still works.
 *   2. That directory itself: the build tree (build/bench/ holds all
 *      three) and flat copies such as the QEMU guest's initramfs.
 *
 * The first directory that holds an executable forkbench-worker wins, and
 * the helper is taken from that same directory: the pair comes from one
 * build, never from two.
 */
#include "binaries.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FB_LIBEXEC_FROM_BIN
#define FB_LIBEXEC_FROM_BIN "../libexec/forkbench"
#endif

/* dir/rel, shortened by realpath() when the directory exists. */
static void join(char *out, size_t len, const char *dir, const char *rel)
{
	char real[PATH_MAX];

	snprintf(out, len, "%s%s%s", dir, rel[0] ? "/" : "", rel);
	if (realpath(out, real) && strlen(real) < len)
		memcpy(out, real, strlen(real) + 1);
}

int fb_binaries_find(struct fb_binaries *b)
{
	const char *rels[] = {FB_LIBEXEC_FROM_BIN, ""};
	/* room left in dir for "/forkbench-worker" */
	char self[PATH_MAX], dir[PATH_MAX - 32], *self_dir;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	size_t used = 0;

	memset(b, 0, sizeof(*b));
	if (n <= 0) {
		snprintf(b->tried, sizeof(b->tried), "nowhere: /proc/self/exe cannot be read: %s",
			 strerror(errno));
		return -1;
	}
	self[n] = '\0';
	self_dir = dirname(self);
	for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
		join(dir, sizeof(dir), self_dir, rels[i]);
		snprintf(b->worker, sizeof(b->worker), "%s/forkbench-worker", dir);
		if (used < sizeof(b->tried))
			used += (size_t)snprintf(b->tried + used, sizeof(b->tried) - used, "%s%s",
						 used ? ", " : "", b->worker);
		if (access(b->worker, X_OK) == 0) {
			b->worker_found = true;
			snprintf(b->helper, sizeof(b->helper), "%s/forkbench-helper", dir);
			b->helper_found = access(b->helper, X_OK) == 0;
			return 0;
		}
	}
	b->worker[0] = '\0';
	return -1;
}

const char *fb_binaries_lack(const struct fb_binaries *b, const struct fb_method *m)
{
	if (!b->worker_found)
		return "forkbench-worker was not found";
	if (m->exec && !b->helper_found)
		return "forkbench-helper was not found beside forkbench-worker";
	return NULL;
}

/* SPDX-License-Identifier: MIT */
/*
 * Where an output really goes. `--json link` replaced the symlink with a
 * regular file, and a run on the link and one on its target each took a
 * lock of its own. Now a symlink is followed to the file it names (which
 * need not exist yet): that file is written, replaced through a temporary
 * file beside it, and the link stays; and the lock is taken on one name
 * for the file, whichever way it was reached.
 */
#ifndef FORKBENCH_OUTPUT_PATH_H
#define FORKBENCH_OUTPUT_PATH_H

#include <stddef.h>

/*
 * Follows path through symlinks into target (what to write: path itself
 * unless it is a link) and canon (one name for that file, its directory
 * resolved, for the lock). A device or a pipe (/dev/stdout) is left as
 * given: it is written in place. Returns 0, or -1 with errno set: ELOOP
 * for a symlink loop, ENAMETOOLONG, or what lstat or readlink said.
 */
int fb_output_resolve(const char *path, char *target, size_t tlen, char *canon, size_t clen);

#endif

/* SPDX-License-Identifier: MIT */
#ifndef FORKBENCH_ATOMIC_FILE_H
#define FORKBENCH_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes data to path through a temporary file in the same directory and
 * rename(), so a reader sees the old file or the new one, never half. A
 * path that is a device or a pipe (fb_output_in_place) is written in
 * place instead. Returns 0, or -1 with errno set.
 */
int fb_write_atomic(const char *path, const char *data, size_t len);

/*
 * Writes data to a new file DIR/PREFIXxxxxxxSUFFIX that no other file had
 * (mkstemps), whose name goes into path. Returns 0, or -1 with errno set
 * and no file left.
 */
int fb_write_new_file(const char *dir, const char *prefix, const char *suffix, const char *data,
		      size_t len, char *path, size_t path_len);

/* Whether path exists and is neither a regular file nor a directory: a device, a pipe. */
bool fb_output_in_place(const char *path);

#endif

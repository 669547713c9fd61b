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

/* Whether path exists and is neither a regular file nor a directory: a device, a pipe. */
bool fb_output_in_place(const char *path);

#endif

/* SPDX-License-Identifier: MIT */
#ifndef FORKBENCH_ATOMIC_FILE_H
#define FORKBENCH_ATOMIC_FILE_H

#include <stddef.h>

/*
 * Writes data to path through a temporary file in the same directory and
 * rename(), so a reader sees the old file or the new one, never half.
 * Returns 0, or -1 with errno set.
 */
int fb_write_atomic(const char *path, const char *data, size_t len);

#endif

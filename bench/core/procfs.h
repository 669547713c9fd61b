/* SPDX-License-Identifier: MIT */
/*
 * Small readers of /proc and /sys. They use no stdio and no malloc, since
 * the lean worker calls them and must not grow a heap that fork would copy.
 */
#ifndef FORKBENCH_PROCFS_H
#define FORKBENCH_PROCFS_H

#include <stddef.h>
#include <stdint.h>

/* Reads a whole (small) file into buf, NUL-terminated. Returns length or -1. */
long fb_read_file(const char *path, char *buf, size_t len);

/* Reads the first line of a file, without its newline. Returns 0 or -1. */
int fb_read_line(const char *path, char *buf, size_t len);

/*
 * Finds "key:" at the start of a line in text and returns the number after
 * it, multiplied by 1024 when followed by "kB". Returns -1 when absent.
 */
int64_t fb_field_value(const char *text, const char *key);

/* Counts the newline-terminated lines of a file, or -1. */
int64_t fb_count_lines(const char *path);

/* Counts the entries of a directory (without . and ..), or -1. */
int64_t fb_count_dir(const char *path);

#endif

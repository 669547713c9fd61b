/* SPDX-License-Identifier: MIT */
/* Sizes with units, as users type them: 0, 4K, 1M, 64MiB, 1G, 1.5G. */
#ifndef FORKBENCH_SIZE_PARSE_H
#define FORKBENCH_SIZE_PARSE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parses one size. Units are binary (K = 1024) and case-insensitive:
 * K, M, G, T with an optional "B" or "iB". Returns 0 on success, or -1 with
 * a one-line reason in err (which needs room for 128 bytes).
 */
int fb_parse_size(const char *s, uint64_t *out, char *err, size_t errlen);

/*
 * Parses a comma-separated list of sizes into out (at most max entries).
 * Returns the count, or -1 with a reason in err.
 */
int fb_parse_size_list(const char *s, uint64_t *out, int max, char *err, size_t errlen);

/* Formats a size the way the user would type it back ("64M", "1G", "1536K"). */
void fb_format_size(uint64_t bytes, char *buf, size_t len);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * How times are shown to people (the run table, compare's text): --unit
 * us|ms|auto, as hyperfine's -u. auto writes microseconds up to 10 ms and
 * milliseconds from there, each cell with its unit; us and ms write bare
 * numbers and the header names the unit.
 */
#ifndef FORKBENCH_TIME_UNIT_H
#define FORKBENCH_TIME_UNIT_H

#include <stddef.h>

enum fb_time_unit { FB_UNIT_AUTO, FB_UNIT_US, FB_UNIT_MS };

/* Where auto switches from microseconds to milliseconds. */
#define FB_UNIT_AUTO_MS_FROM_NS 10e6

/*
 * The unit auto picks for a column of times whose largest is max_ns:
 * FB_UNIT_MS from FB_UNIT_AUTO_MS_FROM_NS on, else FB_UNIT_US. A table
 * says it once in the column's header, so that one column never mixes
 * "3979.7 us" and "11.32 ms".
 */
int fb_time_unit_for(double max_ns);

/* "us", "ms" or "auto" into *unit; -1 for anything else. */
int fb_time_unit_parse(const char *s, int *unit);

/* "us", "ms" or "auto". */
const char *fb_time_unit_name(int unit);

/*
 * ns as the unit says: "412.3 us" or "42.10 ms" (auto), "412.3" (us),
 * "0.412" (ms); "-" for a negative or NaN time.
 */
const char *fb_format_time(double ns, int unit, char *buf, size_t len);

#endif

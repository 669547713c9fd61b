/* SPDX-License-Identifier: MIT */
/*
 * Readers of option values for `forkbench run`. Each returns 0, or
 * FB_EXIT_USAGE after printing one line that names the option and the
 * value, and points to --help.
 */
#ifndef FORKBENCH_OPTION_VALUES_H
#define FORKBENCH_OPTION_VALUES_H

#include <stdbool.h>
#include <stdint.h>

/* Prints "forkbench run: <message> (see 'forkbench run --help')"; returns FB_EXIT_USAGE. */
int fb_opt_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A comma-separated list (--method, --rss, --thp, --counters) has no empty
 * element: "a,,b", "a,", ",a" and "a, ,b" are refused alike, as is "".
 */
int fb_opt_list(const char *opt, const char *s);

/* A whole number from 0 to max. */
int fb_opt_uint(const char *opt, const char *s, uint64_t max, uint64_t *out);

/* Seconds above 0, at most a day. */
int fb_opt_seconds(const char *opt, const char *s, double *out);

/* A fraction from 0 to 1, or with percent_ok a percentage ("1%"). */
int fb_opt_fraction(const char *opt, const char *s, bool percent_ok, double *out);

/* A CPU number this build of glibc can pin to. */
int fb_opt_cpu(const char *opt, const char *s, int *out);

#endif

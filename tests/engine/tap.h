/* SPDX-License-Identifier: MIT */
/*
 * A minimal TAP producer in the spirit of kselftest: ok/not ok lines, a
 * skip with its reason, and an exit code ctest understands (77 = skipped).
 */
#ifndef FORKBENCH_TAP_H
#define FORKBENCH_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int tap_n, tap_failed;

static inline void tap_check(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void tap_check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		tap_failed++;
}

static inline void tap_skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static inline int tap_done(void)
{
	printf("1..%d\n# %d passed, %d failed\n", tap_n, tap_n - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}

#endif

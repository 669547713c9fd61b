/* SPDX-License-Identifier: MIT */
/*
 * A minimal TAP producer in the spirit of kselftest: ok/not ok lines, a
 * skip with its reason, and an exit code ctest understands (77 = skipped,
 * SKIP_RETURN_CODE in the CMakeLists.txt). One copy for every test folder.
 */
#ifndef FORKBENCH_TAP_H
#define FORKBENCH_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define TAP_SKIP 77

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
	fflush(stdout); /* before any fork, so a child does not print it again */
	if (!cond)
		tap_failed++;
}

/* The same as a statement-like macro, for the tests that read better with it. */
#define CHECK(cond, ...) tap_check((cond) ? 1 : 0, __VA_ARGS__)

static inline void tap_skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_n, why);
}

/* Skips the whole test, with its reason. */
#define SKIP_ALL(...)                                                                              \
	do {                                                                                       \
		printf("1..0 # SKIP ");                                                            \
		printf(__VA_ARGS__);                                                               \
		printf("\n");                                                                      \
		exit(TAP_SKIP);                                                                    \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n# %d passed, %d failed\n", tap_n, tap_n - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}

#endif

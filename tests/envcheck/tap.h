/* SPDX-License-Identifier: MIT */
/* Minimal TAP for the area tests: ok/not ok lines, a skip exit code ctest knows. */
#ifndef FB_TEST_TAP_H
#define FB_TEST_TAP_H

#include <stdio.h>
#include <stdlib.h>

#define TAP_SKIP 77 /* SKIP_RETURN_CODE in CMakeLists.txt */

static int tap_n, tap_failed;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		tap_n++;                                                                           \
		if (cond) {                                                                        \
			printf("ok %d - ", tap_n);                                                 \
		} else {                                                                           \
			tap_failed++;                                                              \
			printf("not ok %d - ", tap_n);                                             \
		}                                                                                  \
		printf(__VA_ARGS__);                                                               \
		printf("\n");                                                                      \
		fflush(stdout); /* before any fork, so a child does not print it again */          \
	} while (0)

#define SKIP_ALL(...)                                                                              \
	do {                                                                                       \
		printf("1..0 # SKIP ");                                                            \
		printf(__VA_ARGS__);                                                               \
		printf("\n");                                                                      \
		exit(TAP_SKIP);                                                                    \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif

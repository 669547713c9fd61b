/* SPDX-License-Identifier: MIT */
/*
 * What the fuzz harnesses share. Each harness is one LLVMFuzzerTestOneInput
 * that feeds its input through the code forkbench runs and checks
 * properties that must hold for every input, calling fb_fuzz_fail (which
 * aborts) when one does not. It is linked with libFuzzer (clang,
 * FORKBENCH_FUZZ=ON) or with replay.c, which runs a corpus through it
 * without libFuzzer, in every build.
 */
#ifndef FORKBENCH_FUZZ_H
#define FORKBENCH_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property does not hold: say which, on the real stderr, and abort. */
__attribute__((noreturn, format(printf, 1, 2))) static inline void fb_fuzz_fail(const char *fmt,
										...)
{
	FILE *err = fdopen(2, "w");
	va_list ap;

	va_start(ap, fmt);
	vfprintf(err ? err : stdout, fmt, ap);
	va_end(ap);
	fputc('\n', err ? err : stdout);
	fflush(err ? err : stdout);
	abort();
}

/*
 * A stream that discards what the code under test prints (FB_FUZZ_VERBOSE=1
 * lets it through); sanitizer reports write to fd 2 and are never lost.
 */
static inline FILE *fb_fuzz_sink(FILE *real)
{
	static FILE *null;

	if (getenv("FB_FUZZ_VERBOSE"))
		return real;
	if (!null)
		null = fopen("/dev/null", "w");
	return null ? null : real;
}

#endif

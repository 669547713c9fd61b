// SPDX-License-Identifier: MIT
/* Option values as `forkbench run` reads them: every mistake is one line and exit code 2. */
#include "option_values.h"

#include "engine/run.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* U+FEFF in UTF-8: invisible in a terminal, and not part of any value. */
static const char BOM[] = "\xef\xbb\xbf";

int fb_opt_usage_error(const char *fmt, ...)
{
	char msg[1024];
	bool bom = false;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fputs("forkbench run: ", stderr);
	/*
	 * The message quotes what the user typed: a newline in it must not
	 * make two lines, and what cannot be seen is shown escaped, a UTF-8
	 * byte order mark (an editor's, carried into a script) by its name.
	 */
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
		if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else if (!strncmp((const char *)p, BOM, 3)) {
			fputs("\\ufeff", stderr);
			p += 2;
			bom = true;
		} else {
			fputc(*p, stderr);
		}
	if (bom)
		fputs(" (\\ufeff: a UTF-8 byte order mark, BOM, is in the value: remove it)",
		      stderr);
	fputs(" (see 'forkbench run --help')\n", stderr);
	return FB_EXIT_USAGE;
}

int fb_opt_list(const char *opt, const char *s)
{
	const char *p = s;

	if (!*s)
		return fb_opt_usage_error("%s needs a value", opt);
	for (;;) {
		size_t len = strcspn(p, ",");

		/* blanks alone are empty too: --counters skips the blanks before a name */
		if (strspn(p, " ") >= len)
			return fb_opt_usage_error("%s list '%s' has an empty element", opt, s);
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

int fb_opt_uint(const char *opt, const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (!*s || *s == '-' || *s == '+')
		return fb_opt_usage_error("%s needs a whole number, not '%s'", opt, s);
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return fb_opt_usage_error("%s needs a whole number, not '%s'", opt, s);
	if (v > max)
		return fb_opt_usage_error("%s %s is more than %llu", opt, s,
					  (unsigned long long)max);
	*out = v;
	return 0;
}

int fb_opt_seconds(const char *opt, const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v <= 0 || v > FB_MAX_SECONDS)
		return fb_opt_usage_error("%s needs a number of seconds above 0, not '%s'", opt, s);
	*out = v;
	return 0;
}

int fb_opt_fraction(const char *opt, const char *s, bool percent_ok, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (percent_ok && end != s && *end == '%' && end[1] == '\0') {
		v /= 100.0;
		end++;
	}
	if (errno || end == s || *end || !isfinite(v) || v < 0 || v > 1)
		return fb_opt_usage_error("%s needs a fraction between 0 and 1%s, not '%s'", opt,
					  percent_ok ? " or a percentage" : "", s);
	*out = v;
	return 0;
}

int fb_opt_cpu(const char *opt, const char *s, int *out)
{
	uint64_t v = 0; /* gcc cannot see that a usage error is never 0 */
	int rc = fb_opt_uint(opt, s, CPU_SETSIZE - 1, &v);

	if (rc == 0)
		*out = (int)v;
	return rc;
}

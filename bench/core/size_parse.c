// SPDX-License-Identifier: MIT
#include "size_parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int unit_shift(const char *u, int *shift)
{
	static const struct {
		const char *name;
		int shift;
	} units[] = {
		{"", 0},     {"b", 0},	 {"k", 10},   {"kb", 10},  {"kib", 10},
		{"m", 20},   {"mb", 20}, {"mib", 20}, {"g", 30},   {"gb", 30},
		{"gib", 30}, {"t", 40},	 {"tb", 40},  {"tib", 40},
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(u, units[i].name) == 0) {
			*shift = units[i].shift;
			return 0;
		}
	}
	return -1;
}

int fb_parse_size(const char *s, uint64_t *out, char *err, size_t errlen)
{
	const char *p = s;
	char *end;
	double v;
	int shift;

	if (!s || !*s) {
		snprintf(err, errlen, "empty size");
		return -1;
	}
	/* strtod would accept these; a size never has them. */
	if (*p == '-' || *p == '+' || isspace((unsigned char)*p)) {
		snprintf(err, errlen, "size '%s' must be a plain non-negative number with a unit",
			 s);
		return -1;
	}
	if (!isdigit((unsigned char)*p) && *p != '.') {
		snprintf(err, errlen, "size '%s' does not start with a number", s);
		return -1;
	}
	errno = 0;
	v = strtod(p, &end);
	if (errno || end == p || !isfinite(v) || strpbrk(s, "xXpPnNeE")) {
		snprintf(err, errlen,
			 "size '%s' is not a number with a unit (examples: 0, 4K, 64M, 1G)", s);
		return -1;
	}
	if (unit_shift(end, &shift) != 0) {
		snprintf(err, errlen, "size '%s' has an unknown unit '%s' (use K, M, G or T)", s,
			 end);
		return -1;
	}
	v = ldexp(v, shift);
	if (v >= 18446744073709551616.0) {
		snprintf(err, errlen, "size '%s' is too large", s);
		return -1;
	}
	if (v != floor(v)) {
		snprintf(err, errlen, "size '%s' is not a whole number of bytes", s);
		return -1;
	}
	*out = (uint64_t)v;
	return 0;
}

int fb_parse_size_list(const char *s, uint64_t *out, int max, char *err, size_t errlen)
{
	char buf[1024];
	char *save = NULL, *tok;
	int n = 0;

	if (!s || !*s) {
		snprintf(err, errlen, "empty size list");
		return -1;
	}
	if (strlen(s) >= sizeof(buf)) {
		snprintf(err, errlen, "size list is too long");
		return -1;
	}
	strcpy(buf, s);
	if (buf[0] == ',' || buf[strlen(buf) - 1] == ',' || strstr(buf, ",,")) {
		snprintf(err, errlen, "size list '%s' has an empty element", s);
		return -1;
	}
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == max) {
			snprintf(err, errlen, "size list '%s' has more than %d elements", s, max);
			return -1;
		}
		if (fb_parse_size(tok, &out[n], err, errlen) != 0)
			return -1;
		n++;
	}
	return n;
}

void fb_format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = {'T', 'G', 'M', 'K'};
	static const int shifts[] = {40, 30, 20, 10};

	for (int i = 0; i < 4; i++) {
		uint64_t unit = 1ULL << shifts[i];

		if (bytes >= unit && bytes % unit == 0) {
			snprintf(buf, len, "%llu%c", (unsigned long long)(bytes / unit), units[i]);
			return;
		}
	}
	snprintf(buf, len, "%llu", (unsigned long long)bytes);
}

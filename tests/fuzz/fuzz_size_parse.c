// SPDX-License-Identifier: MIT
/*
 * The size parser (--rss, --hugetlb): any text is refused with a reason or
 * read as a size that prints back (fb_format_size) to the same size; a
 * list is refused, or read element by element as the single parser reads
 * each, and never with an empty element.
 */
#include "fuzz.h"

#include "core/size_parse.h"

#include <string.h>

#define MAX_LIST 32

/* The list's elements as strsep sees them (empty ones included): each must parse alone. */
static void check_list(const char *s, const uint64_t *list, int n)
{
	char copy[1100], *rest = copy, *tok, err[160];
	int k = 0;

	snprintf(copy, sizeof(copy), "%s", s);
	while ((tok = strsep(&rest, ","))) {
		uint64_t v;

		if (!*tok)
			fb_fuzz_fail("size list '%s' accepted with an empty element", s);
		if (k >= n || fb_parse_size(tok, &v, err, sizeof(err)) || v != list[k])
			fb_fuzz_fail("size list '%s': element %d '%s' is not what the list read", s,
				     k, tok);
		k++;
	}
	if (k != n)
		fb_fuzz_fail("size list '%s' read %d elements, it has %d", s, n, k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[1100], err[160], back[64];
	uint64_t v, w, list[MAX_LIST];
	int n;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	err[0] = '\0';
	if (fb_parse_size(s, &v, err, sizeof(err)) == 0) {
		fb_format_size(v, back, sizeof(back));
		if (fb_parse_size(back, &w, err, sizeof(err)) || w != v)
			fb_fuzz_fail(
				"size '%s' read as %llu prints as '%s', which reads back as %s", s,
				(unsigned long long)v, back, err);
	} else if (!err[0]) {
		fb_fuzz_fail("size '%s' refused without a reason", s);
	}
	err[0] = '\0';
	n = fb_parse_size_list(s, list, MAX_LIST, err, sizeof(err));
	if (n == 0 || n > MAX_LIST || (n < 0 && !err[0]))
		fb_fuzz_fail("size list '%s': %d elements (%s)", s, n, err);
	if (n > 0)
		check_list(s, list, n);
	return 0;
}

// SPDX-License-Identifier: MIT
#include "store/store_escape.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The length of the UTF-8 sequence at s (1 to 4), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xc2 && s[0] <= 0xdf	  ? 2
		   : s[0] >= 0xe0 && s[0] <= 0xef ? 3
		   : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
						  : 0;

	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Appends t (of n bytes) to out at *off if it fits whole; false when it does not. */
static bool put(char *out, size_t len, size_t *off, const char *t, size_t n)
{
	if (*off + n + 1 > len)
		return false;
	memcpy(out + *off, t, n);
	*off += n;
	return true;
}

const char *fb_escape_text(const char *s, char *out, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t off = 0;
	bool fits = true;

	if (!len)
		return out;
	while (*u && fits) {
		static const char named[] = "\n\t\r\033\\", names[] = "ntre\\";
		const char *c = strchr(named, *u);
		size_t n = *u >= 0x80 ? utf8_len(u) : 1;
		char esc[8];

		if (c) {
			snprintf(esc, sizeof(esc), "\\%c", names[c - named]);
			fits = put(out, len, &off, esc, 2);
		} else if (*u < 0x20 || *u == 0x7f || !n) {
			snprintf(esc, sizeof(esc), "\\x%02x", *u);
			fits = put(out, len, &off, esc, 4);
			n = 1;
		} else if (n == 2 && u[0] == 0xc2 && u[1] < 0xa0) { /* C1: U+0080..U+009F */
			snprintf(esc, sizeof(esc), "\\u%04x", u[1]);
			fits = put(out, len, &off, esc, 6);
		} else {
			fits = put(out, len, &off, (const char *)u, n);
		}
		if (fits)
			u += n;
	}
	out[off] = '\0';
	return out;
}

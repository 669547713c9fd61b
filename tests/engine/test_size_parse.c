// SPDX-License-Identifier: MIT
/* The size parser: units, lists, and every malformed size refused with a reason. */
#include "core/size_parse.h"
#include "tap.h"

#include <string.h>

static void accepts(const char *s, uint64_t want)
{
	char err[160] = "";
	uint64_t v = 0;
	int rc = fb_parse_size(s, &v, err, sizeof(err));

	tap_check(rc == 0 && v == want, "'%s' -> %llu (got rc %d, %llu %s)", s,
		  (unsigned long long)want, rc, (unsigned long long)v, err);
}

static void rejects(const char *s)
{
	char err[160] = "";
	uint64_t v = 0;
	int rc = fb_parse_size(s, &v, err, sizeof(err));

	tap_check(rc == -1 && err[0] && !strchr(err, '\n'), "'%s' rejected: %s", s, err);
}

int main(void)
{
	char err[160], buf[32];
	uint64_t list[8];
	int n;

	accepts("0", 0);
	accepts("4096", 4096);
	accepts("4K", 4096);
	accepts("4k", 4096);
	accepts("1M", 1 << 20);
	accepts("64MiB", 64ULL << 20);
	accepts("64MB", 64ULL << 20);
	accepts("1G", 1ULL << 30);
	accepts("1.5G", 3ULL << 29);
	accepts("2T", 2ULL << 40);
	rejects("");
	rejects("-1M");
	rejects("+1M");
	rejects(" 1M");
	rejects("1Q");
	rejects("M");
	rejects("1.5K.");
	rejects("0x10");
	rejects("1e3");
	rejects("nan");
	rejects("inf");
	rejects("1.0001K");	 /* not a whole number of bytes */
	rejects("17179869184G"); /* 2^64 bytes */
	rejects("1 M");

	n = fb_parse_size_list("0,4K,1M,64M,1G", list, 8, err, sizeof(err));
	tap_check(n == 5 && list[0] == 0 && list[1] == 4096 && list[4] == 1ULL << 30,
		  "list 0,4K,1M,64M,1G parses to 5 sizes (%d)", n);
	tap_check(fb_parse_size_list("1M,,2M", list, 8, err, sizeof(err)) == -1,
		  "empty element refused: %s", err);
	tap_check(fb_parse_size_list("1M,", list, 8, err, sizeof(err)) == -1,
		  "trailing comma refused: %s", err);
	tap_check(fb_parse_size_list("1,2,3", list, 2, err, sizeof(err)) == -1,
		  "too many elements refused: %s", err);
	tap_check(fb_parse_size_list("1M,2X", list, 8, err, sizeof(err)) == -1,
		  "a bad element fails the list: %s", err);

	fb_format_size(1ULL << 30, buf, sizeof(buf));
	tap_check(!strcmp(buf, "1G"), "1 GiB formats as 1G (%s)", buf);
	fb_format_size(1536ULL << 10, buf, sizeof(buf));
	tap_check(!strcmp(buf, "1536K"), "1.5 MiB formats as 1536K (%s)", buf);
	fb_format_size(100, buf, sizeof(buf));
	tap_check(!strcmp(buf, "100"), "100 bytes format as 100 (%s)", buf);
	return tap_done();
}

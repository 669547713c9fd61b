// SPDX-License-Identifier: MIT
/*
 * forkbench run's option parser. The input is an argument vector, one
 * argument per NUL-separated piece (argv[0] is "run"). Whatever it holds,
 * the parser returns: 0 with options that make sense (at least one method,
 * size and THP mode; values in their ranges; no list read with an empty
 * element), -1 after the help, or exit code 2 after exactly one line on
 * stderr. Parsed twice, it answers the same: nothing of one call (getopt's
 * state) may reach into the next, as a library's caller would expect.
 */
#include "fuzz.h"

#include "cli/run_options.h"
#include "methods/method.h"

#include <string.h>

#define MAX_ARGS 64

static bool has_empty_element(const char *s)
{
	const char *p = s;

	for (;;) {
		size_t len = strcspn(p, ",");

		if (strspn(p, " ") >= len)
			return true; /* "", or only blanks */
		if (!p[len])
			return false;
		p += len + 1;
	}
}

/* The list options' values as getopt_long hands them out, from an unpermuted copy of argv. */
static void check_lists(int argc, char **argv)
{
	static const char *const lists[] = {"method", "rss", "thp", "counters"};
	char *copy[MAX_ARGS + 1];
	int c, li;

	memcpy(copy, argv, sizeof(*copy) * (size_t)(argc + 1));
	opterr = 0;
	optind = 0;
	for (li = -1; (c = getopt_long(argc, copy, fb_run_short_opts, fb_run_long_opts, &li)) != -1;
	     li = -1) {
		const char *name = li >= 0    ? fb_run_long_opts[li].name
				   : c == 'm' ? "method"
				   : c == 'r' ? "rss"
					      : NULL;

		for (size_t i = 0; name && optarg && i < sizeof(lists) / sizeof(lists[0]); i++)
			if (!strcmp(name, lists[i]) && has_empty_element(optarg))
				fb_fuzz_fail("--%s '%s' accepted with an empty element", name,
					     optarg);
	}
}

static void check_opts(const struct fb_run_opts *o)
{
	int methods = 0;

	for (int i = 0; i < fb_nmethods; i++)
		methods += o->method_on[i];
	if (!methods || o->nrss < 1 || o->nrss > FB_MAX_SIZES || o->nthp < 1 ||
	    o->nthp > FB_MAX_THP)
		fb_fuzz_fail("accepted with %d methods, %d sizes, %d THP modes", methods, o->nrss,
			     o->nthp);
	if (o->image.vmas < 1 || o->parallel < 1 || o->parallel > FB_MAX_PARALLEL || o->runs < 1 ||
	    o->runs > FB_MAX_RUNS || !(o->precision > 0 && o->precision <= 1) ||
	    !(o->max_time_s > 0) || o->min_samples < 2 ||
	    !(o->cow_fraction >= 0 && o->cow_fraction <= 1))
		fb_fuzz_fail("accepted a value out of its range");
	if (o->image.hugetlb_bytes)
		for (int i = 0; i < o->nrss; i++)
			if (o->rss[i] % o->image.hugetlb_bytes)
				fb_fuzz_fail("accepted --rss not a multiple of --hugetlb");
}

/* Parses the input as an argument vector; returns the exit code and (malloc'd) stderr. */
static int parse(const uint8_t *data, size_t size, char **text)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 1];
	FILE *saved_err = stderr, *saved_out = stdout, *err;
	struct fb_run_opts o;
	size_t len = 0;
	int argc = 1, rc, lines = 0;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "run";
	for (size_t i = 0; i < size + 1 && argc < MAX_ARGS; i += strlen(buf + i) + 1)
		if (i < size)
			argv[argc++] = buf + i;
	argv[argc] = NULL;
	*text = NULL;
	err = open_memstream(text, &len);
	if (!err)
		abort();
	stderr = err;
	stdout = fb_fuzz_sink(stdout);
	rc = fb_run_parse(&o, argc, argv);
	stderr = saved_err;
	stdout = saved_out;
	fclose(err);
	for (size_t i = 0; i < len; i++)
		lines += (*text)[i] == '\n';
	if (rc > 0 && (rc != FB_EXIT_USAGE || lines != 1 || (*text)[len - 1] != '\n'))
		fb_fuzz_fail("refused with exit code %d and %d lines on stderr, not 2 and one: %s",
			     rc, lines, *text);
	if (rc <= 0 && len)
		fb_fuzz_fail("printed on stderr without an error: %s", *text);
	if (rc == 0) {
		check_opts(&o);
		check_lists(argc, argv);
	}
	/* the arguments die here: nothing may point into them at the next call */
	free(buf);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *first, *second;
	int rc = parse(data, size, &first);

	/* the same arguments again, in memory of their own: the same answer */
	if (parse(data, size, &second) != rc || strcmp(first, second))
		fb_fuzz_fail("parsed twice, answered '%s' then '%s'", first, second);
	free(first);
	free(second);
	return 0;
}

// SPDX-License-Identifier: MIT
/* forkbench compare: did NEW make process creation slower than BASE? */
#include "commands.h"
#include "compare/compare_context.h"
#include "compare/compare_model.h"
#include "compare/compare_output.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_REGRESSION = 1, EXIT_INPUT = 2 };
enum fmt { FMT_TABLE, FMT_MARKDOWN, FMT_JSON, FMT_GITHUB };

static void usage(FILE *out)
{
	fputs("Usage: forkbench compare [OPTIONS] BASE.json NEW.json [MORE.json...]\n"
	      "Compares each NEW run against BASE, entry by entry (entries match by their\n"
	      "parameters; an entry only one side has is listed, not dropped).\n\n"
	      "Per entry: both medians, the ratio new/base with a 95% bootstrap CI (fixed\n"
	      "seed: same input, same output), the Mann-Whitney U p-value (Holm-adjusted\n"
	      "over all entries compared) and a verdict: slower or faster when the change is\n"
	      "significant and at least 0.6 of the threshold (so that a change of the full\n"
	      "threshold is caught), else no change.\n\n"
	      "Options:\n"
	      "  -p, --point NAME     create, child_start, roundtrip (default) or cow\n"
	      "  -t, --threshold X    the smallest change that matters: 5% or 0.05 (default)\n"
	      "  -a, --alpha A        family-wise significance level (default: 0.05)\n"
	      "      --bootstrap N    bootstrap resamples (default: 2000)\n"
	      "      --seed N         bootstrap seed (default: 24301)\n"
	      "      --markdown       a table to paste into a pull request\n"
	      "      --json           machine-readable (schema forkbench-compare v1)\n"
	      "      --github-benchmark  github-action-benchmark customSmallerIsBetter JSON\n"
	      "                       (the last NEW run's medians)\n"
	      "      --force          compare runs measured on different CPU models\n"
	      "  -h, --help           this help\n\n"
	      "Warnings (THP, mitigations, TCG/KVM/bare metal differences) go to stderr.\n"
	      "Exit codes: 0 no significant regression, 1 at least one entry slower,\n"
	      "2 bad usage or bad input (unreadable, corrupt, wrong schema, other CPU).\n",
	      out);
}

/* "5%", "0.05" -> 0.05 */
static int parse_fraction(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno)
		return -1;
	if (*end == '%') {
		v /= 100;
		end++;
	}
	if (*end || !(v > 0) || v >= 1)
		return -1;
	*out = v;
	return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return end == s || *end || errno || s[0] == '-' ? -1 : 0;
}

struct args {
	struct fb_cmp_opts opts;
	int point;
	enum fmt fmt;
	bool force;
};

static int parse(struct args *a, int argc, char **argv)
{
	static const struct option lo[] = {
		{"point", required_argument, NULL, 'p'},
		{"threshold", required_argument, NULL, 't'},
		{"alpha", required_argument, NULL, 'a'},
		{"bootstrap", required_argument, NULL, 'B'},
		{"seed", required_argument, NULL, 'S'},
		{"markdown", no_argument, NULL, 'M'},
		{"json", no_argument, NULL, 'J'},
		{"github-benchmark", no_argument, NULL, 'G'},
		{"force", no_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	uint64_t u;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "p:t:a:h", lo, NULL)) != -1) {
		switch (c) {
		case 'p':
			a->point = fb_point_from_name(optarg);
			if (a->point < 0) {
				fprintf(stderr, "forkbench compare: unknown point '%s'\n", optarg);
				return EXIT_INPUT;
			}
			break;
		case 't':
		case 'a':
			if (parse_fraction(optarg,
					   c == 't' ? &a->opts.threshold : &a->opts.alpha)) {
				fprintf(stderr, "forkbench compare: bad --%s '%s' (want e.g. %s)\n",
					c == 't' ? "threshold" : "alpha", optarg,
					c == 't' ? "5% or 0.05" : "0.05");
				return EXIT_INPUT;
			}
			break;
		case 'B':
		case 'S':
			if (parse_u64(optarg, &u) || (c == 'B' && (u < 100 || u > 1000000))) {
				fprintf(stderr, "forkbench compare: bad --%s '%s'%s\n",
					c == 'B' ? "bootstrap" : "seed", optarg,
					c == 'B' ? " (100 to 1000000)" : "");
				return EXIT_INPUT;
			}
			if (c == 'B')
				a->opts.bootstrap = (unsigned)u;
			else
				a->opts.seed = u;
			break;
		case 'M':
			a->fmt = FMT_MARKDOWN;
			break;
		case 'J':
			a->fmt = FMT_JSON;
			break;
		case 'G':
			a->fmt = FMT_GITHUB;
			break;
		case 'F':
			a->force = true;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			fputs("forkbench compare: see 'forkbench compare --help'\n", stderr);
			return EXIT_INPUT;
		}
	}
	if (argc - optind < 2) {
		fputs("forkbench compare: need BASE.json and at least one NEW.json "
		      "(see 'forkbench compare --help')\n",
		      stderr);
		return EXIT_INPUT;
	}
	return 0;
}

int fb_cmd_compare(int argc, char **argv)
{
	struct args a = {.opts = FB_CMP_DEFAULTS, .point = FB_PT_ROUNDTRIP, .fmt = FMT_TABLE};
	struct fb_results *runs;
	struct fb_comparison c;
	size_t n = 0;
	char err[512];
	int rc = parse(&a, argc, argv);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	runs = calloc((size_t)(argc - optind), sizeof(*runs));
	if (!runs)
		return EXIT_INPUT;
	for (int i = optind; i < argc; i++, n++) {
		if (fb_results_read(argv[i], &runs[n], err, sizeof(err)) ||
		    (n &&
		     fb_compare_contexts(&runs[0], &runs[n], a.force, stderr, err, sizeof(err)))) {
			fprintf(stderr, "forkbench compare: %s: %s\n", argv[i], err);
			rc = EXIT_INPUT;
			n++;
			goto out;
		}
	}
	fb_comparison_build(&c, runs, n, a.point, &a.opts);
	switch (a.fmt) {
	case FMT_TABLE:
		fb_cmp_print_table(&c, stdout);
		break;
	case FMT_MARKDOWN:
		fb_cmp_print_markdown(&c, stdout);
		break;
	case FMT_JSON:
		fb_cmp_print_json(&c, stdout);
		break;
	case FMT_GITHUB:
		fb_cmp_print_github(&c, stdout);
		break;
	}
	rc = c.slower || c.broken ? EXIT_REGRESSION : EXIT_OK;
	if (c.broken)
		fprintf(stderr,
			"forkbench compare: %zu entr%s ran in base but failed in new: counted as a regression\n",
			c.broken, c.broken == 1 ? "y" : "ies");
	if (c.missing)
		fprintf(stderr,
			"forkbench compare: warning: %zu entr%s of base %s missing from new (listed as 'only in base')\n",
			c.missing, c.missing == 1 ? "y" : "ies", c.missing == 1 ? "is" : "are");
	if (c.tests == 0)
		fprintf(stderr, "forkbench compare: warning: no entry could be tested (point %s)\n",
			fb_point_name(a.point));
	fb_comparison_free(&c);
out:
	if (fflush(stdout) && rc == EXIT_OK)
		rc = EXIT_INPUT;
	for (size_t i = 0; i < n; i++)
		fb_results_free(&runs[i]);
	free(runs);
	return rc;
}

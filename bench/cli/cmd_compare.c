// SPDX-License-Identifier: MIT
/* forkbench compare: did side B make process creation slower than side A? */
#include "commands.h"
#include "compare/compare_context.h"
#include "compare/compare_model.h"
#include "compare/compare_output.h"
#include "compare/compare_policy.h"
#include "core/time_unit.h"
#include "compare/compare_sides.h"
#include "store/store_compare.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum fmt { FMT_TABLE, FMT_MARKDOWN, FMT_JSON, FMT_GITHUB };

static void usage(FILE *out)
{
	fputs("Usage: forkbench compare [OPTIONS] A.json... -- B.json...\n"
	      "       forkbench compare [OPTIONS] DIR_A DIR_B\n"
	      "       forkbench compare [OPTIONS] BASE.json NEW.json [NEW2.json...]\n"
	      "       forkbench compare --store FILE [OPTIONS] label:A... -- label:B...\n"
	      "Compares side B against side A, entry by entry (entries match by their\n"
	      "parameters; an entry only one side has is listed, not dropped). A side is\n"
	      "one or more results files (a directory: every forkbench results JSON in it);\n"
	      "a file holds one run, or several (forkbench run --runs N). Without '--',\n"
	      "each NEW file is compared with BASE on its own.\n\n"
	      "Runs (and QEMU boots) are the unit: two runs of the same binary differ far\n"
	      "more than the samples of one run say, so each run of an entry is summarised\n"
	      "by its median, and the sides are compared by Student's t over the logs of\n"
	      "those medians. Per entry: each side's geometric mean of its run medians, the\n"
	      "ratio B/A with its 95% CI, the runs per side, the spread between runs, the\n"
	      "smallest slowdown detectable at that spread with 95% power (MDE), the p-value\n"
	      "(Holm-adjusted over all entries) and a verdict: slower or faster when the\n"
	      "change is significant and at least 0.6 of the threshold (so that a change of\n"
	      "the full threshold is caught), else no change. On a side of three or more\n"
	      "runs, a run far slower than the side's undisturbed ones (a boot that ran\n"
	      "1.5x slower throughout) is left out of the estimate and named. Where\n"
	      "children start on their parent's CPU in some\n"
	      "samples and on another in others, each run's figure weighs the two\n"
	      "placements alike on both sides, and the shares are shown: a change in the\n"
	      "mix is not a change in cost.\n\n"
	      "With fewer than 3 runs a side, run-to-run variation is not in the CI, so\n"
	      "nothing below the run-to-run allowance is flagged: 100% of wall-clock time\n"
	      "(two TCG boots of one kernel differed by up to 77% here, two runs on the host\n"
	      "by 36%), 2% of instruction time with the guest's ASLR off in every run (boots\n"
	      "then agreed within 0.2%), else 10% (the memory layout moved fork by 5.7%).\n"
	      "Runs timed in instruction time (QEMU -icount, forkbench.clock=icount on the\n"
	      "guest's command line) and in wall-clock time are never mixed.\n\n"
	      "Options:\n"
	      "  -p, --point NAME     create, child_start, roundtrip (default) or cow\n"
	      "  -t, --threshold X    the smallest change that matters: 5% or 0.05\n"
	      "                       (default: 5% of wall-clock time, 1% of instruction time)\n"
	      "  -a, --alpha A        family-wise significance level, two-sided (default: 0.02,\n"
	      "                       at most 1% of A/A comparisons call an entry slower)\n"
	      "      --allowance X    the run-to-run allowance with fewer than 3 runs a side\n"
	      "                       (default: 100% wall-clock, 2% or 10% instruction time)\n"
	      "      --markdown       a table to paste into a pull request\n"
	      "      --json           machine-readable (schema forkbench-compare v2)\n"
	      "      --github-benchmark  github-action-benchmark customSmallerIsBetter JSON\n"
	      "                       (side B's figures, of the last NEW without '--')\n"
	      "      --force          compare runs measured on different CPU models\n"
	      "      --unit UNIT      the text's times: us, ms, or auto (default: us up to\n"
	      "                       10 ms, then ms)\n"
	      "      --store FILE     the sides are runs of a store (forkbench store): each\n"
	      "                       operand is label:L, kernel:K (release) or run:ID\n"
	      "  -h, --help           this help\n\n"
	      "A file is read only when it holds what compare relies on, by the rules of\n"
	      "bench/report/schema/results-v2.json: no duplicate key; schema version 1 or 2;\n"
	      "the types of run, context and each entry; a known status; sample times that\n"
	      "are non-negative integers; parameters that appear once; an \"ok\" entry with\n"
	      "its round trip and at least 5 samples in every run; per-sample CPUs and runs\n"
	      "one per sample and in range. Else: one line, the file, the JSON path (as jq\n"
	      "spells it) and the rule, and exit 2.\n\n"
	      "Warnings (THP, mitigations, TCG/KVM/bare metal differences, a busy machine)\n"
	      "go to stderr.\n\n"
	      "Limits: time grows as n log n in the samples of an entry (each run's are\n"
	      "sorted once) and linearly in the entries; memory is 5 to 10 times the\n"
	      "files' size while they are parsed. In a Release build on a loaded 2-core VM,\n"
	      "one entry of 1,000,000 samples a side (20 MB files) took 1.8 s and 190 MB,\n"
	      "30,000 entries a side (44 MB files) 4.4 s and 740 MB.\n"
	      "Exit codes: 0 no significant regression, 1 at least one entry slower (or\n"
	      "failed in B after running in A), 2 bad usage or bad input (unreadable,\n"
	      "corrupt or invalid, wrong schema, other CPU, mixed clocks, no entry in common).\n",
	      out);
}

/* "5%", "0.05" -> 0.05, below max (1 for a threshold or alpha; an allowance may pass 100%) */
static int parse_fraction(const char *s, double max, double *out)
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
	if (*end || !(v > 0) || v >= max)
		return -1;
	*out = v;
	return 0;
}

struct args {
	struct fb_cmp_opts opts;
	bool threshold_set, allowance_set;
	int point;
	enum fmt fmt;
	bool force;
	const char *store; /* --store: operands select stored runs */
};

static int parse(struct args *a, int argc, char **argv)
{
	static const struct option lo[] = {
		{"point", required_argument, NULL, 'p'},
		{"threshold", required_argument, NULL, 't'},
		{"alpha", required_argument, NULL, 'a'},
		{"allowance", required_argument, NULL, 'A'},
		{"markdown", no_argument, NULL, 'M'},
		{"json", no_argument, NULL, 'J'},
		{"github-benchmark", no_argument, NULL, 'G'},
		{"force", no_argument, NULL, 'F'},
		{"unit", required_argument, NULL, 'U'},
		{"store", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 0; /* afresh: see fb_run_parse */
	while ((c = getopt_long(argc, argv, "p:t:a:h", lo, NULL)) != -1) {
		switch (c) {
		case 'p':
			a->point = fb_point_from_name(optarg);
			if (a->point < 0) {
				fprintf(stderr, "forkbench compare: unknown point '%s'\n", optarg);
				return FB_EXIT_USAGE;
			}
			break;
		case 't':
		case 'a':
		case 'A': {
			double *to = c == 't'	? &a->opts.threshold
				     : c == 'a' ? &a->opts.alpha
						: &a->opts.allowance;

			if (parse_fraction(optarg, c == 'A' ? 10 : 1, to)) {
				fprintf(stderr, "forkbench compare: bad --%s '%s' (want e.g. %s)\n",
					c == 't'   ? "threshold"
					: c == 'a' ? "alpha"
						   : "allowance",
					optarg, c == 'a' ? "0.05" : "5% or 0.05");
				return FB_EXIT_USAGE;
			}
			a->threshold_set |= c == 't';
			a->allowance_set |= c == 'A';
			break;
		}
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
		case 'U':
			if (fb_time_unit_parse(optarg, &a->opts.unit)) {
				fprintf(stderr,
					"forkbench compare: --unit takes us, ms or auto, not '%s'\n",
					optarg);
				return FB_EXIT_USAGE;
			}
			break;
		case 'S':
			a->store = optarg;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			fputs("forkbench compare: see 'forkbench compare --help'\n", stderr);
			return FB_EXIT_USAGE;
		}
	}
	return 0;
}

/* The defaults that depend on how time was measured, where the options did not set them. */
static void clock_defaults(struct args *a, const struct fb_sides *s)
{
	struct fb_cmp_opts d = a->opts;

	fb_cmp_defaults(s->clock, s->aslr_off, &d);
	if (!a->threshold_set)
		a->opts.threshold = d.threshold;
	if (!a->allowance_set)
		a->opts.allowance = d.allowance;
}

static int print(const struct fb_comparison *c, enum fmt fmt)
{
	switch (fmt) {
	case FMT_TABLE:
		fb_cmp_print_table(c, stdout);
		return 0;
	case FMT_MARKDOWN:
		fb_cmp_print_markdown(c, stdout);
		return 0;
	case FMT_JSON:
		return fb_cmp_print_json(c, stdout);
	case FMT_GITHUB:
		return fb_cmp_print_github(c, stdout);
	}
	return 0;
}

static int report(const struct fb_comparison *c, enum fmt fmt)
{
	if (c->common == 0) {
		fputs("forkbench compare: the sides have no entry in common: nothing to compare\n",
		      stderr);
		return FB_EXIT_USAGE;
	}
	print(c, fmt);
	if (c->broken)
		fprintf(stderr,
			"forkbench compare: %zu entr%s ran in base but failed in new: counted as a regression\n",
			c->broken, c->broken == 1 ? "y" : "ies");
	if (c->missing)
		fprintf(stderr,
			"forkbench compare: warning: %zu entr%s of base %s missing from new (listed as 'only in base')\n",
			c->missing, c->missing == 1 ? "y" : "ies", c->missing == 1 ? "is" : "are");
	if (c->tests == 0)
		fprintf(stderr, "forkbench compare: warning: no entry could be tested (point %s)\n",
			fb_point_name(c->point));
	return c->slower || c->broken ? FB_EXIT_FAILED : FB_EXIT_OK;
}

int fb_cmd_compare(int argc, char **argv)
{
	struct args a = {.opts = {.alpha = FB_CMP_ALPHA, .outlier_z = FB_CMP_OUTLIER_Z},
			 .point = FB_PT_ROUNDTRIP,
			 .fmt = FMT_TABLE};
	struct fb_sides sides;
	struct fb_comparison c;
	int split = argc, rc;

	/* "--" parts the sides; options go before it, so getopt sees only that part */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			split = i;
			break;
		}
	rc = parse(&a, split, argv);
	if (rc)
		return rc < 0 ? FB_EXIT_OK : rc;
	if (a.store)
		rc = fb_store_sides_load(a.store, &sides, argv + optind, split - optind,
					 split < argc ? argv + split + 1 : NULL,
					 split < argc ? argc - split - 1 : 0, a.force);
	else
		rc = split < argc ? fb_sides_load(&sides, argv + optind, split - optind,
						  argv + split + 1, argc - split - 1, a.force)
				  : fb_sides_load(&sides, argv + optind, argc - optind, NULL, 0,
						  a.force);
	if (rc)
		return FB_EXIT_USAGE;
	clock_defaults(&a, &sides);
	fb_comparison_build(&c, sides.side, sides.n, a.point, &a.opts);
	c.clock = sides.clock;
	rc = report(&c, a.fmt);
	fb_comparison_free(&c);
	if (fflush(stdout) && rc == FB_EXIT_OK)
		rc = FB_EXIT_USAGE;
	fb_sides_free(&sides);
	return rc;
}

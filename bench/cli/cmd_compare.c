// SPDX-License-Identifier: MIT
/* forkbench compare: did side B make process creation slower than side A? */
#include "commands.h"
#include "compare/compare_context.h"
#include "compare/compare_model.h"
#include "compare/compare_output.h"
#include "compare/compare_policy.h"
#include "core/time_unit.h"
#include "compare/compare_sides.h"
#include "results/provenance.h"
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
	      "by one value, and the sides are compared by Student's t over the logs of\n"
	      "those values. A run's value is its lower quartile: the fast path every\n"
	      "creation takes. Disturbance only adds time, and the modes above the fast\n"
	      "path (scheduling regimes, where children start) are drawn anew in every\n"
	      "run, so a median moves from run to run where the lower quartile does not;\n"
	      "the spread between boots of instruction time or the cache model is never\n"
	      "taken below 0.05%. Per entry:\n"
	      "each side's median of its run medians (a figure a run showed), the ratio B/A\n"
	      "of the runs' values (geometric means) with its 95% CI, the runs per side, the\n"
	      "spread between runs, the smallest slowdown flagged with 95% power at that\n"
	      "spread (MDE), the p-value (Holm-adjusted over all entries) and a verdict in\n"
	      "words that say what was decided:\n"
	      "  slower, faster  significant and at least 0.6 of the threshold (so that a\n"
	      "                  change of the full threshold is caught);\n"
	      "  no change       not flagged, and a change of the threshold's size would\n"
	      "                  have been (MDE within the threshold);\n"
	      "  inconclusive    not flagged, but it could have hidden: the row says how\n"
	      "                  many runs a side would see it at the spread measured;\n"
	      "  not judged      fewer runs than a verdict needs, or no data.\n"
	      "On a side of three or more runs, a run far slower than the side's undisturbed\n"
	      "ones (a boot that ran 1.5x slower throughout) is left out and named, never a\n"
	      "majority of the side. Where children start on their parent's CPU, and where\n"
	      "on another, never makes a verdict: a shift of the shares is reported as a\n"
	      "finding, with B/A within each placement and, where both sides hold both, a\n"
	      "figure that weighs them alike. Where both sides carry the patched kernel's\n"
	      "copy_process phases (run --trace), each entry says which phase moved, or\n"
	      "that the change lies outside copy_process; runs timed with the cache model\n"
	      "say which counters moved (--parts prints every phase and counter).\n\n"
	      "With fewer than 3 runs a side, run-to-run variation is not in the CI, so\n"
	      "nothing below the run-to-run allowance is flagged and the rest is not judged:\n"
	      "100% of wall-clock time (two TCG boots of one kernel differed by up to 77% here,\n"
	      "two runs on the host by 36%), 2% of instruction time with the guest's ASLR off\n"
	      "in every run (boots then agreed within 0.2%), else 10% (the memory layout moved\n"
	      "fork by 5.7%). Runs of different clocks (wall, icount, model) are never mixed.\n\n"
	      "Options:\n"
	      "  -p, --point NAME     create, child_start, roundtrip (default) or cow\n"
	      "  -t, --threshold X    the smallest change that matters: 5% or 0.05\n"
	      "                       (default: 5% of wall-clock time, 1% of instruction time\n"
	      "                       and of the cache model; --defaults CLOCK prints them)\n"
	      "  -a, --alpha A        family-wise significance level, two-sided (default: 0.02,\n"
	      "                       at most 1% of A/A comparisons call an entry slower)\n"
	      "      --allowance X    the run-to-run allowance with fewer than 3 runs a side\n"
	      "                       (default: 100% wall-clock, 2% or 10% instruction time)\n"
	      "      --fail-on LIST   verdicts that exit 1: slower (always), inconclusive,\n"
	      "                       not-judged (comma-separated; default slower)\n"
	      "      --parts          print every copy_process phase and model counter\n"
	      "      --defaults CLOCK print the threshold, alpha and allowance compare uses\n"
	      "                       for CLOCK (wall, icount, icount-aslr or model), then exit\n"
	      "      --markdown       a table to paste into a pull request\n"
	      "      --json           machine-readable (schema forkbench-compare v3)\n"
	      "      --github-benchmark  github-action-benchmark customSmallerIsBetter JSON\n"
	      "                       (side B's figures, of the last NEW without '--')\n"
	      "      --force          compare runs measured on different CPU models\n"
	      "      --unit UNIT      the text's times: us, ms, or auto (default: us up to\n"
	      "                       10 ms, then ms)\n"
	      "      --store FILE     the sides are runs of a store (forkbench store): each\n"
	      "                       operand is label:L, kernel:K (release) or run:ID\n"
	      "  -h, --help           this help\n\n"
	      "A file is read only when it holds what compare relies on, by the rules of\n"
	      "bench/report/schema/results-v3.json: no duplicate key; schema version 1 to 3;\n"
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
	      "failed in B after running in A, or a verdict --fail-on names), 2 bad usage or\n"
	      "bad input (unreadable, corrupt or invalid, wrong schema, other CPU, mixed\n"
	      "clocks, no entry in common).\n",
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

struct args;
static int parse_fail_on(struct args *a, const char *list);

struct args {
	struct fb_cmp_opts opts;
	bool threshold_set, allowance_set;
	bool fail_inconclusive, fail_not_judged; /* --fail-on */
	bool parts;				 /* --parts */
	const char *defaults;			 /* --defaults CLOCK */
	int point;
	enum fmt fmt;
	bool force;
	const char *store; /* --store: operands select stored runs */
};

/* --fail-on slower,inconclusive,not-judged: slower always fails. */
static int parse_fail_on(struct args *a, const char *list)
{
	char buf[128], *save = NULL;

	if (strlen(list) >= sizeof(buf) || !*list)
		goto bad;
	strcpy(buf, list);
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "inconclusive"))
			a->fail_inconclusive = true;
		else if (!strcmp(w, "not-judged") || !strcmp(w, "not judged"))
			a->fail_not_judged = true;
		else if (strcmp(w, "slower"))
			goto bad;
	}
	return 0;
bad:
	fprintf(stderr,
		"forkbench compare: --fail-on takes slower, inconclusive and not-judged, "
		"comma-separated, not '%s'\n",
		list);
	return -1;
}

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
		{"fail-on", required_argument, NULL, 'f'},
		{"parts", no_argument, NULL, 'P'},
		{"defaults", required_argument, NULL, 'D'},
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
		case 'f':
			if (parse_fail_on(a, optarg))
				return FB_EXIT_USAGE;
			break;
		case 'P':
			a->parts = true;
			break;
		case 'D':
			a->defaults = optarg;
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

/* The defaults that depend on how time was measured (compare_policy.h), then the options. */
static void clock_defaults(struct args *a, const struct fb_sides *s)
{
	struct fb_cmp_opts o = a->opts;

	fb_cmp_policy(s->clock, s->aslr_off, &o);
	if (a->threshold_set)
		o.threshold = a->opts.threshold;
	if (a->allowance_set)
		o.allowance = a->opts.allowance;
	a->opts = o;
}

/* --defaults CLOCK: what compare would use, one "name value" a line, for scripts' help. */
static int print_defaults(const char *clock)
{
	struct fb_cmp_opts o = {.alpha = FB_CMP_ALPHA};
	bool aslr_off = true;

	if (!strcmp(clock, "icount-aslr")) {
		aslr_off = false;
		clock = "icount";
	}
	if (!fb_clock_name(clock)) {
		fprintf(stderr,
			"forkbench compare: --defaults takes wall, icount, icount-aslr or model, "
			"not '%s'\n",
			clock);
		return FB_EXIT_USAGE;
	}
	fb_cmp_policy(clock, aslr_off, &o);
	printf("clock %s\nthreshold %g\nflagged_from %g\nalpha %g\nallowance %g\nmin_runs %d\n"
	       "estimator lower quartile\nfloor %g\n",
	       clock, o.threshold, fb_cmp_cut(&o, NULL), o.alpha, o.allowance, FB_CMP_MIN_RUNS,
	       o.floor);
	return FB_EXIT_OK;
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

static int report(const struct fb_comparison *c, const struct args *a)
{
	if (c->common == 0) {
		fputs("forkbench compare: the sides have no entry in common: nothing to compare\n",
		      stderr);
		return FB_EXIT_USAGE;
	}
	print(c, a->fmt);
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
	if (c->slower || c->broken)
		return FB_EXIT_FAILED;
	if ((a->fail_inconclusive && c->verdicts[FB_INCONCLUSIVE]) ||
	    (a->fail_not_judged && c->verdicts[FB_NOT_JUDGED])) {
		fprintf(stderr,
			"forkbench compare: %zu inconclusive and %zu not judged: --fail-on\n",
			c->verdicts[FB_INCONCLUSIVE], c->verdicts[FB_NOT_JUDGED]);
		return FB_EXIT_FAILED;
	}
	return FB_EXIT_OK;
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
	if (a.defaults)
		return print_defaults(a.defaults);
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
	fb_comparison_build(&c, sides.side, sides.n, a.point, &a.opts, sides.clock);
	c.all_parts = a.parts;
	rc = report(&c, &a);
	fb_comparison_free(&c);
	if (fflush(stdout) && rc == FB_EXIT_OK)
		rc = FB_EXIT_USAGE;
	fb_sides_free(&sides);
	return rc;
}

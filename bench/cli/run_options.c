// SPDX-License-Identifier: MIT
/* `forkbench run` options: which option sets what, and what they exclude together. */
#include "option_lists.h"
#include "option_values.h"
#include "run_options.h"

#include "core/closest.h"
#include "core/size_parse.h"
#include "core/time_unit.h"
#include "methods/method.h"
#include "trace/trace.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * --cow and --child-cpu act on a child that runs our code in a copied mm:
 * a method without one runs as it would without them (its entry is named
 * without them, and the review says so). With no such method asked for,
 * the option does nothing at all: refused.
 */
static int applies(const char *opt, const struct fb_run_opts *o)
{
	char names[160] = "";
	size_t len = 0;

	for (int i = 0; i < fb_nmethods; i++) {
		if (!fb_methods[i]->cow)
			continue;
		if (o->method_on[i])
			return 0;
		len += (size_t)snprintf(names + len, len < sizeof(names) ? sizeof(names) - len : 0,
					"%s%s", len ? ", " : "", fb_methods[i]->name);
	}
	return fb_opt_usage_error("%s applies to none of the methods asked for: only to %s, whose "
				  "child runs our code in a copied mm",
				  opt, names);
}

const char fb_run_short_opts[] = "m:r:n:t:qvh";

enum {
	OPT_THP = 256,
	OPT_HUGETLB,
	OPT_TOUCH,
	OPT_VMAS,
	OPT_FDS,
	OPT_THREADS,
	OPT_SHARED,
	OPT_COW,
	OPT_COW_SIDE,
	OPT_CPU,
	OPT_CHILD_CPU,
	OPT_PRECISION,
	OPT_MAX_TIME,
	OPT_MIN_SAMPLES,
	OPT_WARMUP,
	OPT_JSON,
	OPT_CSV,
	OPT_CSV_SAMPLES,
	OPT_LABEL,
	OPT_NO_PROGRESS,
	OPT_PARALLEL,
	OPT_TRACE,
	OPT_COUNTERS,
	OPT_RUNS,
	OPT_UNIT,
	OPT_CSV_ENTRIES,
	OPT_POINTS,
	OPT_PROBE_EVERY,
};

const struct option fb_run_long_opts[] = {
	{"method", required_argument, NULL, 'm'},
	{"rss", required_argument, NULL, 'r'},
	{"thp", required_argument, NULL, OPT_THP},
	{"hugetlb", required_argument, NULL, OPT_HUGETLB},
	{"touch", required_argument, NULL, OPT_TOUCH},
	{"vmas", required_argument, NULL, OPT_VMAS},
	{"fds", required_argument, NULL, OPT_FDS},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"shared", no_argument, NULL, OPT_SHARED},
	{"cow", required_argument, NULL, OPT_COW},
	{"cow-side", required_argument, NULL, OPT_COW_SIDE},
	{"cpu", required_argument, NULL, OPT_CPU},
	{"child-cpu", required_argument, NULL, OPT_CHILD_CPU},
	{"parallel", required_argument, NULL, OPT_PARALLEL},
	{"runs", required_argument, NULL, OPT_RUNS},
	{"trace", optional_argument, NULL, OPT_TRACE},
	{"counters", required_argument, NULL, OPT_COUNTERS},
	{"points", required_argument, NULL, OPT_POINTS},
	{"probe-every", required_argument, NULL, OPT_PROBE_EVERY},
	{"iterations", required_argument, NULL, 'n'},
	{"time", required_argument, NULL, 't'},
	{"precision", required_argument, NULL, OPT_PRECISION},
	{"max-time", required_argument, NULL, OPT_MAX_TIME},
	{"min-samples", required_argument, NULL, OPT_MIN_SAMPLES},
	{"warmup", required_argument, NULL, OPT_WARMUP},
	{"json", required_argument, NULL, OPT_JSON},
	{"csv", required_argument, NULL, OPT_CSV},
	{"csv-samples", required_argument, NULL, OPT_CSV_SAMPLES},
	{"label", required_argument, NULL, OPT_LABEL},
	{"csv-entries", required_argument, NULL, OPT_CSV_ENTRIES},
	{"unit", required_argument, NULL, OPT_UNIT},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int parse_one(struct fb_run_opts *o, int c, const char *arg)
{
	char err[160];
	uint64_t v;
	int rc = 0;

	switch (c) {
	case 'm':
		return fb_opt_list("--method", arg) ?: fb_opt_methods(o, arg);
	case 'r':
		if ((rc = fb_opt_list("--rss", arg)))
			return rc;
		o->nrss = fb_parse_size_list(arg, o->rss, FB_MAX_SIZES, err, sizeof(err));
		return o->nrss < 0 ? fb_opt_usage_error("--rss: %s", err) : 0;
	case OPT_THP:
		return fb_opt_list("--thp", arg) ?: fb_opt_thp_list(o, arg);
	case OPT_HUGETLB:
		if (fb_parse_size(arg, &v, err, sizeof(err)))
			return fb_opt_usage_error("--hugetlb: %s", err);
		if (v != 2ULL << 20 && v != 1ULL << 30)
			return fb_opt_usage_error("--hugetlb takes 2M or 1G, not '%s'", arg);
		o->image.hugetlb_bytes = v;
		return 0;
	case OPT_TOUCH:
		return fb_touch_parse(arg, &o->image.touch)
			       ? fb_opt_usage_error("--touch takes write, read or none, not '%s'",
						    arg)
			       : 0;
	case OPT_VMAS:
		rc = fb_opt_uint("--vmas", arg, FB_MAX_VMAS, &v);
		if (!rc && v == 0)
			return fb_opt_usage_error("--vmas needs at least 1");
		o->image.vmas = (uint32_t)v;
		return rc;
	case OPT_FDS:
		rc = fb_opt_uint("--fds", arg, FB_MAX_FDS, &v);
		o->image.fds = (uint32_t)v;
		return rc;
	case OPT_THREADS:
		rc = fb_opt_uint("--threads", arg, FB_MAX_THREADS, &v);
		o->image.threads = (uint32_t)v;
		return rc;
	case OPT_SHARED:
		o->image.shared = 1;
		return 0;
	case OPT_COW:
		return fb_opt_fraction("--cow", arg, false, &o->cow_fraction);
	case OPT_COW_SIDE:
		if (!strcmp(arg, "child"))
			o->cow_side = FB_COW_CHILD;
		else if (!strcmp(arg, "parent"))
			o->cow_side = FB_COW_PARENT;
		else
			return fb_opt_usage_error("--cow-side takes child or parent, not '%s'",
						  arg);
		return 0;
	case OPT_CPU:
		return fb_opt_cpu("--cpu", arg, &o->cpu);
	case OPT_CHILD_CPU:
		return fb_opt_cpu("--child-cpu", arg, &o->child_cpu);
	case OPT_COUNTERS:
		o->counters = arg;
		return fb_opt_list("--counters", arg);
	case OPT_TRACE:
		o->trace_mode = fb_trace_parse_mode(arg);
		return o->trace_mode < 0
			       ? fb_opt_usage_error("--trace takes on, auto or off, not '%s'", arg)
			       : 0;
	case OPT_PARALLEL:
		rc = fb_opt_uint("--parallel", arg, FB_MAX_PARALLEL, &v);
		if (!rc && v == 0)
			return fb_opt_usage_error("--parallel needs at least 1");
		o->parallel = (int)v;
		return rc;
	case OPT_RUNS:
		rc = fb_opt_uint("--runs", arg, FB_MAX_RUNS, &v);
		if (!rc && v == 0)
			return fb_opt_usage_error("--runs needs at least 1");
		o->runs = (int)v;
		return rc;
	case OPT_POINTS:
		return fb_opt_list("--points", arg) ?: fb_opt_points(o, arg);
	case OPT_PROBE_EVERY:
		rc = fb_opt_uint("--probe-every", arg, FB_MAX_PROBE_EVERY, &v);
		if (!rc && v < 2)
			return fb_opt_usage_error("--probe-every needs at least 2");
		o->probe_every = (uint32_t)v;
		return rc;
	case 'n':
		o->sampling = FB_SAMPLE_ITERATIONS;
		rc = fb_opt_uint("--iterations", arg, FB_MAX_ITERATIONS, &o->iterations);
		return rc	       ? rc
		       : o->iterations ? 0
				       : fb_opt_usage_error("--iterations needs at least 1");
	case 't':
		o->sampling = FB_SAMPLE_TIME;
		return fb_opt_seconds("--time", arg, &o->time_s);
	case OPT_PRECISION:
		/* a bare 1 is 100%, not the 1% it is surely meant as: a fraction is below 1 */
		if (!strchr(arg, '%') && strtod(arg, NULL) >= 1)
			return fb_opt_usage_error(
				"--precision %s reads as a fraction, %g%%: give a percentage (%s%%) or a fraction below 1 (%g)",
				arg, 100 * strtod(arg, NULL), arg, strtod(arg, NULL) / 100);
		rc = fb_opt_fraction("--precision", arg, true, &o->precision);
		return rc		  ? rc
		       : o->precision > 0 ? 0
					  : fb_opt_usage_error("--precision must be above 0");
	case OPT_MAX_TIME:
		return fb_opt_seconds("--max-time", arg, &o->max_time_s);
	case OPT_MIN_SAMPLES:
		rc = fb_opt_uint("--min-samples", arg, FB_MAX_MIN_SAMPLES, &o->min_samples);
		return rc		     ? rc
		       : o->min_samples >= 2 ? 0
					     : fb_opt_usage_error("--min-samples needs at least 2");
	case OPT_WARMUP:
		rc = fb_opt_uint("--warmup", arg, FB_MAX_WARMUP, &v);
		o->warmup = (uint32_t)v;
		return rc;
	case OPT_JSON:
		o->json_path = arg;
		return 0;
	case OPT_CSV:
		o->csv_path = arg;
		return 0;
	case OPT_CSV_SAMPLES:
		o->csv_samples_path = arg;
		return 0;
	case OPT_LABEL:
		o->label = arg;
		return 0;
	case OPT_CSV_ENTRIES:
		o->csv_entries_path = arg;
		return 0;
	case OPT_UNIT:
		return fb_time_unit_parse(arg, &o->unit)
			       ? fb_opt_usage_error("--unit takes us, ms or auto, not '%s'", arg)
			       : 0;
	case 'q':
		o->quiet = true;
		return 0;
	case 'v':
		o->verbose = true;
		return 0;
	case OPT_NO_PROGRESS:
		o->progress = false;
		return 0;
	}
	return FB_EXIT_USAGE;
}

/*
 * An option getopt_long did not take: "--methd" ("did you mean
 * '--method'?"), or a known one given without its value.
 */
static int unknown_option(const char *arg)
{
	enum { NOPTS = sizeof(fb_run_long_opts) / sizeof(fb_run_long_opts[0]) };
	const char *names[NOPTS], *near = NULL;
	char word[64];
	size_t n = 0, len = strcspn(arg, "=");

	if (!strncmp(arg, "--", 2) && len - 2 < sizeof(word)) {
		snprintf(word, sizeof(word), "%.*s", (int)(len - 2), arg + 2);
		for (size_t i = 0; fb_run_long_opts[i].name; i++)
			names[n++] = fb_run_long_opts[i].name;
		near = fb_closest(word, names, n);
	}
	if (near)
		return fb_opt_usage_error("option '%.*s' is unknown; did you mean '--%s'?",
					  (int)len, arg, near);
	return fb_opt_usage_error("option '%s' is unknown or lacks its value", arg);
}

int fb_run_parse(struct fb_run_opts *o, int argc, char **argv)
{
	int c, rc;

	memset(o, 0, sizeof(*o));
	for (int i = 0; i < fb_nmethods; i++)
		o->method_on[i] = true;
	o->nrss = 1;
	o->thp[0] = FB_THP_SYSTEM;
	o->nthp = 1;
	o->image.vmas = 1;
	o->cpu = o->child_cpu = -1;
	o->precision = 0.01;
	o->max_time_s = 2.0;
	o->min_samples = 30;
	o->warmup = 5;
	o->progress = true;
	o->parallel = 1;
	o->runs = 1;
	o->argc = argc;
	o->argv = argv;

	opterr = 0;
	/*
	 * 0, not 1: glibc then starts afresh. With 1 it goes on from where
	 * the last call stopped inside a cluster of short options ("-h" and
	 * "-hq" return at h), a pointer into an argv that may be gone by now.
	 */
	optind = 0;
	while ((c = getopt_long(argc, argv, fb_run_short_opts, fb_run_long_opts, NULL)) != -1) {
		if (c == 'h') {
			fb_run_usage(stdout);
			return -1;
		}
		if (c == '?') {
			/* a long option without its value: optopt is its code */
			if (optopt && !strncmp(argv[optind - 1], "--", 2))
				return fb_opt_usage_error("option '%s' needs a value",
							  argv[optind - 1]);
			if (optopt)
				return fb_opt_usage_error(
					"option '-%c' is unknown or lacks its value", optopt);
			return unknown_option(argv[optind - 1]);
		}
		if (c == ':')
			return fb_opt_usage_error("option '%s' needs a value", argv[optind - 1]);
		rc = parse_one(o, c, optarg);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return fb_opt_usage_error("unexpected argument '%s'", argv[optind]);
	if (o->image.hugetlb_bytes) {
		for (int i = 0; i < o->nthp; i++)
			if (o->thp[i] != FB_THP_SYSTEM)
				return fb_opt_usage_error(
					"--hugetlb and --thp on/off exclude each other");
		for (int i = 0; i < o->nrss; i++)
			if (o->rss[i] % o->image.hugetlb_bytes)
				return fb_opt_usage_error(
					"--rss values must be multiples of the --hugetlb page size");
	}
	if (o->cow_fraction > 0 && (rc = applies("--cow", o)))
		return rc;
	if (o->child_cpu >= 0 && (rc = applies("--child-cpu", o)))
		return rc;
	if (o->cow_fraction > 0 && o->image.shared)
		return fb_opt_usage_error("--cow has nothing to copy in a --shared region");
	if (o->points & FB_PT_BIT(FB_PT_COW) && o->cow_fraction <= 0 &&
	    o->points != (1u << FB_NPOINTS) - 1)
		return fb_opt_usage_error("--points cow needs --cow FRACTION");
	if (!o->points) /* every point each method has */
		o->points = (1u << FB_NPOINTS) - 1;
	return 0;
}

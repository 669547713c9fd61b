// SPDX-License-Identifier: MIT
/* forkbench store: a history of runs in one SQLite file (docs/store.md). */
#include "commands.h"
#include "compare/compare_output.h"
#include "core/time_unit.h"
#include "report/atomic_file.h"
#include "report/csv_field.h"
#include "results/provenance.h"
#include "results/results_paths.h"
#include "store/store.h"
#include "store/store_escape.h"
#include "store/store_trend.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PREFIX "forkbench store"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: forkbench store add [OPTIONS] RESULTS.json|DIR...\n"
		"       forkbench store list [--store FILE]\n"
		"       forkbench store trend [OPTIONS] ENTRY\n"
		"Keeps results files in one SQLite file, a history of runs that a CI job can\n"
		"cache or upload as an artifact (schema version %d, docs/store.md).\n\n"
		"add    stores each file whole (read and checked as compare reads it; a DIR:\n"
		"       its results JSON, as compare takes a directory) with its context and,\n"
		"       per entry and point, the summary and the median of every run in it,\n"
		"       one transaction a file. A run is known by its run id: the same file\n"
		"       again changes nothing (and says so); another file with an id to the\n"
		"       second that is stored (older forkbench) goes in under that id and its\n"
		"       hash; with any other stored id it is refused. Files over 256 MiB,\n"
		"       binary, empty or without an entry compare can use are refused.\n"
		"list   one line per stored run, oldest first: run id, date, kernel, label,\n"
		"       clock, entries (ok/all), runs in the file (2/3: two of three\n"
		"       finished), host. Control characters are shown escaped (\\e).\n"
		"trend  one entry (its name as compare prints it: 'fork rss=0 thp=off')\n"
		"       across the stored runs, oldest first: per run, or per group of runs,\n"
		"       the median and its 95%% CI. A run: its median and that median's CI;\n"
		"       several runs: the median of their medians and Student's t interval\n"
		"       over the log run medians (runs are the unit, as in compare), with\n"
		"       the spread between runs. Wall-clock and instruction time are never\n"
		"       mixed.\n\n"
		"Options:\n"
		"      --store FILE     the store (default: $FORKBENCH_STORE, else ./forkbench.db)\n"
		"      --label L        add: store L as the runs' label instead of run.label\n"
		"      --id ID          add: store the one file as run ID instead of run.id\n"
		"      --id-suffix S    add: store each file as its run.id followed by S\n"
		"      --by WHAT        trend: a row per run (default), kernel, label or date\n"
		"      --point NAME     trend: roundtrip (default), create, child_start or cow\n"
		"      --clock C        trend: only the runs timed with clock C: wall, icount\n"
		"                       or model\n"
		"      --csv FILE       trend: also write the rows as CSV (plots/store_trend.py)\n"
		"  -h, --help           this help\n\n"
		"Compare stored runs with 'forkbench compare --store FILE label:A -- label:B'\n"
		"(or kernel:K, run:ID).\n\n"
		"Every command checks the store's integrity as it opens it, and rolls back\n"
		"what an interrupted add left (its journal).\n\n"
		"Exit codes: 0 done, 2 bad usage or input (a missing, corrupt, cut, locked or\n"
		"newer store, an invalid results file, a run id taken by another file, an\n"
		"unknown entry).\n",
		FB_STORE_SCHEMA_VERSION);
}

struct args {
	const char *store, *label, *id, *id_suffix, *csv, *point, *clock;
	int by;
};

/* The options every subcommand takes (not all mean something to each). */
static int parse(struct args *a, const char *sub, int argc, char **argv)
{
	static const struct option lo[] = {
		{"store", required_argument, NULL, 's'},
		{"label", required_argument, NULL, 'l'},
		{"id", required_argument, NULL, 'i'},
		{"id-suffix", required_argument, NULL, 'x'},
		{"by", required_argument, NULL, 'b'},
		{"point", required_argument, NULL, 'p'},
		{"csv", required_argument, NULL, 'c'},
		{"clock", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c, which = 0;

	optind = 0; /* afresh: see fb_run_parse */

	while ((c = getopt_long(argc, argv, "h", lo, &which)) != -1) {
		bool ok = true;

		switch (c) {
		case 's':
			a->store = optarg;
			break;
		case 'l':
		case 'i':
		case 'x':
			ok = !strcmp(sub, "add");
			*(c == 'l' ? &a->label : c == 'i' ? &a->id : &a->id_suffix) = optarg;
			break;
		case 'b':
			ok = !strcmp(sub, "trend");
			a->by = fb_trend_by_from_name(optarg);
			if (a->by < 0) {
				fprintf(stderr,
					PREFIX
					" trend: bad --by '%s' (run, kernel, label or date)\n",
					optarg);
				return FB_EXIT_USAGE;
			}
			break;
		case 'p':
			ok = !strcmp(sub, "trend");
			a->point = optarg;
			if (fb_point_from_name(optarg) < 0) {
				fprintf(stderr, PREFIX " trend: unknown point '%s'\n", optarg);
				return FB_EXIT_USAGE;
			}
			break;
		case 'c':
			ok = !strcmp(sub, "trend");
			a->csv = optarg;
			break;
		case 'k':
			ok = !strcmp(sub, "trend");
			a->clock = fb_clock_name(optarg);
			if (!a->clock) {
				fprintf(stderr,
					PREFIX " trend: bad --clock '%s' (wall, icount or model)\n",
					optarg);
				return FB_EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			fprintf(stderr, PREFIX " %s: see 'forkbench store --help'\n", sub);
			return FB_EXIT_USAGE;
		}
		if (!ok) {
			fprintf(stderr, PREFIX " %s: --%s is not an option of %s\n", sub,
				lo[which].name, sub);
			return FB_EXIT_USAGE;
		}
	}
	return 0;
}

/* The files the operands name: a directory as compare takes one (its results JSON). */
static int expand(int nops, char **ops, char ***files, size_t *n)
{
	size_t cap = 0;

	*files = NULL;
	*n = 0;
	for (int i = 0; i < nops; i++) {
		struct stat sb;
		char **in = NULL;
		size_t k = 0;

		if (!stat(ops[i], &sb) && S_ISDIR(sb.st_mode)) {
			if (fb_results_in_dir(ops[i], PREFIX " add", &in, &k))
				return -1;
		} else {
			in = malloc(sizeof(*in));
			if (!in || !(in[0] = strdup(ops[i])))
				abort();
			k = 1; /* a missing file is said when it is read */
		}
		if (*n + k > cap) {
			cap = 2 * (*n + k);
			*files = realloc(*files, cap * sizeof(**files));
			if (!*files)
				abort();
		}
		memcpy(*files + *n, in, k * sizeof(*in));
		*n += k;
		free(in);
	}
	return 0;
}

static void free_files(char **files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

static int add_files(struct args *a, char **files, size_t nfiles)
{
	struct fb_store_add_opts o = {.label = a->label, .id = a->id, .id_suffix = a->id_suffix};
	struct fb_store *st;
	char err[1024], id[256], shown[1024];
	int rc = FB_EXIT_OK;

	if (a->id && nfiles > 1) {
		fputs(PREFIX " add: --id names one run: give one file (or use --id-suffix)\n",
		      stderr);
		return FB_EXIT_USAGE;
	}
	if (fb_store_open(fb_store_path(a->store), true, &st, err, sizeof(err))) {
		fprintf(stderr, PREFIX " add: %s\n", err);
		return FB_EXIT_USAGE;
	}
	/* file by file: what was added stays added when a later file is refused */
	for (size_t i = 0; i < nfiles && rc == FB_EXIT_OK; i++) {
		enum fb_store_added what;

		if (fb_store_add(st, files[i], &o, &what, id, sizeof(id), err, sizeof(err))) {
			fprintf(stderr, PREFIX " add: %s\n", err);
			rc = FB_EXIT_USAGE;
		} else {
			printf("%s: %s run %s%s\n", files[i],
			       what == FB_STORE_UNCHANGED ? "unchanged: the store has it as"
							  : "added as",
			       fb_escape_text(id, shown, sizeof(shown)),
			       what == FB_STORE_ADDED_OWN_ID
				       ? " (its run id, to the second, is another stored run's)"
				       : "");
		}
	}
	fb_store_close(st);
	return rc;
}

static int cmd_add(struct args *a, int nops, char **ops)
{
	char **files;
	size_t n;
	int rc;

	if (nops < 1) {
		fputs(PREFIX " add: no results file (see 'forkbench store --help')\n", stderr);
		return FB_EXIT_USAGE;
	}
	if (expand(nops, ops, &files, &n))
		return FB_EXIT_USAGE;
	rc = add_files(a, files, n);
	free_files(files, n);
	return rc;
}

/* A stored run's fields as list shows them: escaped (store_escape.h). */
struct shown_run {
	char id[520], kernel[400], label[400], host[400], started[48], entries[48], runs[24];
};

static void show_run(const struct fb_store_run *r, struct shown_run *o)
{
	fb_escape_text(r->run_id, o->id, sizeof(o->id));
	fb_escape_text(r->kernel, o->kernel, sizeof(o->kernel));
	fb_escape_text(r->label[0] ? r->label : "-", o->label, sizeof(o->label));
	fb_escape_text(r->host, o->host, sizeof(o->host));
	fb_escape_text(r->started, o->started, sizeof(o->started));
	snprintf(o->entries, sizeof(o->entries), "%ld/%ld", r->entries, r->nentries);
	/* the runs that finished; "2/3" for an interrupted run --runs 3 */
	if (r->runs_done == r->runs)
		snprintf(o->runs, sizeof(o->runs), "%d", r->runs);
	else
		snprintf(o->runs, sizeof(o->runs), "%d/%d", r->runs_done, r->runs);
}

static int width(int w, const char *s)
{
	return (int)strlen(s) > w ? (int)strlen(s) : w;
}

static int cmd_list(struct args *a, int nops)
{
	struct fb_store_run *runs;
	struct shown_run *shown;
	struct fb_store *st;
	char err[1024];
	int wid = 6, wkernel = 6, wlabel = 5;
	size_t n;

	if (nops) {
		fputs(PREFIX " list: takes no operands (see 'forkbench store --help')\n", stderr);
		return FB_EXIT_USAGE;
	}
	if (fb_store_open(fb_store_path(a->store), false, &st, err, sizeof(err)) ||
	    fb_store_runs(st, &runs, &n, err, sizeof(err))) {
		fprintf(stderr, PREFIX " list: %s\n", err);
		fb_store_close(st);
		return FB_EXIT_USAGE;
	}
	shown = calloc(n ? n : 1, sizeof(*shown));
	if (!shown)
		abort();
	for (size_t i = 0; i < n; i++) {
		show_run(&runs[i], &shown[i]);
		wid = width(wid, shown[i].id);
		wkernel = width(wkernel, shown[i].kernel);
		wlabel = width(wlabel, shown[i].label);
	}
	printf("%-*s %-10s %-*s %-*s %-6s %8s %5s  %s\n", wid, "run id", "date", wkernel, "kernel",
	       wlabel, "label", "clock", "entries", "runs", "host");
	for (size_t i = 0; i < n; i++)
		printf("%-*s %-10.10s %-*s %-*s %-6s %8s %5s  %s\n", wid, shown[i].id,
		       shown[i].started, wkernel, shown[i].kernel, wlabel, shown[i].label,
		       runs[i].clock, shown[i].entries, shown[i].runs, shown[i].host);
	printf("%zu run%s in %s\n", n, n == 1 ? "" : "s", fb_store_path(a->store));
	free(shown);
	free(runs);
	fb_store_close(st);
	return fflush(stdout) ? FB_EXIT_USAGE : FB_EXIT_OK;
}

static const char *const by_names[] = {"run", "kernel", "label", "date"};

static void print_rows(const struct fb_trend_row *rows, size_t n, const char *entry,
		       const char *point, int by, const char *clock, const char *store)
{
	char med[32], lo[32], hi[32], spread[16];

	char group[520], kernels[400], labels[400], shown[520], first[48];
	int wgroup = 6, wkernel = 6, wlabel = 5;

	for (size_t i = 0; i < n; i++) {
		wgroup = width(wgroup, fb_escape_text(rows[i].group, group, sizeof(group)));
		wkernel = width(wkernel, fb_escape_text(rows[i].kernels, kernels, sizeof(kernels)));
		wlabel = width(wlabel, fb_escape_text(rows[i].labels[0] ? rows[i].labels : "-",
						      labels, sizeof(labels)));
	}
	printf("%s, %s, by %s, %s (%s)\n", fb_escape_text(entry, shown, sizeof(shown)), point,
	       by_names[by], clock, store);
	printf("%-*s %-10s %-*s %-*s %4s %7s %11s %23s %7s\n", wgroup, by_names[by], "date",
	       wkernel, "kernel", wlabel, "label", "runs", "samples", "median", "95% CI", "spread");
	for (size_t i = 0; i < n; i++) {
		const struct fb_trend_row *r = &rows[i];
		char ci[64];

		if (isnan(r->spread))
			snprintf(spread, sizeof(spread), "-");
		else
			snprintf(spread, sizeof(spread), "%.2f%%", 100 * r->spread);
		if (isnan(r->ci_lo)) /* one run of too few samples */
			snprintf(ci, sizeof(ci), "-");
		else
			snprintf(ci, sizeof(ci), "%s - %s",
				 fb_cmp_human(r->ci_lo, FB_UNIT_AUTO, lo, sizeof(lo)),
				 fb_cmp_human(r->ci_hi, FB_UNIT_AUTO, hi, sizeof(hi)));
		printf("%-*s %-10.10s %-*s %-*s %4zu %7ld %11s %23s %7s\n", wgroup,
		       fb_escape_text(r->group, group, sizeof(group)),
		       fb_escape_text(r->first, first, sizeof(first)), wkernel,
		       fb_escape_text(r->kernels, kernels, sizeof(kernels)), wlabel,
		       fb_escape_text(r->labels[0] ? r->labels : "-", labels, sizeof(labels)),
		       r->runs, r->samples, fb_cmp_human(r->median, FB_UNIT_AUTO, med, sizeof(med)),
		       ci, spread);
	}
}

/* The rows as CSV, written atomically (report/atomic_file.h) for plots/store_trend.py. */
static int write_csv(const char *path, const struct fb_trend_row *rows, size_t n, const char *entry,
		     const char *point, const char *clock, int by)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = FB_EXIT_OK;

	if (!f)
		abort();
	fprintf(f, "entry,point,clock,by,group,first_started,kernel,label,runs,samples,median_ns,"
		   "gmean_ns,ci_lo_ns,ci_hi_ns,spread,clock_words\n");
	for (size_t i = 0; i < n; i++) {
		const struct fb_trend_row *r = &rows[i];

		fb_csv_text_field(f, entry);
		fprintf(f, ",%s,%s,%s,", point, clock, by_names[by]);
		fb_csv_text_field(f, r->group);
		fprintf(f, ",%s,", r->first);
		fb_csv_text_field(f, r->kernels);
		fputc(',', f);
		fb_csv_text_field(f, r->labels);
		fprintf(f, ",%zu,%ld,%.3f,%.3f,", r->runs, r->samples, r->median, r->gmean);
		if (!isnan(r->ci_lo)) /* empty where one run of too few samples has no CI */
			fprintf(f, "%.3f,%.3f", r->ci_lo, r->ci_hi);
		else
			fputc(',', f);
		fputc(',', f);
		if (!isnan(r->spread))
			fprintf(f, "%.6f", r->spread);
		/* the clock in forkbench's words, for the figure's title */
		fprintf(f, ",%s\n", fb_clock_words(clock));
	}
	if (fclose(f))
		abort();
	if (fb_write_atomic(path, buf, len)) {
		fprintf(stderr, PREFIX " trend: %s: cannot write: %m\n", path);
		rc = FB_EXIT_USAGE;
	}
	free(buf);
	return rc;
}

static int cmd_trend(struct args *a, int nops, char **ops)
{
	const char *point = a->point ? a->point : "roundtrip";
	struct fb_store_median *m = NULL;
	struct fb_trend_row *rows;
	struct fb_store *st = NULL;
	char err[1024];
	size_t n, nrows;
	int rc;

	if (nops != 1) {
		fputs(PREFIX " trend: one ENTRY, e.g. 'fork rss=0 thp=off' (see 'forkbench store "
			     "--help')\n",
		      stderr);
		return FB_EXIT_USAGE;
	}
	if (fb_store_open(fb_store_path(a->store), false, &st, err, sizeof(err)) ||
	    fb_store_medians(st, ops[0], point, a->clock, &m, &n, err, sizeof(err))) {
		fprintf(stderr, PREFIX " trend: %s\n", err);
		fb_store_close(st);
		return FB_EXIT_USAGE;
	}
	/* as in compare, in its words: clocks measure different quantities */
	for (size_t i = 1; i < n; i++) {
		char a_run[600], b_run[600], shown[512];

		/* the run ids escaped, as list shows them */
		snprintf(a_run, sizeof(a_run), "run %s",
			 fb_escape_text(m[0].run_id, shown, sizeof(shown)));
		snprintf(b_run, sizeof(b_run), "run %s",
			 fb_escape_text(m[i].run_id, shown, sizeof(shown)));
		if (fb_clock_check(a_run, m[0].clock, b_run, m[i].clock, err, sizeof(err))) {
			fprintf(stderr, PREFIX " trend: '%s': %s; choose one with --clock\n",
				ops[0], err);
			free(m);
			fb_store_close(st);
			return FB_EXIT_USAGE;
		}
	}
	fb_trend_rows(m, n, (enum fb_trend_by)a->by, &rows, &nrows);
	print_rows(rows, nrows, ops[0], point, a->by, fb_clock_words(m[0].clock),
		   fb_store_path(a->store));
	rc = a->csv ? write_csv(a->csv, rows, nrows, ops[0], point, m[0].clock, a->by) : FB_EXIT_OK;
	free(rows);
	free(m);
	fb_store_close(st);
	if (fflush(stdout))
		rc = FB_EXIT_USAGE;
	return rc;
}

int fb_cmd_store(int argc, char **argv)
{
	struct args a = {.by = FB_BY_RUN};
	const char *sub;
	int rc;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? FB_EXIT_USAGE : FB_EXIT_OK;
	}
	sub = argv[1];
	if (sub[0] == '-') {
		fprintf(stderr,
			PREFIX ": the subcommand comes first: 'forkbench store add|list|trend %s "
			       "...'\n",
			sub);
		return FB_EXIT_USAGE;
	}
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "trend")) {
		fprintf(stderr,
			PREFIX ": unknown subcommand '%s' (add, list or trend; see 'forkbench "
			       "store --help')\n",
			sub);
		return FB_EXIT_USAGE;
	}
	rc = parse(&a, sub, argc - 1, argv + 1);
	if (rc)
		return rc < 0 ? FB_EXIT_OK : rc;
	argc -= 1 + optind;
	argv += 1 + optind;
	if (!strcmp(sub, "add"))
		return cmd_add(&a, argc, argv);
	if (!strcmp(sub, "list"))
		return cmd_list(&a, argc);
	return cmd_trend(&a, argc, argv);
}

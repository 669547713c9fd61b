// SPDX-License-Identifier: MIT
/* forkbench store: a history of runs in one SQLite file (docs/store.md). */
#include "cmd_store.h"
#include "commands.h"
#include "results/provenance.h"
#include "results/results_paths.h"
#include "store/store.h"
#include "core/text_escape.h"
#include "store/store_trend.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The options every subcommand takes (not all mean something to each). */
static int parse(struct store_args *a, const char *sub, int argc, char **argv)
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

static int add_files(struct store_args *a, char **files, size_t nfiles)
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

static int cmd_add(struct store_args *a, int nops, char **ops)
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

/* A stored run's fields as list shows them: escaped (core/text_escape.h). */
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

static int cmd_list(struct store_args *a, int nops)
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
		wid = fb_store_width(wid, shown[i].id);
		wkernel = fb_store_width(wkernel, shown[i].kernel);
		wlabel = fb_store_width(wlabel, shown[i].label);
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

int fb_cmd_store(int argc, char **argv)
{
	struct store_args a = {.by = FB_BY_RUN};
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
	return fb_store_cmd_trend(&a, argc, argv);
}

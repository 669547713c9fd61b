// SPDX-License-Identifier: MIT
/*
 * forkbench results: reads results files as compare, store and export
 * read them, and says what the one reader decided: whether each file is
 * valid, its clock and its accelerator, and where each was read. Scripts
 * (ci/compare-kernels) ask it for the clock instead of reading the
 * sidecars themselves.
 */
#include "commands.h"
#include "results/provenance.h"
#include "results/results_paths.h"
#include "results/results_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "forkbench results"

static void usage(FILE *out)
{
	fputs("Usage: forkbench results [--clock | --accel] RESULTS.json|DIR...\n"
	      "Reads each results file (a DIR: its results JSON, as compare takes one) and\n"
	      "checks it by the rules every reader of results applies (compare and store\n"
	      "also need 5 round trips of an \"ok\" entry in every run). Then:\n\n"
	      "  (no option)  one line per file: its schema version, clock and accelerator,\n"
	      "               each with where it was read (the run's own record, a QEMU\n"
	      "               runner's sidecar, the kernel command line), runs and entries\n"
	      "  --clock      the one clock of all the files: wall, icount or model\n"
	      "  --accel      the one accelerator of all the files: tcg, kvm, a runner's own\n"
	      "               word, none (bare metal) or vm (another hypervisor)\n"
	      "  -h, --help   this help\n\n"
	      "Files timed with different clocks (or, with --accel, run under different\n"
	      "accelerators) are refused, as compare refuses to mix clocks.\n\n"
	      "Exit codes: 0 every file valid (and one clock or accelerator), 2 bad usage,\n"
	      "an unreadable or invalid file, mixed clocks or accelerators.\n",
	      out);
}

enum what { LIST, CLOCK, ACCEL };

static void describe(const struct fb_results *r)
{
	char buf[128];

	printf("%s: valid, schema version %d, clock %s (%s), accelerator %s (%s): %s, "
	       "%d run%s, %zu "
	       "entr%s%s\n",
	       r->path, r->version, r->clock, r->prov.clock_from, r->prov.accel, r->prov.accel_from,
	       fb_run_execution(r, buf, sizeof(buf)), r->runs, r->runs == 1 ? "" : "s", r->nentries,
	       r->nentries == 1 ? "y" : "ies", r->partial ? ", partial" : "");
}

/* Each file against the first: one clock (one accelerator), or one line and -1. */
static int agree(enum what what, const struct fb_results *first, const struct fb_results *r)
{
	char err[2 * 4096 + 256];

	if (what == CLOCK &&
	    fb_clock_check(first->path, first->clock, r->path, r->clock, err, sizeof(err))) {
		fprintf(stderr, PREFIX ": %s\n", err);
		return -1;
	}
	if (what == ACCEL && strcmp(first->prov.accel, r->prov.accel)) {
		fprintf(stderr,
			PREFIX ": %s ran under accelerator %s, %s under %s: there is no one "
			       "accelerator\n",
			first->path, first->prov.accel, r->path, r->prov.accel);
		return -1;
	}
	return 0;
}

static int read_all(enum what what, char **paths, size_t n)
{
	struct fb_results first = {0}, r; /* zeroed: freeing it is safe whatever happens */
	char err[4096 + 512];
	int rc = FB_EXIT_OK;

	for (size_t i = 0; i < n && rc == FB_EXIT_OK; i++) {
		struct fb_results *into = i ? &r : &first;

		if (fb_results_read_to_show(paths[i], into, err, sizeof(err))) {
			fprintf(stderr, PREFIX ": %s: %s\n", paths[i], err);
			rc = FB_EXIT_USAGE;
		} else if (what == LIST) {
			describe(into);
		} else if (i && agree(what, &first, &r)) {
			rc = FB_EXIT_USAGE;
		}
		if (i) /* the first stays, to hold the others against */
			fb_results_free(&r);
	}
	if (rc == FB_EXIT_OK && what != LIST)
		printf("%s\n", what == CLOCK ? first.clock : first.prov.accel);
	fb_results_free(&first); /* read whole, in part or not at all: freed alike */
	return rc;
}

int fb_cmd_results(int argc, char **argv)
{
	enum what what = LIST;
	char **paths;
	size_t n;
	int i, rc;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return FB_EXIT_OK;
		} else if (!strcmp(argv[i], "--clock") || !strcmp(argv[i], "--accel")) {
			if (what != LIST) {
				fputs(PREFIX ": --clock or --accel, not both\n", stderr);
				return FB_EXIT_USAGE;
			}
			what = argv[i][2] == 'c' ? CLOCK : ACCEL;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			fprintf(stderr,
				PREFIX
				": unexpected option '%s' (see 'forkbench results --help')\n",
				argv[i]);
			return FB_EXIT_USAGE;
		}
	}
	if (i == argc) {
		fputs(PREFIX ": no results file (see 'forkbench results --help')\n", stderr);
		return FB_EXIT_USAGE;
	}
	if (fb_results_operands(argv + i, (size_t)(argc - i), PREFIX, &paths, &n))
		return FB_EXIT_USAGE;
	rc = read_all(what, paths, n);
	fb_results_paths_free(paths, n);
	if (fflush(stdout) && rc == FB_EXIT_OK)
		rc = FB_EXIT_OUTPUT;
	return rc;
}

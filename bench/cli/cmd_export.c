// SPDX-License-Identifier: MIT
/*
 * `forkbench export`: the summary CSV of a results JSON, as `run --csv`
 * writes it, for a run written without --csv (plots/draw.sh draws its
 * gnuplot figures from it). One reader of the file, the one compare and
 * store use (results/results_read.h), and one writer of the format,
 * report/results_csv.c.
 */
#include "commands.h"

#include "report/results_csv.h"
#include "report/run_from_results.h"
#include "results/results_read.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fputs("Usage: forkbench export [--csv FILE] [--csv-entries FILE] RESULTS.json\n\n"
	      "Writes the CSV files of a results JSON as 'forkbench run' writes them (the\n"
	      "label column is the run's --label, else its kernel release). The file is\n"
	      "read and checked by the rules compare reads it by (a run of a few samples\n"
	      "is exported, though compare needs 5 a run): an invalid one is refused (exit 2).\n\n"
	      "  --csv FILE           one row per entry and point (as run --csv)\n"
	      "  --csv-entries FILE   one flat row per entry, every parameter a column\n"
	      "                       (as run --csv-entries)\n",
	      out);
}

int fb_cmd_export(int argc, char **argv)
{
	const char *csv = NULL, *entries = NULL, *in = NULL;
	struct fb_results r;
	struct fb_run run;
	char err[4096 + 512];
	int rc = FB_EXIT_OK;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return FB_EXIT_OK;
		} else if (!strcmp(argv[i], "--csv") && i + 1 < argc) {
			csv = argv[++i];
		} else if (!strcmp(argv[i], "--csv-entries") && i + 1 < argc) {
			entries = argv[++i];
		} else if (argv[i][0] != '-' && !in) {
			in = argv[i];
		} else {
			fprintf(stderr, "forkbench export: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return FB_EXIT_USAGE;
		}
	}
	if ((!csv && !entries) || !in) {
		fprintf(stderr,
			"forkbench export: needs --csv FILE or --csv-entries FILE, and a results JSON\n");
		usage(stderr);
		return FB_EXIT_USAGE;
	}
	if (fb_results_read_to_show(in, &r, err, sizeof(err)) ||
	    fb_run_from_results(&run, &r, err, sizeof(err))) {
		fprintf(stderr, "forkbench export: %s: %s\n", in, err);
		fb_results_free(&r);
		return FB_EXIT_USAGE;
	}
	if (csv && fb_results_write_csv(&run, csv)) {
		fprintf(stderr, "forkbench export: cannot write %s: %s\n", csv, strerror(errno));
		rc = FB_EXIT_OUTPUT;
	}
	if (entries && fb_results_write_csv_entries(&run, entries)) {
		fprintf(stderr, "forkbench export: cannot write %s: %s\n", entries,
			strerror(errno));
		rc = FB_EXIT_OUTPUT;
	}
	fb_run_from_results_free(&run);
	fb_results_free(&r);
	return rc;
}

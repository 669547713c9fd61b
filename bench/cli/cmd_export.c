// SPDX-License-Identifier: MIT
/*
 * `forkbench export`: the summary CSV of a results JSON, as `run --csv`
 * writes it, for a run written without --csv (plots/draw.sh draws its
 * gnuplot figures from it). One writer of the format: report/results_csv.c.
 */
#include "commands.h"

#include "report/results_csv.h"
#include "report/results_load.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fputs("Usage: forkbench export [--csv FILE] [--csv-entries FILE] RESULTS.json\n\n"
	      "Writes the CSV files of a results JSON as 'forkbench run' writes them (the\n"
	      "label column is the run's --label, else its kernel release).\n\n"
	      "  --csv FILE           one row per entry and point (as run --csv)\n"
	      "  --csv-entries FILE   one flat row per entry, every parameter a column\n"
	      "                       (as run --csv-entries)\n",
	      out);
}

int fb_cmd_export(int argc, char **argv)
{
	const char *csv = NULL, *entries = NULL, *in = NULL;
	struct fb_run run;
	char err[512];
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--csv") && i + 1 < argc) {
			csv = argv[++i];
		} else if (!strcmp(argv[i], "--csv-entries") && i + 1 < argc) {
			entries = argv[++i];
		} else if (argv[i][0] != '-' && !in) {
			in = argv[i];
		} else {
			fprintf(stderr, "forkbench export: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if ((!csv && !entries) || !in) {
		fprintf(stderr,
			"forkbench export: needs --csv FILE or --csv-entries FILE, and a results JSON\n");
		usage(stderr);
		return 2;
	}
	if (fb_results_load(&run, in, err, sizeof(err))) {
		fprintf(stderr, "forkbench export: %s\n", err);
		return 2;
	}
	if (csv && fb_results_write_csv(&run, csv)) {
		fprintf(stderr, "forkbench export: cannot write %s: %s\n", csv, strerror(errno));
		rc = 4;
	}
	if (entries && fb_results_write_csv_entries(&run, entries)) {
		fprintf(stderr, "forkbench export: cannot write %s: %s\n", entries,
			strerror(errno));
		rc = 4;
	}
	fb_results_unload(&run);
	return rc;
}

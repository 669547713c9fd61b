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
	fputs("Usage: forkbench export --csv FILE RESULTS.json\n\n"
	      "Writes the summary CSV of a results JSON: one row per entry and point, as\n"
	      "'forkbench run --csv' writes it (the label column is the run's --label, else\n"
	      "its kernel release).\n\n"
	      "  --csv FILE   where to write it\n",
	      out);
}

int fb_cmd_export(int argc, char **argv)
{
	const char *csv = NULL, *in = NULL;
	struct fb_run run;
	char err[512];
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--csv") && i + 1 < argc) {
			csv = argv[++i];
		} else if (argv[i][0] != '-' && !in) {
			in = argv[i];
		} else {
			fprintf(stderr, "forkbench export: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (!csv || !in) {
		fprintf(stderr, "forkbench export: needs --csv FILE and a results JSON\n");
		usage(stderr);
		return 2;
	}
	if (fb_results_load(&run, in, err, sizeof(err))) {
		fprintf(stderr, "forkbench export: %s\n", err);
		return 2;
	}
	if (fb_results_write_csv(&run, csv)) {
		fprintf(stderr, "forkbench export: cannot write %s: %s\n", csv, strerror(errno));
		rc = 4;
	}
	fb_results_unload(&run);
	return rc;
}

// SPDX-License-Identifier: MIT
/*
 * forkbench-model-join: makes a results file timed with the cache model
 * from a guest's results and the forkbench-model plugin's windows of the
 * same boot (run-guest.sh --clock model runs it), and prints a check of
 * such files until compare reads them. --help for usage.
 */
#include "model_join.h"
#include "model_print.h"
#include "report/atomic_file.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	char formula[256];
	struct fb_weights w;

	fb_weights_default(&w);
	fb_weights_formula(&w, formula, sizeof(formula));
	fprintf(f,
		"Usage: forkbench-model-join --results FILE --windows FILE --out FILE [--weights SPEC]\n"
		"       forkbench-model-join --print FILE...\n"
		"\n"
		"The first form joins a guest's results (timed in instruction time) to the\n"
		"forkbench-model plugin's windows of the same boot, by parent and child pid,\n"
		"and writes a results file timed with the model: context.timing.clock \"model\",\n"
		"points.create/roundtrip.model holding instructions, accesses and misses per\n"
		"level for every sample, and samples_ns holding the cost figure:\n"
		"  %s\n"
		"--weights l1i=N,l1d=N,l2=N,llc=N,tlb=N changes the cycles a miss adds.\n"
		"\n"
		"The second prints, per file and entry, the median over samples of each\n"
		"counter: a check of the files, not a comparison (forkbench compare judges).\n"
		"\n"
		"Exit status: 0, 1 when the files cannot be joined or read, 2 on bad usage.\n",
		formula);
}

static json_t *load(const char *path)
{
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);

	if (!j)
		fprintf(stderr, "forkbench-model-join: %s: line %d: %s\n", path, je.line, je.text);
	return j;
}

static int join(const char *results, const char *windows, const char *out,
		const struct fb_weights *w)
{
	struct fb_windows ws;
	struct fb_join_stats st;
	char err[512], *text;
	json_t *r;
	FILE *f = fopen(windows, "r");
	int rc = 1;

	if (!f) {
		fprintf(stderr, "forkbench-model-join: cannot read %s: %m\n", windows);
		return 1;
	}
	if (fb_windows_read(f, &ws, err, sizeof(err))) {
		fprintf(stderr, "forkbench-model-join: %s: %s\n", windows, err);
		fclose(f);
		return 1;
	}
	fclose(f);
	if (!ws.ended)
		fprintf(stderr,
			"forkbench-model-join: note: %s has no closing line (QEMU killed?)\n",
			windows);
	r = load(results);
	if (!r)
		goto out;
	if (fb_model_join(r, &ws, w, &st, err, sizeof(err))) {
		fprintf(stderr, "forkbench-model-join: %s: %s\n", results, err);
		goto out;
	}
	text = json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text || fb_write_atomic(out, text, strlen(text))) {
		fprintf(stderr, "forkbench-model-join: cannot write %s: %m\n", out);
		free(text);
		goto out;
	}
	free(text);
	fprintf(stderr,
		"forkbench-model-join: %zu samples of %zu entries joined to %zu windows -> %s\n",
		st.samples, st.entries, ws.n, out);
	rc = 0;
out:
	json_decref(r);
	fb_windows_free(&ws);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {{"results", required_argument, NULL, 'r'},
					     {"windows", required_argument, NULL, 'w'},
					     {"out", required_argument, NULL, 'o'},
					     {"weights", required_argument, NULL, 'W'},
					     {"print", no_argument, NULL, 'p'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *results = NULL, *windows = NULL, *out = NULL;
	struct fb_weights w;
	bool print = false;
	char err[256];
	int c;

	fb_weights_default(&w);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			results = optarg;
			break;
		case 'w':
			windows = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			print = true;
			break;
		case 'W':
			if (fb_weights_parse(optarg, &w, err, sizeof(err))) {
				fprintf(stderr, "forkbench-model-join: %s\n", err);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (print) {
		if (optind == argc || results || windows || out) {
			fprintf(stderr, "forkbench-model-join: --print takes results files only\n");
			return 2;
		}
		return fb_model_print(stdout, (const char *const *)argv + optind,
				      (size_t)(argc - optind));
	}
	if (!results || !windows || !out || optind != argc) {
		fprintf(stderr, "forkbench-model-join: --results, --windows and --out are required "
				"(--help)\n");
		return 2;
	}
	return join(results, windows, out, &w);
}

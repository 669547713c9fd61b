// SPDX-License-Identifier: MIT
/* forkbench store trend: one entry's run medians over time, as a table and a CSV. */
#include "cmd_store.h"
#include "commands.h"
#include "compare/compare_output.h"
#include "core/text_escape.h"
#include "core/time_unit.h"
#include "report/atomic_file.h"
#include "report/csv_field.h"
#include "results/provenance.h"
#include "store/store.h"
#include "store/store_trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const by_names[] = {"run", "kernel", "label", "date"};

static void print_rows(const struct fb_trend_row *rows, size_t n, const char *entry,
		       const char *point, int by, const char *clock, const char *store)
{
	char med[32], lo[32], hi[32], spread[16];

	char group[520], kernels[400], labels[400], shown[520], first[48];
	int wgroup = 6, wkernel = 6, wlabel = 5;

	for (size_t i = 0; i < n; i++) {
		wgroup =
			fb_store_width(wgroup, fb_escape_text(rows[i].group, group, sizeof(group)));
		wkernel = fb_store_width(wkernel,
					 fb_escape_text(rows[i].kernels, kernels, sizeof(kernels)));
		wlabel = fb_store_width(wlabel,
					fb_escape_text(rows[i].labels[0] ? rows[i].labels : "-",
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

int fb_store_cmd_trend(const struct store_args *a, int nops, char **ops)
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

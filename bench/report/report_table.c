// SPDX-License-Identifier: MIT
/* The terminal table, from the summaries the engine computed once, then the warnings. */
#include "report_table.h"

#include "core/size_parse.h"
#include "core/time_unit.h"
#include "methods/method.h"
#include "stats/stats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* How many entry names a grouped warning line spells out before "and N more". */
#define GROUP_NAMES 4

static void cell_time(FILE *out, double ns, int unit, int width)
{
	char buf[32];

	fprintf(out, " %*s", width, fb_format_time(ns, unit, buf, sizeof(buf)));
}

/* Median count per creation of each counted event; "n/a" where it was not counted. */
static void report_counters(const struct fb_run *run, FILE *out)
{
	const struct fb_counter_set *set = &run->counters;

	if (set->n == 0)
		return;
	fprintf(out,
		"\nCounters at the create point (median per creation, parent, kernel included; task-clock in ns):\n");
	fprintf(out, "%-28s", "entry");
	for (int j = 0; j < set->n; j++)
		fprintf(out, " %16.16s", set->c[j].name);
	fputc('\n', out);
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];

		if (e->state == FB_ENTRY_SKIPPED)
			continue;
		fprintf(out, "%-28s", e->label);
		for (int j = 0; j < set->n; j++) {
			if (e->counted.counted[j])
				fprintf(out, " %16.0f", e->counted.s[j].p50);
			else
				fprintf(out, " %16s", "n/a");
		}
		fputc('\n', out);
	}
}

/* The widest entry name, so the columns line up whatever the parameters. */
static int name_width(const struct fb_run *run)
{
	int w = 5;

	for (int i = 0; i < run->nentries; i++) {
		int n = (int)strlen(run->entries[i].label);

		if (n > w)
			w = n;
	}
	return w;
}

/* Every warning of every entry, one line each (-v). */
static void warnings_each(const struct fb_run *run, FILE *out)
{
	int warned = 0;

	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];

		for (int w = 0; w < e->nwarnings; w++) {
			if (!warned++)
				fputs("\nWarnings:\n", out);
			fprintf(out, "  %s: %s\n", e->label, e->warnings[w]);
		}
	}
}

static bool entry_has_kind(const struct fb_entry *e, int kind, int *which)
{
	for (int w = 0; w < e->nwarnings; w++) {
		if (e->warning_kind[w] == kind) {
			*which = w;
			return true;
		}
	}
	return false;
}

/* Whether every measured entry of method m (more than one) has the kind. */
static bool method_all_hit(const struct fb_run *run, int m, int kind)
{
	int n = 0, w;

	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];

		if (e->method != m || e->state == FB_ENTRY_SKIPPED)
			continue;
		if (!entry_has_kind(e, kind, &w))
			return false;
		n++;
	}
	return n > 1;
}

/*
 * The entries a kind hits, compactly: "all fork" for a method whose every
 * entry it hits, else the entries' names; GROUP_NAMES of those, then how
 * many entries more.
 */
static void name_hits(const struct fb_run *run, int kind, int hits, FILE *out)
{
	bool said[FB_RUN_METHODS] = {false};
	int items = 0, covered = 0, w;

	for (int i = 0; i < run->nentries && items < GROUP_NAMES; i++) {
		const struct fb_entry *e = &run->entries[i];

		if (!entry_has_kind(e, kind, &w) || said[e->method])
			continue;
		if (method_all_hit(run, e->method, kind)) {
			said[e->method] = true;
			fprintf(out, "%sall %s", items++ ? ", " : "", fb_methods[e->method]->name);
			for (int j = 0; j < run->nentries; j++)
				covered += run->entries[j].method == e->method &&
					   run->entries[j].state != FB_ENTRY_SKIPPED;
		} else {
			fprintf(out, "%s%s", items++ ? ", " : "", e->label);
			covered++;
		}
	}
	if (hits > covered)
		fprintf(out, " and %d more", hits - covered);
}

/*
 * One line a kind: "far outliers in 81 of 90 entries (fork rss=0 thp=off,
 * ... and 78 more): what to do". The advice is the first entry's; what
 * was seen in each entry is in the JSON and under -v.
 */
static void warnings_grouped(const struct fb_run *run, FILE *out)
{
	int measured = 0, warned = 0;

	for (int i = 0; i < run->nentries; i++)
		measured += run->entries[i].state != FB_ENTRY_SKIPPED;
	for (int kind = 0; kind < FB_NWARN_KINDS; kind++) {
		const struct fb_entry *first = NULL;
		int hits = 0, fw = 0, w;

		for (int i = 0; i < run->nentries; i++) {
			if (!entry_has_kind(&run->entries[i], kind, &w))
				continue;
			if (!hits++) {
				first = &run->entries[i];
				fw = w;
			}
		}
		if (!hits)
			continue;
		if (!warned++)
			fputs("\nWarnings (-v lists each entry's; the JSON keeps them all):\n",
			      out);
		if (hits == 1) {
			fprintf(out, "  %s: %s\n", first->label, first->warnings[fw]);
			continue;
		}
		fprintf(out, "  %s in %d of %d entries (", fb_warn_kind_name(kind), hits, measured);
		name_hits(run, kind, hits, out);
		fputc(')', out);
		if (first->warning_advice[fw] < strlen(first->warnings[fw]))
			fprintf(out, ": %s", first->warnings[fw] + first->warning_advice[fw]);
		fputc('\n', out);
	}
}

/*
 * With --runs, what the +-CI column cannot say: how far the runs' medians
 * lie apart. The CI pools every run's samples, and the runs of one binary
 * differ far more than the samples of one run say (54.5% against a pooled
 * +-1.11% was seen).
 */
static void cell_spread(FILE *out, const struct fb_entry *e)
{
	if (isnan(e->run_spread))
		fprintf(out, " %7s", "-");
	else
		fprintf(out, " %7.2f", 100.0 * e->run_spread);
}

static void say_spread(const struct fb_run *run, FILE *out)
{
	fprintf(out,
		"\nruns SD: the SD of the logs of the %d finished runs' round-trip medians (compare's\n"
		"'spread'); +-CI pools the samples of every run and does not see how far runs differ.\n",
		run->runs_done);
}

/* The table's time columns: create, child_start, roundtrip at p50; roundtrip at p90, p99. */
enum { COL_CREATE, COL_CHILD_START, COL_ROUNDTRIP, COL_RT_P90, COL_RT_P99, NCOLS };

/* A column's time for an entry, or -1 where the entry lacks the point. */
static double column_ns(const struct fb_entry *e, int col)
{
	static const int point[NCOLS] = {FB_PT_CREATE, FB_PT_CHILD_START, FB_PT_ROUNDTRIP,
					 FB_PT_ROUNDTRIP, FB_PT_ROUNDTRIP};
	const struct fb_summary *s = &e->point[point[col]];

	if (e->state == FB_ENTRY_SKIPPED || !e->has_point[point[col]])
		return -1;
	return col == COL_RT_P90 ? s->p90 : col == COL_RT_P99 ? s->p99 : s->p50;
}

/*
 * Each column's unit: the one asked for, or with auto the one its largest
 * time calls for (time_unit.h), said once in the header.
 */
static void column_units(const struct fb_run *run, int unit[NCOLS])
{
	for (int c = 0; c < NCOLS; c++) {
		double max = 0;

		for (int i = 0; i < run->nentries; i++)
			if (column_ns(&run->entries[i], c) > max)
				max = column_ns(&run->entries[i], c);
		unit[c] = run->opts.unit == FB_UNIT_AUTO ? fb_time_unit_for(max) : run->opts.unit;
	}
}

void fb_report_table(const struct fb_run *run, FILE *out)
{
	bool cow = run->opts.cow_fraction > 0, par = run->opts.parallel > 1;
	bool runs = run->opts.runs > 1;
	int cu[NCOLS], nw = name_width(run);
	char head[NCOLS][16];

	column_units(run, cu);
	for (int c = 0; c < NCOLS; c++)
		snprintf(head[c], sizeof(head[c]), "%s%s", c <= COL_ROUNDTRIP ? "p50 " : "",
			 fb_time_unit_name(cu[c]));
	fprintf(out, "%-*s %7s %10s %10s %10s %10s %10s %7s%s%s%s\n", nw, "entry", "n", "create",
		"child_st", "roundtrip", "rt p90", "rt p99", "+-CI", runs ? " runs SD" : "",
		cow ? "  cow/page ns" : "", par ? "    creations/s" : "");
	fprintf(out, "%-*s %7s %10s %10s %10s %10s %10s %7s%s\n", nw, "", "", head[0], head[1],
		head[2], head[3], head[4], "%", runs ? "       %" : "");
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];
		const struct fb_summary *rt = &e->point[FB_PT_ROUNDTRIP],
					*cw = &e->point[FB_PT_COW];
		uint64_t cow_pages = run->images[e->image].built.cow_pages;

		fprintf(out, "%-*s", nw, e->label);
		if (e->state == FB_ENTRY_SKIPPED) {
			fprintf(out, "  skipped: %s\n", e->reason);
			continue;
		}
		fprintf(out, " %7zu", e->n);
		for (int c = 0; c <= COL_ROUNDTRIP; c++)
			cell_time(out, column_ns(e, c), cu[c], 10);
		if (e->has_point[FB_PT_ROUNDTRIP]) {
			cell_time(out, rt->p90, cu[COL_RT_P90], 10);
			cell_time(out, rt->p99, cu[COL_RT_P99], 10);
			if (isinf(fb_relative_ci(rt))) /* too few samples for a CI */
				fprintf(out, " %7s", "-");
			else
				fprintf(out, " %7.2f", 100.0 * fb_relative_ci(rt));
		} else {
			fprintf(out, " %10s %10s %7s", "-", "-", "-");
		}
		if (runs)
			cell_spread(out, e);
		if (cow && e->has_point[FB_PT_COW] && cow_pages)
			fprintf(out, " %12.0f", cw->p50 / (double)cow_pages);
		if (par)
			fprintf(out, " %14.0f", e->rate);
		if (e->state == FB_ENTRY_FAILED)
			fprintf(out, "  FAILED");
		else if (e->state == FB_ENTRY_ACTIVE)
			fprintf(out, "  incomplete");
		fputc('\n', out);
	}
	if (runs)
		say_spread(run, out);
	report_counters(run, out);
	if (run->opts.verbose)
		warnings_each(run, out);
	else
		warnings_grouped(run, out);
}

// SPDX-License-Identifier: MIT
/* The terminal table, from the summaries the engine computed once. */
#include "report_table.h"

#include "core/size_parse.h"
#include "methods/method.h"
#include "stats/stats.h"

#include <stdio.h>

static void cell_us(FILE *out, const struct fb_entry *e, int point, int width)
{
	if (e->has_point[point])
		fprintf(out, " %*.1f", width, e->point[point].p50 / 1e3);
	else
		fprintf(out, " %*s", width, "-");
}

/* Median count per creation of each counted event; "n/a" where it was not counted. */
static void report_counters(const struct fb_run *run, FILE *out)
{
	const struct fb_counter_set *set = &run->counters;

	if (set->n == 0)
		return;
	fprintf(out,
		"\nCounters at the create point (median per creation, parent, kernel included; task-clock in ns):\n");
	fprintf(out, "%-12s %6s %6s", "method", "rss", "thp");
	for (int j = 0; j < set->n; j++)
		fprintf(out, " %16.16s", set->c[j].name);
	fputc('\n', out);
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];
		const struct fb_image_cfg *c = &run->images[e->image].cfg;
		char rss[32];

		if (e->state == FB_ENTRY_SKIPPED)
			continue;
		fb_format_size(c->rss_bytes, rss, sizeof(rss));
		fprintf(out, "%-12s %6s %6s", fb_methods[e->method]->name, rss,
			fb_thp_name(c->thp));
		for (int j = 0; j < set->n; j++) {
			if (e->counted.counted[j])
				fprintf(out, " %16.0f", e->counted.s[j].p50);
			else
				fprintf(out, " %16s", "n/a");
		}
		fputc('\n', out);
	}
}

void fb_report_table(const struct fb_run *run, FILE *out)
{
	bool cow = run->opts.cow_fraction > 0, par = run->opts.parallel > 1;
	int warned = 0;

	fprintf(out, "%-12s %6s %6s %7s %10s %10s %10s %10s %10s %7s%s%s\n", "method", "rss", "thp",
		"n", "create", "child_st", "roundtrip", "rt p90", "rt p99", "+-CI",
		cow ? "  cow/page ns" : "", par ? "    creations/s" : "");
	fprintf(out, "%-12s %6s %6s %7s %10s %10s %10s %10s %10s %7s\n", "", "", "", "", "p50 us",
		"p50 us", "p50 us", "us", "us", "%");
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];
		const struct fb_image_cfg *c = &run->images[e->image].cfg;
		const struct fb_summary *rt = &e->point[FB_PT_ROUNDTRIP],
					*cw = &e->point[FB_PT_COW];
		uint64_t cow_pages = run->images[e->image].built.cow_pages;
		char rss[32];

		fb_format_size(c->rss_bytes, rss, sizeof(rss));
		fprintf(out, "%-12s %6s %6s", fb_methods[e->method]->name, rss,
			fb_thp_name(c->thp));
		if (e->state == FB_ENTRY_SKIPPED) {
			fprintf(out, "  skipped: %s\n", e->reason);
			continue;
		}
		fprintf(out, " %7zu", e->n);
		cell_us(out, e, FB_PT_CREATE, 10);
		cell_us(out, e, FB_PT_CHILD_START, 10);
		cell_us(out, e, FB_PT_ROUNDTRIP, 10);
		if (e->has_point[FB_PT_ROUNDTRIP])
			fprintf(out, " %10.1f %10.1f %7.2f", rt->p90 / 1e3, rt->p99 / 1e3,
				100.0 * fb_relative_ci(rt));
		else
			fprintf(out, " %10s %10s %7s", "-", "-", "-");
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
	report_counters(run, out);
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];

		if (!e->nwarnings)
			continue;
		if (!warned++)
			fputs("\nWarnings:\n", out);
		for (int w = 0; w < e->nwarnings; w++)
			fprintf(out, "  %s: %s\n", e->label, e->warnings[w]);
	}
}

// SPDX-License-Identifier: MIT
#include "report_table.h"
#include "methods/method.h"
#include "core/size_parse.h"

#include <math.h>
#include <stdlib.h>

static void cell_us(FILE *out, const struct fb_entry *e, int point, int width)
{
	struct fb_summary s;

	if (fb_entry_summary(e, point, &s))
		fprintf(out, " %*.1f", width, s.p50 / 1e3);
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
			size_t n = 0;
			double *all = malloc((e->n + 1) * sizeof(double));
			struct fb_summary s;

			for (size_t k = 0; all && e->counts && k < e->n; k++)
				if (e->counts[k][j] != FB_COUNT_NONE)
					all[n++] = (double)e->counts[k][j];
			if (n) {
				fb_summarize(all, n, &s);
				fprintf(out, " %16.0f", s.p50);
			} else {
				fprintf(out, " %16s", "n/a");
			}
			free(all);
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
		struct fb_summary rt, cw;
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
		if (fb_entry_summary(e, FB_PT_ROUNDTRIP, &rt))
			fprintf(out, " %10.1f %10.1f %7.2f", rt.p90 / 1e3, rt.p99 / 1e3,
				100.0 * fb_relative_ci(&rt));
		else
			fprintf(out, " %10s %10s %7s", "-", "-", "-");
		if (cow && fb_entry_summary(e, FB_PT_COW, &cw) &&
		    run->images[e->image].hello.cow_pages)
			fprintf(out, " %12.0f",
				cw.p50 / (double)run->images[e->image].hello.cow_pages);
		if (par)
			fprintf(out, " %14.0f", fb_entry_rate(e));
		if (e->state == FB_ENTRY_FAILED)
			fprintf(out, "  FAILED");
		else if (e->state == FB_ENTRY_ACTIVE)
			fprintf(out, "  incomplete");
		fputc('\n', out);
	}
	report_counters(run, out);
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];
		char label[160];

		if (!e->nwarnings)
			continue;
		if (!warned++)
			fputs("\nWarnings:\n", out);
		fb_entry_label(run, e, label, sizeof(label));
		for (int w = 0; w < e->nwarnings; w++)
			fprintf(out, "  %s: %s\n", label, e->warnings[w]);
	}
}

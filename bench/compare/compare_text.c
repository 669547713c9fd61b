// SPDX-License-Identifier: MIT
/* forkbench compare's table for a terminal and its markdown for a pull request. */
#include "compare/compare_output.h"

#include <string.h>

static const int width[FB_NCELLS] = {10, 10, 6, 11, 5, 13, 6, 7, 0};

/* Every row both sides have, counted by its verdict's word, then what else happened. */
static void summary_line(const struct fb_comparison *c, FILE *out, bool md)
{
	static const enum fb_verdict order[] = {FB_SLOWER, FB_FASTER, FB_NO_CHANGE, FB_INCONCLUSIVE,
						FB_NOT_JUDGED};

	fputc('\n', out);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		bool bold = md && order[i] == FB_SLOWER && c->verdicts[FB_SLOWER];

		fprintf(out, "%s%s%zu %s%s", i ? ", " : "", bold ? "**" : "", c->verdicts[order[i]],
			fb_verdict_name(order[i]), bold ? "**" : "");
	}
	if (c->broken)
		fprintf(out,
			md ? "; **%zu failed in new** (ran in base): a regression"
			   : "; %zu failed in new (ran in base): a regression",
			c->broken);
	if (c->missing)
		fprintf(out, "; %zu missing from new", c->missing);
	if (c->outliers)
		fprintf(out, "; %zu outlier run%s left out (named above)", c->outliers,
			c->outliers == 1 ? "" : "s");
	fputs(".\n", out);
}

/* The widest entry name of a set, at least 28: names carry every non-default parameter. */
static int name_width(const struct fb_cmp_set *s)
{
	int w = 28;

	for (size_t j = 0; j < s->nrows; j++)
		if ((int)strlen(s->rows[j].name) > w)
			w = (int)strlen(s->rows[j].name);
	return w;
}

void fb_cmp_print_table(const struct fb_comparison *c, FILE *out)
{
	for (size_t i = 0; i < c->nsets; i++) {
		const struct fb_cmp_set *s = &c->sets[i];
		int nw = name_width(s);

		if (i)
			fputc('\n', out);
		fb_cmp_print_sides(s, out, "");
		fb_cmp_print_method(c, out, "");
		fprintf(out, "\n%-*s", nw, "entry");
		for (int k = 0; k < FB_NCELLS; k++)
			fprintf(out, " %*s", k == FB_CELL_VERDICT ? 0 : width[k],
				fb_cmp_cell_titles[k]);
		fputc('\n', out);
		for (size_t j = 0; j < s->nrows; j++) {
			char cells[FB_NCELLS][FB_CELL_LEN];

			fb_cmp_cells(&s->rows[j], c->opts.unit, cells);
			fprintf(out, "%-*s", nw, s->rows[j].name);
			for (int k = 0; k < FB_NCELLS; k++)
				fprintf(out, " %*s", k == FB_CELL_VERDICT ? 0 : width[k], cells[k]);
			fputc('\n', out);
		}
		fb_cmp_print_notes(c, s, out, "  ");
	}
	summary_line(c, out, false);
}

void fb_cmp_print_markdown(const struct fb_comparison *c, FILE *out)
{
	for (size_t i = 0; i < c->nsets; i++) {
		const struct fb_cmp_set *s = &c->sets[i];

		fprintf(out, "%s### forkbench compare: %s vs %s\n\n", i ? "\n" : "",
			fb_side_label(s->base), fb_side_label(s->new));
		fb_cmp_print_sides(s, out, "- ");
		fb_cmp_print_method(c, out, "- ");
		fputs("\n| entry |", out);
		for (int k = 0; k < FB_NCELLS; k++)
			fprintf(out, " %s |", fb_cmp_cell_titles[k]);
		fputs("\n|:--|", out);
		for (int k = 0; k < FB_NCELLS; k++)
			fputs(k == FB_CELL_VERDICT ? ":--|" : "--:|", out);
		fputc('\n', out);
		for (size_t j = 0; j < s->nrows; j++) {
			const struct fb_cmp_row *row = &s->rows[j];
			const char *mark = row->r.verdict == FB_SLOWER ? "**" : "";
			char cells[FB_NCELLS][FB_CELL_LEN];

			fb_cmp_cells(row, c->opts.unit, cells);
			fprintf(out, "| %s |", row->name);
			for (int k = 0; k < FB_NCELLS; k++) {
				bool bold = k == FB_CELL_RATIO || k == FB_CELL_VERDICT;

				fprintf(out, " %s%s%s |", bold ? mark : "", cells[k],
					bold ? mark : "");
			}
			fputc('\n', out);
		}
		fputc('\n', out);
		fb_cmp_print_notes(c, s, out, "- ");
	}
	summary_line(c, out, true);
}

/* SPDX-License-Identifier: MIT */
/* The four ways forkbench compare prints a comparison, and the cells they share. */
#ifndef FORKBENCH_COMPARE_OUTPUT_H
#define FORKBENCH_COMPARE_OUTPUT_H

#include "compare/compare_model.h"

#include <stddef.h>
#include <stdio.h>

/* compare_text.c */
void fb_cmp_print_table(const struct fb_comparison *c, FILE *out);
void fb_cmp_print_markdown(const struct fb_comparison *c, FILE *out);
/* compare_json.c */
int fb_cmp_print_json(const struct fb_comparison *c, FILE *out);
/* github-action-benchmark's customSmallerIsBetter: the last NEW side's figures. */
int fb_cmp_print_github(const struct fb_comparison *c, FILE *out);

/* compare_format.c: the cells of a row, as the table and markdown show them */
enum fb_cell {
	FB_CELL_A,
	FB_CELL_B,
	FB_CELL_RATIO,
	FB_CELL_CI,
	FB_CELL_RUNS,
	FB_CELL_SPREAD,
	FB_CELL_MDE,
	FB_CELL_P,
	FB_CELL_VERDICT,
	FB_NCELLS
};
#define FB_CELL_LEN 48
/* unit: enum fb_time_unit (core/time_unit.h), --unit */
void fb_cmp_cells(const struct fb_cmp_row *row, int unit, char cells[FB_NCELLS][FB_CELL_LEN]);
extern const char *const fb_cmp_cell_titles[FB_NCELLS];

/* A time for people, in --unit: auto is us below 10 ms, then ms, as the run table. */
const char *fb_cmp_human(double ns, int unit, char *buf, size_t len);
/* "A-2.json", or "run.json#2" for the second run of a file of several. */
const char *fb_run_name(const struct fb_run_value *v, char *buf, size_t len);
/* A side's label: its first file's --label, else its kernel release. */
const char *fb_side_label(const struct fb_side *s);
/* One line per side: its runs, kernel, CPU, execution and clock. */
void fb_cmp_print_sides(const struct fb_cmp_set *s, FILE *out, const char *prefix);
/* The method line: what the columns mean, the threshold and the cut. */
void fb_cmp_print_method(const struct fb_comparison *c, FILE *out, const char *prefix);
/* Notes under the rows: outlier runs, runs lacking an entry, placement mixes. */
void fb_cmp_print_notes(const struct fb_comparison *c, const struct fb_cmp_set *s, FILE *out,
			const char *prefix);

#endif

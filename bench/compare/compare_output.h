/* SPDX-License-Identifier: MIT */
/* The four ways forkbench compare prints a comparison. */
#ifndef FORKBENCH_COMPARE_OUTPUT_H
#define FORKBENCH_COMPARE_OUTPUT_H

#include "compare/compare_model.h"

#include <stdio.h>

void fb_cmp_print_table(const struct fb_comparison *c, FILE *out);
void fb_cmp_print_markdown(const struct fb_comparison *c, FILE *out);
int fb_cmp_print_json(const struct fb_comparison *c, FILE *out);
/* github-action-benchmark's customSmallerIsBetter: the last NEW's medians. */
int fb_cmp_print_github(const struct fb_comparison *c, FILE *out);

#endif

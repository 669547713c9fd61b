/* SPDX-License-Identifier: MIT */
/* What forkbench compare computes: BASE against each NEW, entry by entry. */
#ifndef FORKBENCH_COMPARE_MODEL_H
#define FORKBENCH_COMPARE_MODEL_H

#include "compare/compare_stats.h"
#include "compare/results_read.h"

enum fb_row_side { FB_ROW_BOTH, FB_ROW_ONLY_BASE, FB_ROW_ONLY_NEW };

struct fb_cmp_row {
	const char *name;	       /* the entry id */
	const struct fb_rentry *a, *b; /* either may be NULL (one-sided) */
	enum fb_row_side side;
	const char *note; /* why there is no verdict, or NULL */
	struct fb_cmp_result r;
};

struct fb_cmp_set {
	const struct fb_results *base, *new;
	struct fb_cmp_row *rows;
	size_t nrows;
};

struct fb_comparison {
	struct fb_cmp_opts opts;
	int point; /* FB_PT_* */
	struct fb_cmp_set *sets;
	size_t nsets;
	size_t tests; /* rows with a p-value: the family Holm adjusts over */
	size_t slower, faster;
	/*
	 * entries that ran in BASE but failed in NEW (a kernel that breaks a
	 * creation is a regression too), and entries BASE has and NEW lacks
	 */
	size_t broken, missing;
};

/*
 * Compares runs[0] against runs[1..n-1]. Rows follow BASE's entry order,
 * then entries only NEW has. Holm's adjustment covers every test of the
 * invocation, so adding entries or runs does not inflate false alarms.
 */
void fb_comparison_build(struct fb_comparison *c, const struct fb_results *runs, size_t n,
			 int point, const struct fb_cmp_opts *opts);
void fb_comparison_free(struct fb_comparison *c);

#endif

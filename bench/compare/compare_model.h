/* SPDX-License-Identifier: MIT */
/*
 * What forkbench compare computes: side A's runs against side B's, entry by
 * entry. A side is one or more results files; a file holds one run, or
 * several (forkbench run --runs N). Each run of an entry is one value of
 * the statistics (compare_stats.h).
 */
#ifndef FORKBENCH_COMPARE_MODEL_H
#define FORKBENCH_COMPARE_MODEL_H

#include "compare/compare_parts.h"
#include "compare/compare_stats.h"
#include "results/results_read.h"
#include "compare/run_values.h"

enum fb_row_side { FB_ROW_BOTH, FB_ROW_ONLY_BASE, FB_ROW_ONLY_NEW };

struct fb_side {
	const struct fb_results *files;
	size_t nfiles;
	size_t nruns; /* every run of every file */
};

struct fb_cmp_row {
	const char *name;	       /* the entry id */
	const struct fb_rentry *a, *b; /* the entry in the first file of each side that has it */
	enum fb_row_side side;
	const char *note;	      /* why there is no verdict, or NULL */
	struct fb_run_value *va, *vb; /* each side's usable runs */
	size_t nva, nvb;
	size_t runs_lacking; /* runs of either side without this entry or with too few samples */
	double share_a[FB_NPLACES], share_b[FB_NPLACES]; /* each placement's share of the samples */
	double place_ratio[FB_NPLACES]; /* B/A per placement (geometric means of run medians) */
	bool shifted;			/* the same-CPU share moved by FB_PLACE_SHIFT or more */
	bool weighted;			/* rw holds the placement-weighted figure (run_values.h) */
	double weight[FB_NPLACES];
	struct fb_cmp_result r;	    /* the verdict's: the runs' whole figures */
	struct fb_cmp_result rw;    /* the weighted figure's, never a verdict */
	struct fb_cmp_parts phases; /* copy_process's phases, where both sides carry them */
	struct fb_cmp_parts model;  /* the cache model's counters, for runs timed with it */
};

/* A change of the same-CPU share that is reported as a finding: 10 points. */
#define FB_PLACE_SHIFT 0.10

struct fb_cmp_set {
	const struct fb_side *base, *new;
	struct fb_cmp_row *rows;
	size_t nrows;
};

struct fb_comparison {
	struct fb_cmp_opts opts;
	int point; /* FB_PT_* */
	const char *clock;
	struct fb_cmp_set *sets;
	size_t nsets;
	size_t tests;  /* rows with a p-value: the family Holm adjusts over */
	size_t common; /* rows both sides have */
	size_t slower, faster;
	size_t verdicts[FB_NVERDICTS]; /* rows by verdict, rows only one side has not counted */
	/*
	 * entries that ran in BASE but failed in NEW (a kernel that breaks a
	 * creation is a regression too), and entries BASE has and NEW lacks
	 */
	size_t broken, missing;
	size_t outliers; /* runs left out as outliers */
	bool few_runs;	 /* some row had fewer than FB_CMP_MIN_RUNS runs a side */
	bool all_parts;	 /* print every phase and counter, not only the words (--parts) */
};

/*
 * Compares sides[0] against sides[1..n-1]. Rows follow BASE's entry order,
 * then entries only NEW has. Holm's adjustment covers every test of the
 * invocation, so adding entries or sides does not inflate false alarms.
 */
void fb_comparison_build(struct fb_comparison *c, const struct fb_side *sides, size_t n, int point,
			 const struct fb_cmp_opts *opts, const char *clock);
void fb_comparison_free(struct fb_comparison *c);

#endif

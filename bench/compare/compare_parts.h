/* SPDX-License-Identifier: MIT */
/*
 * Where the time went: an entry's figure taken apart into parts that both
 * sides carry for every sample, compared with runs as the unit, as the
 * entry is. Two kinds of parts exist: the phases of copy_process that the
 * patched kernel's task_copy_process event times (one part, "total", is
 * the whole of copy_process), and the counters the cache model keeps per
 * window (instructions, accesses, misses per level).
 *
 * A part's runs are compared on the linear scale (a phase can be 0 ns in
 * every run, which has no logarithm): the difference of the sides' means
 * of run medians, with Student's t over runs for its 95% CI. Parts explain
 * a verdict; they are never one, so they take no part in Holm's family.
 */
#ifndef FORKBENCH_COMPARE_PARTS_H
#define FORKBENCH_COMPARE_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#define FB_MAX_PARTS	 24
#define FB_PART_NAME_LEN 40

/* One side's parts: per part, each run's median of the part's values. */
struct fb_part_runs {
	size_t n; /* parts */
	char name[FB_MAX_PARTS][FB_PART_NAME_LEN];
	double *run_median[FB_MAX_PARTS]; /* k values each */
	size_t k;			  /* runs */
	size_t cap;
};

void fb_part_runs_free(struct fb_part_runs *s);

struct fb_cmp_part {
	char name[FB_PART_NAME_LEN];
	size_t ka, kb;	       /* runs */
	double a, b;	       /* each side's median of run medians: figures a run showed */
	double mean_a, mean_b; /* each side's mean of run medians: the test's */
	double delta;	       /* mean_b - mean_a */
	double d_lo, d_hi;     /* its 95% CI; NAN with one run a side */
	double ratio;	       /* mean_b / mean_a; NAN where mean_a is 0 */
	bool moved;	       /* the CI excludes 0 and the change is not negligible (.c) */
};

enum fb_parts_kind { FB_PARTS_PHASES, FB_PARTS_MODEL };

struct fb_cmp_parts {
	enum fb_parts_kind kind;
	struct fb_cmp_part part[FB_MAX_PARTS];
	size_t n;	   /* 0: not both sides carry them */
	int total;	   /* the part that is the whole (phases: total), or -1 */
	const char *where; /* "copy_mm", "outside copy_process", ...; NULL: nothing to place */
	char summary[320]; /* the words under the entry */
};

/*
 * Compares the parts both a and b have (in a's order) into p. The entry's
 * own change (entry_delta, B - A in the point's unit) and whether its
 * verdict moved it (moved) decide the words: which parts moved, or that
 * the change lies outside the whole part (point: FB_PT_*, for naming the
 * path outside copy_process).
 */
void fb_cmp_parts_build(struct fb_cmp_parts *p, enum fb_parts_kind kind,
			const struct fb_part_runs *a, const struct fb_part_runs *b,
			double entry_delta, bool moved, int point);

/* A part's change with its sign, in its unit ("+45.3 us", "+0 ns", "+64"). */
void fb_cmp_part_change(const struct fb_cmp_parts *s, const struct fb_cmp_part *p, char *buf,
			size_t len);

/* The words alone, again: once the entry's verdict is known. */
void fb_cmp_parts_explain(struct fb_cmp_parts *p, double entry_delta, bool moved, int point);

#endif

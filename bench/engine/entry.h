/* SPDX-License-Identifier: MIT */
/* The engine's bookkeeping of the run model: entries, their samples, errors, summaries. */
#ifndef FORKBENCH_ENTRY_H
#define FORKBENCH_ENTRY_H

#include "run.h"

/*
 * One image per rss x thp, one entry per method asked for on each.
 * Returns 0, or -1 out of memory, with the run's error set (exit 3).
 */
int fb_run_build(struct fb_run *run);

/*
 * Appends n samples to e, with their count rows (NULL: not counted).
 * Returns 0, or -1 out of memory: e then holds what it held, and the run
 * ends as an interrupted one does, keeping what finished.
 */
int fb_entry_append(struct fb_entry *e, const struct fb_sample *s, int64_t (*counts)[FB_CTR_MAX],
		    int64_t (*cow_counts)[FB_CTR_MAX], size_t n);

/*
 * Adds a warning of a kind (enum fb_warn_kind) to an entry: what was seen,
 * formatted, then ": " and the advice (NULL: none). The table says the
 * advice once for all the entries a kind hits.
 */
void fb_entry_warn(struct fb_entry *e, int kind, const char *advice, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Records the run's first error, with its exit code; later ones are dropped. */
void fb_run_fail(struct fb_run *run, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Summary of one point over the samples from index first on of one
 * creator (its worker's pid; 0 means all). False, and s zeroed, when the
 * entry lacks the point. It sorts a copy: for the stopping rule while
 * sampling (the current run's samples), and fb_run_summarize.
 */
bool fb_entry_point_summary(const struct fb_entry *e, int point, size_t first, int parent_pid,
			    struct fb_summary *s);

/* The run of --runs sample i belongs to. */
int fb_entry_run_of(const struct fb_entry *e, size_t i);

/*
 * Sets e's points (those asked for that its method has), the kinds of
 * sample that carry them and how those mix (schedule.h).
 */
void fb_entry_plan_kinds(const struct fb_run *run, struct fb_entry *e);

/* Computes every entry's summaries once, when sampling is over. */
void fb_run_summarize(struct fb_run *run);

#endif

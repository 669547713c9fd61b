/* SPDX-License-Identifier: MIT */
/*
 * The parts of one entry on one side, run by run: for each part, each
 * run's median of the part's values (compare_parts.h). Read from the
 * results files: the phases of copy_process (results[].phases, one value
 * per sample that carried the task_copy_process event) and the cache
 * model's counters (points.X.model, parallel to the point's samples).
 */
#ifndef FORKBENCH_PART_VALUES_H
#define FORKBENCH_PART_VALUES_H

#include "compare/compare_parts.h"
#include "results/results_read.h"

/*
 * The phases of the entry with this key, per run of every file that has
 * them. A file of several runs needs each value's sample (phases.sample,
 * written from 2026-12-07); an older one gives no phases per run. s->k is
 * 0 where no run has them.
 */
void fb_phase_runs(const struct fb_results *files, size_t nfiles, const char *key,
		   struct fb_part_runs *s);

/* The cache model's counters of the point, per run; s->k is 0 without them. */
void fb_model_runs(const struct fb_results *files, size_t nfiles, const char *key, int point,
		   struct fb_part_runs *s);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The part of a run model the CSV writers need (images, entries, statuses,
 * summaries), from a results file the one reader read and checked
 * (results/results_read.h), so that a run written without --csv is
 * exported by the same writer as one written with it.
 */
#ifndef FORKBENCH_RUN_FROM_RESULTS_H
#define FORKBENCH_RUN_FROM_RESULTS_H

#include <stddef.h>

#include "engine/run.h"
#include "results/results_read.h"

/*
 * Fills run from r (which must outlive it). Returns 0, or -1 with a
 * one-line reason in err. Free with fb_run_from_results_free.
 */
int fb_run_from_results(struct fb_run *run, const struct fb_results *r, char *err, size_t errlen);
void fb_run_from_results_free(struct fb_run *run);

#endif

/* SPDX-License-Identifier: MIT */
/* CSV exports for gnuplot: one row per entry and point, or one per raw sample. */
#ifndef FORKBENCH_RESULTS_CSV_H
#define FORKBENCH_RESULTS_CSV_H

#include "engine/run.h"

int fb_results_write_csv(const struct fb_run *run, const char *path);
int fb_results_write_csv_samples(const struct fb_run *run, const char *path);

/*
 * One flat row per entry, for pandas or R as it is: the run id and label,
 * the entry's name and every parameter as its own column, its status, and
 * per point (create, child_start, roundtrip, cow) n and the summary
 * figures in nanoseconds, empty where the entry lacks the point.
 */
int fb_results_write_csv_entries(const struct fb_run *run, const char *path);

#endif

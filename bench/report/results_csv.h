/* SPDX-License-Identifier: MIT */
/* CSV exports for gnuplot: one row per entry and point, or one per raw sample. */
#ifndef FORKBENCH_RESULTS_CSV_H
#define FORKBENCH_RESULTS_CSV_H

#include "engine/run.h"

int fb_results_write_csv(const struct fb_run *run, const char *path);
int fb_results_write_csv_samples(const struct fb_run *run, const char *path);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Reads back from a results JSON the part of a run model that the CSV
 * export needs (images, entries, statuses, summaries), so that a run
 * written without --csv can still be exported by the same writer.
 */
#ifndef FORKBENCH_RESULTS_LOAD_H
#define FORKBENCH_RESULTS_LOAD_H

#include <stddef.h>

#include "engine/run.h"

/*
 * Fills run from the results JSON at path. Returns 0, or -1 with a
 * one-line reason in err. Free with fb_results_unload.
 */
int fb_results_load(struct fb_run *run, const char *path, char *err, size_t errlen);
void fb_results_unload(struct fb_run *run);

#endif

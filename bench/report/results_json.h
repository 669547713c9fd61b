/* SPDX-License-Identifier: MIT */
/*
 * The results JSON: the contract between the engine and everything that
 * reads it (compare, plots, CI). Its shape is
 * bench/report/schema/results-v4.json (v1 to v3 for older files, which
 * bench/results still reads); a change that breaks a reader bumps
 * FB_SCHEMA_VERSION. 4: each machine fact written once (context_json.c).
 */
#ifndef FORKBENCH_RESULTS_JSON_H
#define FORKBENCH_RESULTS_JSON_H

#include "engine/run.h"

#define FB_SCHEMA_NAME	  "forkbench-results"
#define FB_SCHEMA_VERSION 4

/* Writes the run as JSON, atomically. Returns 0, or -1 with errno set. */
int fb_results_write_json(const struct fb_run *run, const char *path);

#endif

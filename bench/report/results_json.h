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

/* The run as JSON text (free() it), or NULL with errno set. */
char *fb_results_json_text(const struct fb_run *run);

/* Writes the run as JSON, atomically. Returns 0, or -1 with errno set. */
int fb_results_write_json(const struct fb_run *run, const char *path);

/*
 * Keeps the run's JSON where its outputs could not be written: a new file
 * forkbench-RUNID-XXXXXX.json in the first of dirs that takes it (NULL or
 * "" entries are passed over). Its path goes into kept. Returns 0, or -1
 * with errno set (that of the last directory tried).
 */
int fb_results_keep_json(const struct fb_run *run, const char *const *dirs, int ndirs, char *kept,
			 size_t len);

#endif

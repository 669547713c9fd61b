/* SPDX-License-Identifier: MIT */
/*
 * What a results file may hold, shared by the reader (results_read.c) and
 * the validator (results_valid.c), so that neither needs the other for it.
 */
#ifndef FORKBENCH_RESULTS_RULES_H
#define FORKBENCH_RESULTS_RULES_H

/* The most runs a file holds (run --runs; the schema's maximum). */
#define FB_RESULTS_MAX_RUNS 100
/*
 * The fewest round-trip samples an "ok" entry has in each run: fewer, and
 * compare could not use the run (compare_stats.h).
 */
#define FB_RESULTS_MIN_SAMPLES 5

/* FB_PT_* for a point name ("roundtrip"), or -1. */
int fb_point_from_name(const char *name);

#endif

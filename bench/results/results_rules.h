/* SPDX-License-Identifier: MIT */
/*
 * What a results file may say, beyond its structure: the one set of rules
 * every reader applies (compare, store, export, `forkbench results` and,
 * through it, the plots). A file that parses can still lie: a round trip
 * of 1 ns under a clock that costs 30 ns to read, a summary whose p50
 * exceeds its p99, an id that names another entry, a run block that says
 * it finished and was interrupted. Each rule names the value by its jq
 * path and says what it contradicts; forkbench's own files always pass
 * (tests/results/test_written_pass.sh holds it to every file the tests
 * write).
 *
 *   results_facts.c     the run block and the context: runs and runs_done,
 *                       partial and interrupted_by, sample kinds, shares,
 *                       the timing against the kernel command line
 *   results_bounds.c    sample times within what the clock and the run
 *                       allow, CPUs the machine has, the model's cost
 *   results_summary.c   summaries and counts that agree with the samples
 *   results_names.c     ids that are the names the parameters give, each
 *                       once; the key entries are matched by
 */
#ifndef FORKBENCH_RESULTS_RULES_H
#define FORKBENCH_RESULTS_RULES_H

#include "results/results_walk.h"

#include <jansson.h>

/* The most runs a file holds (run --runs; the schema's maximum). */
#define FB_RESULTS_MAX_RUNS 100
/*
 * The fewest round-trip samples an "ok" entry has in each run: fewer, and
 * compare could not use the run (compare_stats.h).
 */
#define FB_RESULTS_MIN_SAMPLES 5

/* FB_PT_* for a point name ("roundtrip"), or -1. */
int fb_point_from_name(const char *name);

/*
 * The run block and the context (whose structure is checked) against
 * themselves, and what the entries' rules need of them into v.
 */
int fb_results_check_run_facts(struct fb_jw *v, json_t *root);

/* An entry's sample times, CPUs and model counts within bounds (results_bounds.c). */
int fb_results_check_bounds(struct fb_jw *v, json_t *e);

/* An entry's summaries and counts against its samples (results_summary.c). */
int fb_results_check_summaries(struct fb_jw *v, json_t *e);

/* An entry's id against its parameters (results_names.c). */
int fb_results_check_id(struct fb_jw *v, json_t *e);

/* Every id of results[] once (results_names.c). */
int fb_results_check_unique_ids(struct fb_jw *v, json_t *results);

/*
 * The key entries match by: the sorted compact JSON of the parameters this
 * forkbench knows, an optional one a file lacks as its default (a side
 * without "parallel" matches one with parallel 1), one a newer writer
 * added left out, and a fraction keyed as a real whatever its JSON type.
 * From malloc; aborts when out of memory.
 */
char *fb_results_entry_key(const json_t *parameters);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The mutations of the results reader's metamorphic properties
 * (fuzz_results_read.c): each takes a results document compare accepted
 * and makes one that compare must read alike (metadata changed) or read
 * as k times slower (every time scaled by a whole k), keeping the rules of
 * bench/results (a summary stays its samples', no sample outlasts the run,
 * a model point's cost stays the weighted sum of its counts).
 */
#ifndef FORKBENCH_RESULTS_MUTATE_H
#define FORKBENCH_RESULTS_MUTATE_H

#include <jansson.h>
#include <stdbool.h>

/*
 * Changes only metadata in doc: the label, run id, host, start and argv;
 * the entries' order; fields and an entry parameter a newer writer adds;
 * "parallel" dropped where it is its default, 1.
 */
void fb_mutate_metadata(json_t *doc);

/*
 * Scales every time of doc by k (sample times, model counts and
 * instruction time, phase times, the run's duration) and drops the
 * points' summaries, which would no longer be their samples'. false,
 * with doc unchanged or in part, where a value would not survive it (a
 * time beyond 2^62 / k, a duration that would overflow): no property.
 */
bool fb_mutate_scale(json_t *doc, int k);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * An interrupted run --runs N, read as its finished runs: the samples no
 * reader uses taken out of an entry before it is read (results_cut.c).
 */
#ifndef FORKBENCH_RESULTS_CUT_H
#define FORKBENCH_RESULTS_CUT_H

#include <jansson.h>

/*
 * Leaves out of entry e (checked, of schema version `version`) every
 * sample whose run (run_of_sample) is runs_used or later, from each array
 * parallel to the samples or to a point's values, and renumbers the
 * samples the kernel's phase times point at. An entry without
 * run_of_sample is left as it is.
 */
void fb_results_cut_runs(json_t *e, int version, int runs_used);

#endif

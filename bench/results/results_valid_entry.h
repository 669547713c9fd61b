/* SPDX-License-Identifier: MIT */
/*
 * One entry of .results[], checked where fb_results_validate() walks to it:
 * the rules of results_valid.h that concern an entry, for schema version
 * v->version. Returns 0, or -1 with "PATH: rule" in v's error.
 */
#ifndef FORKBENCH_RESULTS_VALID_ENTRY_H
#define FORKBENCH_RESULTS_VALID_ENTRY_H

#include "results/results_walk.h"

#include <jansson.h>

int fb_results_check_entry(struct fb_jw *v, json_t *e);

#endif

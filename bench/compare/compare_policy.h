/* SPDX-License-Identifier: MIT */
/*
 * The statistics' defaults that follow how time was measured: the
 * threshold (the smallest change that matters) and the run-to-run
 * allowance (below which nothing is flagged with fewer than
 * FB_CMP_MIN_RUNS runs a side). One function, so that the CLI, a store and
 * any other caller judge a clock alike.
 */
#ifndef FORKBENCH_COMPARE_POLICY_H
#define FORKBENCH_COMPARE_POLICY_H

#include "compare/compare_stats.h"

#include <stdbool.h>

/*
 * Sets o->threshold and o->allowance for runs timed with clock (one of
 * results/provenance.h's fb_clock_names), aslr_off when every run had the
 * guest's ASLR off: wall 5% and 100%; icount and model 1%, and 2% with
 * ASLR off, else 10%. The other fields of o are left as they are.
 */
void fb_cmp_defaults(const char *clock, bool aslr_off, struct fb_cmp_opts *o);

#endif

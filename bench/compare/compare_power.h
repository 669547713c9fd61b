/* SPDX-License-Identifier: MIT */
/* The power of compare's test: the MDE and the runs it needs (compare_power.c). */
#ifndef FORKBENCH_COMPARE_POWER_H
#define FORKBENCH_COMPARE_POWER_H

#include "compare/compare_stats.h"

#include <stddef.h>

/*
 * The smallest true slowdown flagged with 95% power by the test at Holm's
 * worst level and by the cut (a fraction: 0.006 is 0.6%), for ka and kb
 * runs at pooled variance var of a run's log value; NAN when it cannot be
 * said, INFINITY when no change is.
 */
double fb_cmp_mde_at(const struct fb_cmp_opts *o, double var, size_t ka, size_t kb, double cut);

/* Runs a side, from have on, for an MDE within the threshold at var; 0 past a thousand. */
size_t fb_cmp_runs_for(const struct fb_cmp_opts *o, double var, size_t have);

#endif

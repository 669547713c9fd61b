/* SPDX-License-Identifier: MIT */
/*
 * The limits `forkbench run` enforces, in one place: the option parser
 * refuses beyond them, `run --help` prints them from here and
 * tests/engine/limits.sh checks that the help and the parser agree.
 */
#ifndef FORKBENCH_RUN_LIMITS_H
#define FORKBENCH_RUN_LIMITS_H

#include "core/image.h" /* FB_MAX_VMAS */

#define FB_MAX_SIZES	   32	     /* --rss values */
#define FB_MAX_THP	   3	     /* --thp values */
#define FB_MAX_PARALLEL	   64	     /* --parallel creators */
#define FB_MAX_RUNS	   100	     /* --runs */
#define FB_MAX_FDS	   (1 << 20) /* --fds */
#define FB_MAX_THREADS	   (1 << 16) /* --threads */
#define FB_MAX_ITERATIONS  100000000 /* --iterations, per creator */
#define FB_MAX_MIN_SAMPLES 100000000 /* --min-samples */
#define FB_MAX_WARMUP	   100000    /* --warmup */
#define FB_MAX_PROBE_EVERY 1000	     /* --probe-every */
#define FB_MAX_SECONDS	   86400     /* --time, --max-time: a day */
#define FB_MAX_SAMPLES	   200000    /* per entry, adaptive or timed (engine/schedule.c) */

#endif

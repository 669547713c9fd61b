/* SPDX-License-Identifier: MIT */
/*
 * The facts that change fork's cost on this machine, each with what to do
 * about it: `forkbench check` prints them, `run` warns from them, and the
 * results context can carry them (fb_envcheck_json).
 */
#ifndef FORKBENCH_ENVCHECK_H
#define FORKBENCH_ENVCHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum fb_fact_level {
	FB_FACT_OK,   /* nothing to do */
	FB_FACT_NOTE, /* worth knowing when reading the numbers */
	FB_FACT_WARN, /* known to distort results: `run` warns about it */
};

struct fb_fact {
	const char *key; /* stable name: "thp.enabled", "pmu", "load", ... */
	char value[128]; /* what the machine says */
	int level;	 /* enum fb_fact_level */
	char advice[256];
	json_t *data; /* typed values for --json, or NULL (owned by the fact) */
};

#define FB_MAX_FACTS 24

/* Collects every fact; returns how many. Free with fb_envcheck_free. */
int fb_envcheck_collect(struct fb_fact *facts, int max);
void fb_envcheck_free(struct fb_fact *facts, int n);

/*
 * One line for `run` naming the facts known to distort results ("busy
 * machine: load 1.9 on 2 CPUs; no hardware PMU: ..."), or "" when none.
 */
void fb_envcheck_warnings(char *buf, size_t len);

/* The facts as a JSON object {key: {value, level, advice, data...}} for a results context. */
json_t *fb_envcheck_json(void);

const char *fb_fact_level_name(int level);

/* Facts probed by syscall, shared with the tests. */
/* 1 when perf_event_open(PERF_COUNT_HW_CPU_CYCLES) works, else 0 and the errno in *err. */
int fb_probe_pmu(int *err);
/* The tracefs mount point ("" when not mounted). */
void fb_tracefs_mount(char *buf, size_t len);

#endif

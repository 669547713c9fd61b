/* SPDX-License-Identifier: MIT */
/*
 * Joins trace events to samples by the created task's pid, and turns the
 * patch's task_copy_process events into per-phase figures per entry.
 */
#ifndef FORKBENCH_TRACE_JOIN_H
#define FORKBENCH_TRACE_JOIN_H

#include <jansson.h>

#include "run.h"
#include "trace/trace.h"

/* What the trace said about one sample. */
struct fb_sample_trace {
	int16_t count[FB_EV_NKINDS];	   /* events of each kind for this pid */
	int64_t newtask_ts;		   /* task_newtask's CLOCK_MONOTONIC time, or 0 */
	int64_t copy[FB_TRACE_MAX_FIELDS]; /* task_copy_process fields, INT64_MIN if none */
};

/* Attaches the collected events to samples [first, e->n) of e. 0, or -1 out of memory. */
int fb_trace_join(const struct fb_trace *t, struct fb_entry *e, size_t first);

/* The entry's "trace" block, or null when the run did not trace. */
json_t *fb_trace_entry_json(const struct fb_run *run, const struct fb_entry *e);

/* The entry's "phases" block from task_copy_process, or null without those events. */
json_t *fb_phases_json(const struct fb_run *run, const struct fb_entry *e);

/* The run's "trace" block: mode, whether it recorded, why not, which events, losses. */
json_t *fb_trace_run_json(const struct fb_run *run);

#endif

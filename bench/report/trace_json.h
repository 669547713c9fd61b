/* SPDX-License-Identifier: MIT */
/* The trace's blocks of the results JSON, from the run model. */
#ifndef FORKBENCH_TRACE_JSON_H
#define FORKBENCH_TRACE_JSON_H

#include <jansson.h>

#include "engine/run.h"

/* The entry's "trace" block, or null when the run did not trace. */
json_t *fb_trace_entry_json(const struct fb_run *run, const struct fb_entry *e);

/* The entry's "phases" block from task_copy_process, or null without those events. */
json_t *fb_phases_json(const struct fb_run *run, const struct fb_entry *e);

/* The run's "trace" block: mode, whether it recorded, why not, which events, losses. */
json_t *fb_trace_run_json(const struct fb_run *run);

#endif

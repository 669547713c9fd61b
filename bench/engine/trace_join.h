/* SPDX-License-Identifier: MIT */
/* Joins trace events to samples by the created task's pid. */
#ifndef FORKBENCH_TRACE_JOIN_H
#define FORKBENCH_TRACE_JOIN_H

#include <stddef.h>

#include "run.h"
#include "trace/trace.h"

/* Attaches the collected events to samples [first, e->n) of e. 0, or -1 out of memory. */
int fb_trace_join(const struct fb_trace *t, struct fb_entry *e, size_t first);

#endif

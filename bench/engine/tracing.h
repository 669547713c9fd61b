/* SPDX-License-Identifier: MIT */
/* The run's trace: opened once, pointed at each wave's creators, read after each batch. */
#ifndef FORKBENCH_TRACING_H
#define FORKBENCH_TRACING_H

#include <stddef.h>

#include "run.h"

/* Opens the trace --trace asks for. 0, or -1 with the run's error set. */
int fb_tracing_open(struct fb_run *run);

/* Keeps only the events whose creator is a worker of images [first, last). */
void fb_tracing_follow(struct fb_run *run, int first, int last);

/* Reads the batch's events and joins them to e's samples [first, e->n). */
void fb_tracing_after_batch(struct fb_run *run, struct fb_entry *e, size_t first);

/* Says what the trace lost or could not join, and copies its facts into the run model. */
void fb_tracing_finish(struct fb_run *run);

#endif

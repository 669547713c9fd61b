/* SPDX-License-Identifier: MIT */
/*
 * The plugin's output, read back: its cache geometry, and one window per
 * marked sample with the counts of its create and round-trip windows
 * (forkbench-model.c writes it).
 */
#ifndef FORKBENCH_MODEL_WINDOWS_H
#define FORKBENCH_MODEL_WINDOWS_H

#include "cache_model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct fb_window {
	uint32_t parent_pid, child_pid;
	uint64_t create[FB_MC_N], roundtrip[FB_MC_N];
	bool used; /* joined to a sample already */
};

struct fb_windows {
	struct fb_cache_geom geom[FB_ML_N];
	int vcpus;
	struct fb_window *w;
	size_t n, cap;
	/* the plugin's closing line: what it dropped; ended is false without one */
	bool ended;
	uint64_t abandoned, stray, dropped;
};

/* Reads the plugin's file; 0, or -1 with a reason (and the line) in err. */
int fb_windows_read(FILE *f, struct fb_windows *ws, char *err, size_t errlen);
void fb_windows_free(struct fb_windows *ws);

#endif

/* SPDX-License-Identifier: MIT */
/* forkbench compare --store: the sides named by selectors, read from a store. */
#ifndef FORKBENCH_STORE_COMPARE_H
#define FORKBENCH_STORE_COMPARE_H

#include "compare/compare_sides.h"

/*
 * As fb_sides_load, with selectors (label:L, kernel:K, run:ID) for files:
 * A... -- B... (b not NULL), or BASE NEW... (each NEW its own side). The
 * runs go through compare's reader and checks, exactly as files do.
 * Returns 0, or -1 after one line on stderr.
 */
int fb_store_sides_load(const char *store, struct fb_sides *s, char **a, int na, char **b, int nb,
			bool force);

#endif

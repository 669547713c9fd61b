/* SPDX-License-Identifier: MIT */
/* The command line of forkbench compare turned into sides of loaded, checked runs. */
#ifndef FORKBENCH_COMPARE_SIDES_H
#define FORKBENCH_COMPARE_SIDES_H

#include "compare/compare_model.h"

#include <stdbool.h>

struct fb_sides {
	struct fb_side *side; /* side[0] is A (base); side[1..n-1] are B (new) */
	size_t n;
	struct fb_results *files; /* every file read, owned */
	size_t nfiles;
	const char *clock; /* "wall", "icount" or "model", the same for every file */
	bool aslr_off;	   /* in every file */
};

/*
 * Reads the operands: A... -- B... (several files or directories a side),
 * or BASE NEW... (each NEW its own side). Checks that the runs can be
 * compared (same clock; same CPU unless force) and warns on stderr about
 * what differs or was busy. Returns 0, or -1 after one line on stderr.
 */
int fb_sides_load(struct fb_sides *s, char **a, int na, char **b, int nb, bool force);
/*
 * The same checks over files read elsewhere (a results store): per_side[i]
 * of them make side i, in order. files (an array from malloc, each read by
 * fb_results_read*) is owned from then on, also on failure.
 */
int fb_sides_adopt(struct fb_sides *s, struct fb_results *files, const size_t *per_side,
		   size_t nsides, bool force);
void fb_sides_free(struct fb_sides *s);

#endif

// SPDX-License-Identifier: MIT
/* The defaults that follow the clock (compare_policy.h). */
#include "compare/compare_policy.h"

#include <string.h>

void fb_cmp_defaults(const char *clock, bool aslr_off, struct fb_cmp_opts *o)
{
	/*
	 * The model's cost figure is instruction time plus weighted misses:
	 * as deterministic as icount, and moved by the memory layout as
	 * icount is, so it takes icount's figures until boots of it say
	 * otherwise.
	 */
	bool instructions = strcmp(clock, "wall") != 0;

	o->threshold = instructions ? FB_CMP_THRESHOLD_ICOUNT : FB_CMP_THRESHOLD_WALL;
	o->allowance = !instructions ? FB_CMP_ALLOWANCE_WALL
		       : aslr_off    ? FB_CMP_ALLOWANCE_ICOUNT
				     : FB_CMP_ALLOWANCE_ICOUNT_ASLR;
}

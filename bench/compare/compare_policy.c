// SPDX-License-Identifier: MIT
#include "compare/compare_policy.h"

#include <string.h>

bool fb_clock_deterministic(const char *clock)
{
	return clock && (!strcmp(clock, "icount") || !strcmp(clock, "model"));
}

void fb_cmp_policy(const char *clock, bool aslr_off, struct fb_cmp_opts *o)
{
	bool deterministic = fb_clock_deterministic(clock);

	o->threshold = deterministic ? FB_CMP_THRESHOLD_ICOUNT : FB_CMP_THRESHOLD_WALL;
	o->allowance = !deterministic ? FB_CMP_ALLOWANCE_WALL
		       : aslr_off     ? FB_CMP_ALLOWANCE_ICOUNT
				      : FB_CMP_ALLOWANCE_ICOUNT_ASLR;
	o->floor = deterministic ? FB_CMP_FLOOR_DETERMINISTIC : 0;
}

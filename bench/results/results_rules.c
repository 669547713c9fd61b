// SPDX-License-Identifier: MIT
/* The point names a results file may use. */
#include "results/results_rules.h"
#include "core/sample.h"

#include <string.h>

int fb_point_from_name(const char *name)
{
	for (int p = 0; p < FB_NPOINTS; p++)
		if (!strcmp(name, fb_point_name(p)))
			return p;
	return -1;
}

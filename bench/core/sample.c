// SPDX-License-Identifier: MIT
#include "sample.h"

const char *fb_point_name(int point)
{
	static const char *const names[FB_NPOINTS] = {"create", "child_start", "roundtrip", "cow"};

	return point >= 0 && point < FB_NPOINTS ? names[point] : "?";
}

void fb_sample_clear(struct fb_sample *s, int parent_pid)
{
	for (int p = 0; p < FB_NPOINTS; p++)
		s->ns[p] = FB_NO_TIME;
	s->cow_faults = -1;
	s->t0_ns = 0;
	s->parent_cpu = -1;
	s->child_cpu = -1;
	s->child_pid = 0;
	s->parent_pid = parent_pid;
}

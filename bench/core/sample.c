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
	s->span_ns = FB_NO_TIME;
	s->parent_cpu = -1;
	s->child_cpu = -1;
	s->child_pid = 0;
	s->parent_pid = parent_pid;
	s->kind = FB_KIND_PLAIN;
	s->pad = 0;
}

const char *fb_kind_name(int kind)
{
	return kind == FB_KIND_PLAIN ? "plain" : kind == FB_KIND_PROBE ? "probe" : "?";
}

int fb_point_kind(int point)
{
	return FB_PT_BIT(point) & FB_PROBE_POINTS ? FB_KIND_PROBE : FB_KIND_PLAIN;
}

int fb_kind_of(uint64_t seq, uint32_t probe_every, unsigned kinds)
{
	if (!(kinds & FB_KIND_BIT(FB_KIND_PLAIN)))
		return FB_KIND_PROBE;
	if (!(kinds & FB_KIND_BIT(FB_KIND_PROBE)) || probe_every < 2)
		return FB_KIND_PLAIN;
	return seq % probe_every == probe_every - 1 ? FB_KIND_PROBE : FB_KIND_PLAIN;
}

// SPDX-License-Identifier: MIT
#include "schedule.h"
#include "run.h"

#include "stats/stats.h"

uint32_t fb_batch_size(const struct fb_sched_opts *o, const struct fb_sched_state *st)
{
	double count = st->per_sample_s > 0 ? FB_BATCH_TARGET_S / st->per_sample_s : 2;

	if (count < 1)
		count = 1;
	if (count > o->batch_max)
		count = o->batch_max;
	/* --iterations counts per creator */
	if (o->sampling == FB_SAMPLE_ITERATIONS &&
	    count > (double)(o->iterations - st->n / (size_t)o->parallel))
		count = (double)(o->iterations - st->n / (size_t)o->parallel);
	return (uint32_t)count;
}

struct fb_batch_plan fb_next_batch(const struct fb_sched_opts *o, const struct fb_sched_state *st)
{
	struct fb_batch_plan plan = {0, 0};
	uint32_t rest;

	if (st->warmed) {
		plan.count = fb_batch_size(o, st);
		return plan;
	}
	if (st->warmup_done == 0 && o->warmup > 0) {
		plan.warmup = 1;
		return plan;
	}
	rest = o->warmup > st->warmup_done ? o->warmup - st->warmup_done : 0;
	if (o->sampling == FB_SAMPLE_ADAPTIVE && st->per_sample_s > 0 &&
	    rest > 0.1 * o->max_time_s / st->per_sample_s)
		rest = (uint32_t)(0.1 * o->max_time_s / st->per_sample_s);
	plan.warmup = rest;
	plan.count = fb_batch_size(o, st);
	return plan;
}

bool fb_verdict_needs_ci(const struct fb_sched_opts *o, const struct fb_sched_state *st)
{
	return o->sampling == FB_SAMPLE_ADAPTIVE && st->n >= o->min_samples;
}

enum fb_verdict fb_entry_verdict(const struct fb_sched_opts *o, const struct fb_sched_state *st,
				 double roundtrip_rel_ci)
{
	switch (o->sampling) {
	case FB_SAMPLE_ITERATIONS:
		return st->n >= o->iterations * (uint64_t)o->parallel ? FB_SCHED_DONE
								      : FB_SCHED_MORE;
	case FB_SAMPLE_TIME:
		return st->elapsed_s >= o->time_s || st->n >= FB_MAX_SAMPLES ? FB_SCHED_DONE
									     : FB_SCHED_MORE;
	}
	if (st->n >= o->min_samples && st->thinnest_n >= FB_MEDIAN_CI_MIN_N &&
	    roundtrip_rel_ci <= o->precision)
		return FB_SCHED_PRECISE;
	return st->elapsed_s >= o->max_time_s || st->n >= FB_MAX_SAMPLES ? FB_SCHED_DONE
									 : FB_SCHED_MORE;
}

unsigned fb_entry_points(unsigned asked, unsigned method_points, bool cow)
{
	unsigned has = method_points & ~FB_PT_BIT(FB_PT_COW);

	if (!asked) /* nothing said: every point */
		asked = (1u << FB_NPOINTS) - 1;
	if (cow)
		has |= FB_PT_BIT(FB_PT_COW);
	return asked & has;
}

unsigned fb_entry_kinds(unsigned points)
{
	unsigned kinds = 0;

	if (points & FB_PLAIN_POINTS)
		kinds |= FB_KIND_BIT(FB_KIND_PLAIN);
	if (points & FB_PROBE_POINTS)
		kinds |= FB_KIND_BIT(FB_KIND_PROBE);
	return kinds;
}

uint32_t fb_entry_probe_every(uint32_t asked, bool cow)
{
	if (asked >= 2)
		return asked;
	return cow ? FB_PROBE_EVERY_COW : FB_PROBE_EVERY;
}

int fb_entry_primary_point(unsigned points)
{
	static const int order[] = {FB_PT_ROUNDTRIP, FB_PT_CREATE, FB_PT_CHILD_START, FB_PT_COW};

	for (int i = 0; i < 4; i++)
		if (points & FB_PT_BIT(order[i]))
			return order[i];
	return FB_PT_ROUNDTRIP;
}

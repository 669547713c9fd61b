// SPDX-License-Identifier: MIT
/*
 * A sample's events are those of its child's pid, raised by its parent,
 * inside the sample's time window: pids are reused, so the pid alone would
 * join a sample to another creation's events.
 */
#include "trace_join.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int fb_trace_join(const struct fb_trace *t, struct fb_entry *e, size_t first)
{
	struct fb_sample_trace *tr = e->trace;

	if (e->n > e->trace_cap) {
		size_t cap = e->cap;

		tr = realloc(e->trace, cap * sizeof(*tr));
		if (!tr)
			return -1;
		e->trace = tr;
		e->trace_cap = cap;
	}
	for (size_t i = first; i < e->n; i++) {
		struct fb_sample_trace *st = &tr[i];

		memset(st, 0, sizeof(*st));
		for (int f = 0; f < FB_TRACE_MAX_FIELDS; f++)
			st->copy[f] = INT64_MIN;
		for (int k = 0; k < FB_EV_NKINDS; k++) {
			const struct fb_sample *s = &e->samples[i];
			size_t count = 0, ours = 0;
			const struct fb_trace_record *r =
				t->enabled[k] ? fb_trace_find(t, s->child_pid, k, &count) : NULL;
			int64_t end = s->ns[FB_PT_ROUNDTRIP] == FB_NO_TIME
					      ? INT64_MAX
					      : s->t0_ns + s->ns[FB_PT_ROUNDTRIP];

			/*
			 * A pid is reused: an event is this sample's only when its
			 * creator is the sample's parent and it fell inside the sample.
			 */
			for (size_t j = 0; r && j < count; j++) {
				if (r[j].parent != s->parent_pid || r[j].ts_ns < s->t0_ns ||
				    r[j].ts_ns > end)
					continue;
				if (ours++ == 0 && k == FB_EV_NEWTASK)
					st->newtask_ts = r[j].ts_ns;
				if (ours == 1 && k == FB_EV_COPY_PROCESS)
					memcpy(st->copy, r[j].f, sizeof(st->copy));
			}
			st->count[k] = (int16_t)ours;
		}
	}
	return 0;
}

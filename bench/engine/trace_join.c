// SPDX-License-Identifier: MIT
/*
 * A sample's events are those of its child's pid, raised by its parent,
 * inside the sample's time window: pids are reused, so the pid alone would
 * join a sample to another creation's events. A plain pthread sample does
 * not know its child's tid (pthread_create does not say it): its events
 * are its parent's inside its window, and its child's pid is theirs.
 */
#include "trace_join.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The pid of the one task s's parent created inside s's window, or 0 (none, or several). */
static int32_t pid_in_window(const struct fb_trace *t, const struct fb_sample *s, int64_t end)
{
	int32_t pid = 0;

	if (!t->enabled[FB_EV_NEWTASK])
		return 0;
	for (size_t j = 0; j < t->n; j++) {
		const struct fb_trace_record *r = &t->rec[j];

		if (r->kind != FB_EV_NEWTASK || r->parent != s->parent_pid || r->ts_ns < s->t0_ns ||
		    r->ts_ns > end)
			continue;
		if (pid)
			return 0;
		pid = r->pid;
	}
	return pid;
}

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
		struct fb_sample *s = &e->samples[i];
		int64_t end = s->span_ns == FB_NO_TIME ? INT64_MAX : s->t0_ns + s->span_ns;

		for (int f = 0; f < FB_TRACE_MAX_FIELDS; f++)
			st->copy[f] = INT64_MIN;
		if (s->child_pid == 0)
			s->child_pid = pid_in_window(t, s, end);
		for (int k = 0; k < FB_EV_NKINDS; k++) {
			size_t count = 0, ours = 0;
			const struct fb_trace_record *r =
				t->enabled[k] ? fb_trace_find(t, s->child_pid, k, &count) : NULL;

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

// SPDX-License-Identifier: MIT
/* Reading the instance's events after a batch into records sorted by pid. */
#include "trace.h"
#include "trace_cleanup.h"
#include "trace_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Parses the event formats, once, at the first read: libtracefs also loads
 * kallsyms and printk formats here (megabytes), which fb_trace_open need not wait for.
 */
static int load_formats(struct fb_trace *t)
{
	static const char *const systems[] = {"task", "sched", NULL};
	struct fb_trace_priv *p = t->priv;

	if (p->tep)
		return 0;
	p->tep = tracefs_local_events_system(NULL, systems);
	if (!p->tep)
		return -1;
	for (int k = 0; k < FB_EV_NKINDS; k++) {
		const struct fb_trace_event_def *d = &fb_trace_events[k];

		if (!t->enabled[k])
			continue;
		p->ev[k] = tep_find_event_by_name(p->tep, d->system, d->name);
		if (!p->ev[k]) {
			t->enabled[k] = false;
			continue;
		}
		p->key[k] = tep_find_field(p->ev[k], d->pid_field);
		for (int i = 0; d->fields[i]; i++)
			p->field[k][i] = tep_find_any_field(p->ev[k], d->fields[i]);
	}
	return 0;
}

static int add_record(struct fb_trace *t, const struct fb_trace_record *r)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		struct fb_trace_record *n = realloc(t->rec, cap * sizeof(*n));

		if (!n)
			return -1;
		t->rec = n;
		t->cap = cap;
	}
	t->rec[t->n++] = *r;
	return 0;
}

static int on_event(struct tep_event *ev, struct tep_record *rec, int cpu, void *arg)
{
	struct fb_trace *t = arg;
	struct fb_trace_priv *p = t->priv;
	struct fb_trace_record r;
	unsigned long long v;

	for (int k = 0; k < FB_EV_NKINDS; k++) {
		const struct fb_trace_event_def *d = &fb_trace_events[k];

		if (!t->enabled[k] || p->ev[k]->id != ev->id)
			continue;
		memset(&r, 0, sizeof(r));
		r.kind = (int16_t)k;
		r.cpu = (int16_t)cpu;
		r.ts_ns = (int64_t)rec->ts;
		r.parent = tep_data_pid(p->tep, rec);
		r.pid = p->key[k] && !tep_read_number_field(p->key[k], rec->data, &v) ? (int32_t)v
										      : -1;
		for (int i = 0; i < FB_TRACE_MAX_FIELDS; i++)
			r.f[i] = d->fields[i] && p->field[k][i] &&
						 !tep_read_number_field(p->field[k][i], rec->data,
									&v)
					 ? (int64_t)v
					 : INT64_MIN;
		if (add_record(t, &r))
			return 1;
		break;
	}
	/* A deferred SIGINT stops the read, so the instance can be removed. */
	return fb_trace_pending_signal ? 1 : 0;
}

static int by_pid(const void *a, const void *b)
{
	const struct fb_trace_record *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return (x->ts_ns > y->ts_ns) - (x->ts_ns < y->ts_ns);
}

/* The ring buffer's overrun counts, summed over CPUs: events lost to a full buffer. */
static uint64_t overruns(struct fb_trace_priv *p)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	uint64_t sum = 0;

	for (long c = 0; c < ncpu; c++) {
		char file[64], *text, *o;

		snprintf(file, sizeof(file), "per_cpu/cpu%ld/stats", c);
		text = tracefs_instance_file_read(p->inst, file, NULL);
		if (!text)
			continue;
		o = strstr(text, "overrun:");
		if (o)
			sum += strtoull(o + 8, NULL, 10);
		free(text);
	}
	return sum;
}

int fb_trace_collect(struct fb_trace *t)
{
	struct fb_trace_priv *p = t->priv;
	int rc;

	if (!t->active)
		return 0;
	if (load_formats(t))
		return -1;
	fb_trace_reading = 1;
	rc = tracefs_iterate_raw_events(p->tep, p->inst, NULL, 0, on_event, t);
	fb_trace_reading = 0;
	fb_trace_cleanup_pending(); /* dies here if SIGINT came while reading */
	t->lost = overruns(p);
	qsort(t->rec, t->n, sizeof(t->rec[0]), by_pid);
	return rc < 0 ? -1 : 0;
}

const struct fb_trace_record *fb_trace_find(const struct fb_trace *t, int pid, int kind,
					    size_t *count)
{
	size_t lo = 0, hi = t->n, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct fb_trace_record *r = &t->rec[mid];

		if (r->pid < pid || (r->pid == pid && r->kind < kind))
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < t->n && t->rec[lo + n].pid == pid && t->rec[lo + n].kind == kind)
		n++;
	if (count)
		*count = n;
	return n ? &t->rec[lo] : NULL;
}

void fb_trace_clear(struct fb_trace *t)
{
	t->n = 0;
}

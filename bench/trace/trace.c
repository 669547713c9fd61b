// SPDX-License-Identifier: MIT
/* The trace reader: our own instance, the events of the table, records keyed by pid. */
#include "trace.h"
#include "trace_cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs.h>
#include <unistd.h>

#define INSTANCE_PREFIX "forkbench-"
#define BUFFER_KB	4096 /* per CPU: room for a batch of 512 creations many times over */

struct priv {
	struct tracefs_instance *inst;
	struct tep_handle *tep;
	struct tep_event *ev[FB_EV_NKINDS];
	struct tep_format_field *key[FB_EV_NKINDS];
	struct tep_format_field *field[FB_EV_NKINDS][FB_TRACE_MAX_FIELDS];
	int slot;
};

int fb_trace_parse_mode(const char *s)
{
	if (!s || !*s || !strcmp(s, "on") || !strcmp(s, "1"))
		return FB_TRACE_ON;
	if (!strcmp(s, "auto"))
		return FB_TRACE_AUTO;
	if (!strcmp(s, "off") || !strcmp(s, "0"))
		return FB_TRACE_OFF;
	return -1;
}

/* Where tracefs is mounted, without mounting it (libtracefs would, as root). */
static int tracefs_mounted(char *dir, size_t len)
{
	char line[512], dev[64], mnt[256], type[32];
	FILE *f = fopen("/proc/self/mounts", "re");
	int found = 0;

	dir[0] = '\0';
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %255s %31s", dev, mnt, type) == 3 &&
		    !strcmp(type, "tracefs")) {
			snprintf(dir, len, "%s", mnt);
			found = 1;
			if (!strcmp(mnt, "/sys/kernel/tracing"))
				break;
		}
	fclose(f);
	return found;
}

/* Records why tracing cannot happen: an error in ON mode, a note in AUTO mode. */
__attribute__((format(printf, 4, 5))) static int cannot(struct fb_trace *t, char *err,
							size_t errlen, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (t->mode == FB_TRACE_AUTO) {
		snprintf(t->why, sizeof(t->why), "%s", msg);
		fb_trace_close(t);
		t->mode = FB_TRACE_AUTO;
		return 0;
	}
	snprintf(err, errlen, "--trace: %s", msg);
	fb_trace_close(t);
	return -1;
}

/* Enables the table's events this kernel has; the formats are parsed at the first read. */
static int enable_events(struct fb_trace *t, char *err, size_t errlen)
{
	struct priv *p = t->priv;
	int kept = 0;

	for (int k = 0; k < FB_EV_NKINDS; k++) {
		const struct fb_trace_event_def *d = &fb_trace_events[k];

		if (!tracefs_event_file_exists(p->inst, d->system, d->name, "format")) {
			if (d->optional)
				continue;
			return cannot(t, err, errlen, "this kernel has no %s:%s event", d->system,
				      d->name);
		}
		if (tracefs_event_enable(p->inst, d->system, d->name) < 0)
			return cannot(t, err, errlen, "cannot enable %s:%s", d->system, d->name);
		t->enabled[k] = true;
		kept++;
	}
	return kept;
}

/*
 * Parses the event formats, once, at the first read: libtracefs also loads
 * kallsyms and printk formats here (megabytes), which fb_trace_open need not wait for.
 */
static int load_formats(struct fb_trace *t)
{
	static const char *const systems[] = {"task", "sched", NULL};
	struct priv *p = t->priv;

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

int fb_trace_open(struct fb_trace *t, int mode, char *err, size_t errlen)
{
	static int seq;
	char dir[256], name[64], inst_dir[320];
	struct priv *p;
	char *path;
	int rc;

	memset(t, 0, sizeof(*t));
	t->mode = mode;
	if (mode == FB_TRACE_OFF)
		return 0;
	if (!tracefs_mounted(dir, sizeof(dir)))
		return cannot(
			t, err, errlen,
			"tracefs is not mounted (as root: mount -t tracefs nodev /sys/kernel/tracing)");
	snprintf(inst_dir, sizeof(inst_dir), "%s/instances", dir);
	if (access(inst_dir, W_OK) != 0)
		return cannot(t, err, errlen,
			      "cannot create a tracing instance in %s: %s (needs root)", inst_dir,
			      strerror(errno));
	fb_trace_sweep_stale();
	t->priv = p = calloc(1, sizeof(*p));
	if (!p)
		return cannot(t, err, errlen, "out of memory");
	p->slot = -1;
	snprintf(name, sizeof(name), INSTANCE_PREFIX "%d-%d", (int)getpid(), seq++);
	p->inst = tracefs_instance_create(name);
	if (!p->inst)
		return cannot(t, err, errlen, "cannot create the tracing instance %s: %s", name,
			      strerror(errno));
	path = tracefs_instance_get_dir(p->inst);
	if (path) {
		p->slot = fb_trace_cleanup_register(path);
		tracefs_put_tracing_file(path);
	}
	/* mono: event times are CLOCK_MONOTONIC, the clock samples use. */
	tracefs_instance_file_write(p->inst, "trace_clock", "mono");
	tracefs_instance_set_buffer_size(p->inst, BUFFER_KB, -1);
	rc = enable_events(t, err, errlen);
	if (rc <= 0)
		return rc;
	if (tracefs_trace_on(p->inst) < 0)
		return cannot(t, err, errlen, "cannot switch tracing on in %s", name);
	t->active = true;
	return 0;
}

/*
 * pids as set_event_pid takes them ("1 2 3"), or as an event filter
 * ("common_pid == 1 || common_pid == 2"); malloc'd, or NULL.
 */
static char *join_pids(const int *pids, int n, bool as_filter)
{
	size_t cap = 1 + (size_t)n * 32, off = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	s[0] = '\0';
	for (int i = 0; i < n; i++)
		off += (size_t)snprintf(s + off, cap - off,
					as_filter ? "%scommon_pid == %d" : "%s%d",
					i ? (as_filter ? " || " : " ") : "", pids[i]);
	return s;
}

/*
 * Keeps only events raised by one of pids (the creators: task_newtask and
 * the others fire in the parent); n == 0 lets every task through.
 * set_event_pid takes any number of pids; a filter on common_pid is the
 * fallback, and it must fit the kernel's one-page limit for a filter, so
 * it is refused rather than cut short.
 */
int fb_trace_set_parents(struct fb_trace *t, const int *pids, int n)
{
	struct priv *p = t->priv;
	char *list, *filter = NULL;
	const char *per_event = "0"; /* "0" clears an event's filter */
	int rc = 0;

	if (!t->active)
		return 0;
	list = join_pids(pids, n, false);
	if (!list)
		return -1;
	/* Off, filter, empty the buffer, on: no event of another creator stays behind. */
	tracefs_trace_off(p->inst);
	if (tracefs_instance_file_write(p->inst, "set_event_pid", list) < 0 && n > 0) {
		filter = join_pids(pids, n, true);
		if (!filter || strlen(filter) >= 4096)
			rc = -1;
		per_event = filter;
	}
	for (int k = 0; k < FB_EV_NKINDS && rc == 0; k++)
		if (t->enabled[k] &&
		    tracefs_event_file_write(p->inst, fb_trace_events[k].system,
					     fb_trace_events[k].name, "filter", per_event) < 0)
			rc = -1;
	tracefs_instance_file_clear(p->inst, "trace");
	tracefs_trace_on(p->inst);
	free(list);
	free(filter);
	return rc;
}

int fb_trace_set_parent(struct fb_trace *t, int pid)
{
	return fb_trace_set_parents(t, &pid, pid ? 1 : 0);
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
	struct priv *p = t->priv;
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
static uint64_t overruns(struct priv *p)
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
	struct priv *p = t->priv;
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

void fb_trace_close(struct fb_trace *t)
{
	struct priv *p = t->priv;

	if (p) {
		if (p->inst) {
			tracefs_instance_destroy(p->inst);
			tracefs_instance_free(p->inst);
		}
		fb_trace_cleanup_forget(p->slot);
		if (p->tep)
			tep_free(p->tep);
		free(p);
	}
	free(t->rec);
	t->priv = NULL;
	t->rec = NULL;
	t->n = t->cap = 0;
	t->active = false;
}

/*
 * Lists the instances directory itself: libtracefs 1.6's tracefs_instances()
 * leaks its compiled regex (LeakSanitizer finds it).
 */
int fb_trace_sweep_stale(void)
{
	char dir[256], path[600];
	struct dirent *e;
	int removed = 0;
	DIR *d;

	if (!tracefs_mounted(dir, sizeof(dir)))
		return 0;
	snprintf(path, sizeof(path), "%s/instances", dir);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		int pid;

		if (strncmp(n, INSTANCE_PREFIX, strlen(INSTANCE_PREFIX)))
			continue;
		pid = atoi(n + strlen(INSTANCE_PREFIX));
		if (pid <= 0 || kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/instances/%s", dir, n);
		removed += rmdir(path) == 0;
	}
	closedir(d);
	return removed;
}

// SPDX-License-Identifier: MIT
/* The trace's instance: our own, with the table's events and a filter on the creators. */
#include "trace.h"
#include "trace_cleanup.h"
#include "trace_priv.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs.h>
#include <unistd.h>

#define INSTANCE_PREFIX "forkbench-"
#define BUFFER_KB	4096 /* per CPU: room for a batch of 512 creations many times over */

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
	struct fb_trace_priv *p = t->priv;
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

int fb_trace_open(struct fb_trace *t, int mode, char *err, size_t errlen)
{
	static int seq;
	char dir[256], name[64], inst_dir[320];
	struct fb_trace_priv *p;
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
	struct fb_trace_priv *p = t->priv;
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

void fb_trace_close(struct fb_trace *t)
{
	struct fb_trace_priv *p = t->priv;

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

/* The pid in an instance's name, "forkbench-<pid>-<n>", or 0 when it is not ours. */
static int instance_pid(const char *name)
{
	if (strncmp(name, INSTANCE_PREFIX, strlen(INSTANCE_PREFIX)))
		return 0;
	return atoi(name + strlen(INSTANCE_PREFIX));
}

/*
 * Lists the instances directory itself: libtracefs 1.6's tracefs_instances()
 * leaks its compiled regex (LeakSanitizer finds it).
 */
int fb_trace_stale(char (*names)[FB_TRACE_NAME_LEN], int max)
{
	char dir[256], path[600];
	struct dirent *e;
	int n = 0;
	DIR *d;

	if (!tracefs_mounted(dir, sizeof(dir)))
		return 0;
	snprintf(path, sizeof(path), "%s/instances", dir);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		int pid = instance_pid(e->d_name);

		/* ours are "forkbench-<pid>-<n>": a longer name is someone else's */
		if (pid <= 0 || len >= FB_TRACE_NAME_LEN || kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		if (n < max)
			memcpy(names[n], e->d_name, len + 1);
		n++;
	}
	closedir(d);
	return n;
}

int fb_trace_remove_stale(const char *name)
{
	char dir[256], path[PATH_MAX];
	int n;

	if (instance_pid(name) <= 0) {
		errno = EINVAL;
		return -1;
	}
	if (!tracefs_mounted(dir, sizeof(dir))) {
		errno = ENOENT;
		return -1;
	}
	/* a cut path could name another directory: refuse rather than rmdir it */
	n = snprintf(path, sizeof(path), "%s/instances/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return rmdir(path);
}

int fb_trace_sweep_stale(void)
{
	char names[16][FB_TRACE_NAME_LEN];
	int n = fb_trace_stale(names, 16), removed = 0;

	for (int i = 0; i < n && i < 16; i++)
		removed += fb_trace_remove_stale(names[i]) == 0;
	return removed;
}

/* SPDX-License-Identifier: MIT */
/*
 * Kernel events around creations, through libtracefs/libtraceevent, in a
 * tracing instance of our own ("forkbench-<pid>"), so the user's tracing
 * is left alone. Events are read after each batch and kept keyed by the
 * created task's pid, which is what a sample's child_pid holds.
 *
 * The instance is removed on every exit path: fb_trace_close, exit()
 * (atexit), and SIGINT/SIGTERM/SIGHUP where the process has no handler of
 * its own (then the handler removes it with rmdir(), which is
 * async-signal-safe, and dies of the signal as before).
 */
#ifndef FORKBENCH_TRACE_H
#define FORKBENCH_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FB_TRACE_MAX_FIELDS 16

enum fb_trace_mode {
	FB_TRACE_OFF,
	FB_TRACE_ON,   /* --trace: fail with a clear reason when it cannot */
	FB_TRACE_AUTO, /* --trace=auto: record where it can, say why not elsewhere */
};

/*
 * The events the reader knows. Adding one is a row in fb_trace_events[]
 * (trace_events.c) and a kind here.
 */
enum fb_trace_kind {
	FB_EV_NEWTASK,	    /* task:task_newtask, stock */
	FB_EV_PROCESS_FORK, /* sched:sched_process_fork, stock */
	FB_EV_COPY_PROCESS, /* task:task_copy_process, from kernel-patch/ */
	FB_EV_NKINDS
};

struct fb_trace_event_def {
	const char *system;
	const char *name;
	const char *pid_field; /* the field holding the created task's pid: the join key */
	bool optional;	       /* absent on stock kernels: not an error */
	/* numeric fields kept per record, NULL-terminated, at most FB_TRACE_MAX_FIELDS */
	const char *fields[FB_TRACE_MAX_FIELDS + 1];
};

extern const struct fb_trace_event_def fb_trace_events[FB_EV_NKINDS];

struct fb_trace_record {
	int32_t pid;	/* the created task (tid for threads) */
	int32_t parent; /* common_pid: the task that created it */
	int16_t kind;	/* enum fb_trace_kind */
	int16_t cpu;
	int64_t ts_ns;			/* trace_clock "mono", i.e. CLOCK_MONOTONIC */
	int64_t f[FB_TRACE_MAX_FIELDS]; /* in fb_trace_events[kind].fields order; INT64_MIN if
					   absent */
};

struct fb_trace {
	int mode;
	bool active;		     /* an instance is recording */
	bool enabled[FB_EV_NKINDS];  /* which events this kernel has */
	char why[256];		     /* auto mode: why nothing is recorded */
	struct fb_trace_record *rec; /* sorted by (pid, kind, ts) after fb_trace_collect */
	size_t n, cap;
	uint64_t lost; /* events the ring buffer dropped (overrun) */
	void *priv;    /* libtracefs state */
};

/* Parses "on" (or ""), "auto", "off". Returns the mode, or -1. */
int fb_trace_parse_mode(const char *s);

/*
 * Creates the instance and enables the events. FB_TRACE_ON: returns -1 with
 * a one-line reason (no tracefs, no permission, no such event). AUTO:
 * returns 0 and leaves t->active false with t->why set when it cannot.
 */
int fb_trace_open(struct fb_trace *t, int mode, char *err, size_t errlen);

/* Keeps only events whose creator (common_pid) is pid (a kernel filter); 0 drops the filter. */
int fb_trace_set_parent(struct fb_trace *t, int pid);

/* The same for several creators at once (images sampled together, --parallel). */
int fb_trace_set_parents(struct fb_trace *t, const int *pids, int n);

/*
 * Reads the events recorded since the last call (they are consumed) and
 * adds them to t->rec, sorted by pid. 0, or -1 on a read error.
 */
int fb_trace_collect(struct fb_trace *t);

/* The records for a created pid and kind: the first, and how many (0 when none). */
const struct fb_trace_record *fb_trace_find(const struct fb_trace *t, int pid, int kind,
					    size_t *count);

/* Forgets the records (the instance keeps recording). */
void fb_trace_clear(struct fb_trace *t);

/* Removes the instance and frees everything. Safe to call twice. */
void fb_trace_close(struct fb_trace *t);

#define FB_TRACE_NAME_LEN 64

/*
 * The instances "forkbench-<pid>-<n>" left by processes that no longer
 * exist: a run killed with SIGKILL cannot remove its own, and its events
 * stay enabled until something does. Up to max names into names; returns
 * how many there are. 0 without tracefs or permission to read it.
 */
int fb_trace_stale(char (*names)[FB_TRACE_NAME_LEN], int max);

/* Removes the stale instance name (from fb_trace_stale). 0, or -1 with errno. */
int fb_trace_remove_stale(const char *name);

/* Removes every stale instance (the next --trace run does); returns how many. */
int fb_trace_sweep_stale(void);

#endif

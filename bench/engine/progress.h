/* SPDX-License-Identifier: MIT */
/*
 * Progress on stderr while a run samples. On a terminal: one line
 * rewritten in place (the entry being sampled, entries done of all, the
 * time left by the plan); in a log: a line at most every
 * FB_PROGRESS_LOG_EVERY_S. The pure parts (the time left, its format, when
 * a line is due) take plain values so that tests can pin them.
 */
#ifndef FORKBENCH_PROGRESS_H
#define FORKBENCH_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"

#define FB_PROGRESS_AFTER_S	1.0 /* a run shorter than this shows none */
#define FB_PROGRESS_TTY_EVERY_S 0.25
#define FB_PROGRESS_LOG_EVERY_S 5.0

struct fb_progress {
	bool on;      /* not --no-progress */
	bool tty;     /* stderr is a terminal */
	bool shown;   /* a line is on the terminal, to be cleared at the end */
	double start; /* when sampling began */
	double last;  /* when the last line was written, or -1 */
};

void fb_progress_init(struct fb_progress *p, bool on, bool tty, double now);

/* Whether a line is due at now: after FB_PROGRESS_AFTER_S, then at most every ..._EVERY_S. */
bool fb_progress_due(const struct fb_progress *p, double now);

/* "8 s", "1 m 05 s", "2 h 03 m"; "?" for a negative or unknown time. */
void fb_progress_format_time(double s, char *buf, size_t len);

/*
 * Seconds of sampling the plan has left: each entry's budget (--time, the
 * --max-time cap, or --iterations at its measured pace) less what it has
 * spent in the current run, plus the runs of --runs still to come. In
 * adaptive mode entries stop early when precise: an upper bound, and
 * *upper says so. -1 when it cannot be known yet (--iterations before a
 * first batch).
 */
double fb_run_time_left(const struct fb_run *run, bool *upper);

/*
 * Writes a line when one is due (current: the entry just sampled, or
 * NULL). fb_progress_end clears the terminal's line, so that the table
 * and the warnings follow on a clean screen.
 */
void fb_progress_tick(struct fb_progress *p, const struct fb_run *run,
		      const struct fb_entry *current, double now);
void fb_progress_end(struct fb_progress *p);

#endif

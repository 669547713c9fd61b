// SPDX-License-Identifier: MIT
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void fb_progress_init(struct fb_progress *p, bool on, bool tty, double now)
{
	*p = (struct fb_progress){.on = on, .tty = tty, .start = now, .last = -1};
}

bool fb_progress_due(const struct fb_progress *p, double now)
{
	double every = p->tty ? FB_PROGRESS_TTY_EVERY_S : FB_PROGRESS_LOG_EVERY_S;

	if (!p->on || now - p->start < FB_PROGRESS_AFTER_S)
		return false;
	return p->last < 0 || now - p->last >= every;
}

void fb_progress_format_time(double s, char *buf, size_t len)
{
	long t;

	if (!(s >= 0)) {
		snprintf(buf, len, "?");
		return;
	}
	t = (long)(s + 0.5);
	if (t < 60)
		snprintf(buf, len, "%ld s", t);
	else if (t < 3600)
		snprintf(buf, len, "%ld m %02ld s", t / 60, t % 60);
	else
		snprintf(buf, len, "%ld h %02ld m", t / 3600, t / 60 % 60);
}

/* The budget of one run of an entry, or -1 when its pace is not known yet. */
static double entry_budget(const struct fb_run_opts *o, const struct fb_entry *e)
{
	switch (o->sampling) {
	case FB_SAMPLE_TIME:
		return o->time_s;
	case FB_SAMPLE_ITERATIONS:
		return e->per_sample_s > 0 ? e->per_sample_s * (double)(o->iterations + o->warmup)
					   : -1;
	}
	return o->max_time_s;
}

double fb_run_time_left(const struct fb_run *run, bool *upper)
{
	const struct fb_run_opts *o = &run->opts;
	int later = o->runs - run->runs_done - 1; /* runs after the current one */
	double left = 0;

	*upper = o->sampling == FB_SAMPLE_ADAPTIVE;
	if (later < 0)
		later = 0;
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];
		double b = entry_budget(o, e);

		if (e->state == FB_ENTRY_SKIPPED || e->state == FB_ENTRY_FAILED)
			continue;
		if (b < 0)
			return -1;
		if (e->state == FB_ENTRY_ACTIVE && e->run_elapsed_s < b)
			left += b - e->run_elapsed_s;
		left += later * b;
	}
	return left;
}

/* The terminal's width, so the line never wraps (a wrapped line cannot be rewritten). */
static int terminal_width(void)
{
	struct winsize ws;

	if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 80;
}

void fb_progress_tick(struct fb_progress *p, const struct fb_run *run,
		      const struct fb_entry *current, double now)
{
	char line[512], left[32], spent[32], runs[32] = "";
	bool upper;
	int done = 0, all = 0;
	size_t samples = 0;
	double t;

	if (!fb_progress_due(p, now))
		return;
	p->last = now;
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];

		samples += e->n;
		if (e->state == FB_ENTRY_SKIPPED)
			continue;
		all++;
		done += e->state != FB_ENTRY_ACTIVE;
	}
	t = fb_run_time_left(run, &upper);
	fb_progress_format_time(t, left, sizeof(left));
	fb_progress_format_time(now - p->start, spent, sizeof(spent));
	if (run->opts.runs > 1)
		snprintf(runs, sizeof(runs), "run %d/%d, ", run->runs_done + 1, run->opts.runs);
	snprintf(line, sizeof(line),
		 "forkbench: %s%d/%d entries done, %zu samples, %s, %s%s left%s%s", runs, done, all,
		 samples, spent, upper && t >= 0 ? "at most " : "", left, current ? ": " : "",
		 current ? current->label : "");
	if (p->tty) {
		int w = terminal_width() - 1;

		if ((int)strlen(line) > w)
			line[w] = '\0';
		/* back to the start of the line, and clear what a longer line left */
		fprintf(stderr, "\r\033[K%s", line);
		p->shown = true;
	} else {
		fprintf(stderr, "%s\n", line);
	}
	fflush(stderr);
}

void fb_progress_end(struct fb_progress *p)
{
	if (p->tty && p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = false;
}

// SPDX-License-Identifier: MIT
/*
 * Progress, pinned without a worker or a clock: the time left follows the
 * plan (--max-time caps, --time, --iterations at the measured pace, the
 * runs of --runs to come), its format, and when a line is due on a
 * terminal and in a log, given a fake clock.
 */
#include "engine/progress.h"
#include "tap.h"

#include <string.h>

static void formats(void)
{
	char b[32];

	fb_progress_format_time(0, b, sizeof(b));
	CHECK(!strcmp(b, "0 s"), "0 s");
	fb_progress_format_time(59.4, b, sizeof(b));
	CHECK(!strcmp(b, "59 s"), "59.4 s reads 59 s");
	fb_progress_format_time(65, b, sizeof(b));
	CHECK(!strcmp(b, "1 m 05 s"), "65 s reads 1 m 05 s (got '%s')", b);
	fb_progress_format_time(7380, b, sizeof(b));
	CHECK(!strcmp(b, "2 h 03 m"), "7380 s reads 2 h 03 m (got '%s')", b);
	fb_progress_format_time(-1, b, sizeof(b));
	CHECK(!strcmp(b, "?"), "an unknown time reads ?");
}

static void rate_limits(void)
{
	struct fb_progress p;

	fb_progress_init(&p, true, false, 100.0);
	CHECK(!fb_progress_due(&p, 100.5), "nothing in the first second");
	CHECK(fb_progress_due(&p, 101.0), "a first line after a second");
	p.last = 101.0;
	CHECK(!fb_progress_due(&p, 105.9), "in a log, not again within 5 s");
	CHECK(fb_progress_due(&p, 106.0), "in a log, again after 5 s");
	fb_progress_init(&p, true, true, 100.0);
	p.last = 101.0;
	CHECK(!fb_progress_due(&p, 101.1), "on a terminal, not within 0.25 s");
	CHECK(fb_progress_due(&p, 101.3), "on a terminal, again after 0.25 s");
	fb_progress_init(&p, false, true, 100.0);
	CHECK(!fb_progress_due(&p, 200.0), "--no-progress: never");
}

static void time_left(void)
{
	struct fb_entry e[3];
	struct fb_run run;
	bool upper;

	memset(&run, 0, sizeof(run));
	memset(e, 0, sizeof(e));
	run.entries = e;
	run.nentries = 3;
	run.opts.runs = 1;
	run.opts.sampling = FB_SAMPLE_ADAPTIVE;
	run.opts.max_time_s = 2.0;
	e[0].state = FB_ENTRY_DONE;
	e[1].state = FB_ENTRY_ACTIVE;
	e[1].run_elapsed_s = 0.5;
	e[2].state = FB_ENTRY_SKIPPED;
	CHECK(fb_run_time_left(&run, &upper) == 1.5 && upper,
	      "adaptive: at most the rest of --max-time of the active entries");
	run.opts.runs = 3;
	CHECK(fb_run_time_left(&run, &upper) == 1.5 + 2 * 2 * 2.0,
	      "--runs 3 in the first: two more runs of both measured entries");
	run.runs_done = 2;
	CHECK(fb_run_time_left(&run, &upper) == 1.5, "in the last run: only what is left of it");
	run.opts.runs = 1;
	run.runs_done = 0;
	run.opts.sampling = FB_SAMPLE_TIME;
	run.opts.time_s = 1.0;
	CHECK(fb_run_time_left(&run, &upper) == 0.5 && !upper, "--time: the rest of it, exactly");
	run.opts.sampling = FB_SAMPLE_ITERATIONS;
	run.opts.iterations = 100;
	run.opts.warmup = 0;
	CHECK(fb_run_time_left(&run, &upper) < 0, "--iterations before any batch: unknown");
	e[0].per_sample_s = e[1].per_sample_s = 0.01;
	CHECK(fb_run_time_left(&run, &upper) == 0.5,
	      "--iterations at 10 ms a sample: 1 s budget less 0.5 s spent");
}

int main(void)
{
	formats();
	rate_limits();
	time_left();
	return tap_done();
}

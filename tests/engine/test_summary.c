// SPDX-License-Identifier: MIT
/*
 * The summaries the engine leaves in the run model for report/: per point
 * only where the method has it (and the COW point where samples carry it),
 * each over the samples of the kind that carries it,
 * per creator over that creator's samples, per counted event over counted
 * rows only, and the rate over the entry's wall time.
 */
#include "engine/creators.h"
#include "engine/engine.h"
#include "engine/entry.h"
#include "methods/method.h"
#include "tap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * --runs 3: the spread between the runs is that of their own medians
 * (round trips 100, 200 and 400: the SD of their logs is ln 2), over the
 * runs that finished, the one cut short left out.
 */
static void runs_spread(void)
{
	static struct fb_sample s[9];
	const double med[3] = {100, 200, 400};
	struct fb_run run;
	struct fb_entry *e;

	memset(&run, 0, sizeof(run));
	for (int i = 0; i < fb_nmethods; i++)
		run.opts.method_on[i] = i == fb_method_index("fork");
	run.opts.nrss = run.opts.nthp = run.opts.parallel = 1;
	run.opts.cpu = run.opts.child_cpu = -1;
	run.opts.runs = 3;
	tap_check(fb_run_build(&run) == 0, "a run of --runs 3 is built");
	e = &run.entries[0];
	e->points = FB_PLAIN_POINTS;
	for (int r = 0; r < 3; r++) {
		e->run_first[e->nruns++] = e->n;
		for (int i = 0; i < 3; i++) {
			fb_sample_clear(&s[i], 100);
			/* each run's three round trips: its median, and one either side */
			s[i].ns[FB_PT_ROUNDTRIP] = (int64_t)(med[r] * (0.9 + 0.1 * i));
			s[i].ns[FB_PT_CREATE] = 10;
		}
		fb_entry_append(e, s, NULL, NULL, 3);
	}
	run.runs_done = 3;
	fb_run_summarize(&run);
	tap_check(e->spread_runs == 3 && fabs(e->run_spread - log(2)) < 1e-12,
		  "three runs with medians 100, 200, 400: spread ln 2 (%.6f)", e->run_spread);
	run.runs_done = 2;
	fb_run_summarize(&run);
	tap_check(e->spread_runs == 2 && fabs(e->run_spread - log(2) / sqrt(2)) < 1e-12,
		  "the third run cut short: the spread of the first two alone (%.6f)",
		  e->run_spread);
	run.runs_done = 1;
	fb_run_summarize(&run);
	tap_check(isnan(e->run_spread), "one finished run: no spread");
	fb_run_free(&run);
}

int main(void)
{
	static struct fb_sample s[6];
	static int64_t counts[6][FB_CTR_MAX];
	struct fb_run run;
	struct fb_entry *e;
	struct fb_summary want;
	double rt[3] = {3000, 1000, 2000};

	memset(&run, 0, sizeof(run));
	for (int i = 0; i < fb_nmethods; i++)
		run.opts.method_on[i] = i == fb_method_index("fork");
	run.opts.nrss = run.opts.nthp = 1;
	run.opts.parallel = 2;
	run.opts.cpu = run.opts.child_cpu = -1;
	run.counters.n = 2;
	tap_check(fb_run_build(&run) == 0, "the run is built");
	tap_check(run.nentries == 1 &&
			  !strcmp(run.entries[0].label, "fork rss=0 thp=system parallel=2"),
		  "one entry, named when built, with its non-default --parallel");
	run.creators[0].nw = 2;
	run.creators[0].w[0].pid = 100;
	run.creators[0].w[1].pid = 200;

	/* creator 100 round trips 3000, 1000, 2000; creator 200 two of 10000 */
	for (int i = 0; i < 5; i++) {
		fb_sample_clear(&s[i], i < 3 ? 100 : 200);
		s[i].ns[FB_PT_CREATE] = 10 + i;
		s[i].ns[FB_PT_ROUNDTRIP] = i < 3 ? (int64_t)rt[i] : 10000;
		counts[i][0] = i;
		counts[i][1] = FB_COUNT_NONE;
	}
	/* and one probe: its child_start only */
	fb_sample_clear(&s[5], 100);
	s[5].kind = FB_KIND_PROBE;
	s[5].ns[FB_PT_CHILD_START] = 500;
	counts[5][0] = 5;
	counts[5][1] = FB_COUNT_NONE;
	e = &run.entries[0];
	tap_check(fb_entry_append(e, s, counts, NULL, 6) == 0 && e->n == 6,
		  "samples and their count rows are appended");
	e->elapsed_s = 2.0;
	e->created = 12;
	fb_run_summarize(&run);

	tap_check(e->has_point[FB_PT_CREATE] && e->has_point[FB_PT_ROUNDTRIP] &&
			  !e->has_point[FB_PT_COW],
		  "points the samples have are summarized, the COW point they lack is not");
	tap_check(e->point[FB_PT_ROUNDTRIP].n == 5 && e->point[FB_PT_ROUNDTRIP].p50 == 3000,
		  "the round trip over the plain samples: n 5, median 3000");
	tap_check(e->has_point[FB_PT_CHILD_START] && e->point[FB_PT_CHILD_START].n == 1 &&
			  e->point[FB_PT_CHILD_START].p50 == 500,
		  "child_start over the probe alone: n 1, median 500");
	tap_check(e->kind_n[FB_KIND_PLAIN] == 5 && e->kind_n[FB_KIND_PROBE] == 1,
		  "the samples of each kind are counted: 5 plain, 1 probe");
	tap_check(e->point[FB_PT_COW].n == 0 && e->point[FB_PT_COW].max == 0,
		  "a point not summarized reads as zero");
	fb_summarize(rt, 3, &want);
	tap_check(e->ncreators == 2 && e->creators[0].pid == 100 &&
			  !memcmp(&e->creators[0].roundtrip, &want, sizeof(want)) &&
			  e->creators[1].pid == 200 && e->creators[1].roundtrip.p50 == 10000,
		  "each creator's round trips over its own samples");
	tap_check(e->counted.counted[0] && e->counted.s[0].n == 6 && e->counted.s[0].p50 == 2.5,
		  "a counted event: its summary over the rows of every sample");
	tap_check(!e->counted.counted[1], "an event never counted is not summarized");
	tap_check(!e->cow_counted.counted[0], "no COW rows, no COW counts");
	tap_check(e->rate == 6.0, "12 creations in 2 s: 6 per second");
	tap_check(isnan(e->run_spread) && e->spread_runs == 0, "one run: no spread between runs");
	fb_run_free(&run);
	runs_spread();
	return tap_done();
}

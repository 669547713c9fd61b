// SPDX-License-Identifier: MIT
/*
 * The sampling policy, pinned without a worker: batch sizes aim at 20 ms
 * and respect the worker's buffer and --iterations; the warm-up starts
 * with one probing sample and is cut to a tenth of --max-time for slow
 * creations; entries stop at their count, their time, their precision or
 * the cap, and the CI is only asked for when the rule needs it.
 */
#include "engine/run.h"
#include "engine/schedule.h"
#include "tap.h"

#include <math.h>

static struct fb_sched_opts adaptive(void)
{
	return (struct fb_sched_opts){
		.sampling = FB_SAMPLE_ADAPTIVE,
		.precision = 0.01,
		.max_time_s = 2.0,
		.min_samples = 30,
		.warmup = 5,
		.parallel = 1,
		.batch_max = 512,
	};
}

static void batch_sizes(void)
{
	struct fb_sched_opts o = adaptive();
	struct fb_sched_state st = {.warmed = true};

	tap_check(fb_batch_size(&o, &st) == 2, "an untimed entry gets a batch of 2");
	st.per_sample_s = 1e-4;
	tap_check(fb_batch_size(&o, &st) == 200, "100 us per creation: 200 fill 20 ms");
	st.per_sample_s = 1e-6;
	tap_check(fb_batch_size(&o, &st) == 512, "1 us per creation: capped at the worker's 512");
	st.per_sample_s = 0.07;
	tap_check(fb_batch_size(&o, &st) == 1, "70 ms per creation: still one per batch");

	o.sampling = FB_SAMPLE_ITERATIONS;
	o.iterations = 20;
	o.parallel = 2;
	st.per_sample_s = 1e-4;
	st.n = 30; /* 15 per creator */
	tap_check(fb_batch_size(&o, &st) == 5, "--iterations 20 with 15 done: 5 more per creator");
}

static void warmups(void)
{
	struct fb_sched_opts o = adaptive();
	struct fb_sched_state st = {0};
	struct fb_batch_plan p;

	p = fb_next_batch(&o, &st);
	tap_check(p.warmup == 1 && p.count == 0, "the first batch is one dropped sample");
	st.warmup_done = 1;
	st.per_sample_s = 1e-4;
	p = fb_next_batch(&o, &st);
	tap_check(p.warmup == 4 && p.count == 200, "then the rest of --warmup 5, and samples");
	st.per_sample_s = 0.07;
	p = fb_next_batch(&o, &st);
	tap_check(p.warmup == 2 && p.count == 1,
		  "70 ms creations: warm-up cut to a tenth of --max-time (2 of 4)");
	o.sampling = FB_SAMPLE_ITERATIONS;
	o.iterations = 100;
	p = fb_next_batch(&o, &st);
	tap_check(p.warmup == 4, "with --iterations the warm-up is not cut");
	o = adaptive();
	o.warmup = 0;
	st = (struct fb_sched_state){0};
	p = fb_next_batch(&o, &st);
	tap_check(p.warmup == 0 && p.count == 2, "--warmup 0: sampling starts at once");
	st = (struct fb_sched_state){.warmed = true, .warmup_done = 5, .per_sample_s = 1e-4};
	o.warmup = 5;
	p = fb_next_batch(&o, &st);
	tap_check(p.warmup == 0 && p.count == 200, "a warmed entry drops nothing more");
}

static void verdicts(void)
{
	struct fb_sched_opts o = adaptive();
	struct fb_sched_state st = {.n = 29, .thinnest_n = 29, .elapsed_s = 0.5};

	tap_check(!fb_verdict_needs_ci(&o, &st), "adaptive below --min-samples: no CI needed");
	tap_check(fb_entry_verdict(&o, &st, INFINITY) == FB_SCHED_MORE, "... and sampling goes on");
	st.n = 30;
	st.thinnest_n = 3;
	tap_check(fb_verdict_needs_ci(&o, &st), "at --min-samples the CI decides");
	tap_check(fb_entry_verdict(&o, &st, 0.005) == FB_SCHED_MORE,
		  "but not while a point (3 probes) has too few samples for a CI of its own");
	st.thinnest_n = 6;
	tap_check(fb_entry_verdict(&o, &st, 0.005) == FB_SCHED_PRECISE,
		  "a CI within --precision, and 6 of every kind, finish the entry, precision met");
	tap_check(fb_entry_verdict(&o, &st, 0.02) == FB_SCHED_MORE, "a wider CI does not");
	st.elapsed_s = 2.0;
	tap_check(fb_entry_verdict(&o, &st, 0.02) == FB_SCHED_DONE,
		  "--max-time finishes it, precision not met");
	st = (struct fb_sched_state){.n = FB_MAX_SAMPLES};
	tap_check(fb_entry_verdict(&o, &st, INFINITY) == FB_SCHED_DONE,
		  "so does the cap on samples");

	o.sampling = FB_SAMPLE_ITERATIONS;
	o.iterations = 20;
	o.parallel = 2;
	st = (struct fb_sched_state){.n = 39};
	tap_check(!fb_verdict_needs_ci(&o, &st), "--iterations never needs the CI");
	tap_check(fb_entry_verdict(&o, &st, INFINITY) == FB_SCHED_MORE,
		  "--iterations 20 x 2 creators: 39 samples are not enough");
	st.n = 40;
	tap_check(fb_entry_verdict(&o, &st, INFINITY) == FB_SCHED_DONE, "40 are");

	o.sampling = FB_SAMPLE_TIME;
	o.time_s = 2.0;
	st = (struct fb_sched_state){.n = 1000, .elapsed_s = 1.9};
	tap_check(fb_entry_verdict(&o, &st, 0.0) == FB_SCHED_MORE,
		  "--time 2: 1.9 s is not enough, whatever the CI");
	st.elapsed_s = 2.0;
	tap_check(fb_entry_verdict(&o, &st, INFINITY) == FB_SCHED_DONE, "2 s are");
}

int main(void)
{
	batch_sizes();
	warmups();
	verdicts();
	return tap_done();
}

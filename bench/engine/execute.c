// SPDX-License-Identifier: MIT
/*
 * The run: it starts the creators of each image, then samples every
 * (image, method) entry in interleaved rounds of short batches, so that
 * drift on a noisy machine (here whole seconds shift by 20-30%) hits all
 * entries alike instead of biasing whichever ran during the slow spell.
 */
#include "creators.h"
#include "engine.h"
#include "entry.h"
#include "progress.h"
#include "schedule.h"
#include "tracing.h"

#include "core/clock.h"
#include "machine/cpu_time.h"
#include "methods/method.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Set by the signal handler: SIGINT, SIGTERM or SIGHUP stops after the current sample. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
	/* A SIGTERM sent to forkbench alone must reach the workers too. */
	fb_creators_signal(sig);
}

static double now_s(void)
{
	return (double)fb_now_ns() / 1e9;
}

static void sched_view(const struct fb_run *run, const struct fb_entry *e, struct fb_sched_opts *o,
		       struct fb_sched_state *st)
{
	const struct fb_run_opts *ro = &run->opts;

	*o = (struct fb_sched_opts){
		.sampling = ro->sampling,
		.iterations = ro->iterations,
		.time_s = ro->time_s,
		.precision = ro->precision,
		.max_time_s = ro->max_time_s,
		.min_samples = ro->min_samples,
		.warmup = ro->warmup,
		.parallel = ro->parallel,
		.batch_max = FB_BATCH_MAX,
	};
	/* each run of --runs is sampled as if it were the only one */
	*st = (struct fb_sched_state){
		.n = e->n - e->run_first[e->nruns - 1],
		.elapsed_s = e->run_elapsed_s,
		.per_sample_s = e->per_sample_s,
		.warmed = e->warmed,
		.warmup_done = e->warmup_done,
	};
}

/* This run's samples of the kind the entry keeps fewest of. */
static size_t thinnest_kind_n(const struct fb_entry *e)
{
	size_t n[FB_NKINDS] = {0}, least = SIZE_MAX;

	for (size_t k = e->run_first[e->nruns - 1]; k < e->n; k++)
		n[e->samples[k].kind]++;
	for (int kind = 0; kind < FB_NKINDS; kind++)
		if ((e->kinds & FB_KIND_BIT(kind)) && n[kind] < least)
			least = n[kind];
	return least == SIZE_MAX ? 0 : least;
}

static bool entry_finished(const struct fb_run *run, struct fb_entry *e)
{
	struct fb_sched_opts o;
	struct fb_sched_state st;
	struct fb_summary s;
	double ci = INFINITY;
	enum fb_verdict v;

	sched_view(run, e, &o, &st);
	/* Sorting every sample after each batch costs: only when the rule needs it. */
	if (fb_verdict_needs_ci(&o, &st)) {
		st.thinnest_n = thinnest_kind_n(e);
		if (fb_entry_point_summary(e, fb_entry_primary_point(e->points),
					   e->run_first[e->nruns - 1], 0, &s))
			ci = fb_relative_ci(&s);
	}
	v = fb_entry_verdict(&o, &st, ci);
	if (v == FB_SCHED_PRECISE)
		e->precise_runs++;
	return v != FB_SCHED_MORE;
}

/* One batch of one entry, run by every creator at once. Returns false when the run must stop. */
static bool run_batch(struct fb_run *run, struct fb_entry *e)
{
	struct fb_sched_opts o;
	struct fb_sched_state st;
	struct fb_batch_plan plan;
	struct fb_wcmd cmd = {
		.method = (uint32_t)e->method,
		.kinds = e->kinds,
		.probe_every = e->probe_every,
		.seq = e->seq,
	};
	int status, nw = run->creators[e->image].nw;
	size_t first = e->n;
	double t0, dt;

	sched_view(run, e, &o, &st);
	plan = fb_next_batch(&o, &st);
	cmd.warmup = plan.warmup;
	cmd.count = plan.count;
	t0 = now_s();
	status = fb_creators_batch(run, e, &cmd);
	if (status < 0)
		return false;
	dt = now_s() - t0;
	fb_tracing_after_batch(run, e, first);
	e->seq += cmd.warmup + cmd.count;
	e->warmup_done += cmd.warmup;
	e->warmup_dropped += cmd.warmup;
	e->warmed = e->warmup_done > 0 && cmd.count > 0;
	e->elapsed_s += dt;
	e->run_elapsed_s += dt;
	e->created += (uint64_t)(cmd.count + cmd.warmup) * (uint64_t)nw;
	if (cmd.count + cmd.warmup)
		e->per_sample_s = dt / (cmd.count + cmd.warmup);
	/*
	 * A batch the stop signal cut still brought whole samples: when they
	 * complete the entry's run, it is done (and the run of --runs counts
	 * as finished once every entry is), though no batch follows.
	 */
	if ((status == FB_W_OK || status == FB_W_INTERRUPTED) && entry_finished(run, e))
		e->state = FB_ENTRY_DONE;
	return status == FB_W_OK;
}

/* Samples the entries of images [first, last) in rounds until all are done. */
static void sample_rounds(struct fb_run *run, int first, int last, struct fb_progress *progress)
{
	bool any = true;

	while (any && !stop_signal && !run->exit_code) {
		any = false;
		for (int i = 0; i < run->nentries && !stop_signal && !run->exit_code; i++) {
			struct fb_entry *e = &run->entries[i];

			if (e->image < first || e->image >= last || e->state != FB_ENTRY_ACTIVE)
				continue;
			any = true;
			if (!run_batch(run, e))
				break;
			fb_progress_tick(progress, run, e, now_s());
		}
	}
}

void fb_run_catch_stops(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL); /* a closed terminal: keep what finished, as for ^C */
	signal(SIGPIPE, SIG_IGN);
}

/*
 * A run of --runs begins: every entry that finished the last one samples,
 * warms up and is timed anew, from fresh workers with fresh images, so
 * that what differs between runs (placement, the page cache, the host's
 * other tenants) shows between them as it would between invocations.
 */
static void begin_run(struct fb_run *run)
{
	for (int i = 0; i < run->nentries; i++) {
		struct fb_entry *e = &run->entries[i];

		if (e->state == FB_ENTRY_DONE)
			e->state = FB_ENTRY_ACTIVE;
		e->run_first[e->nruns++] = e->n;
		e->run_elapsed_s = 0;
		e->warmed = false;
		e->warmup_done = 0;
		e->seq = 0;
		fb_entry_plan_kinds(run, e);
	}
}

/*
 * Whether the run of --runs just sampled finished: every entry either did
 * or cannot (skipped, failed), and nothing stopped the rounds. A signal
 * that arrives while the workers of a finished run are stopped does not
 * unmake it: its samples are whole, and a reader uses them (run.runs_done).
 */
static bool run_sampled(const struct fb_run *run)
{
	if (run->exit_code)
		return false;
	for (int i = 0; i < run->nentries; i++)
		if (run->entries[i].state == FB_ENTRY_ACTIVE)
			return false;
	return true;
}

static void sample_run(struct fb_run *run, struct fb_progress *progress)
{
	/* All images at once when they fit in memory; else one at a time. */
	int step = run->concurrent_images ? run->nimages : 1;

	begin_run(run);
	for (int first = 0; first < run->nimages && !stop_signal && !run->exit_code;
	     first += step) {
		int last = first + step < run->nimages ? first + step : run->nimages;

		for (int i = first; i < last && !run->exit_code; i++)
			fb_creators_start(run, i);
		if (!run->exit_code)
			fb_tracing_follow(run, first, last);
		if (!run->exit_code)
			sample_rounds(run, first, last, progress);
		for (int i = first; i < last; i++)
			fb_creators_stop(run, i, run->exit_code != 0);
		fb_creators_reap_orphans(run->exit_code ? 2000 : 0);
	}
	if (run_sampled(run))
		run->runs_done++;
}

int fb_run_skips(const struct fb_run *run, char *out, size_t len)
{
	bool said[FB_RUN_METHODS] = {false};
	size_t off = 0;
	int n = 0;

	out[0] = '\0';
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];

		if (e->state != FB_ENTRY_SKIPPED || said[e->method])
			continue;
		said[e->method] = true;
		if (off < len)
			off += (size_t)snprintf(out + off, len - off, "%s%s (%s)", n ? ", " : "",
						fb_methods[e->method]->name, e->reason);
		n++;
	}
	return n;
}

/*
 * Every entry skipped (the kernel or the install lacks every method asked
 * for): the run measured nothing, and says so in its exit code.
 */
static void nothing_measured(struct fb_run *run)
{
	char why[FB_REASON_LEN];

	for (int i = 0; i < run->nentries; i++)
		if (run->entries[i].state != FB_ENTRY_SKIPPED)
			return;
	if (!run->nentries || !fb_run_skips(run, why, sizeof(why)))
		return;
	fb_run_fail(run, FB_EXIT_RESOURCE,
		    "nothing was measured: every method asked for was skipped: %s", why);
}

static int sample(struct fb_run *run)
{
	double start = now_s();
	struct fb_progress progress;
	struct fb_cpu_time before, after;

	fb_progress_init(&progress, run->opts.progress, isatty(2), start);

	if (fb_run_build(run)) {
		run->partial = true; /* nothing was sampled */
		return run->exit_code;
	}
	if (fb_creators_locate(run))
		return FB_EXIT_FAILED;
	fb_run_catch_stops(); /* the CLI did already, from its start; a caller that did not */
	if (fb_tracing_open(run)) {
		run->partial = true; /* nothing was sampled */
		return run->exit_code;
	}
	fb_cpu_time_read(&before);
	for (int r = 0; r < run->opts.runs && !stop_signal && !run->exit_code; r++)
		sample_run(run, &progress);
	fb_progress_end(&progress);
	/* the workers are reaped: their CPU time and their children's is in ours now */
	if (fb_cpu_time_read(&after) == 0 && before.ok)
		run->load.known = fb_cpu_time_others(&before, &after, &run->load.others_share,
						     &run->load.steal_share) == 0;
	run->duration_s = now_s() - start;
	fb_tracing_finish(run);
	if (stop_signal) {
		run->stop_signal = stop_signal;
		run->exit_code = 0; /* the interruption outranks what it caused */
		fb_run_fail(run, 128 + stop_signal, "interrupted by %s",
			    fb_stop_signal_name(stop_signal));
	}
	for (int i = 0; i < run->nentries; i++)
		if (run->entries[i].state == FB_ENTRY_ACTIVE ||
		    run->entries[i].state == FB_ENTRY_FAILED)
			run->partial = true;
	/*
	 * Runs of --runs that never began leave every entry done: the file is
	 * partial all the same, and says how many runs finished (runs_done),
	 * so that a reader uses those and ignores the samples of the run that
	 * was cut (run_of_sample == runs_done).
	 */
	if (run->runs_done < run->opts.runs || run->stop_signal)
		run->partial = true;
	nothing_measured(run);
	return run->exit_code;
}

int fb_run_execute(struct fb_run *run)
{
	int rc = sample(run);

	fb_run_summarize(run);
	return rc;
}

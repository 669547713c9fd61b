// SPDX-License-Identifier: MIT
/*
 * The results JSON of a run, from the run model as the engine left it:
 * summaries computed once, the images as their workers measured them.
 */
#include "results_json.h"
#include "atomic_file.h"
#include "trace_json.h"

#include "methods/method.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The median's CI, or null where too few samples give one (stats.h). */
static json_t *ci95_json(const struct fb_summary *s)
{
	return isnan(s->ci_lo) ? json_null() : json_pack("[f,f]", s->ci_lo, s->ci_hi);
}

static json_t *summary_json(const struct fb_summary *s)
{
	return json_pack("{s:I,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:o,s:I}", "n",
			 (json_int_t)s->n, "min", s->min, "p10", s->p10, "p25", s->p25, "p50",
			 s->p50, "p75", s->p75, "p90", s->p90, "p99", s->p99, "p99_9", s->p999,
			 "max", s->max, "mean", s->mean, "stddev", s->stddev, "mad", s->mad, "ci95",
			 ci95_json(s), "outliers", (json_int_t)s->outliers);
}

static json_t *facts_json(const struct fb_image_facts *f)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "rss_bytes", (json_int_t)f->rss,
			 "rss_anon_bytes", (json_int_t)f->rss_anon, "anon_huge_bytes",
			 (json_int_t)f->anon_huge, "shmem_bytes", (json_int_t)f->shmem,
			 "hugetlb_bytes", (json_int_t)f->hugetlb, "page_table_bytes",
			 (json_int_t)f->pte, "vmas", (json_int_t)f->vmas, "threads",
			 (json_int_t)f->threads, "fds", (json_int_t)f->fds);
}

static json_t *parameters_json(const struct fb_run *run, const struct fb_entry *e)
{
	const struct fb_image_cfg *c = &run->images[e->image].cfg;
	const struct fb_run_opts *o = &run->opts;
	const struct fb_method *m = fb_methods[e->method];

	/* --cow and --child-cpu as they apply to the method (method.h) */
	return json_pack("{s:s,s:I,s:s,s:I,s:s,s:i,s:i,s:i,s:b,s:f,s:s,s:i,s:i,s:i}", "method",
			 m->name, "rss_bytes", (json_int_t)c->rss_bytes, "thp", fb_thp_name(c->thp),
			 "hugetlb_bytes", (json_int_t)c->hugetlb_bytes, "touch",
			 fb_touch_name(c->touch), "vmas", (int)c->vmas, "fds", (int)c->fds,
			 "threads", (int)c->threads, "shared", c->shared != 0, "cow_fraction",
			 fb_method_cow_fraction(m, o->cow_fraction), "cow_side",
			 fb_method_cow_side(m, o->cow_side) == FB_COW_PARENT ? "parent" : "child",
			 "cpu", o->cpu, "child_cpu", fb_method_child_cpu(m, o->child_cpu),
			 "parallel", o->parallel);
}

/*
 * Each point holds the values of the samples of its kind, in sample order:
 * the k-th value is the k-th sample whose kind_of_sample is that kind, so
 * a reader finds its CPUs, pid and run.
 */
static json_t *points_json(const struct fb_entry *e)
{
	json_t *points = json_object();

	for (int p = 0; p < FB_NPOINTS; p++) {
		int kind = fb_point_kind(p);
		json_t *samples;

		if (!(e->points & FB_PT_BIT(p)))
			continue;
		samples = json_array();
		for (size_t i = 0; i < e->n; i++)
			if (e->samples[i].kind == kind && e->samples[i].ns[p] != FB_NO_TIME)
				json_array_append_new(samples, json_integer(e->samples[i].ns[p]));
		json_object_set_new(points, fb_point_name(p),
				    json_pack("{s:s,s:I,s:o,s:o}", "kind", fb_kind_name(kind), "n",
					      (json_int_t)json_array_size(samples), "samples_ns",
					      samples, "summary", summary_json(&e->point[p])));
	}
	return points;
}

/* The kind of every sample (an index into run.sample_kinds), parallel to cpus. */
static json_t *kinds_of_samples(const struct fb_entry *e)
{
	json_t *a = json_array();

	for (size_t i = 0; i < e->n; i++)
		json_array_append_new(a, json_integer(e->samples[i].kind));
	return a;
}

static json_t *cow_json(const struct fb_run *run, const struct fb_entry *e)
{
	const struct fb_image_built *b = &run->images[e->image].built;
	const struct fb_summary *s = &e->point[FB_PT_COW];
	json_t *faults = json_array(), *per_page;
	uint64_t pages = b->cow_pages;

	for (size_t i = 0; i < e->n; i++) /* parallel to points.cow.samples_ns */
		if (e->samples[i].kind == FB_KIND_PROBE &&
		    e->samples[i].ns[FB_PT_COW] != FB_NO_TIME)
			json_array_append_new(faults, json_integer(e->samples[i].cow_faults));
	per_page = json_pack("{s:f,s:f,s:f}", "p50", pages ? s->p50 / (double)pages : 0.0, "mean",
			     pages ? s->mean / (double)pages : 0.0, "min",
			     pages ? s->min / (double)pages : 0.0);
	return json_pack("{s:f,s:s,s:I,s:I,s:o,s:o}", "fraction", run->opts.cow_fraction, "side",
			 run->opts.cow_side == FB_COW_PARENT ? "parent" : "child", "pages",
			 (json_int_t)pages, "page_bytes", (json_int_t)b->page_bytes, "faults",
			 faults, "per_page_ns", per_page);
}

/* hyperfine's fields for the round trip, in seconds, so its readers work on ours. */
static void hyperfine_fields(json_t *o, const struct fb_entry *e)
{
	const struct fb_summary *s = &e->point[FB_PT_ROUNDTRIP];
	json_t *times = json_array();

	for (size_t i = 0; i < e->n; i++)
		if (e->samples[i].ns[FB_PT_ROUNDTRIP] != FB_NO_TIME)
			json_array_append_new(
				times, json_real((double)e->samples[i].ns[FB_PT_ROUNDTRIP] / 1e9));
	json_object_set_new(o, "command", json_string(e->label));
	json_object_set_new(o, "times", times);
	json_object_set_new(o, "mean", json_real(s->mean / 1e9));
	json_object_set_new(o, "stddev", json_real(s->stddev / 1e9));
	json_object_set_new(o, "median", json_real(s->p50 / 1e9));
	json_object_set_new(o, "min", json_real(s->min / 1e9));
	json_object_set_new(o, "max", json_real(s->max / 1e9));
}

/*
 * One set of per-sample counts (rows parallel to e's samples), per event:
 * the raw values and their summary, or, for an event that was not counted,
 * its state and null: never a zero that was not measured.
 */
static json_t *events_json(const struct fb_counter_set *set, const struct fb_entry *e,
			   int64_t (*rows)[FB_CTR_MAX], const struct fb_count_summaries *sum)
{
	json_t *events = json_object();

	for (int j = 0; j < set->n; j++) {
		const struct fb_counter *c = &set->c[j];
		json_t *per;

		if (!sum->counted[j]) {
			/* opened but never read (no sample finished) is not "counted" */
			json_object_set_new(events, c->name,
					    json_pack("{s:s,s:i,s:n,s:n}", "state",
						      c->state == FB_CTR_OK
							      ? "failed"
							      : fb_counter_state_name(c->state),
						      "errno", c->err_no, "samples", "summary"));
			continue;
		}
		per = json_array();
		for (size_t i = 0; i < e->n && rows; i++)
			json_array_append_new(per, rows[i][j] == FB_COUNT_NONE
							   ? json_null()
							   : json_integer(rows[i][j]));
		json_object_set_new(events, c->name,
				    json_pack("{s:s,s:o,s:o}", "state", "counted", "samples", per,
					      "summary", summary_json(&sum->s[j])));
	}
	return events;
}

/* The counts at the create point and, with --cow, of the COW phase. */
static json_t *counters_json(const struct fb_run *run, const struct fb_entry *e)
{
	const struct fb_image_built *b = &run->images[e->image].built;
	json_t *cow = json_null();

	if (run->counters.n == 0)
		return json_null();
	if (e->cow_counts)
		cow = json_pack(
			"{s:s,s:o}", "scope",
			run->opts.cow_side == FB_COW_CHILD
				? "the child's own counts around its COW writes alone (it opens the same events on itself before them), kernel mode included"
				: "the parent's counts around its COW writes alone, while the child waits, kernel mode included",
			"events", events_json(&b->counters, e, e->cow_counts, &e->cow_counted));
	return json_pack(
		"{s:s,s:b,s:I,s:o,s:o}", "scope",
		"the parent's counts from just before the call to just after it returns (create point), kernel mode included; children not included",
		"inherit", 0, "read_cost_ns", (json_int_t)b->counter_read_ns, "events",
		events_json(&b->counters, e, e->counts, &e->counted), "cow", cow);
}

/* --parallel: the aggregate rate, and each creator's own round-trip percentiles. */
static json_t *parallel_json(const struct fb_run *run, const struct fb_entry *e)
{
	json_t *per = json_array();

	for (int k = 0; k < e->ncreators; k++)
		json_array_append_new(per,
				      json_pack("{s:i,s:o}", "pid", e->creators[k].pid, "roundtrip",
						summary_json(&e->creators[k].roundtrip)));
	return json_pack("{s:i,s:f,s:o}", "creators", run->opts.parallel, "creations_per_s",
			 e->rate, "per_creator", per);
}

/* With --runs, the run (0, 1, ...) of every sample, parallel to cpus: compare's unit. */
static json_t *runs_of_samples(const struct fb_entry *e)
{
	json_t *a = json_array();
	int r = 0;

	for (size_t i = 0; i < e->n; i++) {
		while (r + 1 < e->nruns && i >= e->run_first[r + 1])
			r++;
		json_array_append_new(a, json_integer(r));
	}
	return a;
}

static json_t *entry_json(const struct fb_run *run, const struct fb_entry *e)
{
	const struct fb_method *m = fb_methods[e->method];
	const struct fb_image_run *w = &run->images[e->image];
	const struct fb_image_built *b = &w->built;
	bool cow = run->opts.cow_fraction > 0 && m->cow && !w->cfg.shared;
	json_t *o = json_object(), *warnings = json_array(), *pcpu, *ccpu, *pids;

	json_object_set_new(o, "id", json_string(e->label));
	json_object_set_new(o, "status", json_string(fb_entry_state_name(e->state)));
	json_object_set_new(o, "reason", e->reason[0] ? json_string(e->reason) : json_null());
	json_object_set_new(o, "parameters", parameters_json(run, e));
	json_object_set_new(o, "method_note", json_string(m->points_note));
	if (b->answered)
		json_object_set_new(
			o, "image",
			json_pack("{s:o,s:o,s:I,s:I}", "baseline", facts_json(&b->baseline),
				  "measured", facts_json(&b->measured), "pages",
				  (json_int_t)b->pages, "page_bytes", (json_int_t)b->page_bytes));
	else
		json_object_set_new(o, "image", json_null());
	json_object_set_new(o, "sampling",
			    json_pack("{s:I,s:i,s:f,s:b,s:{s:I,s:I},s:i}", "n", (json_int_t)e->n,
				      "warmup_dropped", (int)e->warmup_dropped, "elapsed_s",
				      e->elapsed_s, "precision_met", e->precision_met, "kinds",
				      "plain", (json_int_t)e->kind_n[FB_KIND_PLAIN], "probe",
				      (json_int_t)e->kind_n[FB_KIND_PROBE], "probe_every",
				      (e->kinds & FB_KIND_BIT(FB_KIND_PLAIN)) &&
						      (e->kinds & FB_KIND_BIT(FB_KIND_PROBE))
					      ? (int)e->probe_every
					      : 0));
	json_object_set_new(o, "points", points_json(e));
	json_object_set_new(o, "kind_of_sample", kinds_of_samples(e));
	pcpu = json_array();
	ccpu = json_array();
	pids = json_array();
	for (size_t i = 0; i < e->n; i++) {
		json_array_append_new(pcpu, json_integer(e->samples[i].parent_cpu));
		json_array_append_new(ccpu, json_integer(e->samples[i].child_cpu));
		json_array_append_new(pids, json_integer(e->samples[i].child_pid));
	}
	json_object_set_new(o, "cpus", json_pack("{s:o,s:o}", "parent", pcpu, "child", ccpu));
	if (run->opts.runs > 1)
		json_object_set_new(o, "run_of_sample", runs_of_samples(e));
	json_object_set_new(o, "pids", json_pack("{s:i,s:o}", "parent", b->pid, "children", pids));
	json_object_set_new(o, "cow", cow ? cow_json(run, e) : json_null());
	json_object_set_new(o, "parallel", parallel_json(run, e));
	json_object_set_new(o, "counters", counters_json(run, e));
	json_object_set_new(o, "trace", fb_trace_entry_json(run, e));
	json_object_set_new(o, "phases", fb_phases_json(run, e));
	hyperfine_fields(o, e);
	for (int i = 0; i < e->nwarnings; i++)
		json_array_append_new(warnings, json_string(e->warnings[i]));
	json_object_set_new(o, "warnings", warnings);
	return o;
}

/* The share of the CPUs other tasks took while the run sampled, or null. */
static json_t *load_json(const struct fb_run *run)
{
	if (!run->load.known)
		return json_null();
	return json_pack("{s:f,s:f,s:s}", "others_share", run->load.others_share, "steal_share",
			 run->load.steal_share, "what",
			 "all CPUs' busy time (/proc/stat) beyond forkbench's own and its "
			 "workers', and the time stolen by the hypervisor, as shares of all CPUs' "
			 "time while sampling");
}

static json_t *run_json(const struct fb_run *run)
{
	static const char *modes[] = {"adaptive", "iterations", "time"};
	const struct fb_run_opts *o = &run->opts;
	const struct fb_worker_facts *h = run->worker.known ? &run->worker : NULL;
	json_t *argv = json_array(), *r;

	for (int i = 0; i < o->argc; i++)
		json_array_append_new(argv, json_string(o->argv[i]));
	r = json_pack("{s:s,s:s,s:s,s:f,s:o,s:b,s:o,s:o,s:i,s:b}", "id", run->run_id, "label",
		      o->label ? o->label : "", "started", run->started_utc, "duration_s",
		      run->duration_s, "argv", argv, "partial", run->partial, "interrupted_by",
		      run->stop_signal ? json_string(fb_stop_signal_name(run->stop_signal))
				       : json_null(),
		      "error", run->error[0] ? json_string(run->error) : json_null(), "exit_code",
		      run->exit_code, "images_concurrent", run->concurrent_images);
	json_object_set_new(r, "sampling",
			    json_pack("{s:s,s:I,s:f,s:f,s:f,s:I,s:i}", "mode", modes[o->sampling],
				      "iterations", (json_int_t)o->iterations, "time_s", o->time_s,
				      "precision", o->precision, "max_time_s", o->max_time_s,
				      "min_samples", (json_int_t)o->min_samples, "warmup",
				      (int)o->warmup));
	json_object_set_new(r, "clock",
			    h ? json_pack("{s:s,s:I,s:I,s:I}", "id", "CLOCK_MONOTONIC (vDSO)",
					  "overhead_ns", (json_int_t)h->clock_overhead_ns,
					  "overhead_min_ns", (json_int_t)h->clock_overhead_min_ns,
					  "resolution_ns", (json_int_t)h->clock_resolution_ns)
			      : json_null());
	json_object_set_new(r, "trace", fb_trace_run_json(run));
	json_object_set_new(r, "worker_libc", h ? json_string(h->libc) : json_null());
	json_object_set_new(
		r, "sample_kinds",
		json_pack("[s,s]", fb_kind_name(FB_KIND_PLAIN), fb_kind_name(FB_KIND_PROBE)));
	json_object_set_new(r, "runs", json_integer(o->runs));
	json_object_set_new(r, "runs_done", json_integer(run->runs_done));
	json_object_set_new(r, "load", load_json(run));
	return r;
}

char *fb_results_json_text(const struct fb_run *run)
{
	json_t *root = json_object(), *results = json_array();
	char *text;

	json_object_set_new(root, "schema", json_string(FB_SCHEMA_NAME));
	json_object_set_new(root, "schema_version", json_integer(FB_SCHEMA_VERSION));
	json_object_set_new(root, "run", run_json(run));
	json_object_set_new(root, "context", json_incref((json_t *)run->context));
	for (int i = 0; i < run->nentries; i++)
		json_array_append_new(results, entry_json(run, &run->entries[i]));
	json_object_set_new(root, "results", results);
	text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (!text)
		errno = ENOMEM;
	return text;
}

int fb_results_write_json(const struct fb_run *run, const char *path)
{
	char *text = fb_results_json_text(run);
	int rc, saved;

	if (!text)
		return -1;
	rc = fb_write_atomic(path, text, strlen(text));
	saved = errno;
	free(text);
	errno = saved;
	return rc;
}

int fb_results_keep_json(const struct fb_run *run, const char *const *dirs, int ndirs, char *kept,
			 size_t len)
{
	char *text = fb_results_json_text(run), stem[96];
	int rc = -1, saved = ENOMEM;

	if (!text)
		return -1;
	snprintf(stem, sizeof(stem), "forkbench-%s-", run->run_id[0] ? run->run_id : "run");
	for (int i = 0; i < ndirs && rc; i++) {
		if (!dirs[i] || !dirs[i][0])
			continue;
		rc = fb_write_new_file(dirs[i], stem, ".json", text, strlen(text), kept, len);
		if (rc)
			saved = errno;
	}
	free(text);
	errno = saved;
	return rc;
}

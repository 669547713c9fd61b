// SPDX-License-Identifier: MIT
/*
 * The trace's blocks of the results JSON: per entry, the events each
 * sample got and how long after the call the kernel saw the task born;
 * the copy_process phases of the patched kernel; and the run's trace
 * facts. Figures derived from the per-sample trace (lags, phases) are
 * computed here, where their only reader is.
 */
#include "trace_json.h"

#include "stats/stats.h"
#include "trace/trace.h"

#include <stdlib.h>
#include <string.h>

static json_t *summary_of(double *v, size_t n)
{
	struct fb_summary s;

	fb_summarize(v, n, &s);
	return json_pack("{s:I,s:f,s:f,s:f,s:f,s:f,s:f,s:f}", "n", (json_int_t)s.n, "min", s.min,
			 "p10", s.p10, "p50", s.p50, "p90", s.p90, "max", s.max, "mean", s.mean,
			 "stddev", s.stddev);
}

json_t *fb_trace_entry_json(const struct fb_run *run, const struct fb_entry *e)
{
	const struct fb_trace_facts *t = &run->trace_facts;
	json_t *events, *o;
	double *lag;
	size_t n = 0, one = 0;

	if (!t->opened || !t->active || !e->trace)
		return json_null();
	events = json_object();
	for (int k = 0; k < FB_EV_NKINDS; k++) {
		json_t *counts;

		if (!t->enabled[k])
			continue;
		counts = json_array();
		for (size_t i = 0; i < e->n; i++)
			json_array_append_new(counts, json_integer(e->trace[i].count[k]));
		json_object_set_new(events, fb_trace_events[k].name, counts);
	}
	/* When the kernel saw the task born, after the call began. */
	lag = malloc((e->n + 1) * sizeof(*lag));
	for (size_t i = 0; lag && i < e->n; i++) {
		one += e->trace[i].count[FB_EV_NEWTASK] == 1;
		if (e->trace[i].newtask_ts && e->samples[i].t0_ns)
			lag[n++] = (double)(e->trace[i].newtask_ts - e->samples[i].t0_ns);
	}
	o = json_pack("{s:o,s:I,s:o}", "events_per_sample", events, "samples_with_one_newtask",
		      (json_int_t)one, "newtask_after_call_ns",
		      n ? summary_of(lag, n) : json_null());
	free(lag);
	return o;
}

/* The task_copy_process fields that are phases (ns), in event order; the rest are counts. */
static bool is_phase(const char *field)
{
	size_t len = strlen(field);

	return len > 3 && !strcmp(field + len - 3, "_ns");
}

json_t *fb_phases_json(const struct fb_run *run, const struct fb_entry *e)
{
	const struct fb_trace_facts *t = &run->trace_facts;
	const char *const *fields = fb_trace_events[FB_EV_COPY_PROCESS].fields;
	int total_f = -1, nf = 0;
	json_t *phases, *copied, *out;
	double *v, *sum_ratio;
	double total_mean = 0;

	if (!t->opened || !t->active || !t->enabled[FB_EV_COPY_PROCESS] || !e->trace || !e->n)
		return json_null();
	while (fields[nf])
		nf++;
	for (int f = 0; f < nf; f++)
		if (!strcmp(fields[f], "total_ns"))
			total_f = f;
	v = malloc(e->n * sizeof(*v));
	sum_ratio = malloc(e->n * sizeof(*sum_ratio));
	if (!v || !sum_ratio || total_f < 0) {
		free(v);
		free(sum_ratio);
		return json_null();
	}
	phases = json_object();
	copied = json_object();
	out = json_object();
	/* total first: the shares are of it */
	for (int pass = 0; pass < 2; pass++) {
		for (int f = 0; f < nf; f++) {
			size_t n = 0;
			double mean = 0;
			char name[64];
			json_t *samples;

			if ((pass == 0) != (f == total_f) || !strcmp(fields[f], "clone_flags"))
				continue;
			samples = json_array();
			for (size_t i = 0; i < e->n; i++) {
				int64_t x = e->trace[i].copy[f];

				if (x == INT64_MIN)
					continue;
				v[n++] = (double)x;
				mean += (double)x;
				json_array_append_new(samples, json_integer(x));
			}
			if (!n) {
				json_decref(samples);
				continue;
			}
			mean /= (double)n;
			if (f == total_f)
				total_mean = mean;
			snprintf(name, sizeof(name), "%.*s",
				 (int)(strlen(fields[f]) - (is_phase(fields[f]) ? 3 : 0)),
				 fields[f]);
			json_object_set_new(is_phase(fields[f]) ? phases : copied, name,
					    json_pack("{s:o,s:o,s:o}", "samples", samples,
						      "summary", summary_of(v, n), "share_of_total",
						      is_phase(fields[f]) && total_mean > 0
							      ? json_real(mean / total_mean)
							      : json_null()));
		}
	}
	/* How well the phases add up to the total, per sample: the patch's own check. */
	{
		size_t n = 0;

		for (size_t i = 0; i < e->n; i++) {
			double sum = 0, tot = (double)e->trace[i].copy[total_f];

			if (e->trace[i].copy[total_f] == INT64_MIN || tot <= 0)
				continue;
			for (int f = 0; f < nf; f++)
				if (f != total_f && is_phase(fields[f]) &&
				    e->trace[i].copy[f] != INT64_MIN)
					sum += (double)e->trace[i].copy[f];
			sum_ratio[n++] = sum / tot;
		}
		if (n)
			json_object_set_new(out, "sum_of_phases_over_total",
					    summary_of(sum_ratio, n));
	}
	/*
	 * The sample each phase value came from (those with the event, in
	 * order): a file of several runs splits its phases by run with it.
	 */
	{
		json_t *sample = json_array();

		for (size_t i = 0; i < e->n; i++)
			if (e->trace[i].copy[total_f] != INT64_MIN)
				json_array_append_new(sample, json_integer((json_int_t)i));
		json_object_set_new(out, "sample", sample);
	}
	free(v);
	free(sum_ratio);
	json_object_set_new(out, "phases", phases);
	json_object_set_new(out, "copy_mm_copied", copied);
	return out;
}

json_t *fb_trace_run_json(const struct fb_run *run)
{
	static const char *modes[] = {"off", "on", "auto"};
	const struct fb_trace_facts *t = &run->trace_facts;
	json_t *events;

	if (!t->opened)
		return json_pack("{s:s,s:b}", "mode", "off", "active", 0);
	events = json_array();
	for (int k = 0; k < FB_EV_NKINDS; k++)
		if (t->enabled[k])
			json_array_append_new(events,
					      json_sprintf("%s:%s", fb_trace_events[k].system,
							   fb_trace_events[k].name));
	return json_pack("{s:s,s:b,s:o,s:o,s:I}", "mode", modes[t->mode], "active", t->active,
			 "why", t->why[0] ? json_string(t->why) : json_null(), "events", events,
			 "lost", (json_int_t)t->lost);
}

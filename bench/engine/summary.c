// SPDX-License-Identifier: MIT
/*
 * Summaries of an entry's samples: computed once when sampling is over and
 * kept in the entry, so that the table, the JSON, the CSV and the review
 * read them instead of sorting the samples again each.
 */
#include "creators.h"
#include "entry.h"
#include "schedule.h"

#include "methods/method.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int fb_entry_run_of(const struct fb_entry *e, size_t i)
{
	int r = e->nruns - 1;

	while (r > 0 && i < e->run_first[r])
		r--;
	return r > 0 ? r : 0;
}

bool fb_entry_point_summary(const struct fb_entry *e, int point, size_t first, int parent_pid,
			    struct fb_summary *s)
{
	double *v;
	size_t n = 0;

	memset(s, 0, sizeof(*s));
	if (!e->n || !(e->points & FB_PT_BIT(point)))
		return false;
	v = malloc(e->n * sizeof(*v));
	if (!v)
		return false;
	for (size_t i = first; i < e->n; i++)
		if (e->samples[i].ns[point] != FB_NO_TIME &&
		    (!parent_pid || e->samples[i].parent_pid == parent_pid))
			v[n++] = (double)e->samples[i].ns[point];
	if (n)
		fb_summarize(v, n, s);
	free(v);
	return n > 0;
}

/* Per event j < nevents, the summary of the rows' counts (NULL rows: nothing counted). */
static void summarize_counts(const struct fb_entry *e, int nevents, int64_t (*rows)[FB_CTR_MAX],
			     struct fb_count_summaries *out)
{
	double *v = malloc((e->n + 1) * sizeof(*v));

	for (int j = 0; j < nevents && v && rows; j++) {
		size_t n = 0;

		for (size_t i = 0; i < e->n; i++)
			if (rows[i][j] != FB_COUNT_NONE)
				v[n++] = (double)rows[i][j];
		if (n)
			fb_summarize(v, n, &out->s[j]);
		out->counted[j] = n > 0;
	}
	free(v);
}

/* Each creator's own round trips: with --parallel, the spread between them. */
static void summarize_creators(const struct fb_run *run, struct fb_entry *e)
{
	const struct fb_creators *c = &run->creators[e->image];

	free(e->creators); /* summarized again (a test does): anew */
	e->ncreators = 0;
	e->creators = calloc((size_t)(c->nw ? c->nw : 1), sizeof(*e->creators));
	for (int k = 0; k < c->nw && e->creators; k++) {
		struct fb_creator_summary *cs = &e->creators[e->ncreators];

		if (fb_entry_point_summary(e, FB_PT_ROUNDTRIP, 0, c->w[k].pid, &cs->roundtrip)) {
			cs->pid = c->w[k].pid;
			e->ncreators++;
		}
	}
}

/* The median of point over samples [first, last), or NAN when none has it. */
static double range_median(const struct fb_entry *e, int point, size_t first, size_t last,
			   double *v)
{
	size_t n = 0;

	for (size_t i = first; i < last; i++)
		if (e->samples[i].ns[point] != FB_NO_TIME)
			v[n++] = (double)e->samples[i].ns[point];
	if (!n)
		return NAN;
	fb_sort_doubles(v, n);
	return fb_quantile(v, n, 0.5);
}

/*
 * The spread between the runs of --runs that finished (run.runs_done; the
 * one cut short is left out, as readers leave it out), from each run's
 * median of the entry's primary point.
 */
static void summarize_runs(const struct fb_run *run, struct fb_entry *e)
{
	int runs = run->runs_done < e->nruns ? run->runs_done : e->nruns, k = 0;
	int point = fb_entry_primary_point(e->points);
	double medians[FB_MAX_RUNS], *v;

	e->run_spread = NAN;
	e->spread_runs = 0;
	if (runs < 2 || point < 0 || !(v = malloc(e->n * sizeof(*v))))
		return;
	for (int r = 0; r < runs; r++) {
		size_t last = r + 1 < e->nruns ? e->run_first[r + 1] : e->n;
		double m = range_median(e, point, e->run_first[r], last, v);

		if (!isnan(m))
			medians[k++] = m;
	}
	free(v);
	e->spread_runs = k;
	e->run_spread = fb_log_spread(medians, (size_t)k);
}

void fb_entry_plan_kinds(const struct fb_run *run, struct fb_entry *e)
{
	const struct fb_method *m = fb_methods[e->method];
	bool cow = run->opts.cow_fraction > 0 && m->cow && !run->images[e->image].cfg.shared;

	e->points = fb_entry_points(run->opts.points, m->points, cow);
	e->kinds = fb_entry_kinds(e->points);
	e->probe_every = fb_entry_probe_every(run->opts.probe_every, cow);
}

void fb_run_summarize(struct fb_run *run)
{
	for (int i = 0; i < run->nentries; i++) {
		struct fb_entry *e = &run->entries[i];

		fb_entry_plan_kinds(run, e);
		memset(e->kind_n, 0, sizeof(e->kind_n));
		for (size_t k = 0; k < e->n; k++)
			if (e->samples[k].kind >= 0 && e->samples[k].kind < FB_NKINDS)
				e->kind_n[e->samples[k].kind]++;

		for (int p = 0; p < FB_NPOINTS; p++)
			e->has_point[p] = fb_entry_point_summary(e, p, 0, 0, &e->point[p]);
		e->precision_met = e->nruns > 0 && e->precise_runs == e->nruns;
		e->rate = e->elapsed_s > 0 ? (double)e->created / e->elapsed_s : 0;
		summarize_creators(run, e);
		summarize_runs(run, e);
		summarize_counts(e, run->counters.n, e->counts, &e->counted);
		summarize_counts(e, run->counters.n, e->cow_counts, &e->cow_counted);
	}
}

// SPDX-License-Identifier: MIT
#include "compare/part_values.h"
#include "stats/stats.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A run's part needs this many values for its median to stand for the run. */
#define FB_PART_MIN_VALUES 5

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		abort();
	return p;
}

static bool usable(const struct fb_rentry *e)
{
	return !strcmp(e->status, "ok") || !strcmp(e->status, "incomplete");
}

/* The slot of part name in s, made where it is new; -1 when s is full. */
static int slot(struct fb_part_runs *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return (int)i;
	if (s->n == FB_MAX_PARTS || strlen(name) >= FB_PART_NAME_LEN)
		return -1;
	snprintf(s->name[s->n], FB_PART_NAME_LEN, "%s", name);
	s->run_median[s->n] = xrealloc(NULL, (s->cap ? s->cap : 1) * sizeof(double));
	for (size_t k = 0; k < s->k; k++)
		s->run_median[s->n][k] = NAN; /* runs before it lacked it */
	return (int)s->n++;
}

/* Room for one more run in every part. */
static void grow(struct fb_part_runs *s)
{
	if (s->k < s->cap)
		return;
	s->cap = s->cap ? 2 * s->cap : 8;
	for (size_t i = 0; i < s->n; i++)
		s->run_median[i] = xrealloc(s->run_median[i], s->cap * sizeof(double));
}

/*
 * One run of one file: for every part (name, values[i] of sample
 * sample_of(i)), the median of the values whose sample is in the run.
 * Keeps the run only when every part has FB_PART_MIN_VALUES of them.
 */
struct part_source {
	const char *name;
	json_t *values;	      /* array of numbers */
	const size_t *sample; /* the sample of each value, or NULL: the value's index */
};

static void add_run(struct fb_part_runs *s, const struct part_source *src, size_t nsrc,
		    const int *run_of, size_t nsamples, int run)
{
	double *med = xrealloc(NULL, (nsrc ? nsrc : 1) * sizeof(*med));
	bool whole = nsrc > 0;

	for (size_t p = 0; p < nsrc && whole; p++) {
		size_t n = json_array_size(src[p].values), m = 0;
		double *x = xrealloc(NULL, (n ? n : 1) * sizeof(*x));

		for (size_t i = 0; i < n; i++) {
			size_t smp = src[p].sample ? src[p].sample[i] : i;
			json_t *v = json_array_get(src[p].values, i);

			if (run_of && (smp >= nsamples || run_of[smp] != run))
				continue;
			if (json_is_number(v))
				x[m++] = json_number_value(v);
		}
		fb_sort_doubles(x, m);
		whole = m >= FB_PART_MIN_VALUES;
		med[p] = whole ? fb_quantile(x, m, 0.5) : NAN;
		free(x);
	}
	if (whole) {
		grow(s);
		/* a part this run lacks stays NAN, and keep_whole_parts drops it */
		for (size_t i = 0; i < s->n; i++)
			s->run_median[i][s->k] = NAN;
		for (size_t p = 0; p < nsrc; p++) {
			int i = slot(s, src[p].name);

			if (i >= 0)
				s->run_median[i][s->k] = med[p];
		}
		s->k++;
	}
	free(med);
}

/* Drops the parts some run lacks: a part is compared over the same runs as its entry. */
static void keep_whole_parts(struct fb_part_runs *s)
{
	size_t out = 0;

	for (size_t i = 0; i < s->n; i++) {
		bool whole = true;

		for (size_t k = 0; k < s->k; k++)
			whole &= !isnan(s->run_median[i][k]);
		if (!whole) {
			free(s->run_median[i]);
			continue;
		}
		if (out != i) {
			memcpy(s->name[out], s->name[i], FB_PART_NAME_LEN);
			s->run_median[out] = s->run_median[i];
		}
		out++;
	}
	s->n = out;
}

/* The sample indices of phases.sample, or NULL (and *ok false where malformed). */
static size_t *phase_samples(json_t *idx, size_t nsamples, bool *ok)
{
	size_t n = json_array_size(idx), *out, i;
	json_t *v;

	*ok = true;
	if (!json_is_array(idx))
		return NULL;
	out = xrealloc(NULL, (n ? n : 1) * sizeof(*out));
	json_array_foreach(idx, i, v)
	{
		json_int_t x = json_integer_value(v);

		if (!json_is_integer(v) || x < 0 || (size_t)x >= nsamples) {
			*ok = false;
			break;
		}
		out[i] = (size_t)x;
	}
	return out;
}

static void add_file(struct fb_part_runs *s, const struct fb_results *f, const struct fb_rentry *e,
		     struct part_source *src, size_t nsrc)
{
	for (int run = 0; run < f->runs; run++)
		add_run(s, src, nsrc, f->runs > 1 ? e->run_of : NULL, e->nsamples, run);
}

void fb_phase_runs(const struct fb_results *files, size_t nfiles, const char *key,
		   struct fb_part_runs *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t f = 0; f < nfiles; f++) {
		const struct fb_rentry *e = fb_results_find(&files[f], key);
		json_t *phases, *ph;
		struct part_source src[FB_MAX_PARTS];
		size_t nsrc = 0, *sample = NULL;
		const char *name;
		bool ok = true;

		if (!e || !usable(e) || !e->phases)
			continue;
		phases = json_object_get(e->phases, "phases");
		sample = phase_samples(json_object_get(e->phases, "sample"), e->nsamples, &ok);
		/* several runs need each value's run: an older file's phases cannot be split */
		if (!ok || (files[f].runs > 1 && (!sample || !e->run_of))) {
			free(sample);
			continue;
		}
		json_object_foreach(phases, name, ph)
		{
			json_t *values = json_object_get(ph, "samples");

			if (nsrc == FB_MAX_PARTS || !json_is_array(values))
				continue;
			if (sample && json_array_size(values) !=
					      json_array_size(json_object_get(e->phases, "sample")))
				continue;
			src[nsrc++] = (struct part_source){name, values, sample};
		}
		add_file(s, &files[f], e, src, nsrc);
		free(sample);
	}
	keep_whole_parts(s);
}

void fb_model_runs(const struct fb_results *files, size_t nfiles, const char *key, int point,
		   struct fb_part_runs *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t f = 0; f < nfiles; f++) {
		const struct fb_rentry *e = fb_results_find(&files[f], key);
		const struct fb_rpoint *p;
		json_t *model, *values;
		struct part_source src[FB_MAX_PARTS];
		size_t nsrc = 0;
		const char *name;

		if (!e || !usable(e))
			continue;
		p = &e->points[point];
		model = json_object_get(
			json_object_get(json_object_get(e->json, "points"), fb_point_name(point)),
			"model");
		if (!p->present || !json_is_object(model) || (files[f].runs > 1 && !p->sample))
			continue;
		json_object_foreach(model, name, values)
		{
			/* the guest's own instruction time of the window: a clock, not a counter */
			if (!strcmp(name, "icount_ns"))
				continue;
			if (nsrc < FB_MAX_PARTS && json_is_array(values) &&
			    json_array_size(values) == p->n)
				src[nsrc++] = (struct part_source){name, values, p->sample};
		}
		add_file(s, &files[f], e, src, nsrc);
	}
	keep_whole_parts(s);
}

// SPDX-License-Identifier: MIT
/* The run model's bookkeeping: images and entries, appended samples, warnings, errors. */
#include "entry.h"
#include "engine.h"
#include "creators.h"

#include "core/entry_name.h"
#include "methods/method.h"
#include "trace/trace.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void label_entry(const struct fb_run *run, struct fb_entry *e)
{
	const struct fb_run_opts *o = &run->opts;
	const struct fb_method *m = fb_methods[e->method];
	struct fb_entry_params p = {
		.method = m->name,
		.image = run->images[e->image].cfg,
		.cow_fraction = fb_method_cow_fraction(m, o->cow_fraction),
		.cow_side = fb_method_cow_side(m, o->cow_side),
		.cpu = o->cpu,
		.child_cpu = fb_method_child_cpu(m, o->child_cpu),
		.parallel = o->parallel,
	};

	fb_entry_name(&p, e->label, sizeof(e->label));
}

/*
 * The methods in the order --method named them (the table follows it),
 * each once; the registry's order when the options did not say.
 */
static int method_order(const struct fb_run_opts *o, int order[FB_RUN_METHODS])
{
	bool seen[FB_RUN_METHODS] = {false};
	int n = 0;

	for (int i = 0; i < o->nmethod_order; i++) {
		int m = o->method_order[i];

		if (m >= 0 && m < fb_nmethods && o->method_on[m] && !seen[m]) {
			seen[m] = true;
			order[n++] = m;
		}
	}
	for (int m = 0; m < fb_nmethods; m++)
		if (o->method_on[m] && !seen[m])
			order[n++] = m;
	return n;
}

int fb_run_build(struct fb_run *run)
{
	const struct fb_run_opts *o = &run->opts;
	int order[FB_RUN_METHODS], nm = method_order(o, order), n = 0;

	run->nimages = o->nrss * o->nthp;
	run->images = calloc((size_t)run->nimages, sizeof(*run->images));
	run->creators = calloc((size_t)run->nimages, sizeof(*run->creators));
	run->entries = calloc((size_t)run->nimages * (size_t)fb_nmethods, sizeof(*run->entries));
	if (!run->images || !run->creators || !run->entries) {
		/* the run ends as an interrupted one does: said, written, exit 3 */
		run->nimages = 0;
		fb_run_fail(run, FB_EXIT_RESOURCE, "out of memory for the run's %d images",
			    o->nrss * o->nthp);
		return -1;
	}
	for (int r = 0; r < o->nrss; r++) {
		for (int t = 0; t < o->nthp; t++) {
			struct fb_image_cfg *c = &run->images[r * o->nthp + t].cfg;

			*c = o->image;
			c->rss_bytes = o->rss[r];
			c->thp = o->thp[t];
		}
	}
	/* method by method as asked, then rss and thp in the order given: the table's order */
	for (int k = 0; k < nm; k++) {
		for (int img = 0; img < run->nimages; img++) {
			run->entries[n].method = order[k];
			run->entries[n].image = img;
			run->entries[n].state = FB_ENTRY_ACTIVE;
			label_entry(run, &run->entries[n]);
			n++;
		}
	}
	run->nentries = n;
	return 0;
}

/*
 * Keeps count rows (*rows: e->counts or e->cow_counts) row for row with
 * the samples about to be appended to e (c NULL: not counted).
 */
static int append_counts(struct fb_entry *e, int64_t (**rows)[FB_CTR_MAX], int64_t (*c)[FB_CTR_MAX],
			 size_t n)
{
	int64_t(*p)[FB_CTR_MAX];

	if (!c || n == 0)
		return 0;
	if (n > SIZE_MAX / sizeof(*p) - e->n)
		return -1;
	p = realloc(*rows, (e->n + n) * sizeof(*p));
	if (!p)
		return -1;
	/* rows for samples taken before counting started (none today) stay uncounted */
	for (size_t i = *rows ? e->n : 0; i < e->n; i++)
		for (int j = 0; j < FB_CTR_MAX; j++)
			p[i][j] = FB_COUNT_NONE;
	memcpy(p + e->n, c, n * sizeof(*p));
	*rows = p;
	return 0;
}

/*
 * Room for n more samples: the capacity doubles, or, when memory is too
 * short for that, grows by exactly what is needed. -1, and e untouched,
 * when not even that is to be had.
 */
static int grow_samples(struct fb_entry *e, size_t n)
{
	const size_t most = SIZE_MAX / sizeof(struct fb_sample);
	size_t need, cap;
	struct fb_sample *p;

	if (n > most - e->n)
		return -1;
	need = e->n + n;
	if (need <= e->cap)
		return 0;
	cap = e->cap ? e->cap : 256;
	while (cap < need)
		cap = cap > most / 2 ? need : cap * 2;
	p = realloc(e->samples, cap * sizeof(*p));
	if (!p && cap > need)
		p = realloc(e->samples, (cap = need) * sizeof(*p));
	if (!p)
		return -1;
	e->samples = p;
	e->cap = cap;
	return 0;
}

int fb_entry_append(struct fb_entry *e, const struct fb_sample *s, int64_t (*counts)[FB_CTR_MAX],
		    int64_t (*cow_counts)[FB_CTR_MAX], size_t n)
{
	if (n == 0)
		return 0;
	if (grow_samples(e, n) || append_counts(e, &e->cow_counts, cow_counts, n) ||
	    append_counts(e, &e->counts, counts, n))
		return -1;
	memcpy(e->samples + e->n, s, n * sizeof(*s));
	e->n += n;
	return 0;
}

void fb_entry_warn(struct fb_entry *e, int kind, const char *advice, const char *fmt, ...)
{
	va_list ap;
	char *seen, *s;
	int n;

	if (e->nwarnings == FB_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	n = vasprintf(&seen, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (!advice) {
		s = seen;
	} else {
		if (asprintf(&s, "%s: %s", seen, advice) < 0)
			s = NULL;
		free(seen);
		if (!s)
			return;
	}
	e->warning_kind[e->nwarnings] = kind;
	e->warning_advice[e->nwarnings] = advice ? (unsigned)n + 2 : (unsigned)n;
	e->warnings[e->nwarnings++] = s;
}

void fb_run_fail(struct fb_run *run, int code, const char *fmt, ...)
{
	va_list ap;

	if (run->exit_code)
		return;
	run->exit_code = code;
	va_start(ap, fmt);
	vsnprintf(run->error, sizeof(run->error), fmt, ap);
	va_end(ap);
}

void fb_run_free(struct fb_run *run)
{
	fb_run_unlock_outputs(run);
	if (run->trace)
		fb_trace_close(run->trace); /* the instance goes on every path that returns */
	for (int i = 0; i < run->nentries; i++) {
		struct fb_entry *e = &run->entries[i];

		free(e->samples);
		free(e->trace);
		free(e->counts);
		free(e->cow_counts);
		free(e->creators);
		for (int w = 0; w < e->nwarnings; w++)
			free(e->warnings[w]);
	}
	free(run->entries);
	free(run->images);
	free(run->creators);
}

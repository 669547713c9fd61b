// SPDX-License-Identifier: MIT
#include "compare/compare_model.h"
#include "compare/part_values.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		abort();
	return p;
}

static bool usable(const struct fb_rentry *e)
{
	return !strcmp(e->status, "ok") || !strcmp(e->status, "incomplete");
}

/* The entry with this key in the first file of the side that has it, or NULL. */
static const struct fb_rentry *first_with(const struct fb_side *s, const char *key)
{
	for (size_t f = 0; f < s->nfiles; f++) {
		const struct fb_rentry *e = fb_results_find(&s->files[f], key);

		if (e)
			return e;
	}
	return NULL;
}

static bool any_failed(const struct fb_side *s, const char *key)
{
	for (size_t f = 0; f < s->nfiles; f++) {
		const struct fb_rentry *e = fb_results_find(&s->files[f], key);

		if (e && !strcmp(e->status, "failed"))
			return true;
	}
	return false;
}

/* Every usable run of the entry on one side; counts the runs that lack it. */
static struct fb_run_value *side_runs(const struct fb_side *s, const char *key, int point,
				      size_t *n, size_t *lacking)
{
	struct fb_run_value *v = xcalloc(s->nruns, sizeof(*v));

	*n = 0;
	for (size_t f = 0; f < s->nfiles; f++) {
		const struct fb_rentry *e = fb_results_find(&s->files[f], key);

		for (int k = 0; k < s->files[f].runs; k++) {
			if (e && usable(e) && fb_run_value_of(&s->files[f], e, point, k, &v[*n]) &&
			    v[*n].n >= FB_CMP_MIN_SAMPLES && v[*n].median > 0 && v[*n].value > 0)
				(*n)++;
			else
				(*lacking)++;
		}
	}
	return v;
}

static void shares(const struct fb_run_value *v, size_t n, double share[FB_NPLACES])
{
	size_t total = 0, count[FB_NPLACES] = {0};

	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < FB_NPLACES; k++) {
			count[k] += v[i].place_n[k];
			total += v[i].place_n[k];
		}
	for (int k = 0; k < FB_NPLACES; k++)
		share[k] = total ? (double)count[k] / (double)total : NAN;
}

/* Geometric mean of the runs' medians of one placement, over runs that have enough. */
static double place_location(const struct fb_run_value *v, size_t n, int place)
{
	double s = 0;
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!v[i].excluded && v[i].place_n[place] >= FB_PLACE_MIN_SAMPLES &&
		    v[i].place_median[place] > 0) {
			s += log(v[i].place_median[place]);
			k++;
		}
	return k ? exp(s / (double)k) : NAN;
}

/*
 * Where children started, as a finding: each side's shares, B/A within
 * each placement, and, where both sides hold enough of both, the figure
 * that weighs them alike (never the verdict's: run_values.h).
 */
static void placement(struct fb_cmp_row *row, const struct fb_cmp_opts *o)
{
	struct fb_run_value *wa, *wb;

	shares(row->va, row->nva, row->share_a);
	shares(row->vb, row->nvb, row->share_b);
	for (int k = 0; k < FB_NPLACES; k++)
		row->place_ratio[k] =
			place_location(row->vb, row->nvb, k) / place_location(row->va, row->nva, k);
	row->shifted =
		fabs(row->share_a[FB_PLACE_SAME] - row->share_b[FB_PLACE_SAME]) >= FB_PLACE_SHIFT;
	wa = xcalloc(row->nva, sizeof(*wa));
	wb = xcalloc(row->nvb, sizeof(*wb));
	row->weighted =
		fb_run_values_weigh(row->va, row->nva, row->vb, row->nvb, wa, wb, row->weight);
	if (row->weighted) {
		/* placement medians and their CIs: held to their own noise, whatever the clock */
		struct fb_cmp_opts wo = *o;

		wo.floor = 0;
		fb_cmp_runs(wa, row->nva, wb, row->nvb, &wo, &row->rw);
	}
	free(wa);
	free(wb);
}

/* The phases and the model's counters, where both sides carry them. */
static void parts(struct fb_cmp_row *row, const struct fb_cmp_set *s, const char *key, int point)
{
	struct fb_part_runs a, b;
	double delta = row->r.median_b - row->r.median_a;
	bool moved = false; /* the verdict is not known until Holm: fb_comparison_build words it */

	fb_phase_runs(s->base->files, s->base->nfiles, key, &a);
	fb_phase_runs(s->new->files, s->new->nfiles, key, &b);
	fb_cmp_parts_build(&row->phases, FB_PARTS_PHASES, &a, &b, delta, moved, point);
	fb_part_runs_free(&a);
	fb_part_runs_free(&b);
	fb_model_runs(s->base->files, s->base->nfiles, key, point, &a);
	fb_model_runs(s->new->files, s->new->nfiles, key, point, &b);
	fb_cmp_parts_build(&row->model, FB_PARTS_MODEL, &a, &b, delta, moved, point);
	fb_part_runs_free(&a);
	fb_part_runs_free(&b);
}

static void fill_row(struct fb_cmp_row *row, const struct fb_cmp_set *s, const char *key, int point,
		     const struct fb_cmp_opts *o)
{
	row->a = first_with(s->base, key);
	row->b = first_with(s->new, key);
	row->side = row->a && row->b ? FB_ROW_BOTH : row->a ? FB_ROW_ONLY_BASE : FB_ROW_ONLY_NEW;
	row->name = row->a ? row->a->id : row->b->id;
	row->va = side_runs(s->base, key, point, &row->nva, &row->runs_lacking);
	row->vb = side_runs(s->new, key, point, &row->nvb, &row->runs_lacking);
	row->r.ratio = row->r.ci_lo = row->r.ci_hi = NAN;
	row->r.verdict = FB_NOT_JUDGED;
	row->rw.verdict = FB_NOT_JUDGED;
	if (row->side != FB_ROW_BOTH) {
		row->note = row->side == FB_ROW_ONLY_BASE ? "only in base" : "only in new";
	} else if (!usable(row->a) || !usable(row->b)) {
		row->note = usable(row->a) ? row->b->status : row->a->status;
	} else if (!row->a->points[point].present || !row->b->points[point].present) {
		row->note = "no such point";
	} else if (!row->nva || !row->nvb) {
		row->note = "too few samples";
	}
	fb_cmp_runs(row->va, row->nva, row->vb, row->nvb, o, &row->r);
	if (row->note) {
		/* the side that has runs still shows its figure */
		if (!row->nva || !row->nvb) {
			row->r.median_a = row->nva ? row->va[0].median : NAN;
			row->r.median_b = row->nvb ? row->vb[0].median : NAN;
			row->r.ratio = NAN;
		}
		row->r.verdict = FB_NOT_JUDGED;
		return;
	}
	placement(row, o);
	parts(row, s, key, point);
	if (isnan(row->r.ratio))
		row->note = "base median is 0";
}

static void build_set(struct fb_cmp_set *s, int point, const struct fb_cmp_opts *o)
{
	struct fb_key_index seen;
	size_t cap = 0, n = 0;
	char **keys;

	for (int side = 0; side < 2; side++) {
		const struct fb_side *sd = side ? s->new : s->base;

		for (size_t f = 0; f < sd->nfiles; f++)
			cap += sd->files[f].nentries;
	}
	keys = xcalloc(cap, sizeof(*keys));
	fb_key_index_init(&seen, cap);
	/* base's entries in order, then the ones only new has */
	for (int side = 0; side < 2; side++) {
		const struct fb_side *sd = side ? s->new : s->base;

		for (size_t f = 0; f < sd->nfiles; f++)
			for (size_t i = 0; i < sd->files[f].nentries; i++)
				if (fb_key_index_add(&seen, sd->files[f].entries[i].key, n, NULL))
					keys[n++] = sd->files[f].entries[i].key;
	}
	s->rows = xcalloc(n, sizeof(*s->rows));
	for (size_t i = 0; i < n; i++)
		fill_row(&s->rows[i], s, keys[i], point, o);
	s->nrows = n;
	fb_key_index_free(&seen);
	free(keys);
}

static void count_row(struct fb_comparison *c, const struct fb_cmp_set *s,
		      const struct fb_cmp_row *row)
{
	c->tests += row->r.tested;
	c->common += row->side == FB_ROW_BOTH;
	c->missing += row->side == FB_ROW_ONLY_BASE;
	c->broken += row->side == FB_ROW_BOTH && !strcmp(row->a->status, "ok") &&
		     any_failed(s->new, row->a->key);
	for (size_t i = 0; i < row->nva + row->nvb; i++)
		c->outliers += (i < row->nva ? row->va[i] : row->vb[i - row->nva]).excluded;
}

/* The words of a row's parts, once its verdict says whether the entry moved. */
static void word_parts(struct fb_cmp_row *row, int point)
{
	bool moved = row->r.verdict == FB_SLOWER || row->r.verdict == FB_FASTER;
	double delta = row->r.median_b - row->r.median_a;

	fb_cmp_parts_explain(&row->phases, delta, moved, point);
	fb_cmp_parts_explain(&row->model, delta, moved, point);
}

void fb_comparison_build(struct fb_comparison *c, const struct fb_side *sides, size_t n, int point,
			 const struct fb_cmp_opts *opts, const char *clock)
{
	double *p, *padj;
	size_t k = 0;

	memset(c, 0, sizeof(*c));
	c->opts = *opts;
	c->point = point;
	c->clock = clock;
	c->nsets = n - 1;
	c->sets = xcalloc(c->nsets, sizeof(*c->sets));
	for (size_t i = 0; i < c->nsets; i++) {
		c->sets[i].base = &sides[0];
		c->sets[i].new = &sides[i + 1];
		build_set(&c->sets[i], point, opts);
		for (size_t j = 0; j < c->sets[i].nrows; j++)
			count_row(c, &c->sets[i], &c->sets[i].rows[j]);
	}
	c->opts.tests = c->tests;
	p = xcalloc(c->tests, sizeof(*p));
	padj = xcalloc(c->tests, sizeof(*padj));
	for (size_t i = 0; i < c->nsets; i++)
		for (size_t j = 0; j < c->sets[i].nrows; j++)
			if (c->sets[i].rows[j].r.tested)
				p[k++] = c->sets[i].rows[j].r.p;
	fb_holm(p, padj, c->tests);
	k = 0;
	for (size_t i = 0; i < c->nsets; i++)
		for (size_t j = 0; j < c->sets[i].nrows; j++) {
			struct fb_cmp_row *row = &c->sets[i].rows[j];
			struct fb_cmp_result *r = &row->r;

			if (r->tested)
				r->p_adj = padj[k++];
			fb_cmp_decide(r, &c->opts);
			fb_cmp_runs_needed(r, &c->opts);
			word_parts(row, point);
			if (row->side == FB_ROW_BOTH)
				c->verdicts[r->verdict]++;
			c->slower += r->verdict == FB_SLOWER;
			c->faster += r->verdict == FB_FASTER;
			if (r->tested &&
			    (r->runs_a < FB_CMP_MIN_RUNS || r->runs_b < FB_CMP_MIN_RUNS))
				c->few_runs = true;
		}
	free(p);
	free(padj);
}

void fb_comparison_free(struct fb_comparison *c)
{
	for (size_t i = 0; i < c->nsets; i++) {
		for (size_t j = 0; j < c->sets[i].nrows; j++) {
			free(c->sets[i].rows[j].va);
			free(c->sets[i].rows[j].vb);
		}
		free(c->sets[i].rows);
	}
	free(c->sets);
	memset(c, 0, sizeof(*c));
}

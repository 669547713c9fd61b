// SPDX-License-Identifier: MIT
#include "compare/compare_model.h"

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

/* Why an entry cannot be tested, or NULL when it can. */
static const char *no_test_reason(const struct fb_rentry *e, int point)
{
	if (strcmp(e->status, "ok") && strcmp(e->status, "incomplete"))
		return e->status; /* skipped or failed: nothing to compare */
	if (!e->points[point].present)
		return "no such point";
	if (e->points[point].n < FB_CMP_MIN_SAMPLES)
		return "too few samples";
	return NULL;
}

static void fill_row(struct fb_cmp_row *row, int point, const struct fb_cmp_opts *o)
{
	const struct fb_rpoint *pa, *pb;

	row->name = row->a ? row->a->id : row->b->id;
	row->r.verdict = FB_TOO_FEW;
	row->r.p = row->r.p_adj = 1;
	if (row->side != FB_ROW_BOTH) {
		const struct fb_rentry *e = row->a ? row->a : row->b;

		row->note = row->side == FB_ROW_ONLY_BASE ? "only in base" : "only in new";
		pa = &e->points[point];
		if (pa->present && pa->n) {
			double m = fb_cmp_median(pa->ns, pa->n);

			/* The side that exists still shows its median. */
			if (row->a) {
				row->r.na = pa->n;
				row->r.median_a = m;
			} else {
				row->r.nb = pa->n;
				row->r.median_b = m;
			}
		}
		row->r.ratio = row->r.ci_lo = row->r.ci_hi = NAN;
		return;
	}
	row->note = no_test_reason(row->a, point);
	if (!row->note)
		row->note = no_test_reason(row->b, point);
	pa = &row->a->points[point];
	pb = &row->b->points[point];
	if (pa->present && pb->present && pa->n && pb->n)
		fb_cmp_pair(pa->ns, pa->n, pb->ns, pb->n, o, &row->r);
	if (!row->note && isnan(row->r.ratio))
		row->note = "base median is 0"; /* e.g. the cow point of an empty image */
	if (row->note)
		row->r.verdict = FB_TOO_FEW;
}

static void build_set(struct fb_cmp_set *s, int point, const struct fb_cmp_opts *o)
{
	size_t n = 0;

	s->rows = xcalloc(s->base->nentries + s->new->nentries, sizeof(*s->rows));
	for (size_t i = 0; i < s->base->nentries; i++) {
		struct fb_cmp_row *row = &s->rows[n++];

		row->a = &s->base->entries[i];
		row->b = fb_results_find(s->new, row->a->key);
		row->side = row->b ? FB_ROW_BOTH : FB_ROW_ONLY_BASE;
		fill_row(row, point, o);
	}
	for (size_t i = 0; i < s->new->nentries; i++) {
		struct fb_cmp_row *row;

		if (fb_results_find(s->base, s->new->entries[i].key))
			continue;
		row = &s->rows[n++];
		row->b = &s->new->entries[i];
		row->side = FB_ROW_ONLY_NEW;
		fill_row(row, point, o);
	}
	s->nrows = n;
}

void fb_comparison_build(struct fb_comparison *c, const struct fb_results *runs, size_t n,
			 int point, const struct fb_cmp_opts *opts)
{
	double *p, *padj;
	size_t k = 0;

	memset(c, 0, sizeof(*c));
	c->opts = *opts;
	c->point = point;
	c->nsets = n - 1;
	c->sets = xcalloc(c->nsets, sizeof(*c->sets));
	for (size_t i = 0; i < c->nsets; i++) {
		c->sets[i].base = &runs[0];
		c->sets[i].new = &runs[i + 1];
		build_set(&c->sets[i], point, opts);
		for (size_t j = 0; j < c->sets[i].nrows; j++) {
			const struct fb_cmp_row *row = &c->sets[i].rows[j];

			c->tests += row->r.verdict != FB_TOO_FEW;
			c->missing += row->side == FB_ROW_ONLY_BASE;
			c->broken += row->side == FB_ROW_BOTH && !strcmp(row->a->status, "ok") &&
				     !strcmp(row->b->status, "failed");
		}
	}
	p = xcalloc(c->tests, sizeof(*p));
	padj = xcalloc(c->tests, sizeof(*padj));
	for (size_t i = 0; i < c->nsets; i++)
		for (size_t j = 0; j < c->sets[i].nrows; j++)
			if (c->sets[i].rows[j].r.verdict != FB_TOO_FEW)
				p[k++] = c->sets[i].rows[j].r.p;
	fb_holm(p, padj, c->tests);
	k = 0;
	for (size_t i = 0; i < c->nsets; i++)
		for (size_t j = 0; j < c->sets[i].nrows; j++) {
			struct fb_cmp_result *r = &c->sets[i].rows[j].r;

			if (r->verdict == FB_TOO_FEW)
				continue;
			r->p_adj = padj[k++];
			r->verdict = fb_cmp_verdict(r, opts);
			c->slower += r->verdict == FB_SLOWER;
			c->faster += r->verdict == FB_FASTER;
		}
	free(p);
	free(padj);
}

void fb_comparison_free(struct fb_comparison *c)
{
	for (size_t i = 0; i < c->nsets; i++)
		free(c->sets[i].rows);
	free(c->sets);
	memset(c, 0, sizeof(*c));
}

// SPDX-License-Identifier: MIT
#include "compare/compare_output.h"
#include "compare/compare_context.h"
#include "stats.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A time for people: ns below 10 us, then us, then ms. */
static const char *human(double ns, char *buf, size_t len)
{
	if (isnan(ns))
		snprintf(buf, len, "-");
	else if (ns < 1e4)
		snprintf(buf, len, "%.0f ns", ns);
	else if (ns < 1e7)
		snprintf(buf, len, "%.1f us", ns / 1e3);
	else
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	return buf;
}

static const char *pval(double p, char *buf, size_t len)
{
	snprintf(buf, len, p < 0.0001 ? "<0.0001" : "%.4f", p);
	return buf;
}

static const char *run_name(const struct fb_results *r)
{
	if (r->label && r->label[0])
		return r->label;
	return r->kernel_release ? r->kernel_release : "?";
}

static const char *verdict_text(const struct fb_cmp_row *row)
{
	if (row->r.verdict == FB_TOO_FEW && row->note)
		return row->note;
	return fb_verdict_name(row->r.verdict);
}

static void print_row_cells(const struct fb_cmp_row *row, char cells[6][48])
{
	const struct fb_cmp_result *r = &row->r;

	human(r->na ? r->median_a : NAN, cells[0], 48);
	human(r->nb ? r->median_b : NAN, cells[1], 48);
	snprintf(cells[2], 48, "-");
	snprintf(cells[3], 48, "-");
	snprintf(cells[4], 48, "-");
	if (r->na && r->nb && !isnan(r->ratio))
		snprintf(cells[2], 48, "%.3f", r->ratio);
	if (r->na && r->nb && !isnan(r->ci_lo))
		snprintf(cells[3], 48, "%.3f-%.3f", r->ci_lo, r->ci_hi);
	if (r->verdict != FB_TOO_FEW)
		pval(r->p_adj, cells[4], 48);
	snprintf(cells[5], 48, "%s", verdict_text(row));
}

static void header(const struct fb_comparison *c, const struct fb_cmp_set *s, FILE *out,
		   const char *prefix)
{
	char b1[128], b2[128];

	fprintf(out, "%sbase: %s (%s, kernel %s, %s, %s)\n", prefix, s->base->path,
		run_name(s->base), s->base->kernel_release ? s->base->kernel_release : "?",
		s->base->cpu_model ? s->base->cpu_model : "unknown CPU",
		fb_run_execution(s->base, b1, sizeof(b1)));
	fprintf(out, "%snew:  %s (%s, kernel %s, %s, %s)\n", prefix, s->new->path, run_name(s->new),
		s->new->kernel_release ? s->new->kernel_release : "?",
		s->new->cpu_model ? s->new->cpu_model : "unknown CPU",
		fb_run_execution(s->new, b2, sizeof(b2)));
	fprintf(out,
		"%spoint: %s; ratio = new/base median with 95%% bootstrap CI; p: Mann-Whitney U, "
		"Holm-adjusted over %zu tests; threshold %g%% (a significant change is flagged from "
		"%.3g%%), alpha %g\n",
		prefix, fb_point_name(c->point), c->tests, c->opts.threshold * 100,
		fb_cmp_cut(&c->opts) * 100, c->opts.alpha);
}

void fb_cmp_print_table(const struct fb_comparison *c, FILE *out)
{
	for (size_t i = 0; i < c->nsets; i++) {
		const struct fb_cmp_set *s = &c->sets[i];

		if (i)
			fputc('\n', out);
		header(c, s, out, "");
		fprintf(out, "\n%-32s %12s %12s %7s %13s %8s  %s\n", "entry", "base p50", "new p50",
			"ratio", "95% CI", "p", "verdict");
		for (size_t j = 0; j < s->nrows; j++) {
			char cells[6][48];

			print_row_cells(&s->rows[j], cells);
			fprintf(out, "%-32s %12s %12s %7s %13s %8s  %s\n", s->rows[j].name,
				cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]);
		}
	}
	fprintf(out, "\n%zu slower, %zu faster beyond the threshold", c->slower, c->faster);
	if (c->broken)
		fprintf(out, "; %zu failed in new (ran in base): a regression", c->broken);
	if (c->missing)
		fprintf(out, "; %zu missing from new", c->missing);
	fputc('\n', out);
}

void fb_cmp_print_markdown(const struct fb_comparison *c, FILE *out)
{
	for (size_t i = 0; i < c->nsets; i++) {
		const struct fb_cmp_set *s = &c->sets[i];

		fprintf(out, "%s### forkbench compare: %s vs %s\n\n", i ? "\n" : "",
			run_name(s->base), run_name(s->new));
		header(c, s, out, "- ");
		fputs("\n| entry | base p50 | new p50 | ratio | 95% CI | p | verdict |\n"
		      "|:--|--:|--:|--:|--:|--:|:--|\n",
		      out);
		for (size_t j = 0; j < s->nrows; j++) {
			const struct fb_cmp_row *row = &s->rows[j];
			const char *mark = row->r.verdict == FB_SLOWER ? "**" : "";
			char cells[6][48];

			print_row_cells(row, cells);
			fprintf(out, "| %s | %s | %s | %s%s%s | %s | %s | %s%s%s |\n", row->name,
				cells[0], cells[1], mark, cells[2], mark, cells[3], cells[4], mark,
				cells[5], mark);
		}
	}
	fprintf(out, "\n**%zu slower**, %zu faster beyond the %g%% threshold.", c->slower,
		c->faster, c->opts.threshold * 100);
	if (c->broken)
		fprintf(out, " **%zu failed in new** (ran in base): a regression.", c->broken);
	if (c->missing)
		fprintf(out, " %zu missing from new.", c->missing);
	fputc('\n', out);
}

static json_t *num_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *run_json(const struct fb_results *r)
{
	char buf[128];

	return json_pack("{s:s, s:s?, s:s?, s:s?, s:s}", "file", r->path, "label", r->label,
			 "kernel", r->kernel_release, "cpu", r->cpu_model, "execution",
			 fb_run_execution(r, buf, sizeof(buf)));
}

static json_t *row_json(const struct fb_cmp_row *row)
{
	static const char *const sides[] = {"both", "base", "new"};
	const struct fb_cmp_result *r = &row->r;
	bool tested = r->verdict != FB_TOO_FEW;
	json_t *o = json_pack("{s:s, s:O, s:s}", "id", row->name, "parameters",
			      (row->a ? row->a : row->b)->parameters, "in", sides[row->side]);

	json_object_set_new(o, "base",
			    row->a && r->na ? json_pack("{s:I, s:o}", "n", (json_int_t)r->na,
							"median_ns", num_or_null(r->median_a))
					    : json_null());
	json_object_set_new(o, "new",
			    row->b && r->nb ? json_pack("{s:I, s:o}", "n", (json_int_t)r->nb,
							"median_ns", num_or_null(r->median_b))
					    : json_null());
	json_object_set_new(o, "ratio", r->na && r->nb ? num_or_null(r->ratio) : json_null());
	json_object_set_new(o, "ratio_ci95",
			    tested && !isnan(r->ci_lo) ? json_pack("[f, f]", r->ci_lo, r->ci_hi)
						       : json_null());
	json_object_set_new(o, "p", tested ? json_real(r->p) : json_null());
	json_object_set_new(o, "p_adjusted", tested ? json_real(r->p_adj) : json_null());
	json_object_set_new(o, "verdict",
			    json_string(tested ? fb_verdict_name(r->verdict) : "none"));
	json_object_set_new(o, "note", row->note ? json_string(row->note) : json_null());
	return o;
}

int fb_cmp_print_json(const struct fb_comparison *c, FILE *out)
{
	json_t *root = json_pack(
		"{s:s, s:i, s:s, s:f, s:f, s:f, s:{s:s, s:I, s:I}, s:I, s:I, s:I, s:I, s:I, s:[]}",
		"schema", "forkbench-compare", "schema_version", 1, "point",
		fb_point_name(c->point), "threshold", c->opts.threshold, "flagged_from",
		fb_cmp_cut(&c->opts), "alpha", c->opts.alpha, "bootstrap", "method",
		"percentile, ratio of medians", "resamples", (json_int_t)c->opts.bootstrap, "seed",
		(json_int_t)c->opts.seed, "tests", (json_int_t)c->tests, "slower",
		(json_int_t)c->slower, "faster", (json_int_t)c->faster, "failed_in_new",
		(json_int_t)c->broken, "missing_in_new", (json_int_t)c->missing, "comparisons");
	json_t *list = json_object_get(root, "comparisons");
	int rc;

	for (size_t i = 0; i < c->nsets; i++) {
		const struct fb_cmp_set *s = &c->sets[i];
		json_t *rows = json_array();

		for (size_t j = 0; j < s->nrows; j++)
			json_array_append_new(rows, row_json(&s->rows[j]));
		json_array_append_new(list, json_pack("{s:o, s:o, s:o}", "base", run_json(s->base),
						      "new", run_json(s->new), "entries", rows));
	}
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	fputc('\n', out);
	json_decref(root);
	return rc;
}

/* "+- H": half the width of the median's 95% CI (order statistics). */
static const char *median_range(const struct fb_rpoint *p, char *buf, size_t len)
{
	double *v = malloc(p->n * sizeof(*v)), lo, hi;

	if (!v)
		abort();
	memcpy(v, p->ns, p->n * sizeof(*v));
	fb_sort_doubles(v, p->n);
	fb_median_ci(v, p->n, 1.959964, &lo, &hi);
	free(v);
	snprintf(buf, len, "\u00b1 %.0f", (hi - lo) / 2);
	return buf;
}

int fb_cmp_print_github(const struct fb_comparison *c, FILE *out)
{
	const struct fb_cmp_set *s = &c->sets[c->nsets - 1];
	json_t *list = json_array();
	int rc;

	for (size_t j = 0; j < s->nrows; j++) {
		const struct fb_cmp_row *row = &s->rows[j];
		const struct fb_rpoint *p = row->b ? &row->b->points[c->point] : NULL;
		char name[256], extra[256];
		json_t *o;

		if (!p || !p->present || !p->n)
			continue; /* nothing measured on the new side: no data point */
		snprintf(name, sizeof(name), "%s %s", row->name, fb_point_name(c->point));
		o = json_pack("{s:s, s:s, s:f}", "name", name, "unit", "ns", "value",
			      row->r.nb ? row->r.median_b : fb_cmp_median(p->ns, p->n));
		json_object_set_new(o, "range", json_string(median_range(p, name, sizeof(name))));
		if (row->side == FB_ROW_BOTH && row->r.na)
			snprintf(
				extra, sizeof(extra),
				"median of %zu samples; base %.0f ns; ratio %.3f (95%% CI %.3f-%.3f); "
				"p %.4g; %s",
				row->r.nb, row->r.median_a, row->r.ratio, row->r.ci_lo,
				row->r.ci_hi, row->r.p_adj, verdict_text(row));
		else
			snprintf(extra, sizeof(extra), "median of %zu samples; %s", p->n,
				 row->note ? row->note : "");
		json_object_set_new(o, "extra", json_string(extra));
		json_array_append_new(list, o);
	}
	rc = json_dumpf(list, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	fputc('\n', out);
	json_decref(list);
	return rc;
}

// SPDX-License-Identifier: MIT
/* forkbench compare as JSON (schema forkbench-compare v3) and as github-action-benchmark input. */
#include "compare/compare_context.h"
#include "compare/compare_output.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

static json_t *num_or_null(double v)
{
	return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

static json_t *file_json(const struct fb_results *r)
{
	char buf[128];

	return json_pack("{s:s, s:s?, s:s?, s:s?, s:s, s:s, s:i, s:o}", "file", r->path, "label",
			 r->label, "kernel", r->kernel_release, "cpu", r->cpu_model, "execution",
			 fb_run_execution(r, buf, sizeof(buf)), "clock", r->clock, "runs", r->runs,
			 "busy", r->busy[0] ? json_string(r->busy) : json_null());
}

/* A side: its first file's fields at the top (as in schema v1), then every file. */
static json_t *side_json(const struct fb_side *s)
{
	json_t *o = file_json(&s->files[0]), *files = json_array();

	for (size_t f = 0; f < s->nfiles; f++)
		json_array_append_new(files, file_json(&s->files[f]));
	json_object_set_new(o, "files", files);
	json_object_set_new(o, "runs", json_integer((json_int_t)s->nruns));
	return o;
}

static json_t *runs_json(const struct fb_run_value *v, size_t n)
{
	json_t *a = json_array();
	char name[256];

	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			a, json_pack("{s:s, s:i, s:I, s:o, s:o, s:b, s:o}", "run",
				     fb_run_name(&v[i], name, sizeof(name)), "index", v[i].index,
				     "n", (json_int_t)v[i].n, "median_ns", num_or_null(v[i].median),
				     "value_ns", num_or_null(v[i].value), "excluded", v[i].excluded,
				     "outlier_factor",
				     v[i].excluded ? num_or_null(v[i].outlier) : json_null()));
	return a;
}

static json_t *side_figures(const struct fb_cmp_row *row, bool a)
{
	const struct fb_cmp_result *r = &row->r;
	size_t n = a ? row->nva : row->nvb;

	if (!n)
		return json_null();
	return json_pack("{s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "runs", (json_int_t)n, "runs_used",
			 (json_int_t)(a ? r->ka : r->kb), "n", (json_int_t)(a ? r->na : r->nb),
			 "median_ns", num_or_null(a ? r->median_a : r->median_b), "geomean_ns",
			 num_or_null(a ? r->center_a : r->center_b), "spread",
			 num_or_null(a ? r->spread_a : r->spread_b), "per_run",
			 runs_json(a ? row->va : row->vb, n));
}

static json_t *ci_or_null(double lo, double hi)
{
	return isnan(lo) || isnan(hi) ? json_null() : json_pack("[f, f]", lo, hi);
}

static json_t *placement_json(const struct fb_cmp_row *row)
{
	static const char *const keys[] = {"same_cpu", "other_cpu", "unknown"};
	json_t *shares = json_object(), *ratios = json_object(), *o;
	char finding[160];

	if (isnan(row->share_a[FB_PLACE_SAME]) && isnan(row->share_b[FB_PLACE_SAME]))
		return json_null(); /* no CPUs recorded */
	for (int k = 0; k < FB_NPLACES; k++) {
		if (!(row->share_a[k] > 0) && !(row->share_b[k] > 0))
			continue;
		json_object_set_new(shares, keys[k],
				    json_pack("[o, o]", num_or_null(row->share_a[k]),
					      num_or_null(row->share_b[k])));
		json_object_set_new(ratios, keys[k], num_or_null(row->place_ratio[k]));
	}
	snprintf(finding, sizeof(finding), "children on the parent's CPU %.0f%% -> %.0f%%",
		 100 * row->share_a[FB_PLACE_SAME], 100 * row->share_b[FB_PLACE_SAME]);
	o = json_pack("{s:[o, o], s:b, s:o, s:o, s:o}", "share_same_cpu",
		      num_or_null(row->share_a[FB_PLACE_SAME]),
		      num_or_null(row->share_b[FB_PLACE_SAME]), "shift", row->shifted, "finding",
		      row->shifted ? json_string(finding) : json_null(), "share_of_samples", shares,
		      "ratio_within", ratios);
	json_object_set_new(
		o, "weighted",
		row->weighted
			? json_pack("{s:o, s:o, s:o}", "ratio", num_or_null(row->rw.ratio),
				    "ratio_ci95", ci_or_null(row->rw.ci_lo, row->rw.ci_hi),
				    "weights",
				    json_pack("{s:f, s:f}", "same_cpu", row->weight[FB_PLACE_SAME],
					      "other_cpu", row->weight[FB_PLACE_OTHER]))
			: json_null());
	return o;
}

static json_t *parts_json(const struct fb_cmp_parts *p)
{
	json_t *rows;

	if (!p->n)
		return json_null();
	rows = json_array();
	for (size_t i = 0; i < p->n; i++) {
		const struct fb_cmp_part *q = &p->part[i];

		json_array_append_new(
			rows,
			json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:I, s:I}",
				  p->kind == FB_PARTS_PHASES ? "phase" : "counter", q->name,
				  p->kind == FB_PARTS_PHASES ? "a_ns" : "a", num_or_null(q->a),
				  p->kind == FB_PARTS_PHASES ? "b_ns" : "b", num_or_null(q->b),
				  p->kind == FB_PARTS_PHASES ? "delta_ns" : "delta",
				  num_or_null(q->delta), "ratio", num_or_null(q->ratio),
				  p->kind == FB_PARTS_PHASES ? "delta_ci95_ns" : "delta_ci95",
				  ci_or_null(q->d_lo, q->d_hi), "ratio_ci95",
				  !isnan(q->d_lo) && q->mean_a > 0
					  ? json_pack("[f, f]", 1 + q->d_lo / q->mean_a,
						      1 + q->d_hi / q->mean_a)
					  : json_null(),
				  "moved", q->moved, "runs_a", (json_int_t)q->ka, "runs_b",
				  (json_int_t)q->kb));
	}
	return json_pack("{s:o, s:s, s:o}", "where", p->where ? json_string(p->where) : json_null(),
			 "summary", p->summary, "rows", rows);
}

static json_t *row_json(const struct fb_cmp_row *row)
{
	static const char *const sides[] = {"both", "base", "new"};
	const struct fb_cmp_result *r = &row->r;
	bool tested = r->tested, both = row->nva && row->nvb;
	json_t *o = json_pack("{s:s, s:O, s:s}", "id", row->name, "parameters",
			      (row->a ? row->a : row->b)->parameters, "in", sides[row->side]);

	json_object_set_new(o, "base", side_figures(row, true));
	json_object_set_new(o, "new", side_figures(row, false));
	json_object_set_new(o, "ratio", both ? num_or_null(r->ratio) : json_null());
	json_object_set_new(o, "ratio_ci95", tested ? ci_or_null(r->ci_lo, r->ci_hi) : json_null());
	json_object_set_new(o, "between_runs", json_boolean(tested && r->between_runs));
	json_object_set_new(o, "spread_floored", json_boolean(tested && r->floored));
	json_object_set_new(o, "df", tested ? num_or_null(r->df) : json_null());
	json_object_set_new(o, "mde", tested ? num_or_null(r->mde) : json_null());
	json_object_set_new(o, "p", tested ? json_real(r->p) : json_null());
	json_object_set_new(o, "p_adjusted", tested ? json_real(r->p_adj) : json_null());
	json_object_set_new(o, "verdict", json_string(fb_verdict_name(r->verdict)));
	json_object_set_new(o, "runs_needed",
			    r->runs_needed ? json_integer((json_int_t)r->runs_needed)
					   : json_null());
	json_object_set_new(o, "note", row->note ? json_string(row->note) : json_null());
	json_object_set_new(o, "placement", both ? placement_json(row) : json_null());
	json_object_set_new(o, "phases", parts_json(&row->phases));
	json_object_set_new(o, "model", parts_json(&row->model));
	return o;
}

int fb_cmp_print_json(const struct fb_comparison *c, FILE *out)
{
	json_t *root = json_pack(
		"{s:s, s:i, s:s, s:s, s:f, s:f, s:f, s:f, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
		"s:[]}",
		"schema", "forkbench-compare", "schema_version", 3, "point",
		fb_point_name(c->point), "clock", c->clock, "threshold", c->opts.threshold,
		"flagged_from", fb_cmp_cut(&c->opts, NULL), "alpha", c->opts.alpha, "allowance",
		c->opts.allowance, "method",
		"runs as the unit: each run's lower quartile; Student's t on their logs, the "
		"sides' variances pooled; runs far slower than their side's undisturbed ones left "
		"out and named; no change only where the MDE is within the threshold",
		"tests", (json_int_t)c->tests, "common", (json_int_t)c->common, "slower",
		(json_int_t)c->slower, "faster", (json_int_t)c->faster, "failed_in_new",
		(json_int_t)c->broken, "missing_in_new", (json_int_t)c->missing, "outlier_runs",
		(json_int_t)c->outliers, "comparisons");
	json_t *verdicts = json_object();

	for (int v = 0; v < FB_NVERDICTS; v++)
		json_object_set_new(verdicts, fb_verdict_name(v),
				    json_integer((json_int_t)c->verdicts[v]));
	json_object_set_new(root, "verdicts", verdicts);
	json_object_set_new(root, "estimator", json_string("lower quartile"));
	json_object_set_new(root, "floor", json_real(c->opts.floor));
	json_t *list = json_object_get(root, "comparisons");
	int rc;

	for (size_t i = 0; i < c->nsets; i++) {
		const struct fb_cmp_set *s = &c->sets[i];
		json_t *rows = json_array();

		for (size_t j = 0; j < s->nrows; j++)
			json_array_append_new(rows, row_json(&s->rows[j]));
		json_array_append_new(list, json_pack("{s:o, s:o, s:o}", "base", side_json(s->base),
						      "new", side_json(s->new), "entries", rows));
	}
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	fputc('\n', out);
	json_decref(root);
	return rc;
}

int fb_cmp_print_github(const struct fb_comparison *c, FILE *out)
{
	const struct fb_cmp_set *s = &c->sets[c->nsets - 1];
	json_t *list = json_array();
	int rc;

	for (size_t j = 0; j < s->nrows; j++) {
		const struct fb_cmp_row *row = &s->rows[j];
		const struct fb_cmp_result *r = &row->r;
		char name[256], extra[320], range[64];
		json_t *o;

		if (!row->nvb || isnan(r->median_b) || r->median_b <= 0)
			continue; /* nothing measured on the new side: no data point */
		snprintf(name, sizeof(name), "%s %s", row->name, fb_point_name(c->point));
		o = json_pack("{s:s, s:s, s:f}", "name", name, "unit", "ns", "value", r->median_b);
		/* the spread between B's runs, in ns: what a single figure can move by */
		snprintf(range, sizeof(range), "\u00b1 %.0f",
			 isnan(r->spread_b) ? 0 : r->median_b * r->spread_b);
		json_object_set_new(o, "range", json_string(range));
		if (row->side == FB_ROW_BOTH && row->nva && !isnan(r->ratio))
			snprintf(extra, sizeof(extra),
				 "median of %zu run medians; base %.0f ns; ratio %.3f (95%% "
				 "CI %.3f-%.3f over runs); p %.4g; %s",
				 r->kb, r->median_a, r->ratio, r->ci_lo, r->ci_hi, r->p_adj,
				 row->note ? row->note : fb_verdict_name(r->verdict));
		else
			snprintf(extra, sizeof(extra), "median of %zu run medians; %s", row->nvb,
				 row->note ? row->note : "");
		json_object_set_new(o, "extra", json_string(extra));
		json_array_append_new(list, o);
	}
	rc = json_dumpf(list, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	fputc('\n', out);
	json_decref(list);
	return rc;
}

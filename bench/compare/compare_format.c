// SPDX-License-Identifier: MIT
/* The cells and the lines around the rows that the table and the markdown share. */
#include "compare/compare_context.h"
#include "compare/compare_output.h"
#include "core/text_escape.h"
#include "core/time_unit.h"

#include <math.h>
#include <string.h>

const char *const fb_cmp_cell_titles[FB_NCELLS] = {
	"A p50", "B p50", "ratio", "95% CI", "runs", "spread A/B", "MDE", "p", "verdict",
};

const char *fb_cmp_human(double ns, int unit, char *buf, size_t len)
{
	char t[32];

	if (isnan(ns) || ns <= 0)
		snprintf(buf, len, "-");
	else if (unit == FB_UNIT_AUTO)
		fb_format_time(ns, unit, buf, len);
	else /* the cells share their titles with markdown: each says its unit */
		snprintf(buf, len, "%s %s", fb_format_time(ns, unit, t, sizeof(t)),
			 fb_time_unit_name(unit));
	return buf;
}

static const char *percent(double x, char *buf, size_t len)
{
	if (isnan(x))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, x < 0.0995 ? "%.2f%%" : "%.1f%%", 100 * x);
	return buf;
}

const char *fb_run_name(const struct fb_run_value *v, char *buf, size_t len)
{
	const char *slash = strrchr(v->file->path, '/');
	const char *base = slash ? slash + 1 : v->file->path;

	/* results.json files are told apart by their directory */
	if (!strcmp(base, "results.json") && slash) {
		const char *d = slash;

		while (d > v->file->path && d[-1] != '/')
			d--;
		base = d;
	}
	char shown[FB_SHOWN_LEN];

	/* a name is the file's to choose: shown escaped (core/text_escape.h) */
	fb_escape_text(base, shown, sizeof(shown));
	if (v->file->runs > 1)
		snprintf(buf, len, "%s#%d", shown, v->index + 1);
	else
		snprintf(buf, len, "%s", shown);
	return buf;
}

const char *fb_side_label(const struct fb_side *s)
{
	const struct fb_results *r = &s->files[0];

	if (r->label && r->label[0])
		return r->label;
	return r->kernel_release ? r->kernel_release : "?";
}

static const char *verdict_text(const struct fb_cmp_row *row, char *buf, size_t len)
{
	const struct fb_cmp_result *r = &row->r;

	if (r->verdict == FB_NOT_JUDGED && row->note)
		return row->note;
	if (r->split)
		snprintf(buf, len, "%s (runs split)", fb_verdict_name(r->verdict));
	else if (r->runs_needed)
		snprintf(buf, len, "%s (%zu runs a side)", fb_verdict_name(r->verdict),
			 r->runs_needed);
	else if (r->verdict == FB_INCONCLUSIVE)
		snprintf(buf, len, "%s (over 1000 runs a side)", fb_verdict_name(r->verdict));
	else
		snprintf(buf, len, "%s", fb_verdict_name(r->verdict));
	return buf;
}

void fb_cmp_cells(const struct fb_cmp_row *row, int unit, char cells[FB_NCELLS][FB_CELL_LEN])
{
	const struct fb_cmp_result *r = &row->r;
	bool both = row->nva && row->nvb && !isnan(r->ratio);
	char a[16], b[16], v[FB_CELL_LEN];

	for (int i = 0; i < FB_NCELLS; i++)
		snprintf(cells[i], FB_CELL_LEN, "-");
	fb_cmp_human(row->nva ? r->median_a : NAN, unit, cells[FB_CELL_A], FB_CELL_LEN);
	fb_cmp_human(row->nvb ? r->median_b : NAN, unit, cells[FB_CELL_B], FB_CELL_LEN);
	if (both)
		snprintf(cells[FB_CELL_RATIO], FB_CELL_LEN, "%.3f", r->ratio);
	if (both && !isnan(r->ci_lo))
		snprintf(cells[FB_CELL_CI], FB_CELL_LEN, "%.3f-%.3f", r->ci_lo, r->ci_hi);
	if (row->nva || row->nvb)
		snprintf(cells[FB_CELL_RUNS], FB_CELL_LEN, "%zu/%zu", r->ka ? r->ka : row->nva,
			 r->kb ? r->kb : row->nvb);
	if (both)
		snprintf(cells[FB_CELL_SPREAD], FB_CELL_LEN, "%s/%s",
			 percent(r->spread_a, a, sizeof(a)), percent(r->spread_b, b, sizeof(b)));
	if (r->tested) {
		percent(r->mde, cells[FB_CELL_MDE], FB_CELL_LEN);
		snprintf(cells[FB_CELL_P], FB_CELL_LEN, r->p_adj < 0.0001 ? "<0.0001" : "%.4f",
			 r->p_adj);
	}
	snprintf(cells[FB_CELL_VERDICT], FB_CELL_LEN, "%s", verdict_text(row, v, sizeof(v)));
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Whether every file of the side lies in the directory of the first. */
static bool one_dir(const struct fb_side *s)
{
	const char *first = s->files[0].path, *b = base_name(first);

	for (size_t f = 1; f < s->nfiles; f++) {
		const char *p = s->files[f].path, *pb = base_name(p);

		if (pb - p != b - first || strncmp(p, first, (size_t)(b - first)))
			return false;
	}
	return true;
}

/* Text of a file (a label, a kernel, a path) as shown: escaped (core/text_escape.h). */
#define SHOWN(text, buf) fb_escape_text(text, buf, sizeof(buf))

static void print_side(const char *name, const struct fb_side *s, FILE *out, const char *prefix)
{
	const struct fb_results *r = &s->files[0];
	bool dir = one_dir(s) && strchr(r->path, '/');
	char buf[128], t[FB_SHOWN_LEN], u[FB_SHOWN_LEN];

	fprintf(out, "%s%s: %s, %zu run%s:", prefix, name, SHOWN(fb_side_label(s), t), s->nruns,
		s->nruns == 1 ? "" : "s");
	for (size_t f = 0; f < s->nfiles && f < 6; f++)
		fprintf(out, " %s", SHOWN(dir ? base_name(s->files[f].path) : s->files[f].path, t));
	if (s->nfiles > 6)
		fprintf(out, " and %zu more", s->nfiles - 6);
	if (dir) {
		snprintf(u, sizeof(u), "%.*s", (int)(base_name(r->path) - r->path - 1), r->path);
		fprintf(out, " in %s", SHOWN(u, t));
	}
	fprintf(out, " (kernel %s, ", SHOWN(r->kernel_release ? r->kernel_release : "?", t));
	fprintf(out, "%s, %s, %s clock)\n", SHOWN(r->cpu_model ? r->cpu_model : "unknown CPU", t),
		SHOWN(fb_run_execution(r, buf, sizeof(buf)), u), r->clock);
}

void fb_cmp_print_sides(const struct fb_cmp_set *s, FILE *out, const char *prefix)
{
	print_side("A (base)", s->base, out, prefix);
	print_side("B (new) ", s->new, out, prefix);
}

void fb_cmp_print_method(const struct fb_comparison *c, FILE *out, const char *prefix)
{
	char floor_text[64];

	snprintf(floor_text, sizeof(floor_text), ", never below %.2g%%", 100 * c->opts.floor);
	fprintf(out,
		"%spoint %s, %s clock; A and B p50 = the median of the runs' medians; each run is "
		"one value for the test, its lower quartile (the fast path: disturbance and the "
		"modes above it move a median from run to run); ratio = B/A of the runs' "
		"geometric means, 95%% CI by Student's t over runs; spread = SD between runs%s; "
		"MDE = smallest slowdown "
		"flagged with 95%% power; p Holm-adjusted over %zu tests; slower or faster when "
		"significant and from %.3g%% (threshold %g%%, alpha %g); no change only where the "
		"MDE is within the threshold, else inconclusive\n",
		prefix, fb_point_name(c->point), c->clock, c->opts.floor > 0 ? floor_text : "",
		c->tests, fb_cmp_cut(&c->opts, NULL) * 100, c->opts.threshold * 100, c->opts.alpha);
	if (c->few_runs)
		fprintf(out,
			"%sfewer than %d runs a side: run-to-run variation is not (or barely) in "
			"the CI, so nothing below the %g%% run-to-run allowance of %s time is "
			"flagged, and the rest is not judged; a verdict needs %d or more runs per "
			"side (forkbench run --runs)\n",
			prefix, FB_CMP_MIN_RUNS, c->opts.allowance * 100, c->clock,
			FB_CMP_MIN_RUNS);
}

/*
 * Where children started, as a finding of its own: printed where the
 * same-CPU share moved, with B/A within each placement and, where both
 * sides hold both, the figure that weighs them alike. Never a verdict.
 */
static void placement_note(const struct fb_cmp_row *row, FILE *out, const char *prefix)
{
	char shown[FB_SHOWN_LEN];

	if (!row->shifted)
		return;
	fprintf(out, "%s%s: children on the parent's CPU %.0f%% -> %.0f%%", prefix,
		SHOWN(row->name, shown), 100 * row->share_a[FB_PLACE_SAME],
		100 * row->share_b[FB_PLACE_SAME]);
	for (int k = FB_PLACE_SAME; k <= FB_PLACE_OTHER; k++)
		if (!isnan(row->place_ratio[k]))
			fprintf(out, "; B/A on the %s %.3f",
				k == FB_PLACE_SAME ? "same CPU" : "other CPU", row->place_ratio[k]);
	if (row->weighted && !isnan(row->rw.ratio))
		fprintf(out, "; weighted alike on both sides %.3f (%.3f-%.3f)", row->rw.ratio,
			row->rw.ci_lo, row->rw.ci_hi);
	fputs(": a shift of placement, reported, never a verdict\n", out);
}

/* One part as a line of its own (--parts): both figures, the change and its CI. */
static void part_line(const struct fb_cmp_parts *p, const struct fb_cmp_part *q, int unit,
		      FILE *out, const char *prefix)
{
	char a[32], b[32], d[40], shown[FB_SHOWN_LEN];

	fb_cmp_part_change(p, q, d, sizeof(d));
	SHOWN(q->name, shown); /* a phase or counter name is a key of the file */
	if (p->kind == FB_PARTS_PHASES)
		fprintf(out, "%s    %-16s %10s %10s %10s", prefix, shown,
			fb_cmp_human(q->a, unit, a, sizeof(a)),
			fb_cmp_human(q->b, unit, b, sizeof(b)), d);
	else
		fprintf(out, "%s    %-16s %10.0f %10.0f %10s", prefix, shown, q->a, q->b, d);
	if (!isnan(q->d_lo))
		fprintf(out, "  95%% CI %+.0f..%+.0f%s", q->d_lo, q->d_hi,
			p->kind == FB_PARTS_PHASES ? " ns" : "");
	fprintf(out, "%s\n", q->moved ? "  moved" : "");
}

static void parts_note(const struct fb_comparison *c, const struct fb_cmp_row *row,
		       const struct fb_cmp_parts *p, FILE *out, const char *prefix)
{
	char shown[FB_SHOWN_LEN], sum[FB_SHOWN_LEN];

	if (!p->n || !p->summary[0])
		return;
	fprintf(out, "%s%s: %s: %s\n", prefix, SHOWN(row->name, shown),
		p->kind == FB_PARTS_PHASES ? "copy_process" : "model", SHOWN(p->summary, sum));
	if (c->all_parts)
		for (size_t i = 0; i < p->n; i++)
			part_line(p, &p->part[i], c->opts.unit, out, prefix);
}

/* A side whose fastest runs are a minority: named, and whether the entry is judged. */
static void split_note(const struct fb_cmp_row *row, int side, FILE *out, const char *prefix)
{
	const struct fb_run_value *v = side ? row->vb : row->va;
	size_t k = side ? row->nvb : row->nva;
	double lo = INFINITY, hi = 0;
	char t[32], shown[FB_SHOWN_LEN];

	for (size_t i = 0; i < k; i++) {
		lo = v[i].value < lo ? v[i].value : lo;
		hi = v[i].value > hi ? v[i].value : hi;
	}
	fprintf(out,
		"%s%s: %s's runs split: the fastest at %s, most of the others up to %.2fx it; %s\n",
		prefix, SHOWN(row->name, shown), side ? "B" : "A",
		fb_cmp_human(lo, FB_UNIT_AUTO, t, sizeof(t)), hi / lo,
		row->r.verdict == FB_NOT_JUDGED
			? "which are disturbed cannot be told, so it is not judged (more runs, or a quieter machine)"
			: "which are disturbed cannot be told, but every run of one side lies beyond every run of the other, so the verdict holds whichever were");
}

void fb_cmp_print_notes(const struct fb_comparison *c, const struct fb_cmp_set *s, FILE *out,
			const char *prefix)
{
	for (size_t j = 0; j < s->nrows; j++) {
		const struct fb_cmp_row *row = &s->rows[j];
		char name[FB_SHOWN_LEN + 16], shown[FB_SHOWN_LEN];

		SHOWN(row->name, shown);
		for (size_t i = 0; i < row->nva + row->nvb; i++) {
			bool on_a = i < row->nva;
			const struct fb_run_value *v = on_a ? &row->va[i] : &row->vb[i - row->nva];

			if (v->excluded)
				fprintf(out,
					"%s%s: outlier run %s at %.3fx the other %s runs, left out "
					"of the estimate\n",
					prefix, shown, fb_run_name(v, name, sizeof(name)),
					v->outlier, on_a ? "A" : "B");
		}
		for (int side = 0; side < 2; side++)
			if (row->r.split & (1u << side))
				split_note(row, side, out, prefix);
		if (row->runs_lacking && row->side == FB_ROW_BOTH)
			fprintf(out, "%s%s: %zu run%s lack this entry or have too few samples\n",
				prefix, shown, row->runs_lacking,
				row->runs_lacking == 1 ? "" : "s");
		placement_note(row, out, prefix);
		parts_note(c, row, &row->phases, out, prefix);
		parts_note(c, row, &row->model, out, prefix);
	}
}

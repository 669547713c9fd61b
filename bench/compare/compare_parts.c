// SPDX-License-Identifier: MIT
#include "compare/compare_parts.h"
#include "compare/student_t.h"
#include "core/sample.h"
#include "core/time_unit.h"
#include "stats/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A part moved when its CI excludes 0 and the change is not negligible:
 * at least FB_PART_OWN of the part itself (two boots of one kernel agree on
 * a phase within a few ns, so a phase can be significant by a nanosecond)
 * and, for a phase, FB_PART_SHARE of the entry's own change (a phase that
 * explains less than that of a change is not where it went). A counter is
 * not in the entry's unit (16 more cache misses against 4,000 more cycles),
 * so only its own size counts.
 */
#define FB_PART_OWN   0.002
#define FB_PART_SHARE 0.01
/* The whole part explains the entry's change when it holds this much of it. */
#define FB_PART_WHOLE 0.2
/* Moved parts named by name, the largest first; the rest are counted. */
#define FB_PART_NAMED 3

void fb_part_runs_free(struct fb_part_runs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->run_median[i]);
	memset(s, 0, sizeof(*s));
}

static int find(const struct fb_part_runs *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return (int)i;
	return -1;
}

static double mean_of(const double *v, size_t k)
{
	double s = 0;

	for (size_t i = 0; i < k; i++)
		s += v[i];
	return k ? s / (double)k : NAN;
}

static double ss_of(const double *v, size_t k, double m)
{
	double s = 0;

	for (size_t i = 0; i < k; i++)
		s += (v[i] - m) * (v[i] - m);
	return s;
}

static double median_of(const double *v, size_t k)
{
	double *x = malloc((k ? k : 1) * sizeof(*x)), m;

	if (!x)
		abort();
	memcpy(x, v, k * sizeof(*x));
	fb_sort_doubles(x, k);
	m = k ? fb_quantile(x, k, 0.5) : NAN;
	free(x);
	return m;
}

static void compare_part(struct fb_cmp_part *p, const double *a, size_t ka, const double *b,
			 size_t kb)
{
	double var, se, t;

	p->ka = ka;
	p->kb = kb;
	p->a = median_of(a, ka);
	p->b = median_of(b, kb);
	p->mean_a = mean_of(a, ka);
	p->mean_b = mean_of(b, kb);
	p->delta = p->mean_b - p->mean_a;
	p->ratio = p->mean_a != 0 ? p->mean_b / p->mean_a : NAN;
	p->d_lo = p->d_hi = NAN;
	if (ka + kb <= 2)
		return; /* no spread between runs to test against */
	var = (ss_of(a, ka, p->mean_a) + ss_of(b, kb, p->mean_b)) / (double)(ka + kb - 2);
	/* the values are integer counts or nanoseconds: their rounding is the least spread */
	if (var < 1.0 / 12)
		var = 1.0 / 12;
	se = sqrt(var / (double)ka + var / (double)kb);
	t = fb_t_quantile(0.975, (double)(ka + kb - 2));
	p->d_lo = p->delta - t * se;
	p->d_hi = p->delta + t * se;
}

static bool negligible(const struct fb_cmp_part *p, double entry_delta)
{
	double d = fabs(p->delta);

	return d < FB_PART_OWN * fabs(p->mean_a) || d < FB_PART_SHARE * fabs(entry_delta) || d < 1;
}

/* "+45.3 us" for a phase (ns), "+64" for a counter: a change with its sign. */
static const char *signed_change(const struct fb_cmp_parts *s, double d, char *buf, size_t len)
{
	char t[32];

	if (s->kind != FB_PARTS_PHASES)
		snprintf(buf, len, "%+.0f", d);
	else if (fabs(d) < 0.5)
		snprintf(buf, len, "+0 ns");
	else
		snprintf(buf, len, "%c%s", d < 0 ? '-' : '+',
			 fb_format_time(fabs(d), FB_UNIT_AUTO, t, sizeof(t)));
	return buf;
}

/* "+8.7%", "+0.02%", or "from 0". */
static const char *percent_change(const struct fb_cmp_part *p, char *buf, size_t len)
{
	if (isnan(p->ratio))
		snprintf(buf, len, "from 0");
	else
		snprintf(buf, len, fabs(p->ratio - 1) < 0.000995 ? "%+.2f%%" : "%+.1f%%",
			 100 * (p->ratio - 1));
	return buf;
}

/* "copy_mm +45.3 us (+8.7%)", "l2_misses +64 (+3.1%)". */
static void change_text(const struct fb_cmp_parts *s, const struct fb_cmp_part *p, char *buf,
			size_t len)
{
	char d[40], pct[24];

	snprintf(buf, len, "%s %s (%s)", p->name, signed_change(s, p->delta, d, sizeof(d)),
		 percent_change(p, pct, sizeof(pct)));
}

void fb_cmp_part_change(const struct fb_cmp_parts *s, const struct fb_cmp_part *p, char *buf,
			size_t len)
{
	signed_change(s, p->delta, buf, len);
}

/* Where the round trip's or creation's time lies when copy_process did not move. */
static const char *outside(int point)
{
	switch (point) {
	case FB_PT_CREATE:
		return "the rest of the creation call (wake-up, return to the parent)";
	case FB_PT_CHILD_START:
		return "the way to the child's first instruction (scheduling, return to user)";
	default:
		return "the exit, reap or wait path";
	}
}

/*
 * The moved parts, the largest first: phases by their time (where the time
 * went), counters by their relative change (16 more last-level misses
 * weigh more than 200 more instructions).
 */
static double size_of(const struct fb_cmp_parts *s, int i)
{
	const struct fb_cmp_part *p = &s->part[i];

	if (s->kind == FB_PARTS_PHASES || isnan(p->ratio))
		return fabs(p->delta);
	return fabs(p->ratio - 1);
}

static int by_size(const void *x, const void *y, void *arg)
{
	double a = size_of(arg, *(const int *)x), b = size_of(arg, *(const int *)y);

	return a > b ? -1 : a < b;
}

/* The largest relative change among parts that did not move (and are not the whole). */
static int find_part(const struct fb_cmp_parts *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->part[i].name, name))
			return (int)i;
	return -1;
}

/*
 * How far the parts that did not move moved at most: for phases in time
 * ("within 0.8 us": a phase of 1 us that moves by 0.8 us is 61% of itself
 * and nothing of a 15 ms change), for counters relative to each.
 */
static const char *rest_within(const struct fb_cmp_parts *s, char *buf, size_t len)
{
	bool phases = s->kind == FB_PARTS_PHASES;
	double most = 0, v;
	char t[32];

	for (size_t i = 0; i < s->n; i++) {
		if (s->part[i].moved || (int)i == s->total)
			continue;
		v = phases ? fabs(s->part[i].delta) : fabs(s->part[i].ratio - 1);
		if (!isnan(v) && v > most)
			most = v;
	}
	if (!phases)
		snprintf(buf, len, "%.2f%%", 100 * most);
	else if (most < 999.5)
		snprintf(buf, len, "%.0f ns", fmax(most, 1));
	else
		snprintf(buf, len, "%s", fb_format_time(most, FB_UNIT_AUTO, t, sizeof(t)));
	return buf;
}

void fb_cmp_parts_explain(struct fb_cmp_parts *s, double entry_delta, bool moved, int point)
{
	int order[FB_MAX_PARTS], nm = 0;
	size_t len = sizeof(s->summary), at = 0;
	const char *what = s->kind == FB_PARTS_PHASES ? "phases" : "counters";
	bool tested = s->n && !isnan(s->part[0].d_lo);
	char buf[128];

	s->where = NULL;
	s->summary[0] = '\0';
	if (!s->n)
		return;
	if (!tested) {
		snprintf(s->summary, len, "%s shown, not tested: one run a side", what);
		return;
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->part[i].moved && (int)i != s->total)
			order[nm++] = (int)i;
	qsort_r(order, (size_t)nm, sizeof(*order), by_size, s);
	if (s->total >= 0 && moved) {
		const struct fb_cmp_part *t = &s->part[s->total];

		if (!t->moved || fabs(t->delta) < FB_PART_WHOLE * fabs(entry_delta)) {
			char d[40], pct[24];

			s->where = "outside copy_process";
			snprintf(s->summary, len, "outside copy_process: %s (copy_process %s, %s)",
				 outside(point), signed_change(s, t->delta, d, sizeof(d)),
				 percent_change(t, pct, sizeof(pct)));
			return;
		}
		s->where = nm ? s->part[order[0]].name : "copy_process";
	}
	for (int i = 0; i < nm && i < FB_PART_NAMED; i++) {
		change_text(s, &s->part[order[i]], buf, sizeof(buf));
		at += (size_t)snprintf(s->summary + at, len - at, "%s%s", i ? ", " : "", buf);
		if (at >= len)
			return;
	}
	if (nm > FB_PART_NAMED)
		at += (size_t)snprintf(s->summary + at, len - at, " and %d more",
				       nm - FB_PART_NAMED);
	if (at >= len)
		return;
	if (!nm) {
		snprintf(s->summary + at, len - at, "no %s moved (all within %s)",
			 s->kind == FB_PARTS_PHASES ? "phase" : "counter",
			 rest_within(s, buf, sizeof(buf)));
		return;
	}
	if (s->kind == FB_PARTS_MODEL) {
		/* instruction time's view beside the model's: did only the misses move? */
		int k = find_part(s, "instructions");
		bool named = false;

		for (int i = 0; i < nm && i < FB_PART_NAMED; i++)
			named |= order[i] == k;
		if (k >= 0 && !named) {
			change_text(s, &s->part[k], buf, sizeof(buf));
			snprintf(s->summary + at, len - at, "; %s", buf);
		}
	} else if (nm < (int)s->n - (s->total >= 0)) {
		snprintf(s->summary + at, len - at, "; other %s within %s", what,
			 rest_within(s, buf, sizeof(buf)));
	}
}

void fb_cmp_parts_build(struct fb_cmp_parts *p, enum fb_parts_kind kind,
			const struct fb_part_runs *a, const struct fb_part_runs *b,
			double entry_delta, bool moved, int point)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->total = -1;
	if (!a || !b || !a->k || !b->k)
		return;
	for (size_t i = 0; i < a->n && p->n < FB_MAX_PARTS; i++) {
		int j = find(b, a->name[i]);
		struct fb_cmp_part *q = &p->part[p->n];

		if (j < 0)
			continue;
		snprintf(q->name, sizeof(q->name), "%s", a->name[i]);
		compare_part(q, a->run_median[i], a->k, b->run_median[j], b->k);
		if (kind == FB_PARTS_PHASES && !strcmp(q->name, "total"))
			p->total = (int)p->n;
		p->n++;
	}
	for (size_t i = 0; i < p->n; i++) {
		struct fb_cmp_part *q = &p->part[i];

		q->moved =
			!isnan(q->d_lo) && (q->d_lo > 0 || q->d_hi < 0) &&
			!negligible(q,
				    (int)i == p->total || kind == FB_PARTS_MODEL ? 0 : entry_delta);
	}
	fb_cmp_parts_explain(p, entry_delta, moved, point);
}

// SPDX-License-Identifier: MIT
#include "store/store_trend.h"
#include "compare/student_t.h"
#include "stats/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fb_trend_by_from_name(const char *name)
{
	static const char *const names[] = {"run", "kernel", "label", "date"};

	for (int i = 0; i < 4; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

static void group_of(const struct fb_store_median *m, enum fb_trend_by by, char *out, size_t len)
{
	switch (by) {
	case FB_BY_RUN:
		snprintf(out, len, "%s", m->run_id);
		break;
	case FB_BY_KERNEL:
		snprintf(out, len, "%s", m->kernel);
		break;
	case FB_BY_LABEL:
		snprintf(out, len, "%s", m->label);
		break;
	case FB_BY_DATE: /* the day of run.started, ISO 8601 UTC */
		snprintf(out, len, "%.10s", m->started);
		break;
	}
}

/* One of a group's kernels (or labels), or "(several)". */
static void one_or_several(char *have, size_t len, const char *v, bool first)
{
	if (first)
		snprintf(have, len, "%s", v);
	else if (strcmp(have, v))
		snprintf(have, len, "(several)");
}

static void summarise(struct fb_trend_row *row, const struct fb_store_median *const *g, size_t k)
{
	double *v = malloc(k * sizeof(*v)), mean = 0, ss = 0, t, half;

	if (!v)
		abort();
	row->runs = k;
	for (size_t i = 0; i < k; i++) {
		v[i] = g[i]->median;
		row->samples += g[i]->n;
		one_or_several(row->kernels, sizeof(row->kernels), g[i]->kernel, i == 0);
		one_or_several(row->labels, sizeof(row->labels), g[i]->label, i == 0);
	}
	snprintf(row->first, sizeof(row->first), "%s", g[0]->started);
	fb_sort_doubles(v, k);
	row->median = fb_quantile(v, k, 0.5);
	if (k == 1) {
		row->ci_lo = g[0]->ci_lo;
		row->ci_hi = g[0]->ci_hi;
		row->gmean = row->median;
		row->spread = NAN;
		free(v);
		return;
	}
	for (size_t i = 0; i < k; i++)
		mean += log(v[i]) / (double)k;
	for (size_t i = 0; i < k; i++)
		ss += (log(v[i]) - mean) * (log(v[i]) - mean);
	row->gmean = exp(mean);
	row->spread = sqrt(ss / (double)(k - 1));
	t = fb_t_quantile(0.975, (double)(k - 1));
	half = t * row->spread / sqrt((double)k);
	row->ci_lo = exp(mean - half);
	row->ci_hi = exp(mean + half);
	free(v);
}

void fb_trend_rows(const struct fb_store_median *m, size_t n, enum fb_trend_by by,
		   struct fb_trend_row **rows, size_t *nrows)
{
	const struct fb_store_median **g = malloc((n ? n : 1) * sizeof(*g));
	bool *done = calloc(n ? n : 1, sizeof(*done));
	char key[128], other[128];

	*rows = calloc(n ? n : 1, sizeof(**rows));
	*nrows = 0;
	if (!g || !done || !*rows)
		abort();
	for (size_t i = 0; i < n; i++) {
		struct fb_trend_row *row;
		size_t k = 0;

		if (done[i])
			continue;
		group_of(&m[i], by, key, sizeof(key));
		for (size_t j = i; j < n; j++) {
			group_of(&m[j], by, other, sizeof(other));
			if (!done[j] && !strcmp(key, other)) {
				done[j] = true;
				g[k++] = &m[j];
			}
		}
		row = &(*rows)[(*nrows)++];
		snprintf(row->group, sizeof(row->group), "%s", key);
		summarise(row, g, k);
	}
	free(g);
	free(done);
}

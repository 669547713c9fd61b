// SPDX-License-Identifier: MIT
/*
 * boot_spread - how far apart are boots of one kernel, entry by entry?
 *
 * power.sh builds it with gcc (as run-guest.sh builds its clock check)
 * and runs it on a pool of boots: every FILE is one boot's forkbench
 * results.  For each entry and point it reduces each boot's samples to
 * three figures, the median, the 10%-trimmed mean (the mean of what is
 * left after a tenth is dropped at each end) and the lower quartile
 * (linear interpolation, as bench/stats), and says how those figures
 * spread between the boots: the range (max - min) over their median, the
 * standard deviation of their logs (a relative SD), and how many distinct
 * values they took (boots that replay one another agree to the
 * nanosecond).  Beside it, the spread within a boot: the half-width of
 * its median's 95% CI from the results' own summary, the median over the
 * boots.  compare's estimator and variance model are chosen from these.
 *
 * Usage: boot_spread [--trim F] [--label TEXT] [--tsv] FILE...
 * Output: a markdown table on stdout, or with --tsv one tab-separated
 * line per entry and point (entry, point, boots, median of the boot
 * medians, their range and SD, the same three of the trimmed means, the
 * within-boot CI, the same three of the lower quartiles; fractions, not
 * percent) for scripts to print from.
 * Exit 0; 2 on bad usage; 3 when a file cannot be read or holds no
 * entries.
 */
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 256

static const char *const points[] = {"create", "roundtrip"};

struct key {
	char id[200];
	int point;
	size_t nboots;
	double *median, *trimmed, *q1, *ci; /* one a boot */
};

struct spread {
	double center, range, sd;
	size_t distinct;
};

static void *alloc_or_die(size_t n)
{
	void *p = calloc(n ? n : 1, sizeof(double));

	if (!p) {
		fprintf(stderr, "boot_spread: out of memory\n");
		exit(3);
	}
	return p;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_sorted(const double *v, size_t n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Quantile q of sorted v, linear interpolation (R type 7, as fb_quantile). */
static double quantile_sorted(const double *v, size_t n, double q)
{
	double h = q * (double)(n - 1);
	size_t lo = (size_t)floor(h);

	return lo + 1 < n ? v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]) : v[n - 1];
}

/* The mean of sorted v after dropping floor(trim n) values at each end. */
static double trimmed_mean_sorted(const double *v, size_t n, double trim)
{
	size_t cut = (size_t)floor(trim * (double)n);
	double sum = 0;

	if (2 * cut >= n)
		return median_sorted(v, n);
	for (size_t i = cut; i < n - cut; i++)
		sum += v[i];
	return sum / (double)(n - 2 * cut);
}

static struct key *find_key(struct key *keys, size_t *nkeys, const char *id, int point,
			    size_t nfiles)
{
	struct key *k;

	for (size_t i = 0; i < *nkeys; i++)
		if (keys[i].point == point && !strcmp(keys[i].id, id))
			return &keys[i];
	if (*nkeys == MAX_KEYS)
		return NULL;
	k = &keys[(*nkeys)++];
	snprintf(k->id, sizeof(k->id), "%s", id);
	k->point = point;
	k->nboots = 0;
	k->median = alloc_or_die(nfiles);
	k->trimmed = alloc_or_die(nfiles);
	k->q1 = alloc_or_die(nfiles);
	k->ci = alloc_or_die(nfiles);
	return k;
}

/* The half-width of the boot's median CI over its median, NAN without one. */
static double relative_ci(json_t *point, double median)
{
	json_t *ci = json_object_get(json_object_get(point, "summary"), "ci95");
	double lo = json_number_value(json_array_get(ci, 0));
	double hi = json_number_value(json_array_get(ci, 1));

	return lo > 0 && hi > 0 && median > 0 ? (hi - lo) / 2 / median : NAN;
}

/* Adds one boot's figures for every entry and point that has samples. */
static int read_boot(const char *path, struct key *keys, size_t *nkeys, size_t nfiles, double trim)
{
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err), *results, *entry;
	size_t i;

	if (!root) {
		fprintf(stderr, "boot_spread: %s: %s (line %d)\n", path, err.text, err.line);
		return -1;
	}
	results = json_object_get(root, "results");
	if (!json_is_array(results) || !json_array_size(results)) {
		fprintf(stderr, "boot_spread: %s: no results[] (not a forkbench results file?)\n",
			path);
		json_decref(root);
		return -1;
	}
	json_array_foreach(results, i, entry)
	{
		const char *id = json_string_value(json_object_get(entry, "id"));

		for (int p = 0; p < 2 && id; p++) {
			json_t *pt = json_object_get(json_object_get(entry, "points"), points[p]);
			json_t *samples = json_object_get(pt, "samples_ns"), *s;
			size_t n = json_array_size(samples), j;
			struct key *k;
			double *v;

			if (!n)
				continue;
			k = find_key(keys, nkeys, id, p, nfiles);
			if (!k) {
				fprintf(stderr, "boot_spread: more than %d entries and points\n",
					MAX_KEYS);
				json_decref(root);
				return -1;
			}
			v = alloc_or_die(n);
			json_array_foreach(samples, j, s) v[j] = json_number_value(s);
			qsort(v, n, sizeof(double), cmp_double);
			k->median[k->nboots] = median_sorted(v, n);
			k->trimmed[k->nboots] = trimmed_mean_sorted(v, n, trim);
			k->q1[k->nboots] = quantile_sorted(v, n, 0.25);
			k->ci[k->nboots] = relative_ci(pt, k->median[k->nboots]);
			k->nboots++;
			free(v);
		}
	}
	json_decref(root);
	return 0;
}

/* Spread of n per-boot figures: range and SD of the logs, relative. */
static struct spread spread_of(const double *x, size_t n)
{
	struct spread s = {0};
	double *v = alloc_or_die(n), mean = 0, ss = 0;

	memcpy(v, x, n * sizeof(double));
	qsort(v, n, sizeof(double), cmp_double);
	s.center = median_sorted(v, n);
	s.range = (v[n - 1] - v[0]) / s.center;
	for (size_t i = 0; i < n; i++) {
		mean += log(v[i]) / (double)n;
		/* figures under half a ns apart count as one value */
		if (!i || v[i] - v[i - 1] >= 0.5)
			s.distinct++;
	}
	for (size_t i = 0; i < n; i++)
		ss += (log(v[i]) - mean) * (log(v[i]) - mean);
	s.sd = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
	free(v);
	return s;
}

/* The median of the values that are not NAN, NAN if none is. */
static double median_of(const double *x, size_t n)
{
	double *v = alloc_or_die(n), m;
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			v[k++] = x[i];
	qsort(v, k, sizeof(double), cmp_double);
	m = k ? median_sorted(v, k) : NAN;
	free(v);
	return m;
}

static void print_row(const struct key *k, const struct spread *m, const struct spread *t,
		      const struct spread *q, double ci)
{
	printf("| %s | %s | %zu | %.0f | %.3f%% | %.3f%% | %zu | %.0f | %.3f%% | %.3f%% | %zu | ",
	       k->id, points[k->point], k->nboots, m->center, 100 * m->range, 100 * m->sd,
	       m->distinct, t->center, 100 * t->range, 100 * t->sd, t->distinct);
	printf("%.0f | %.3f%% | %.3f%% | %zu | ", q->center, 100 * q->range, 100 * q->sd,
	       q->distinct);
	if (isnan(ci))
		printf("- |\n");
	else
		printf("%.2f%% |\n", 100 * ci);
}

int main(int argc, char **argv)
{
	static struct key keys[MAX_KEYS];
	size_t nkeys = 0, nfiles;
	double trim = 0.1;
	const char *label = NULL;
	bool tsv = false;
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--tsv")) {
			tsv = true;
			i++;
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "boot_spread: %s needs a value\n", argv[i]);
			return 2;
		}
		if (!strcmp(argv[i], "--trim")) {
			char *end;

			trim = strtod(argv[i + 1], &end);
			if (*end || !(trim >= 0 && trim < 0.5)) {
				fprintf(stderr,
					"boot_spread: --trim wants a fraction in [0, 0.5)\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "--label")) {
			label = argv[i + 1];
		} else {
			fprintf(stderr, "boot_spread: unknown option '%s'\n", argv[i]);
			return 2;
		}
		i += 2;
	}
	nfiles = (size_t)(argc - i);
	if (!nfiles) {
		fprintf(stderr, "usage: boot_spread [--trim F] [--label TEXT] [--tsv] FILE...\n");
		return 2;
	}
	for (int f = i; f < argc; f++)
		if (read_boot(argv[f], keys, &nkeys, nfiles, trim))
			return 3;
	if (!nkeys) {
		fprintf(stderr, "boot_spread: no entry has samples\n");
		return 3;
	}
	if (label && !tsv)
		printf("%s: %zu boots; each boot's samples reduced to their median, their "
		       "%.0f%%-trimmed mean and their lower quartile.\n\n",
		       label, nfiles, trim * 100);
	if (!tsv) {
		printf("| entry | point | boots | median (ns) | medians: range | SD | distinct "
		       "| trimmed mean (ns) | trimmed: range | SD | distinct | lower quartile (ns) "
		       "| quartiles: range | SD | distinct | within a boot: median CI +- |\n");
		printf("|:--|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
	}
	for (size_t k = 0; k < nkeys; k++) {
		struct spread m = spread_of(keys[k].median, keys[k].nboots);
		struct spread t = spread_of(keys[k].trimmed, keys[k].nboots);
		struct spread q = spread_of(keys[k].q1, keys[k].nboots);
		double ci = median_of(keys[k].ci, keys[k].nboots);

		if (tsv)
			printf("%s\t%s\t%zu\t%.1f\t%.6f\t%.6f\t%.1f\t%.6f\t%.6f\t%.6f\t%.1f\t%.6f\t"
			       "%.6f\n",
			       keys[k].id, points[keys[k].point], keys[k].nboots, m.center, m.range,
			       m.sd, t.center, t.range, t.sd, ci, q.center, q.range, q.sd);
		else
			print_row(&keys[k], &m, &t, &q, ci);
		free(keys[k].median);
		free(keys[k].trimmed);
		free(keys[k].q1);
		free(keys[k].ci);
	}
	return 0;
}

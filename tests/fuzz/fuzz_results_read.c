// SPDX-License-Identifier: MIT
/*
 * The results reader, fed through `forkbench compare` itself: the input is
 * a results file, compared with itself (A/A), with a fixed valid run on
 * either side, as a table, markdown, JSON and github-benchmark output.
 * Properties: compare exits 0, 1 or 2, and on 2 with exactly one error line
 * on stderr; a file the reader accepts holds only what compare can use
 * (non-negative integer sample times, a known status, unique parameters,
 * enough samples in every run of an "ok" entry, per-sample CPUs and runs in
 * range); and every ratio compare prints is positive.
 *
 * Metamorphic properties of a file compare accepts (results_mutate.h): it
 * reads 1.000 against itself with no entry slower or faster; a copy with
 * only its metadata changed reads as it does, on either side (every id,
 * ratio, p and verdict); a copy with every time doubled reads 2 in every
 * entry (0.5 the other way), never faster, never "no change".
 */
#include "fuzz.h"
#include "results_mutate.h"

#include "../../bench/cli/commands.h"
#include "compare/compare_stats.h"
#include "results/results_read.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef FB_FUZZ_BASE
#error "FB_FUZZ_BASE names a valid results file (tests/compare/data/base.json)"
#endif

static const char *const statuses[] = {"ok", "skipped", "failed", "incomplete"};

static void check_entry(const struct fb_results *r, const struct fb_rentry *e)
{
	const struct fb_rpoint *rt = &e->points[FB_PT_ROUNDTRIP];
	bool known = false;
	size_t per_run[100] = {0};

	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		known |= !strcmp(e->status, statuses[i]);
	if (!known)
		fb_fuzz_fail("accepted status '%s'", e->status);
	if (fb_results_find(r, e->key) != e)
		fb_fuzz_fail("accepted two entries with parameters %s", e->key);
	for (int p = 0; p < FB_NPOINTS; p++)
		for (size_t i = 0; i < e->points[p].n; i++)
			if (!(e->points[p].ns[i] >= 0) ||
			    e->points[p].ns[i] != floor(e->points[p].ns[i]))
				fb_fuzz_fail("accepted sample time %g", e->points[p].ns[i]);
	/* the CPUs may be unknown (NULL) while the runs are known, and the other way round */
	for (size_t i = 0; i < e->nsamples; i++)
		if ((e->parent_cpu && (e->parent_cpu[i] < -1 || e->child_cpu[i] < -1)) ||
		    (e->run_of && (e->run_of[i] < 0 || e->run_of[i] >= r->runs)))
			fb_fuzz_fail("accepted sample %zu of '%s' on CPUs %d/%d in run %d of %d", i,
				     e->id, e->parent_cpu ? e->parent_cpu[i] : -1,
				     e->child_cpu ? e->child_cpu[i] : -1,
				     e->run_of ? e->run_of[i] : 0, r->runs);
	if (strcmp(e->status, "ok"))
		return;
	if (!e->points[FB_PT_ROUNDTRIP].present)
		fb_fuzz_fail("accepted an ok entry without a roundtrip point");
	for (size_t i = 0; i < rt->n; i++) {
		/* version 2 says each value's sample; in version 1 they are parallel */
		size_t s = rt->sample ? rt->sample[i] : i;

		if (rt->sample && e->nsamples && s >= e->nsamples)
			fb_fuzz_fail("accepted a round trip of sample %zu of %zu", s, e->nsamples);
		per_run[e->run_of && (rt->sample || e->nsamples == rt->n) ? e->run_of[s] : 0]++;
	}
	for (int k = 0; k < r->runs; k++)
		if (per_run[k] < FB_CMP_MIN_SAMPLES)
			fb_fuzz_fail("accepted an ok entry with %zu samples in run %d", per_run[k],
				     k);
}

static void check_file(const char *path)
{
	struct fb_results r;
	char err[512];

	if (fb_results_read(path, &r, err, sizeof(err)) == 0) {
		if (r.runs < 1 || r.runs > 100)
			fb_fuzz_fail("accepted %d runs", r.runs);
		for (size_t i = 0; i < r.nentries; i++)
			check_entry(&r, &r.entries[i]);
	} else if (!err[0] || strchr(err, '\n')) {
		fb_fuzz_fail("refused with a reason of other than one line: '%s'", err);
	}
	fb_results_free(&r);
}

/* Every ratio of compare's JSON output is null or positive and within its interval. */
static void check_json(const char *text)
{
	json_t *root = json_loads(text, 0, NULL), *set, *row;
	size_t i, j;

	if (!root)
		fb_fuzz_fail("compare --json printed no JSON: %.200s", text);
	json_array_foreach(json_object_get(root, "comparisons"), i, set)
	{
		json_array_foreach(json_object_get(set, "entries"), j, row)
		{
			json_t *ratio = json_object_get(row, "ratio");
			json_t *ci = json_object_get(row, "ratio_ci95");

			if (json_is_number(ratio) && !(json_number_value(ratio) > 0))
				fb_fuzz_fail("compare printed ratio %g", json_number_value(ratio));
			if (json_is_array(ci) &&
			    !(json_number_value(json_array_get(ci, 0)) >= 0 &&
			      json_number_value(json_array_get(ci, 0)) <=
				      json_number_value(json_array_get(ci, 1))))
				fb_fuzz_fail("compare printed a ratio CI of %g-%g",
					     json_number_value(json_array_get(ci, 0)),
					     json_number_value(json_array_get(ci, 1)));
		}
	}
	json_decref(root);
}

/* "forkbench compare: 2 entries ran in base but failed in new: ...": no error, a verdict. */
static bool regression_line(const char *line)
{
	const char *end = strchr(line, '\n');
	static const char tail[] = " ran in base but failed in new: counted as a regression";

	return line[19] >= '1' && line[19] <= '9' && end && (size_t)(end - line) > sizeof(tail) &&
	       !strncmp(end - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
}

/*
 * forkbench compare ARGS...: its exit code, with stdout and stderr checked;
 * its stdout in *keep (from malloc) when keep is not NULL.
 */
static int compare_keep(bool json, int argc, const char **args, char **keep)
{
	FILE *saved_out = stdout, *saved_err = stderr, *out, *err;
	char *argv[12], *otext = NULL, *etext = NULL;
	size_t olen = 0, elen = 0;
	int rc, errors = 0;

	argv[0] = "compare";
	for (int i = 0; i < argc; i++)
		argv[i + 1] = (char *)args[i];
	argv[argc + 1] = NULL;
	out = open_memstream(&otext, &olen);
	err = open_memstream(&etext, &elen);
	if (!out || !err)
		abort();
	stdout = out;
	stderr = err;
	rc = fb_cmd_compare(argc + 1, argv);
	stdout = saved_out;
	stderr = saved_err;
	fclose(out);
	fclose(err);
	for (char *line = etext; line && *line; line = strchr(line, '\n') + 1) {
		if (!strchr(line, '\n'))
			fb_fuzz_fail("compare's stderr does not end with a newline: %s", line);
		errors += !strncmp(line, "forkbench compare: ", 19) &&
			  strncmp(line, "forkbench compare: warning: ", 28) &&
			  !regression_line(line);
	}
	if (rc < 0 || rc > 2 || (rc == 2) != (errors == 1) || errors > 1)
		fb_fuzz_fail("compare exited %d with %d error lines:\n%s", rc, errors, etext);
	if (json && rc != 2)
		check_json(otext);
	fputs(etext, fb_fuzz_sink(stderr));
	if (keep)
		*keep = otext;
	else
		free(otext);
	free(etext);
	return rc;
}

static int compare(bool json, int argc, const char **args)
{
	return compare_keep(json, argc, args, NULL);
}

static int strcmp_of(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The rows of compare --json output: one line "id ratio p verdict" per
 * entry, sorted, in one string (from malloc); NULL where it is no JSON.
 */
static char *rows_of(const char *text)
{
	json_t *root = json_loads(text, 0, NULL), *set, *row;
	char **lines = NULL, *out;
	size_t n = 0, len = 1, i, j;

	json_array_foreach(json_object_get(root, "comparisons"), i, set)
	{
		json_array_foreach(json_object_get(set, "entries"), j, row)
		{
			json_t *o = json_pack("{s:O?, s:O?, s:O?, s:O?}", "id",
					      json_object_get(row, "id"), "ratio",
					      json_object_get(row, "ratio"), "p",
					      json_object_get(row, "p_adjusted"), "verdict",
					      json_object_get(row, "verdict"));

			lines = realloc(lines, (n + 1) * sizeof(*lines));
			if (!lines || !o)
				abort();
			lines[n] = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
			len += strlen(lines[n++]) + 1;
			json_decref(o);
		}
	}
	json_decref(root);
	if (n)
		qsort(lines, n, sizeof(*lines), strcmp_of);
	out = calloc(len, 1);
	if (!out)
		abort();
	for (i = 0; i < n; i++) {
		strcat(strcat(out, lines[i]), "\n");
		free(lines[i]);
	}
	free(lines);
	return out;
}

/* doc into a file of its own (a memfd kept open for the next input): its path. */
static const char *as_file(json_t *doc, int *fd, char *path, size_t len)
{
	char *text = json_dumps(doc, JSON_COMPACT);
	size_t n = text ? strlen(text) : 0;

	if (!text)
		return NULL;
	if (*fd < 0) {
		*fd = memfd_create("fuzz-mutant.json", 0);
		if (*fd < 0)
			abort();
		snprintf(path, len, "/proc/self/fd/%d", *fd);
	}
	if (ftruncate(*fd, 0) || pwrite(*fd, text, n, 0) != (ssize_t)n)
		abort();
	free(text);
	return path;
}

/* Every row of compare --json's rows reads k (to rounding), and none says `not`. */
static void reads_k(const char *text, double k, const char * not, const char *what)
{
	json_t *root = json_loads(text, 0, NULL), *set, *row;
	size_t i, j;

	json_array_foreach(json_object_get(root, "comparisons"), i, set)
	{
		json_array_foreach(json_object_get(set, "entries"), j, row)
		{
			json_t *ratio = json_object_get(row, "ratio");
			const char *verdict = json_string_value(json_object_get(row, "verdict"));

			if (json_is_number(ratio) &&
			    !(fabs(json_number_value(ratio) - k) < 1e-6 * k))
				fb_fuzz_fail("%s: ratio %.9g where %g", what,
					     json_number_value(ratio), k);
			if (json_is_number(ratio) && verdict &&
			    (!strcmp(verdict, not ) || !strcmp(verdict, "no change")))
				fb_fuzz_fail("%s: ratio %g called %s", what, k, verdict);
		}
	}
	json_decref(root);
}

/*
 * The metamorphic properties of an input compare accepted, whose
 * compare --json against itself printed self.
 */
static void metamorphic(const uint8_t *data, size_t size, const char *path, const char *self)
{
	static int fd_meta = -1, fd_scaled = -1;
	static char meta_path[64], scaled_path[64];
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL), *copy;
	char *want = rows_of(self), *got, *out = NULL;
	const char *m;

	reads_k(self, 1, "slower", "a file against itself");
	reads_k(self, 1, "faster", "a file against itself");
	if (!doc)
		fb_fuzz_fail("compare read an input jansson refuses");
	copy = json_deep_copy(doc);
	fb_mutate_metadata(copy);
	m = as_file(copy, &fd_meta, meta_path, sizeof(meta_path));
	json_decref(copy);
	for (int order = 0; m && order < 2; order++) {
		const char *a = order ? m : path, *b = order ? path : m;

		if (compare_keep(true, 4, (const char *[]){"--json", "--force", a, b}, &out) == 2)
			fb_fuzz_fail("a copy with only its metadata changed was refused");
		got = rows_of(out);
		if (strcmp(want, got))
			fb_fuzz_fail("metadata alone changed the rows:\n%s\nbecame\n%s", want, got);
		free(got);
		free(out);
	}
	copy = json_deep_copy(doc);
	m = fb_mutate_scale(copy, 2) ? as_file(copy, &fd_scaled, scaled_path, sizeof(scaled_path))
				     : NULL;
	json_decref(copy);
	for (int order = 0; m && order < 2; order++) {
		const char *a = order ? m : path, *b = order ? path : m;

		if (compare_keep(true, 4, (const char *[]){"--json", "--force", a, b}, &out) == 2)
			fb_fuzz_fail("a copy with every time doubled was refused");
		reads_k(out, order ? 0.5 : 2, order ? "slower" : "faster", "every time doubled");
		free(out);
	}
	free(want);
	json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	char *self = NULL;

	if (fd < 0) {
		fd = memfd_create("fuzz-results.json", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	check_file(path);
	if (compare_keep(true, 4, (const char *[]){"--json", "--force", path, path}, &self) == 2) {
		free(self);
		return 0; /* refused: the other orders refuse it too */
	}
	metamorphic(data, size, path, self);
	free(self);
	compare(false, 3, (const char *[]){"--force", FB_FUZZ_BASE, path});
	compare(false, 5,
		(const char *[]){"--markdown", "--force", "-p", "create", path, "--",
				 FB_FUZZ_BASE});
	compare(false, 4, (const char *[]){"--github-benchmark", "--force", path, FB_FUZZ_BASE});
	return 0;
}

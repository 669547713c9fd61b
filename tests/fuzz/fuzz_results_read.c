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
 */
#include "fuzz.h"

#include "../../bench/cli/commands.h"
#include "compare/compare_stats.h"
#include "results/results_read.h"

#include <jansson.h>
#include <math.h>
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

/* forkbench compare ARGS...: its exit code, with stdout and stderr checked. */
static int compare(bool json, int argc, const char **args)
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
	free(otext);
	free(etext);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];

	if (fd < 0) {
		fd = memfd_create("fuzz-results.json", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	check_file(path);
	if (compare(true, 4, (const char *[]){"--json", "--force", path, path}) == 2)
		return 0; /* refused: the other orders refuse it too */
	compare(false, 3, (const char *[]){"--force", FB_FUZZ_BASE, path});
	compare(false, 5,
		(const char *[]){"--markdown", "--force", "-p", "create", path, "--",
				 FB_FUZZ_BASE});
	compare(false, 4, (const char *[]){"--github-benchmark", "--force", path, FB_FUZZ_BASE});
	return 0;
}

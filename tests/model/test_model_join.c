// SPDX-License-Identifier: MIT
/*
 * The join of the plugin's windows to a guest's results, on synthetic
 * files: warm-up and probe windows, two entries interleaved, a pid the
 * kernel reused, and the failures a user can cause.
 */
#include "model_join.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

/*
 * Two entries of one worker (parent 50): fork with a probe among its
 * plain samples, vfork with a pid fork's first sample also had (reused).
 */
static const char *const results_text =
	"{\"schema\": \"forkbench-results\", \"schema_version\": 3,"
	" \"context\": {\"timing\": {\"clock\": \"icount\", \"accel\": \"tcg\", \"emulated\": true}},"
	" \"results\": ["
	"  {\"id\": \"fork\", \"parameters\": {\"parallel\": 1},"
	"   \"kind_of_sample\": [0, 1, 0, 0], \"pids\": {\"parent\": 50, \"children\": [101, 102, 103, 104]},"
	"   \"cow\": {\"fraction\": 0.5},"
	"   \"points\": {\"create\": {\"kind\": \"plain\", \"n\": 3, \"samples_ns\": [1000, 1100, 1200], \"summary\": {}},"
	"                \"child_start\": {\"kind\": \"probe\", \"n\": 1, \"samples_ns\": [900], \"summary\": {}},"
	"                \"roundtrip\": {\"kind\": \"plain\", \"n\": 3, \"samples_ns\": [3000, 3100, 3200], \"summary\": {}},"
	"                \"cow\": {\"kind\": \"probe\", \"n\": 1, \"samples_ns\": [5], \"summary\": {}}}},"
	"  {\"id\": \"vfork\", \"parameters\": {\"parallel\": 1},"
	"   \"kind_of_sample\": [0, 0], \"pids\": {\"parent\": 50, \"children\": [201, 101]},"
	"   \"cow\": null,"
	"   \"points\": {\"create\": {\"kind\": \"plain\", \"n\": 2, \"samples_ns\": [500, 510], \"summary\": {}},"
	"                \"roundtrip\": {\"kind\": \"plain\", \"n\": 2, \"samples_ns\": [700, 710], \"summary\": {}}}},"
	"  {\"id\": \"skipped\", \"status\": \"skipped\", \"points\": {}}"
	" ]}";

#define GEOM                                                                                       \
	"# forkbench-model 1\n"                                                                    \
	"# geometry l1i=32768/8/64 l1d=32768/8/64 l2=1048576/16/64 llc=16777216/16/64 "            \
	"tlb=1536/12/1\n# vcpus 1\n"

/* create: instructions I, then 1..6; roundtrip: 3 I, then 10..60 */
#define W(pp, p, i) "w " #pp " " #p " " #i " 1 2 3 4 5 6 " #i "0 10 20 30 40 50 60\n"

static const char *const windows_text = GEOM W(50, 99, 990) /* a warm-up sample of fork */
	W(50, 101, 1010)				    /* fork #0 */
	W(50, 102, 1)					    /* fork's probe */
	W(50, 201, 501)					    /* vfork #0, interleaved */
	W(50, 103, 1102) W(60, 104, 7)			    /* another worker's pid 104 */
	W(50, 104, 1203)				    /* fork #3 */
	W(50, 101, 511)					    /* vfork #1: pid 101 again */
	"# end windows=7 abandoned=0 stray=0 dropped=1 instructions=99\n";

static FILE *text_file(const char *text)
{
	FILE *f = tmpfile();

	fputs(text, f);
	rewind(f);
	return f;
}

static int read_windows(const char *text, struct fb_windows *ws, char *err, size_t len)
{
	FILE *f = text_file(text);
	int rc = fb_windows_read(f, ws, err, len);

	fclose(f);
	return rc;
}

static json_int_t at(json_t *point, const char *array, size_t i)
{
	json_t *a = strcmp(array, "samples_ns")
			    ? json_object_get(json_object_get(point, "model"), array)
			    : json_object_get(point, array);

	return json_integer_value(json_array_get(a, i));
}

static void test_join(void)
{
	struct fb_windows ws;
	struct fb_weights w;
	struct fb_join_stats st;
	char err[300];
	json_t *r = json_loads(results_text, 0, NULL), *fork, *vfork, *c, *rt, *timing;

	fb_weights_default(&w);
	CHECK(read_windows(windows_text, &ws, err, sizeof(err)) == 0 && ws.n == 8 && ws.ended &&
		      ws.dropped == 1 && ws.geom[FB_ML_LLC].size == 16 << 20,
	      "the windows file reads: 8 windows, its geometry and closing line");
	CHECK(fb_model_join(r, &ws, &w, &st, err, sizeof(err)) == 0, "the join succeeds (%s)", err);
	CHECK(st.entries == 2 && st.samples == 5, "5 plain samples of 2 entries joined");
	fork = json_array_get(json_object_get(r, "results"), 0);
	vfork = json_array_get(json_object_get(r, "results"), 1);
	c = json_object_get(json_object_get(fork, "points"), "create");
	rt = json_object_get(json_object_get(fork, "points"), "roundtrip");
	CHECK(at(c, "instructions", 0) == 1010 && at(c, "instructions", 1) == 1102 &&
		      at(c, "instructions", 2) == 1203,
	      "fork's create windows are its plain samples' by pid, past warm-up and probe");
	CHECK(at(rt, "llc_misses", 2) == 50 && at(rt, "instructions", 2) == 12030,
	      "the round trip takes the window's second half");
	CHECK(at(c, "icount_ns", 1) == 1100, "the guest's instruction time is kept beside");
	CHECK(at(c, "samples_ns", 0) == 1010 + 14 * 2 + 14 * 3 + 50 * 4 + 200 * 5 + 30 * 6,
	      "samples_ns holds the cost: instructions + weights x misses (%lld)",
	      (long long)at(c, "samples_ns", 0));
	CHECK(json_integer_value(json_object_get(json_object_get(c, "summary"), "n")) == 3,
	      "the point's summary is of the cost figures");
	CHECK(!json_object_get(json_object_get(fork, "points"), "child_start") &&
		      !json_object_get(json_object_get(fork, "points"), "cow") &&
		      json_is_null(json_object_get(fork, "cow")),
	      "child_start and cow, which no window times, are left out");
	c = json_object_get(json_object_get(vfork, "points"), "create");
	CHECK(at(c, "instructions", 0) == 501 && at(c, "instructions", 1) == 511,
	      "vfork's reused pid 101 takes the later window");
	timing = json_object_get(json_object_get(r, "context"), "timing");
	CHECK(!strcmp(json_string_value(json_object_get(timing, "clock")), "model"),
	      "the file is timed with the model");
	CHECK(json_integer_value(
		      json_object_get(json_object_get(json_object_get(timing, "model"), "weights"),
				      "llc_misses")) == 200,
	      "the weights are written into the file");
	CHECK(json_integer_value(
		      json_object_get(json_object_get(json_object_get(timing, "model"), "join"),
				      "windows_not_kept")) == 3,
	      "the windows not joined are counted: warm-up, probe, another worker's");
	CHECK(st.have_diff && st.diff_lo == 1 && st.diff_hi == 12030 - 3200,
	      "instructions minus instruction time per window is reported (%lld..%lld)",
	      (long long)st.diff_lo, (long long)st.diff_hi);
	json_decref(r);
	fb_windows_free(&ws);
}

/* The join of results_text, changed by edit, fails with a message that holds want. */
static void join_fails(const char *windows, void (*edit)(json_t *), const char *want,
		       const char *what)
{
	struct fb_windows ws;
	struct fb_weights w;
	struct fb_join_stats st;
	char err[300] = "";
	json_t *r = json_loads(results_text, 0, NULL);

	fb_weights_default(&w);
	read_windows(windows, &ws, err, sizeof(err));
	if (edit)
		edit(r);
	CHECK(fb_model_join(r, &ws, &w, &st, err, sizeof(err)) == -1 && strstr(err, want), "%s: %s",
	      what, err);
	json_decref(r);
	fb_windows_free(&ws);
}

static void wall_clock(json_t *r)
{
	json_object_set_new(json_object_get(json_object_get(r, "context"), "timing"), "clock",
			    json_string("wall"));
}

static void parallel(json_t *r)
{
	json_object_set_new(
		json_object_get(json_array_get(json_object_get(r, "results"), 0), "parameters"),
		"parallel", json_integer(2));
}

static void test_failures(void)
{
	struct fb_windows ws;
	char err[300];

	join_fails(GEOM W(50, 101, 1) W(50, 103, 1), NULL, "child pid 104",
		   "a sample without a window is named");
	join_fails(windows_text, wall_clock, "wall clock", "a wall-clock file is refused");
	join_fails(windows_text, parallel, "parallel", "parallel creators are refused");
	CHECK(read_windows("w 1 2 3\n", &ws, err, sizeof(err)) == -1 &&
		      strstr(err, "not a forkbench-model"),
	      "a file without the format line is refused: %s", err);
	CHECK(read_windows(GEOM "w 1 2 3\n", &ws, err, sizeof(err)) == -1 && strstr(err, "line 4"),
	      "a short window line is refused, with its line: %s", err);
	CHECK(read_windows("# forkbench-model 1\n", &ws, err, sizeof(err)) == -1 &&
		      strstr(err, "geometry"),
	      "a file without geometry is refused: %s", err);
}

static void test_weights(void)
{
	struct fb_weights w;
	char err[200], formula[256];
	uint64_t count[FB_MC_N] = {100, 50, 1, 2, 3, 4, 5};

	fb_weights_default(&w);
	CHECK(fb_weights_parse("l2=40,llc=250", &w, err, sizeof(err)) == 0 &&
		      w.miss[FB_ML_L2] == 40 && w.miss[FB_ML_LLC] == 250 && w.miss[FB_ML_L1I] == 14,
	      "weights parse, the others stay");
	CHECK(fb_model_cost(count, &w) == 100 + 14 + 28 + 120 + 1000 + 150,
	      "the cost adds weight x misses to the instructions");
	fb_weights_formula(&w, formula, sizeof(formula));
	CHECK(strstr(formula, "250 x llc_misses") != NULL, "the formula states them: %s", formula);
	CHECK(fb_weights_parse("l3=4", &w, err, sizeof(err)) == -1, "an unknown level: %s", err);
	CHECK(fb_weights_parse("llc=-1", &w, err, sizeof(err)) == -1, "a negative weight: %s", err);
	CHECK(fb_weights_parse("llc=", &w, err, sizeof(err)) == -1, "no value: %s", err);
}

int main(void)
{
	test_join();
	test_failures();
	test_weights();
	return tap_done();
}

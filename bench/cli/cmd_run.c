// SPDX-License-Identifier: MIT
/* `forkbench run`: parse, refuse what cannot work, sample, report, write. */
#include "commands.h"
#include "run_options.h"

#include "engine/creators.h"
#include "engine/engine.h"
#include "machine/facts.h"
#include "machine/machine.h"
#include "report/context_json.h"
#include "report/report_table.h"
#include "report/results_csv.h"
#include "report/results_json.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/*
 * Eight random hex digits, so that runs started in the same microsecond
 * still differ: instruction-time boots started together replay one guest
 * clock (two icount boots of one 6.1 kernel started at once both began
 * their run at 20261207-020535.509083). The kernel's generator without waiting
 * (an early guest's pool may not be ready, and a name is no reason to
 * block), else its best effort before that (GRND_INSECURE, Linux 5.6);
 * only where both fail, the clock, pid and a stack address, mixed.
 */
static unsigned int random_part(void)
{
	unsigned int r;
	struct timespec ts;
	uint64_t h;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r) ||
	    getrandom(&r, sizeof(r), GRND_INSECURE) == (ssize_t)sizeof(r))
		return r;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	h = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 17) ^
	    (uint64_t)(uintptr_t)&r;
	h *= 0x9e3779b97f4a7c15ull; /* spread the bits (Fibonacci hashing) */
	return (unsigned int)(h >> 32);
}

/*
 * The run id: the start time to the microsecond, then a random part
 * (20261207-142301.123456-3fa2c1d9), unique without help: two runs in
 * one second no longer share an id (ids to the second, 20261128-080430,
 * are still read). Ids sort as their start times do.
 */
static void name_run(struct fb_run *run)
{
	struct timespec ts;
	struct tm tm;
	char second[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(second, sizeof(second), "%Y%m%d-%H%M%S", &tm);
	snprintf(run->run_id, sizeof(run->run_id), "%s.%06ld-%08x", second, ts.tv_nsec / 1000,
		 random_part());
	strftime(run->started_utc, sizeof(run->started_utc), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* An output that could not be written: the run's error and exit code say so. */
static void output_failed(struct fb_run *run, const char *path)
{
	size_t n = strlen(run->error);

	if (!run->exit_code) {
		run->exit_code = FB_EXIT_OUTPUT;
		n = 0;
	}
	snprintf(run->error + n, sizeof(run->error) - n, "%scannot write %s: %s", n ? "; " : "",
		 path, strerror(errno));
}

/*
 * The CSV exports first, then the JSON, which records how the run ended,
 * their failures included: the files of one run never disagree (a JSON
 * that says exit_code 0 beside a CSV that could not be written). A JSON
 * that cannot be written is said last, on stderr. Returns 0, or
 * FB_EXIT_OUTPUT when any output failed; *json_written says whether the
 * JSON, where partial results are kept, was written.
 */
static int write_outputs(struct fb_run *run, bool *json_written)
{
	const struct fb_run_opts *o = &run->opts;
	int rc = 0;

	if (o->csv_path && fb_results_write_csv(run, o->csv_path)) {
		output_failed(run, o->csv_path);
		rc = FB_EXIT_OUTPUT;
	}
	if (o->csv_samples_path && fb_results_write_csv_samples(run, o->csv_samples_path)) {
		output_failed(run, o->csv_samples_path);
		rc = FB_EXIT_OUTPUT;
	}
	if (o->csv_entries_path && fb_results_write_csv_entries(run, o->csv_entries_path)) {
		output_failed(run, o->csv_entries_path);
		rc = FB_EXIT_OUTPUT;
	}
	*json_written = o->json_path && !fb_results_write_json(run, o->json_path);
	if (o->json_path && !*json_written) {
		output_failed(run, o->json_path);
		rc = FB_EXIT_OUTPUT;
	}
	return rc;
}

/* Every entry skipped: the run's error says why, once. */
static bool all_skipped(const struct fb_run *run)
{
	for (int i = 0; i < run->nentries; i++)
		if (run->entries[i].state != FB_ENTRY_SKIPPED)
			return false;
	return run->nentries > 0;
}

/* libpfm4 encodes the names here, in the controller; the worker only opens them. */
static int encode_counters(struct fb_run *run)
{
	char err[256], note[512];

	if (!run->opts.counters)
		return 0;
	/* err starts with "--counters: " */
	if (fb_counters_encode(&run->counters, run->opts.counters, false, err, sizeof(err)) < 0) {
		fprintf(stderr, "forkbench run: %s (see 'forkbench run --help')\n", err);
		return FB_EXIT_USAGE;
	}
	fb_counters_describe(&run->counters, note, sizeof(note));
	if (note[0])
		fprintf(stderr, "forkbench run: %s\n", note);
	return 0;
}

/*
 * --label defaults to the kernel release, in the JSON too, so that
 * compare, the CSV and the plots name a run alike whoever reads it.
 */
static void default_label(struct fb_run_opts *o)
{
	static struct utsname u;

	if (o->label)
		return;
	o->label = uname(&u) == 0 ? u.release : "";
}

/* The length of path's directory part with its slash ("a/b/" of "a/b/c"), 0 for none. */
static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) + 1 : 0;
}

/*
 * The last line: where the results are, so nobody scrolls back for it.
 * Files in one directory name it once: "results in out/: results.json,
 * entries.csv".
 */
static void say_where(const struct fb_run *run, bool json_written)
{
	const struct fb_run_opts *o = &run->opts;
	const char *paths[] = {json_written ? o->json_path : NULL, o->csv_entries_path, o->csv_path,
			       o->csv_samples_path};
	const size_t np = sizeof(paths) / sizeof(paths[0]);
	const char *first = NULL;
	size_t dl = 0;
	int measured = 0, n = 0;

	for (int i = 0; i < run->nentries; i++)
		measured += run->entries[i].state != FB_ENTRY_SKIPPED;
	for (size_t i = 0; i < np; i++) {
		if (!paths[i])
			continue;
		if (!n++) {
			first = paths[i];
			dl = dir_len(first);
		} else if (dir_len(paths[i]) != dl || strncmp(paths[i], first, dl)) {
			dl = 0; /* not all in one directory: each path whole */
		}
	}
	if (!n || o->quiet)
		return;
	fprintf(stderr, "forkbench run: %d entr%s in %.1f s; results in ", measured,
		measured == 1 ? "y" : "ies", run->duration_s);
	if (n > 1 && dl)
		fprintf(stderr, "%.*s: ", (int)dl, first);
	else
		dl = 0;
	for (size_t i = 0, k = 0; i < np; i++)
		if (paths[i])
			fprintf(stderr, "%s%s", k++ ? ", " : "", paths[i] + dl);
	fputc('\n', stderr);
}

int fb_cmd_run(int argc, char **argv)
{
	static struct fb_machine machine;
	struct fb_fact facts[FB_NFACTS];
	struct fb_run run;
	char warn[512], skips[FB_REASON_LEN];
	bool kept;
	int rc, wrc;

	memset(&run, 0, sizeof(run));
	/* a file size limit makes a write fail with EFBIG, said, instead of killing the run */
	signal(SIGXFSZ, SIG_IGN);
	rc = fb_run_parse(&run.opts, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	default_label(&run.opts);
	/* Without its worker nothing can run: said once, before anything starts. */
	rc = fb_creators_locate(&run);
	if (rc)
		return rc;
	/* Read once: the preflight sizes images by it, the results record it. */
	fb_machine_read(&machine);
	rc = fb_run_preflight(&run, &machine);
	if (rc)
		return rc;
	rc = encode_counters(&run);
	if (rc) {
		fb_run_free(&run); /* the outputs' locks */
		return rc;
	}
	name_run(&run);
	fb_facts_judge(&machine, facts);
	run.context = fb_context_json(&machine, facts);
	fb_facts_warnings(facts, warn, sizeof(warn));
	if (warn[0]) /* one line: facts known to distort these numbers */
		fprintf(stderr, "forkbench run: %s\n", warn);
	rc = fb_run_execute(&run);
	/* a skipped method is said here too, not only in the table (-q has none) */
	if (!all_skipped(&run) && fb_run_skips(&run, skips, sizeof(skips)))
		fprintf(stderr, "forkbench run: skipped %s\n", skips);
	fb_run_review(&run);
	if (!run.opts.quiet)
		fb_report_table(&run, stdout);
	fflush(stdout);
	/* Whatever finished is written, even when the run failed or was interrupted. */
	wrc = write_outputs(&run, &kept);
	/* One line: what went wrong, and where what finished was kept. */
	if (!run.error[0] && !run.partial)
		say_where(&run, kept);
	kept = kept && run.partial;
	if (run.error[0] || run.partial)
		fprintf(stderr, "forkbench run: %s%s%s%s\n",
			run.error[0] ? run.error : "run incomplete",
			kept ? "; partial results in " : "", kept ? run.opts.json_path : "",
			kept ? " (marked \"partial\": true)" : "");
	json_decref(run.context);
	fb_run_free(&run);
	return rc ? rc : wrc;
}

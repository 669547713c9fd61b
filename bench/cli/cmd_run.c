// SPDX-License-Identifier: MIT
/* `forkbench run`: parse, refuse what cannot work, sample, report, write. */
#include "commands.h"
#include "run_options.h"

#include "engine/creators.h"
#include "engine/engine.h"
#include "machine/facts.h"
#include "machine/machine.h"
#include "report/atomic_file.h"
#include "report/context_json.h"
#include "report/report_table.h"
#include "report/results_csv.h"
#include "report/results_json.h"

#include <errno.h>
#include <limits.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
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

/* Why a write failed: strerror, and for EFBIG the limit that caused it. */
static const char *write_error(int err, char *buf, size_t len)
{
	struct rlimit rl;

	if (err == EFBIG && getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		snprintf(buf, len, "%s (RLIMIT_FSIZE is %llu bytes: 'ulimit -f')", strerror(err),
			 (unsigned long long)rl.rlim_cur);
	else
		snprintf(buf, len, "%s", strerror(err));
	return buf;
}

/* An output that could not be written: the run's error and exit code say so. */
static void output_failed(struct fb_run *run, const char *path)
{
	char why[160];
	size_t n = strlen(run->error);

	if (!run->exit_code) {
		run->exit_code = FB_EXIT_OUTPUT;
		n = 0;
	}
	snprintf(run->error + n, sizeof(run->error) - n, "%scannot write %s: %s", n ? "; " : "",
		 path, write_error(errno, why, sizeof(why)));
}

/* The directory part of path, without its slash ("." for none). */
static void dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, len, ".");
	else if (slash == path)
		snprintf(dir, len, "/");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

/*
 * Nothing measured is lost to an output that cannot be written (a full
 * disk, a file size limit): the results JSON, which holds every sample
 * and from which 'forkbench export' remakes the CSV, goes to a new file in
 * $TMPDIR (else /tmp), or else beside the output that failed. Its path
 * goes into kept; "" when it could not be kept either.
 */
static void keep_elsewhere(struct fb_run *run, const char *failed, char *kept, size_t len)
{
	const char *tmpdir = getenv("TMPDIR");
	char outdir[PATH_MAX], why[160];
	const char *dirs[] = {tmpdir && tmpdir[0] ? tmpdir : "/tmp", outdir};
	size_t n = strlen(run->error);

	/* beside a device (/dev/full) would be in /dev: not there */
	outdir[0] = '\0';
	if (!fb_output_in_place(failed))
		dir_of(failed, outdir, sizeof(outdir));
	if (fb_results_keep_json(run, dirs, 2, kept, len) == 0)
		return;
	kept[0] = '\0';
	snprintf(run->error + n, sizeof(run->error) - n,
		 "; nor could the results be kept in %s%s%s: %s", dirs[0], outdir[0] ? " or " : "",
		 outdir, write_error(errno, why, sizeof(why)));
}

/*
 * The CSV exports first, then the JSON, which records how the run ended,
 * their failures included: the files of one run never disagree (a JSON
 * that says exit_code 0 beside a CSV that could not be written). Returns
 * 0, or FB_EXIT_OUTPUT when any output failed; kept is where the JSON is
 * (--json, or the file that keeps it when an output failed; "" for none),
 * *elsewhere whether it is that second file.
 */
static int write_outputs(struct fb_run *run, char *kept, size_t len, bool *elsewhere)
{
	const struct fb_run_opts *o = &run->opts;
	/* what the user named, and the file that is (through a symlink, the preflight's) */
	const char *name[FB_NOUTPUTS] = {o->json_path, o->csv_path, o->csv_samples_path,
					 o->csv_entries_path};
	const char *file[FB_NOUTPUTS];
	const char *failed = NULL;
	int rc = 0;

	for (int i = 0; i < FB_NOUTPUTS; i++)
		file[i] = run->output_path[i][0] ? run->output_path[i] : name[i];
	kept[0] = '\0';
	*elsewhere = false;
	if (name[FB_OUT_CSV] && fb_results_write_csv(run, file[FB_OUT_CSV])) {
		output_failed(run, name[FB_OUT_CSV]);
		failed = file[FB_OUT_CSV];
	}
	if (name[FB_OUT_CSV_SAMPLES] &&
	    fb_results_write_csv_samples(run, file[FB_OUT_CSV_SAMPLES])) {
		output_failed(run, name[FB_OUT_CSV_SAMPLES]);
		failed = failed ? failed : file[FB_OUT_CSV_SAMPLES];
	}
	if (name[FB_OUT_CSV_ENTRIES] &&
	    fb_results_write_csv_entries(run, file[FB_OUT_CSV_ENTRIES])) {
		output_failed(run, name[FB_OUT_CSV_ENTRIES]);
		failed = failed ? failed : file[FB_OUT_CSV_ENTRIES];
	}
	if (name[FB_OUT_JSON]) {
		if (fb_results_write_json(run, file[FB_OUT_JSON]) == 0) {
			snprintf(kept, len, "%s", name[FB_OUT_JSON]);
		} else {
			output_failed(run, name[FB_OUT_JSON]);
			failed = file[FB_OUT_JSON];
		}
	}
	if (failed) {
		rc = FB_EXIT_OUTPUT;
		if (!kept[0]) {
			keep_elsewhere(run, failed, kept, len);
			*elsewhere = kept[0] != '\0';
		}
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
static void say_where(const struct fb_run *run)
{
	const struct fb_run_opts *o = &run->opts;
	const char *paths[] = {o->json_path, o->csv_entries_path, o->csv_path, o->csv_samples_path};
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

/*
 * Whether others made the run busy, from the CPU time they took while it
 * sampled: said on stderr (not under -q), and recorded as the run's load
 * fact in place of the load average at its start.
 */
static void judge_load(const struct fb_run *run, const struct fb_machine *m, struct fb_fact *f)
{
	if (!run->load.known)
		return;
	fb_judge_load_during(f, run->load.others_share, run->load.steal_share, m->cpus_online);
	if (f->level == FB_FACT_WARN && !run->opts.quiet)
		fprintf(stderr, "forkbench run: load: %s: %s\n", f->value, f->advice);
}

int fb_cmd_run(int argc, char **argv)
{
	static struct fb_machine machine;
	struct fb_fact facts[FB_NFACTS], start[FB_NFACTS];
	struct fb_run run;
	char warn[512], skips[FB_REASON_LEN], kept[PATH_MAX];
	bool elsewhere;
	int rc, wrc;

	memset(&run, 0, sizeof(run));
	/* a file size limit makes a write fail with EFBIG, said, instead of killing the run */
	signal(SIGXFSZ, SIG_IGN);
	rc = fb_run_parse(&run.opts, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	fb_run_catch_stops();
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
	/* one line: facts known to distort these numbers; the load is judged after sampling */
	memcpy(start, facts, sizeof(start));
	start[FB_FACT_LOAD].level = FB_FACT_OK;
	fb_facts_warnings(start, warn, sizeof(warn));
	if (warn[0] && !run.opts.quiet)
		fprintf(stderr, "forkbench run: %s\n", warn);
	rc = fb_run_execute(&run);
	judge_load(&run, &machine, &facts[FB_FACT_LOAD]);
	run.context = fb_context_json(&machine, facts);
	/* a skipped method is said here too, not only in the table (-q has none) */
	if (!all_skipped(&run) && fb_run_skips(&run, skips, sizeof(skips)))
		fprintf(stderr, "forkbench run: skipped %s\n", skips);
	fb_run_review(&run);
	if (!run.opts.quiet)
		fb_report_table(&run, stdout);
	fflush(stdout);
	/* Whatever finished is written, even when the run failed or was interrupted. */
	wrc = write_outputs(&run, kept, sizeof(kept), &elsewhere);
	/* One line: what went wrong, and where what finished was kept. */
	if (!run.error[0] && !run.partial)
		say_where(&run);
	else if (kept[0] && (elsewhere || wrc))
		fprintf(stderr, "forkbench run: %s; the results are kept in %s%s\n", run.error,
			kept, run.partial ? " (marked \"partial\": true)" : "");
	else
		fprintf(stderr, "forkbench run: %s%s%s%s\n",
			run.error[0] ? run.error : "run incomplete",
			kept[0] && run.partial ? "; partial results in " : "",
			kept[0] && run.partial ? kept : "",
			kept[0] && run.partial ? " (marked \"partial\": true)" : "");
	json_decref(run.context);
	fb_run_free(&run);
	return rc ? rc : wrc;
}

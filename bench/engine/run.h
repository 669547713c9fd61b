/* SPDX-License-Identifier: MIT */
/* A run as the controller holds it: options, images, entries and their samples. */
#ifndef FORKBENCH_RUN_H
#define FORKBENCH_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

#include "counters/counters.h"
#include "core/image.h"
#include "protocol/protocol.h"
#include "core/sample.h"
#include "stats/stats.h"

#define FB_MAX_SIZES	32
#define FB_MAX_THP	3
#define FB_MAX_WARNINGS 8

/* Exit codes, as documented in README.md. */
enum fb_exit {
	FB_EXIT_OK = 0,
	FB_EXIT_FAILED = 1,	   /* a creation or a child failed */
	FB_EXIT_USAGE = 2,	   /* bad option, size, method */
	FB_EXIT_RESOURCE = 3,	   /* memory, hugetlb pool, RLIMIT_NPROC, CPU */
	FB_EXIT_OUTPUT = 4,	   /* an output file cannot be written */
	FB_EXIT_INTERRUPTED = 128, /* + the signal: 130 for SIGINT, 143 for SIGTERM */
};

enum fb_sampling { FB_SAMPLE_ADAPTIVE, FB_SAMPLE_ITERATIONS, FB_SAMPLE_TIME };

struct fb_run_opts {
	bool method_on[32];
	uint64_t rss[FB_MAX_SIZES];
	int nrss;
	int thp[FB_MAX_THP];
	int nthp;
	struct fb_image_cfg image; /* everything but rss_bytes and thp */
	double cow_fraction;
	int cow_side;
	int cpu, child_cpu;
	int sampling;
	uint64_t iterations;
	double time_s;	   /* --time, per entry */
	double precision;  /* adaptive: relative half-width of the median's CI */
	double max_time_s; /* adaptive: per-entry cap */
	uint64_t min_samples;
	uint32_t warmup;
	int parallel;	      /* creators at once, each its own worker */
	int trace_mode;	      /* enum fb_trace_mode */
	const char *counters; /* --counters list, or NULL */
	const char *json_path, *csv_path, *csv_samples_path;
	const char *label;
	bool quiet, progress;
	int argc;
	char **argv;
};

enum fb_entry_state { FB_ENTRY_ACTIVE, FB_ENTRY_DONE, FB_ENTRY_SKIPPED, FB_ENTRY_FAILED };

struct fb_entry {
	int method;
	int image;
	int state;
	char reason[FB_ERRLEN]; /* why skipped or failed */
	struct fb_sample *samples;
	size_t n, cap;
	struct fb_sample_trace *trace;	   /* parallel to samples, when tracing */
	int64_t (*counts)[FB_CTR_MAX];	   /* parallel to samples, when counting */
	int64_t (*cow_counts)[FB_CTR_MAX]; /* the COW phase's, when counting with --cow */
	size_t trace_cap;
	double elapsed_s;     /* wall time of its batches, warm-up included */
	double per_sample_s;  /* estimate, for sizing batches */
	uint64_t created;     /* creations run, warm-up included, by all creators */
	bool warmed;	      /* all its warm-up samples are done */
	uint32_t warmup_done; /* warm-up samples run and dropped */
	bool precision_met;
	char *warnings[FB_MAX_WARNINGS];
	int nwarnings;
};

#define FB_MAX_PARALLEL 64

/* One worker process: a creator. */
struct fb_worker {
	pid_t pid;
	int to, from;
	bool alive;
};

/* An image and its creators: one worker, or --parallel N of them building the same image. */
struct fb_image_run {
	struct fb_image_cfg cfg;
	struct fb_worker w[FB_MAX_PARALLEL];
	int nw;
	struct fb_whello hello; /* creator 0's; the others' images are alike */
};

struct fb_run {
	struct fb_run_opts opts;
	struct fb_image_run *images;
	int nimages;
	struct fb_entry *entries;
	int nentries;
	bool partial;
	int stop_signal;
	int exit_code;
	char error[FB_ERRLEN];
	char run_id[64];
	char started_utc[32];
	double duration_s;
	bool concurrent_images;
	char helper_path[4096];
	char worker_path[4096];
	void *context;			/* json_t *, collected before the run starts */
	struct fb_trace *trace;		/* NULL unless --trace */
	struct fb_counter_set counters; /* encoded by the controller; n == 0: off */
};

/* Parses `forkbench run` options. Returns 0, or an exit code after printing the error. */
int fb_run_parse(struct fb_run_opts *o, int argc, char **argv);
void fb_run_usage(FILE *out);

/* Checks what can be refused before anything runs: memory, hugetlb pool, outputs. */
int fb_run_preflight(struct fb_run *run);

/* Starts the workers, samples in interleaved rounds, stops them. Returns an exit code. */
int fb_run_execute(struct fb_run *run);

/* Adds a formatted warning to an entry. */
void fb_entry_warn(struct fb_entry *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Summary of one point of an entry; returns false when the entry lacks it. */
bool fb_entry_summary(const struct fb_entry *e, int point, struct fb_summary *s);

/* The same, over the samples of one creator (its worker's pid); 0 means all. */
bool fb_entry_summary_of(const struct fb_entry *e, int point, int parent_pid, struct fb_summary *s);

/* Creations per second by all creators together, warm-up included. */
double fb_entry_rate(const struct fb_entry *e);

/* A stable label for an entry: "fork rss=1G thp=off". */
void fb_entry_label(const struct fb_run *run, const struct fb_entry *e, char *buf, size_t len);

/* Derives per-entry warnings once sampling is over. */
void fb_run_review(struct fb_run *run);

/* Frees samples and warnings. */
void fb_run_free(struct fb_run *run);

/* Set by the signal handler: SIGINT or SIGTERM stops after the current sample. */
extern volatile sig_atomic_t fb_stop_signal;
/* "SIGINT", "SIGTERM" or "SIGHUP": the signals that stop a run and keep what finished. */
const char *fb_stop_signal_name(int sig);

#endif

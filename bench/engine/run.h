/* SPDX-License-Identifier: MIT */
/*
 * The run model: what a run asked for, its images and entries with their
 * samples and, once sampling is over, their summaries and what the workers
 * measured. Plain data: the engine fills it, report/ renders it without
 * calling back into the engine, and `forkbench export` rebuilds the part
 * the CSV needs from a results JSON.
 */
#ifndef FORKBENCH_RUN_H
#define FORKBENCH_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/exit_code.h" /* enum fb_exit: a run's exit_code */
#include "core/image.h"
#include "engine/output_lock.h"
#include "engine/run_limits.h"
#include "engine/warn_kind.h"
#include "core/sample.h"
#include "counters/counters.h"
#include "stats/stats.h"
#include "trace/trace.h"

#define FB_MAX_WARNINGS 8
#define FB_RUN_METHODS	32 /* room for methods in the options; the registry has fewer */
#define FB_REASON_LEN	320
#define FB_LABEL_LEN	160
#define FB_NOUTPUTS	4 /* --json, --csv, --csv-samples, --csv-entries */

enum fb_sampling { FB_SAMPLE_ADAPTIVE, FB_SAMPLE_ITERATIONS, FB_SAMPLE_TIME };

struct fb_run_opts {
	bool method_on[FB_RUN_METHODS];
	int method_order[FB_RUN_METHODS]; /* as --method named them: the table's order */
	int nmethod_order;
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
	unsigned points;      /* --points: FB_PT_BIT()s to report */
	uint32_t probe_every; /* --probe-every, 0: the default for the run */
	int runs;	      /* independent runs, each with fresh workers and images */
	int parallel;	      /* creators at once, each its own worker */
	int trace_mode;	      /* enum fb_trace_mode */
	const char *counters; /* --counters list, or NULL */
	const char *json_path, *csv_path, *csv_samples_path;
	const char *csv_entries_path; /* one flat row per entry (--csv-entries) */
	const char *label;
	bool quiet, progress;
	bool verbose; /* every warning of every entry, not one line a kind */
	int unit;     /* enum fb_time_unit: the table's times */
	int argc;
	char **argv;
};

enum fb_entry_state { FB_ENTRY_ACTIVE, FB_ENTRY_DONE, FB_ENTRY_SKIPPED, FB_ENTRY_FAILED };

/* An entry's status as the results JSON and the CSV spell it. */
static inline const char *fb_entry_state_name(int state)
{
	return state == FB_ENTRY_DONE	   ? "ok"
	       : state == FB_ENTRY_SKIPPED ? "skipped"
	       : state == FB_ENTRY_FAILED  ? "failed"
					   : "incomplete";
}

/* What the trace said about one sample. */
struct fb_sample_trace {
	int16_t count[FB_EV_NKINDS];	   /* events of each kind for this pid */
	int64_t newtask_ts;		   /* task_newtask's CLOCK_MONOTONIC time, or 0 */
	int64_t copy[FB_TRACE_MAX_FIELDS]; /* task_copy_process fields, INT64_MIN if none */
};

/* One creator's round trips, for --parallel. */
struct fb_creator_summary {
	int pid;
	struct fb_summary roundtrip;
};

/* The counts of each event of a counter set over an entry's samples. */
struct fb_count_summaries {
	bool counted[FB_CTR_MAX]; /* some sample has a count of event j */
	struct fb_summary s[FB_CTR_MAX];
};

struct fb_entry {
	int method;
	int image;
	int state;
	char label[FB_LABEL_LEN];   /* "fork rss=1G thp=off", stable across runs */
	char reason[FB_REASON_LEN]; /* why skipped or failed */
	struct fb_sample *samples;
	size_t n, cap;
	struct fb_sample_trace *trace;	   /* parallel to samples, when tracing */
	int64_t (*counts)[FB_CTR_MAX];	   /* parallel to samples, when counting */
	int64_t (*cow_counts)[FB_CTR_MAX]; /* the COW phase's, when counting with --cow */
	size_t trace_cap;
	double elapsed_s;	 /* wall time of its batches, warm-up included, all runs */
	double per_sample_s;	 /* estimate, for sizing batches */
	uint64_t created;	 /* creations run, warm-up included, by all creators */
	uint32_t warmup_dropped; /* warm-up samples run and dropped, all runs */
	/* the run being sampled: each run of --runs samples and warms up anew */
	int nruns;		       /* runs begun */
	size_t run_first[FB_MAX_RUNS]; /* index of each run's first sample */
	double run_elapsed_s;	       /* of the current run */
	bool warmed;		       /* the current run's warm-up is done */
	uint32_t warmup_done;	       /* warm-up samples of the current run */
	unsigned points;	       /* FB_PT_BIT()s it reports (fb_entry_plan_kinds) */
	unsigned kinds;		       /* FB_KIND_BIT()s of sample that carry them */
	uint32_t probe_every;	       /* and how they mix */
	uint64_t seq;		       /* samples each creator ran this run, warm-up included */
	int precise_runs;	       /* runs that reached --precision */
	bool precision_met;	       /* every run did (set when sampling is over) */
	/* computed once when sampling is over (fb_run_summarize), then only read */
	bool has_point[FB_NPOINTS];
	size_t kind_n[FB_NKINDS];	     /* samples kept of each kind */
	struct fb_summary point[FB_NPOINTS]; /* all zero where !has_point */
	double rate;			     /* creations per second by all creators together */
	struct fb_creator_summary *creators; /* the creators with round trips */
	int ncreators;
	struct fb_count_summaries counted;     /* of counts, by event */
	struct fb_count_summaries cow_counted; /* of cow_counts, by event */
	/* "<what was seen>: <what to do>", each whole, as the JSON keeps it */
	char *warnings[FB_MAX_WARNINGS];
	int warning_kind[FB_MAX_WARNINGS];	  /* enum fb_warn_kind */
	unsigned warning_advice[FB_MAX_WARNINGS]; /* where the advice begins in it, or its length */
	int nwarnings;
};

/* An image as its first creator built and measured it. */
struct fb_image_built {
	bool answered; /* the worker reported on its image (else all below is zero) */
	bool ok;       /* and the image was built */
	int pid;       /* that worker's */
	struct fb_image_facts baseline; /* the worker before the image was built */
	struct fb_image_facts measured; /* and after */
	uint64_t pages;			/* pages of page_bytes */
	uint64_t page_bytes;
	uint64_t cow_pages; /* pages the COW phase writes */
	int64_t counter_read_ns;
	struct fb_counter_set counters; /* as opened: the states say what is counted */
};

struct fb_image_run {
	struct fb_image_cfg cfg;
	struct fb_image_built built;
};

/* The lean worker's own facts, from the last image whose worker reported. */
struct fb_worker_facts {
	bool known;
	int64_t clock_overhead_ns;
	int64_t clock_overhead_min_ns;
	int64_t clock_resolution_ns;
	char libc[64];
};

/* What tracing did over the run. */
struct fb_trace_facts {
	bool opened; /* --trace was given and not refused; else the results say "off" */
	int mode;    /* enum fb_trace_mode */
	bool active; /* events were recorded */
	bool enabled[FB_EV_NKINDS];
	char why[256]; /* auto mode: why nothing was recorded */
	uint64_t lost;
};

struct fb_creators;

struct fb_run {
	struct fb_run_opts opts;
	struct fb_image_run *images;
	int nimages;
	struct fb_entry *entries;
	int nentries;
	bool partial;
	int stop_signal;
	int exit_code;
	char error[FB_REASON_LEN];
	char run_id[64];
	char started_utc[32];
	double duration_s;
	bool concurrent_images;
	int runs_done; /* runs of --runs that finished */
	/* the CPU time other tasks took while the run sampled: a busy machine */
	struct {
		bool known;
		double others_share; /* of all CPUs' time, beyond forkbench's own */
		double steal_share;  /* taken by the hypervisor for other guests */
	} load;
	void *context;			/* json_t *, the machine before the run */
	struct fb_counter_set counters; /* encoded by the CLI; n == 0: off */
	/* copied from the engine's own state when sampling is over */
	struct fb_worker_facts worker;
	struct fb_trace_facts trace_facts;
	/* the engine's own: the workers of each image, the trace, the binaries */
	struct fb_creators *creators;
	struct fb_trace *trace; /* NULL unless --trace */
	/* --json, --csv, --csv-samples, --csv-entries: locked from the preflight until written */
	struct fb_output_lock locks[FB_NOUTPUTS];
	char helper_path[4096];
	char worker_path[4096];
};

/* "SIGINT", "SIGTERM" or "SIGHUP": the signals that stop a run and keep what finished. */
static inline const char *fb_stop_signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * A history of runs: results files kept in one SQLite file (docs/store.md
 * has the schema). One file, so that a CI job can cache it or upload it as
 * an artifact; SQLite, so that many runs are a query away, and locking,
 * transactions and a file format that lasts come from the field's library.
 *
 * Every function that can fail returns -1 with one line in err (without
 * the command's prefix), or 0.
 */
#ifndef FORKBENCH_STORE_H
#define FORKBENCH_STORE_H

#include "results/results_read.h"

#include <stdbool.h>
#include <stddef.h>

/* The schema this forkbench writes and reads (PRAGMA user_version and meta). */
#define FB_STORE_SCHEMA_VERSION 3
#define FB_STORE_SCHEMA_NAME	"forkbench-store"
/* How long a command waits for another's lock before it gives up, ms. */
#define FB_STORE_BUSY_MS 10000

struct fb_store;

/* The store's path: opt (--store) if given, else $FORKBENCH_STORE, else ./forkbench.db. */
const char *fb_store_path(const char *opt);

/*
 * Opens the store at path. create: make it when missing (store add);
 * else a missing file is an error. A file that is not a forkbench store,
 * is corrupt, or has a newer schema is refused; an older one is migrated
 * (within a transaction) when create is set, else refused with the command
 * that migrates it.
 */
int fb_store_open(const char *path, bool create, struct fb_store **out, char *err, size_t errlen);
void fb_store_close(struct fb_store *st);

/* What store add was told beyond the file. */
struct fb_store_add_opts {
	const char *label;     /* stored instead of run.label, or NULL */
	const char *id;	       /* stored instead of run.id, or NULL (one file) */
	const char *id_suffix; /* appended to run.id, or NULL */
};

enum fb_store_added {
	FB_STORE_ADDED,
	/* added under its run id and its document's hash: its id to the second is another's */
	FB_STORE_ADDED_OWN_ID,
	FB_STORE_UNCHANGED,
};

/*
 * Adds the results file at path (read and validated by compare's reader),
 * in one transaction. The same document under the same run id (and label)
 * changes nothing: *what is FB_STORE_UNCHANGED. Another document under a
 * run id the store holds is an error. The stored run id is put in id.
 */
int fb_store_add(struct fb_store *st, const char *path, const struct fb_store_add_opts *o,
		 enum fb_store_added *what, char *id, size_t idlen, char *err, size_t errlen);

/* One stored run, as store list shows it. */
struct fb_store_run {
	char run_id[128];
	char started[32]; /* ISO 8601 UTC */
	char kernel[96];
	char label[96];
	char clock[16];
	char host[96];
	int runs;      /* independent runs in the file (run --runs) */
	int runs_done; /* of them, those that finished (fewer when interrupted) */
	long entries;  /* entries with status ok */
	long nentries; /* all entries */
};

/* Every stored run, oldest first; *runs from malloc, *n of them. */
int fb_store_runs(struct fb_store *st, struct fb_store_run **runs, size_t *n, char *err,
		  size_t errlen);

/* One run-of-sample median of one entry's point: what a trend is made of. */
struct fb_store_median {
	char run_id[128];
	char started[32];
	char kernel[96];
	char label[96];
	char clock[16];		     /* icount or wall */
	int run_index;		     /* the run within its file */
	long n;			     /* samples */
	double median, ci_lo, ci_hi; /* ns; the 95% CI of the median, within the run */
};

/*
 * The medians of entry name's point (a name as compare prints it, e.g.
 * "fork rss=0 thp=off") in every stored run that has it (and was timed
 * with clock, unless that is NULL), oldest first.
 * An unknown name is an error that lists the closest names the store
 * holds; so is a name two different parameter sets share.
 */
int fb_store_medians(struct fb_store *st, const char *name, const char *point, const char *clock,
		     struct fb_store_median **m, size_t *n, char *err, size_t errlen);

/*
 * The runs a selector names, read back into results (compare's reader):
 * "label:L", "kernel:K" (context.kernel.release) or "run:ID", oldest first.
 * *files from malloc, *n of them; none is an error.
 */
int fb_store_select(struct fb_store *st, const char *selector, struct fb_results **files, size_t *n,
		    char *err, size_t errlen);

/* Whether an operand is a selector fb_store_select reads. */
bool fb_store_is_selector(const char *operand);

#endif

/* SPDX-License-Identifier: MIT */
/* What the CLI asks of the engine, in this order, for one `forkbench run`. */
#ifndef FORKBENCH_ENGINE_H
#define FORKBENCH_ENGINE_H

#include "machine/machine.h"
#include "run.h"

/*
 * From here on SIGINT, SIGTERM and SIGHUP stop the run after the current
 * sample and keep what finished: one that comes before sampling begins
 * ends the run there, with nothing sampled, and says so (the results say
 * interrupted_by, runs_done 0), rather than killing it without a word.
 */
void fb_run_catch_stops(void);

/*
 * Refuses what cannot run before anything does: outputs (and locks them
 * against another run, output_lock.h), CPUs, and, from the machine's
 * facts, memory and the hugetlb pool; then RLIMIT_NPROC. On a refusal
 * nothing stays locked.
 */
int fb_run_preflight(struct fb_run *run, const struct fb_machine *m);

/* Releases the outputs' locks, once they are written (fb_run_free does too). */
void fb_run_unlock_outputs(struct fb_run *run);

/*
 * Builds the entries, starts the workers, samples in interleaved rounds,
 * stops them, and summarizes every entry once. Returns an exit code; what
 * finished is in run either way.
 */
int fb_run_execute(struct fb_run *run);

/*
 * The methods skipped (this kernel or install lacks them), each once with
 * why: "pidfd (...), posix_spawn (...)" into out. Returns how many. A run
 * whose every entry was skipped measured nothing: it fails with exit 3.
 */
int fb_run_skips(const struct fb_run *run, char *out, size_t len);

/* Derives the per-entry warnings that tell the user what to do, from the summaries. */
void fb_run_review(struct fb_run *run);

/* Frees samples, summaries and warnings, and removes the trace instance. */
void fb_run_free(struct fb_run *run);

#endif

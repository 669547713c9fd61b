/* SPDX-License-Identifier: MIT */
/*
 * The creators: one lean worker process per image, or --parallel N of
 * them building the same image. They are started, given batches and
 * stopped here, and spoken to only through protocol/.
 */
#ifndef FORKBENCH_CREATORS_H
#define FORKBENCH_CREATORS_H

#include <stdbool.h>
#include <sys/types.h>

#include "protocol/protocol.h"
#include "run.h"

/* One worker process: a creator. */
struct fb_worker {
	pid_t pid;
	int to, from;
	bool alive;
};

/* An image's creators. */
struct fb_creators {
	struct fb_worker w[FB_MAX_PARALLEL];
	int nw;
	struct fb_whello hello; /* creator 0's; the others' images are alike */
};

/*
 * Finds forkbench-worker and forkbench-helper (binaries.c says where it
 * looks). Without the worker, says so in one line and returns
 * FB_EXIT_RESOURCE; else 0.
 */
int fb_creators_locate(struct fb_run *run);

/*
 * Starts image idx's creators; each builds the image and says hello. What
 * creator 0 measured goes into the run model, and the entries of methods
 * it cannot run are marked skipped. Returns 0, or -1 with the run's error set.
 */
int fb_creators_start(struct fb_run *run, int idx);

/* Stops image idx's creators: asks them to quit, or kills them (force). */
void fb_creators_stop(struct fb_run *run, int idx, bool force);

/*
 * Runs cmd on every creator of e's image at once and appends what they
 * send to e. Returns FB_W_OK, the first other status a creator reported
 * (a failure also fails e and the run), or -1 when a worker died.
 */
int fb_creators_batch(struct fb_run *run, struct fb_entry *e, const struct fb_wcmd *cmd);

/*
 * Reaps what killed workers left to forkbench (it is their subreaper),
 * waiting up to wait_ms for those still running; call it with no worker
 * alive, or it waits the whole time.
 */
void fb_creators_reap_orphans(int wait_ms);

/* Sends sig to every worker started so far; async-signal-safe. */
void fb_creators_signal(int sig);

#endif

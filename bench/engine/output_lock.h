/* SPDX-License-Identifier: MIT */
/*
 * One run at a time per output file. Two runs given the same --json wrote
 * it one after the other, and the first run's results vanished without a
 * word. Each output is locked from the preflight until it is written: an
 * flock on PATH.lock beside it, which holds the pid of the run. A second
 * run is refused up front, naming the first; a lock file a killed run
 * left behind holds no lock, and the next run takes it over.
 */
#ifndef FORKBENCH_OUTPUT_LOCK_H
#define FORKBENCH_OUTPUT_LOCK_H

#include <limits.h>
#include <stdbool.h>

struct fb_output_lock {
	bool held; /* all zero: not held */
	int fd;
	char path[PATH_MAX];
};

/*
 * Locks the output path of option opt ("--json"), named shown in what it
 * says (path is the file's one name, output_path.h). Returns 0 (a
 * device or a pipe needs no lock: l->held stays false), or FB_EXIT_OUTPUT
 * after one line on stderr: another live run holds it, or this run names
 * it twice.
 */
int fb_output_lock(struct fb_output_lock *l, const char *opt, const char *shown, const char *path);

/* Removes the lock file and releases the lock; safe on a lock never held. */
void fb_output_unlock(struct fb_output_lock *l);

#endif

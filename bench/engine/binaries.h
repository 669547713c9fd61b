/* SPDX-License-Identifier: MIT */
/*
 * Where forkbench's two other programs are: forkbench-worker, which holds
 * the memory image and creates, and forkbench-helper, what the exec
 * methods start. `run` needs them, `list` says what their absence costs.
 */
#ifndef FORKBENCH_BINARIES_H
#define FORKBENCH_BINARIES_H

#include <limits.h>
#include <stdbool.h>

#include "methods/method.h"

struct fb_binaries {
	char worker[PATH_MAX];
	char helper[PATH_MAX]; /* beside the worker, found or not */
	bool worker_found;
	bool helper_found;
	/* every worker path looked at, ", "-separated, for the error */
	char tried[2 * PATH_MAX + 8];
};

/*
 * Looks for the worker, and the helper beside it (see binaries.c for the
 * order). Returns 0 when the worker was found, -1 when not: b->tried then
 * names the paths looked at (or why forkbench cannot find itself).
 */
int fb_binaries_find(struct fb_binaries *b);

/* Why m cannot run with the programs b found (a short phrase), or NULL. */
const char *fb_binaries_lack(const struct fb_binaries *b, const struct fb_method *m);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The results files that operands name, as every reader takes them: a
 * file as itself (a missing one is said when it is read), a directory as
 * its own *.json and DIR/<sub>/results.json (as run-guest.sh and
 * compare-kernels leave them) that are forkbench results, sorted by name;
 * sidecars (*.guest.json) and other JSON (compare.json) are not runs.
 */
#ifndef FORKBENCH_RESULTS_PATHS_H
#define FORKBENCH_RESULTS_PATHS_H

#include <stddef.h>

/*
 * The files of nops operands into *paths (each path and the array from
 * malloc), *n of them. Returns 0, or -1 after one line on stderr,
 * "WHO: DIR: why" (an unreadable directory, one without results).
 */
int fb_results_operands(char **ops, size_t nops, const char *who, char ***paths, size_t *n);

/* The same for one directory. */
int fb_results_in_dir(const char *dir, const char *who, char ***paths, size_t *n);

void fb_results_paths_free(char **paths, size_t n);

#endif

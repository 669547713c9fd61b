/* SPDX-License-Identifier: MIT */
/*
 * A check of results files timed with the model, before compare reads
 * them: per file, entry and point, the median over the samples of each
 * counter, of the cost figure and of the instruction time.
 */
#ifndef FORKBENCH_MODEL_PRINT_H
#define FORKBENCH_MODEL_PRINT_H

#include <stddef.h>
#include <stdio.h>

/* Prints the files' medians; 0, or 1 when a file is not one timed with the model. */
int fb_model_print(FILE *out, const char *const *paths, size_t n);

#endif

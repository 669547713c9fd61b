/* SPDX-License-Identifier: MIT */
/* Whether two runs were measured under conditions worth comparing. */
#ifndef FORKBENCH_COMPARE_CONTEXT_H
#define FORKBENCH_COMPARE_CONTEXT_H

#include "results/results_read.h"

#include <stdbool.h>
#include <stdio.h>

/*
 * Prints one "warning: ..." line to out per difference that matters (THP,
 * mitigations, TCG/KVM/bare metal). Returns -1, with the reason in err,
 * when the CPU models differ and force is false.
 */
int fb_compare_contexts(const struct fb_results *a, const struct fb_results *b, bool force,
			FILE *out, char *err, size_t errlen);

#endif

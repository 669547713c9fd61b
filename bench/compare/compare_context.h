/* SPDX-License-Identifier: MIT */
/* Whether two runs were measured under conditions worth comparing. */
#ifndef FORKBENCH_COMPARE_CONTEXT_H
#define FORKBENCH_COMPARE_CONTEXT_H

#include "compare/results_read.h"

#include <stdbool.h>
#include <stdio.h>

/*
 * How a run was executed: "TCG emulation", "KVM", "bare metal" or
 * "VM (<hypervisor>)". TCG is taken from the hypervisor string or from a
 * QEMU runner's sidecar next to the JSON (guest.json with "accel": "tcg",
 * as harness/qemu/run-guest.sh writes), since a TCG guest may not say so.
 */
const char *fb_run_execution(const struct fb_results *r, char *buf, size_t len);

/*
 * Prints one "warning: ..." line to out per difference that matters (THP,
 * mitigations, TCG/KVM/bare metal). Returns -1, with the reason in err,
 * when the CPU models differ and force is false.
 */
int fb_compare_contexts(const struct fb_results *a, const struct fb_results *b, bool force,
			FILE *out, char *err, size_t errlen);

#endif

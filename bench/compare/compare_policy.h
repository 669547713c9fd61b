/* SPDX-License-Identifier: MIT */
/*
 * What compare holds a comparison to, by how its runs were timed: the
 * threshold, the run-to-run allowance with fewer than 3 runs a side and
 * the least spread between runs. One place
 * for the policy, so that the command line, compare-kernels' help
 * (forkbench compare --defaults CLOCK) and the store agree.
 */
#ifndef FORKBENCH_COMPARE_POLICY_H
#define FORKBENCH_COMPARE_POLICY_H

#include "compare/compare_stats.h"

#include <stdbool.h>

/*
 * The least spread between boots in a deterministic clock (instruction
 * time, the cache model), as a relative SD: ten boots of one 6.1 kernel,
 * perturbed by a padding parameter, by the warm-up count or not at all,
 * put every entry's lower quartile within 0.062% (fork, vfork and thread at
 * rss 0 and 16 MiB, create and round trip; docs/compare.md). Boots of one
 * kernel and one command line can agree far closer than another kernel's
 * boots would: the floor keeps their agreement from making a p-value.
 */
#define FB_CMP_FLOOR_DETERMINISTIC 0.0005

/* Whether a clock counts work rather than time: "icount" or "model". */
bool fb_clock_deterministic(const char *clock);

/*
 * Sets threshold, allowance and floor of *o for runs timed by
 * clock ("wall", "icount", "model"); aslr_off: every run had the guest's
 * ASLR off, so that memory was laid out alike in each.
 */
void fb_cmp_policy(const char *clock, bool aslr_off, struct fb_cmp_opts *o);

#endif

// SPDX-License-Identifier: MIT
/* fork() then execve() of the static helper, by hand: what a shell does. */
#include "method.h"

static int fork_exec_sample(struct fb_method_ctx *ctx, struct fb_sample *s)
{
	return fb_exec_by_hand(ctx, s, false);
}

const struct fb_method fb_method_fork_exec = {
	.name = "fork_exec",
	.summary = "fork() + execve() of the static helper; waitpid()",
	.points =
		FB_PT_BIT(FB_PT_CREATE) | FB_PT_BIT(FB_PT_CHILD_START) | FB_PT_BIT(FB_PT_ROUNDTRIP),
	.exec = true,
	.points_note =
		"create: fork() returns in the parent; child_start is the helper's first instruction in main()",
	.prepare = fb_exec_prepare,
	.sample = fork_exec_sample,
};

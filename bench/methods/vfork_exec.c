// SPDX-License-Identifier: MIT
/* vfork() then execve() of the static helper, by hand: what a shell does. */
#include "method.h"

static int vfork_exec_sample(struct fb_method_ctx *ctx, struct fb_sample *s)
{
	return fb_exec_by_hand(ctx, s, true);
}

const struct fb_method fb_method_vfork_exec = {
	.name = "vfork_exec",
	.summary = "vfork() + execve() of the static helper; waitpid()",
	.points =
		FB_PT_BIT(FB_PT_CREATE) | FB_PT_BIT(FB_PT_CHILD_START) | FB_PT_BIT(FB_PT_ROUNDTRIP),
	.exec = true,
	.points_note =
		"create ends when the child has exec'd (the parent resumes only then); child_start is the helper's first instruction in main()",
	.prepare = fb_exec_prepare,
	.sample = vfork_exec_sample,
};

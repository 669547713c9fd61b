// SPDX-License-Identifier: MIT
/* fork(): the child _exit(0)s, the parent reaps it. The baseline of them all. */
#include "method.h"
#include "core/clock.h"

#include <errno.h>
#include <unistd.h>

static int fork_sample(struct fb_method_ctx *ctx, struct fb_sample *s)
{
	int64_t t0, t1, t2;
	int status;
	pid_t pid;

	fb_shared_reset(ctx, s);
	fb_ctr_before(ctx);
	t0 = fb_now_ns();
	fb_mark(FB_MARK_OPEN);
	pid = fork();
	if (pid == 0) {
		if (s->kind == FB_KIND_PLAIN)
			fb_plain_child_exit(ctx);
		fb_child_body(ctx);
	}
	fb_mark(FB_MARK_CREATED);
	t1 = fb_now_ns();
	fb_ctr_after(ctx);
	if (pid < 0) {
		ctx->failed_call = "fork";
		return errno;
	}
	fb_parent_cow(ctx, s);
	if (fb_reap(pid, &status) < 0) {
		ctx->failed_call = "waitpid";
		return errno;
	}
	fb_mark(FB_MARK_REAPED);
	t2 = fb_now_ns();
	s->ns[FB_PT_CREATE] = t1 - t0;
	s->ns[FB_PT_ROUNDTRIP] = t2 - t0;
	s->child_pid = pid;
	return fb_finish_sample(ctx, s, t0, status);
}

const struct fb_method fb_method_fork = {
	.name = "fork",
	.summary = "fork(); the child _exit()s; waitpid()",
	.points =
		FB_PT_BIT(FB_PT_CREATE) | FB_PT_BIT(FB_PT_CHILD_START) | FB_PT_BIT(FB_PT_ROUNDTRIP),
	.cow = true,
	.points_note =
		"create: fork() returns in the parent; roundtrip includes the child's exit and mm teardown",
	.sample = fork_sample,
};

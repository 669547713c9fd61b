// SPDX-License-Identifier: MIT
/* vfork(): the parent sleeps until the child _exit()s; nothing is copied. */
#include "method.h"
#include "core/clock.h"

#include <errno.h>
#include <unistd.h>

static int vfork_sample(struct fb_method_ctx *ctx, struct fb_sample *s)
{
	int64_t t0, t1, t2;
	int status;
	pid_t pid;

	fb_shared_reset(ctx, s);
	fb_ctr_before(ctx);
	t0 = fb_now_ns();
	fb_mark(FB_MARK_OPEN);
	pid = vfork();
	if (pid == 0) {
		/* Only stores and _exit: the child borrows the parent's stack (and rseq area). */
		if (s->kind == FB_KIND_PLAIN)
			_exit(fb_exit_cpu_insn(ctx->cpu_insn));
		ctx->shared->child_start_ns = fb_now_ns();
		ctx->shared->child_cpu = fb_current_cpu();
		_exit(0);
	}
	fb_mark(FB_MARK_CREATED);
	t1 = fb_now_ns();
	fb_ctr_after(ctx);
	if (pid < 0) {
		ctx->failed_call = "vfork";
		return errno;
	}
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

const struct fb_method fb_method_vfork = {
	.name = "vfork",
	.summary = "vfork(); the child _exit()s; waitpid()",
	.points =
		FB_PT_BIT(FB_PT_CREATE) | FB_PT_BIT(FB_PT_CHILD_START) | FB_PT_BIT(FB_PT_ROUNDTRIP),
	.points_note =
		"create includes the child's run up to _exit(), since the parent resumes only then",
	.sample = vfork_sample,
};

// SPDX-License-Identifier: MIT
/* posix_spawn() of the tiny static helper: glibc's clone(CLONE_VM|CLONE_VFORK) + execve. */
#include "method.h"
#include "core/clock.h"

#include <errno.h>
#include <spawn.h>

static int spawn_sample(struct fb_method_ctx *ctx, struct fb_sample *s)
{
	int64_t t0, t1, t2;
	int status, rc;
	pid_t pid;

	fb_shared_reset(ctx, s);
	fb_ctr_before(ctx);
	t0 = fb_now_ns();
	fb_mark(FB_MARK_OPEN);
	rc = posix_spawn(&pid, ctx->helper_path, NULL, NULL,
			 s->kind == FB_KIND_PLAIN ? ctx->helper_plain_argv : ctx->helper_argv,
			 ctx->envp);
	fb_mark(FB_MARK_CREATED);
	t1 = fb_now_ns();
	fb_ctr_after(ctx);
	if (rc) {
		ctx->failed_call = "posix_spawn";
		return rc;
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

const struct fb_method fb_method_posix_spawn = {
	.name = "posix_spawn",
	.summary = "posix_spawn() of the static helper; waitpid()",
	.points =
		FB_PT_BIT(FB_PT_CREATE) | FB_PT_BIT(FB_PT_CHILD_START) | FB_PT_BIT(FB_PT_ROUNDTRIP),
	.exec = true,
	.points_note =
		"create ends after the exec succeeded (glibc waits for it); child_start is the helper's first instruction in main()",
	.prepare = fb_exec_prepare,
	.sample = spawn_sample,
};

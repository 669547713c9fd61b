// SPDX-License-Identifier: MIT
/* clone3() with CLONE_PIDFD, reaped through the pidfd with waitid(P_PIDFD). */
#include "method.h"
#include "core/clock.h"

#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static const char *pidfd_unsupported(void)
{
	/* A NULL clone_args of size 0 is EINVAL where clone3 exists, ENOSYS where it does not. */
	if (syscall(SYS_clone3, NULL, 0) < 0 && errno == ENOSYS)
		return "this kernel has no clone3() (needs Linux 5.3; waitid(P_PIDFD) needs 5.4)";
	return NULL;
}

static int pidfd_sample(struct fb_method_ctx *ctx, struct fb_sample *s)
{
	struct clone_args args;
	int64_t t0, t1, t2;
	siginfo_t info;
	int pidfd = -1, rc;
	long pid;

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)&pidfd;
	args.exit_signal = SIGCHLD;
	fb_shared_reset(ctx, s);
	fb_ctr_before(ctx);
	t0 = fb_now_ns();
	fb_mark(FB_MARK_OPEN);
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0) {
		if (s->kind == FB_KIND_PLAIN)
			fb_plain_child_exit(ctx);
		fb_child_body(ctx);
	}
	fb_mark(FB_MARK_CREATED);
	t1 = fb_now_ns();
	fb_ctr_after(ctx);
	if (pid < 0) {
		ctx->failed_call = "clone3";
		return errno;
	}
	fb_parent_cow(ctx, s);
	do
		rc = waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED);
	while (rc < 0 && errno == EINTR);
	fb_mark(FB_MARK_REAPED);
	t2 = fb_now_ns();
	if (rc < 0) {
		int err = errno;

		ctx->failed_call = "waitid(P_PIDFD)";
		fb_reap((int)pid, &rc);
		close(pidfd);
		return err;
	}
	close(pidfd);
	s->ns[FB_PT_CREATE] = t1 - t0;
	s->ns[FB_PT_ROUNDTRIP] = t2 - t0;
	s->child_pid = (int)pid;
	return fb_finish_sample(ctx, s, t0,
				info.si_code == CLD_EXITED ? W_EXITCODE(info.si_status, 0) : 0x7f);
}

const struct fb_method fb_method_pidfd = {
	.name = "pidfd",
	.summary = "clone3(CLONE_PIDFD); the child _exit()s; waitid(P_PIDFD)",
	.points =
		FB_PT_BIT(FB_PT_CREATE) | FB_PT_BIT(FB_PT_CHILD_START) | FB_PT_BIT(FB_PT_ROUNDTRIP),
	.cow = true,
	.points_note =
		"create: clone3() returns the pid and pidfd; roundtrip ends when waitid(P_PIDFD) has reaped the child",
	.unsupported = pidfd_unsupported,
	.sample = pidfd_sample,
};

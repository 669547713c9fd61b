// SPDX-License-Identifier: MIT
/* fork(), then pidfd_open() on the child: the pre-clone3 way to a pidfd. */
#include "method.h"
#include "core/clock.h"

#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static const char *pidfd_open_unsupported(void)
{
	long fd = syscall(SYS_pidfd_open, getpid(), 0);

	if (fd < 0 && errno == ENOSYS)
		return "this kernel has no pidfd_open() (needs Linux 5.3)";
	if (fd >= 0)
		close((int)fd);
	return NULL;
}

static int pidfd_open_sample(struct fb_method_ctx *ctx, struct fb_sample *s)
{
	int64_t t0, t1, t2;
	siginfo_t info;
	long pidfd;
	pid_t pid;
	int rc;

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
	if (pid < 0) {
		ctx->failed_call = "fork";
		return errno;
	}
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	fb_mark(FB_MARK_CREATED);
	t1 = fb_now_ns();
	fb_ctr_after(ctx);
	if (pidfd < 0) {
		int err = errno;

		ctx->failed_call = "pidfd_open";
		fb_release_child(ctx); /* a --cow-side parent child waits for it */
		fb_reap(pid, &rc);
		return err;
	}
	fb_parent_cow(ctx, s);
	do
		rc = waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED);
	while (rc < 0 && errno == EINTR);
	fb_mark(FB_MARK_REAPED);
	t2 = fb_now_ns();
	close((int)pidfd);
	if (rc < 0) {
		int err = errno;

		ctx->failed_call = "waitid(P_PIDFD)";
		fb_reap(pid, &rc);
		return err;
	}
	s->ns[FB_PT_CREATE] = t1 - t0;
	s->ns[FB_PT_ROUNDTRIP] = t2 - t0;
	s->child_pid = pid;
	return fb_finish_sample(ctx, s, t0,
				info.si_code == CLD_EXITED ? W_EXITCODE(info.si_status, 0) : 0x7f);
}

const struct fb_method fb_method_pidfd_open = {
	.name = "pidfd_open",
	.summary = "fork(), then pidfd_open() on the child; waitid(P_PIDFD)",
	.points =
		FB_PT_BIT(FB_PT_CREATE) | FB_PT_BIT(FB_PT_CHILD_START) | FB_PT_BIT(FB_PT_ROUNDTRIP),
	.cow = true,
	.points_note = "create ends when pidfd_open() returns, so it holds fork() and pidfd_open()",
	.unsupported = pidfd_open_unsupported,
	.sample = pidfd_open_sample,
};

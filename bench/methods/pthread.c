// SPDX-License-Identifier: MIT
/* pthread_create()/pthread_join(): the libc path, with its stack cache and TLS setup. */
#include "method.h"
#include "core/clock.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void *pthread_body(void *arg)
{
	struct fb_method_ctx *ctx = arg;

	ctx->shared->child_start_ns = fb_now_ns();
	ctx->shared->child_cpu = fb_current_cpu();
	return (void *)(long)syscall(SYS_gettid);
}

/* A plain sample's thread returns, with its CPU: glibc gave it its own rseq area, a load away. */
static void *pthread_plain_body(void *arg)
{
	const struct fb_method_ctx *ctx = arg;

	return (void *)(long)fb_exit_cpu_rseq(ctx->rseq_cpu_off);
}

static int pthread_sample(struct fb_method_ctx *ctx, struct fb_sample *s)
{
	int64_t t0, t1, t2;
	pthread_t t;
	void *ret;
	int rc;

	fb_shared_reset(ctx, s);
	fb_ctr_before(ctx);
	t0 = fb_now_ns();
	fb_mark(FB_MARK_OPEN);
	rc = pthread_create(&t, NULL, s->kind == FB_KIND_PLAIN ? pthread_plain_body : pthread_body,
			    ctx);
	fb_mark(FB_MARK_CREATED);
	t1 = fb_now_ns();
	fb_ctr_after(ctx);
	if (rc) {
		ctx->failed_call = "pthread_create";
		return rc;
	}
	rc = pthread_join(t, &ret);
	fb_mark(FB_MARK_REAPED);
	t2 = fb_now_ns();
	if (rc) {
		ctx->failed_call = "pthread_join";
		return rc;
	}
	s->ns[FB_PT_CREATE] = t1 - t0;
	s->ns[FB_PT_ROUNDTRIP] = t2 - t0;
	if (s->kind == FB_KIND_PLAIN) /* the CPU; its tid is not known */
		return fb_finish_sample(ctx, s, t0, W_EXITCODE((int)(long)ret, 0));
	s->child_pid = (int)(long)ret;
	return fb_finish_sample(ctx, s, t0, 0);
}

const struct fb_method fb_method_pthread = {
	.name = "pthread",
	.summary = "pthread_create(), pthread_join(): the libc path, for contrast",
	.points =
		FB_PT_BIT(FB_PT_CREATE) | FB_PT_BIT(FB_PT_CHILD_START) | FB_PT_BIT(FB_PT_ROUNDTRIP),
	.thread_stack = true,
	.points_note = "roundtrip ends when pthread_join() returns",
	.sample = pthread_sample,
};

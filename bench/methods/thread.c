// SPDX-License-Identifier: MIT
/*
 * A raw clone() thread, the kernel's cheapest creation: CLONE_VM and the
 * rest share everything, so copy_process copies nearly nothing. Joined the
 * way pthread_join is underneath: CLONE_CHILD_CLEARTID makes the kernel
 * clear a word and FUTEX_WAKE it when the thread exits.
 */
#include "method.h"
#include "core/clock.h"

#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define THREAD_FLAGS                                                                               \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |        \
	 CLONE_CHILD_CLEARTID)

/*
 * Runs without glibc's thread setup (it shares the parent's TLS), so it
 * touches nothing but the shared page; CMake builds this file without
 * sanitizers, whose instrumentation would run on a foreign stack and TLS.
 */
static int thread_body(void *arg)
{
	struct fb_method_ctx *ctx = arg;

	ctx->shared->child_start_ns = fb_now_ns();
	ctx->shared->child_cpu = fb_current_cpu();
	return 0; /* glibc's clone() then calls the exit syscall: this thread only */
}

/*
 * A plain sample's thread: what a bare loop's does, and it says its CPU in
 * the word its parent set to how to read it (core/child_cpu.h): a thread
 * has no exit status to say it in.
 */
static int thread_plain_body(void *arg)
{
	int *cpu = arg;

	*cpu = fb_exit_cpu_insn(*cpu);
	return 0;
}

/*
 * The stack is mapped at the first sample, not when the worker prepares
 * every method: a worker that only forks then has no VMA a bare fork loop
 * lacks (each VMA is one more for every fork to copy and every exit to
 * unmap).
 */
static int map_stack(struct fb_method_ctx *ctx)
{
	ctx->thread_stack_size = 64 << 10;
	ctx->thread_stack = mmap(NULL, ctx->thread_stack_size, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (ctx->thread_stack == MAP_FAILED) {
		ctx->thread_stack = NULL;
		ctx->failed_call = "mmap";
		return errno;
	}
	return 0;
}

static int thread_sample(struct fb_method_ctx *ctx, struct fb_sample *s)
{
	int64_t t0, t1, t2;
	uint32_t v;
	int tid, rc, *cpu;

	if (!ctx->thread_stack && (rc = map_stack(ctx)) != 0)
		return rc;
	cpu = fb_thread_cpu_word(ctx->thread_stack + ctx->thread_stack_size);
	*cpu = ctx->cpu_insn;
	fb_shared_reset(ctx, s);
	ctx->thread_tid = 1; /* any non-zero value: the kernel zeroes it on exit */
	fb_ctr_before(ctx);
	t0 = fb_now_ns();
	fb_mark(FB_MARK_OPEN);
	tid = clone(s->kind == FB_KIND_PLAIN ? thread_plain_body : thread_body,
		    ctx->thread_stack + ctx->thread_stack_size - FB_THREAD_CPU_ROOM, THREAD_FLAGS,
		    s->kind == FB_KIND_PLAIN ? (void *)cpu : (void *)ctx, NULL, NULL,
		    &ctx->thread_tid);
	fb_mark(FB_MARK_CREATED);
	t1 = fb_now_ns();
	fb_ctr_after(ctx);
	if (tid < 0) {
		ctx->failed_call = "clone";
		return errno;
	}
	/* Not FUTEX_PRIVATE: the kernel's wake on exit is a shared futex op. */
	while ((v = ctx->thread_tid) != 0)
		syscall(SYS_futex, &ctx->thread_tid, FUTEX_WAIT, v, NULL, NULL, 0);
	fb_mark(FB_MARK_REAPED);
	t2 = fb_now_ns();
	s->ns[FB_PT_CREATE] = t1 - t0;
	s->ns[FB_PT_ROUNDTRIP] = t2 - t0;
	s->child_pid = tid;
	return fb_finish_sample(ctx, s, t0, s->kind == FB_KIND_PLAIN ? W_EXITCODE(*cpu, 0) : 0);
}

const struct fb_method fb_method_thread = {
	.name = "thread",
	.summary =
		"raw clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM), futex join",
	.points =
		FB_PT_BIT(FB_PT_CREATE) | FB_PT_BIT(FB_PT_CHILD_START) | FB_PT_BIT(FB_PT_ROUNDTRIP),
	.points_note =
		"roundtrip ends when the kernel clears the CHILD_CLEARTID word at thread exit",
	.sample = thread_sample,
};

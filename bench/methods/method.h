/* SPDX-License-Identifier: MIT */
/*
 * One interface for every creation method. Each method lives in one file
 * under methods/ and exports one descriptor built with designated
 * initializers; methods/registry.c lists them. The worker owns the loop,
 * the warm-up and the placement; a method times exactly one creation.
 */
#ifndef FORKBENCH_METHOD_H
#define FORKBENCH_METHOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "core/child_cpu.h"
#include "core/clock.h"
#include "core/image.h"
#include "core/model_mark.h"
#include "counters/counters.h"
#include "core/sample.h"

enum fb_cow_side { FB_COW_CHILD, FB_COW_PARENT };

/* A plain sample's child process says its CPU in its exit status (core/child_cpu.h). */
#define FB_EXIT_EXEC_FAILED 255 /* the exec'd child could not run the helper */

/*
 * The page the child writes into. It is a MAP_SHARED memfd mapping, so a
 * child that has exec'd the helper can map it too (it gets the fd number).
 */
struct fb_shared {
	volatile int64_t child_start_ns;
	volatile int32_t child_cpu;
	volatile uint32_t release; /* futex: parent-side COW done, child may exit */
	volatile int64_t cow_ns;
	volatile int64_t cow_faults;
	/* --counters with --cow-side child: the child's own counts of its COW writes */
	volatile int64_t cow_ctr[FB_CTR_MAX];
};

struct fb_method_ctx {
	/*
	 * Nothing here is written per sample: the last fork write-protected
	 * this page, and a write would cost the parent a fault the bare loop
	 * does not take. A sample's kind is in struct fb_sample.
	 */
	/* where a plain child finds its CPU: %fs + rseq_cpu_off, or -1 (no rseq) */
	long rseq_cpu_off;
	int cpu_insn; /* enum fb_cpu_insn */
	struct fb_shared *shared;
	int shared_fd;
	void *extra; /* fb_method_ctx_init()'s extra bytes, or NULL */
	const struct fb_image *image;
	double cow_fraction; /* 0: no COW phase */
	int cow_side;	     /* enum fb_cow_side */
	int child_cpu;	     /* -1: wherever the scheduler puts it */
	/* exec methods */
	const char *helper_path;
	char *helper_argv[3];	    /* a probe's: the helper stores child_start */
	char *helper_plain_argv[3]; /* a plain sample's: the helper only exits, with its CPU */
	char helper_fd_arg[16];
	char **envp;
	/* thread method: one stack, reused serially */
	char *thread_stack;
	size_t thread_stack_size;
	volatile uint32_t thread_tid; /* cleared by the kernel when the thread exits */
	/* --counters: read just outside the create point; NULL when not counting */
	const struct fb_counter_set *counters;
	int64_t ctr_before[FB_CTR_MAX];
	int64_t ctr_delta[FB_CTR_MAX];
	/* --counters with --cow: the counts of the COW phase, on whichever side wrote */
	int64_t ctr_cow[FB_CTR_MAX];
	/* set by a method on failure */
	const char *failed_call;
	int child_status; /* wait status of a child that did not exit(0) */
};

struct fb_method {
	const char *name;
	const char *summary;
	unsigned points; /* FB_PT_BIT()s this method measures */
	bool cow;	 /* the child runs our code in a copied mm, so a COW phase applies */
	bool exec;	 /* needs the helper binary */
	/* each creation maps a thread stack (pthread_create): EAGAIN may mean no room for it */
	bool thread_stack;
	const char *points_note; /* what the points mean for this method */
	/* NULL when this kernel and libc have the method, else why not */
	const char *(*unsupported)(void);
	/* one-time setup outside any timed region; 0 or an errno */
	int (*prepare)(struct fb_method_ctx *ctx);
	/* one creation; fills s->ns[] and the pids; returns 0 or an errno */
	int (*sample)(struct fb_method_ctx *ctx, struct fb_sample *s);
};

extern const struct fb_method *const fb_methods[];
extern const int fb_nmethods;

/* The method called name, or NULL. */
const struct fb_method *fb_method_find(const char *name);
int fb_method_index(const char *name);

/*
 * What a probe's forked child (fork, pidfd, pidfd_open) does: store its
 * timestamp and CPU, then run the COW phase, and exit 0. A plain sample's
 * child only calls _exit(fb_exit_cpu_rseq()). Never returns.
 */
__attribute__((noreturn)) void fb_child_body(struct fb_method_ctx *ctx);

/* Parent-side COW phase for fork-like methods: times the writes, then releases the child. */
void fb_parent_cow(struct fb_method_ctx *ctx, struct fb_sample *s);
/* Lets a child that waits for the parent-side COW phase exit (also on error paths). */
void fb_release_child(struct fb_method_ctx *ctx);

/*
 * Completes a sample after the child was reaped: for a probe, child_start
 * from the shared page, the COW figures, and a check that the child exited
 * with 0; for a plain sample, the child's CPU from its exit code, and a
 * check that it exited at all.
 */
int fb_finish_sample(struct fb_method_ctx *ctx, struct fb_sample *s, int64_t t0, int status);

/*
 * Creates the shared page (a memfd, so the exec'd helper can map it too),
 * and extra bytes more of the same mapping after it for the caller, at
 * ctx->extra: MAP_SHARED memory, whose page tables no fork copies and no
 * child's exit zaps, in the one VMA the shared page costs anyway.
 * Returns 0, or -1 with a reason in err.
 */
int fb_method_ctx_init(struct fb_method_ctx *ctx, size_t extra, char *err, size_t errlen);

/* Resets the shared page before a probe's creation; nothing for a plain sample. */
void fb_shared_reset(struct fb_method_ctx *ctx, const struct fb_sample *s);

/* Builds the helper's argv (the shared page's fd number); the exec methods' prepare. */
int fb_exec_prepare(struct fb_method_ctx *ctx);

/* fork_exec and vfork_exec: (v)fork, execve the helper, reap it. */
int fb_exec_by_hand(struct fb_method_ctx *ctx, struct fb_sample *s, bool use_vfork);

/* Counter reads around the create point, outside t0..t1; no-ops unless --counters. */
static inline void fb_ctr_before(struct fb_method_ctx *ctx)
{
	if (ctx->counters)
		fb_counters_read(ctx->counters, ctx->ctr_before);
}

static inline void fb_ctr_after(struct fb_method_ctx *ctx)
{
	int64_t after[FB_CTR_MAX];

	if (!ctx->counters)
		return;
	fb_counters_read(ctx->counters, after);
	fb_counters_delta(ctx->counters, ctx->ctr_before, after, ctx->ctr_delta);
}

/* Moves the calling task to CPU cpu (--child-cpu); nothing for -1. */
void fb_move_to_cpu(int cpu);

/*
 * What a plain sample's forked child does: _exit() with the CPU it started
 * on. With --child-cpu it then moves, as asked (and as a probe's child
 * does), which a bare loop's child does not.
 */
static inline __attribute__((always_inline, noreturn)) void
fb_plain_child_exit(const struct fb_method_ctx *ctx)
{
	int cpu = fb_exit_cpu_rseq(ctx->rseq_cpu_off);

	if (ctx->child_cpu >= 0)
		fb_move_to_cpu(ctx->child_cpu);
	_exit(cpu);
}

/* waitpid() that retries on EINTR. */
int fb_reap(int pid, int *status);

#endif

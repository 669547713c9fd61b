// SPDX-License-Identifier: MIT
/* What the fork-like methods share: the child's first steps and the COW phase. */
#include "method.h"
#include "core/clock.h"

#include <errno.h>
#include <stdio.h>
#include <linux/futex.h>
#include <sched.h>
#include <string.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int64_t minor_faults(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return ru.ru_minflt;
}

void fb_move_to_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/*
 * Times writes to the chosen fraction of the image; what COW faults cost.
 * With --counters, set (open on the writing process) is read just outside
 * the timed writes, so cow[] holds the counts of those writes alone.
 */
static void timed_dirty(struct fb_method_ctx *ctx, const struct fb_counter_set *set, int64_t *ns,
			int64_t *faults, int64_t cow[FB_CTR_MAX])
{
	int64_t before[FB_CTR_MAX], after[FB_CTR_MAX];
	int64_t f0, t0;

	if (set)
		fb_counters_read(set, before);
	f0 = minor_faults();
	t0 = fb_now_ns();
	fb_image_dirty(ctx->image, ctx->cow_fraction, 2);
	*ns = fb_now_ns() - t0;
	*faults = minor_faults() - f0;
	if (set) {
		fb_counters_read(set, after);
		fb_counters_delta(set, before, after, cow);
	}
}

/*
 * The child's COW writes, counted by the child itself: the parent's
 * counters do not follow it (they are not inherited, so that the create
 * point counts the parent alone). Opening them costs the child time before
 * its writes, which the round trip then includes.
 */
static void child_cow(struct fb_method_ctx *ctx)
{
	struct fb_shared *sh = ctx->shared;
	struct fb_counter_set set;
	int64_t ns, faults, cow[FB_CTR_MAX];
	bool counting = false;

	if (ctx->counters) {
		set = *ctx->counters;
		set.inherit = 0;
		counting = fb_counters_open(&set) > 0;
	}
	timed_dirty(ctx, counting ? &set : NULL, &ns, &faults, cow);
	sh->cow_ns = ns;
	sh->cow_faults = faults;
	if (counting)
		for (int i = 0; i < FB_CTR_MAX; i++)
			sh->cow_ctr[i] = cow[i];
}

void fb_child_body(struct fb_method_ctx *ctx)
{
	struct fb_shared *sh = ctx->shared;

	sh->child_start_ns = fb_now_ns();
	sh->child_cpu = fb_current_cpu();
	fb_move_to_cpu(ctx->child_cpu);
	if (ctx->cow_fraction > 0) {
		if (ctx->cow_side == FB_COW_CHILD) {
			child_cow(ctx);
		} else {
			/* Stay alive, so the parent's writes find shared pages to copy. */
			while (!sh->release)
				syscall(SYS_futex, &sh->release, FUTEX_WAIT, 0, NULL, NULL, 0);
		}
	}
	_exit(0);
}

void fb_parent_cow(struct fb_method_ctx *ctx, struct fb_sample *s)
{
	int64_t ns, faults;

	if (s->kind != FB_KIND_PROBE || ctx->cow_fraction <= 0 || ctx->cow_side != FB_COW_PARENT)
		return;
	timed_dirty(ctx, ctx->counters, &ns, &faults, ctx->ctr_cow);
	s->ns[FB_PT_COW] = ns;
	s->cow_faults = faults;
	fb_release_child(ctx);
}

void fb_release_child(struct fb_method_ctx *ctx)
{
	ctx->shared->release = 1;
	syscall(SYS_futex, &ctx->shared->release, FUTEX_WAKE, 1, NULL, NULL, 0);
}

void fb_shared_reset(struct fb_method_ctx *ctx, const struct fb_sample *s)
{
	if (s && s->kind != FB_KIND_PROBE)
		return; /* a plain child never reads or writes the page */
	ctx->shared->child_start_ns = 0;
	ctx->shared->child_cpu = -1;
	ctx->shared->release = 0;
	ctx->shared->cow_ns = FB_NO_TIME;
	ctx->shared->cow_faults = -1;
	/* ctx itself only when counting the COW phase: see run_batch() on faults */
	if (ctx->counters && ctx->cow_fraction > 0)
		for (int i = 0; i < FB_CTR_MAX; i++) {
			ctx->shared->cow_ctr[i] = FB_COUNT_NONE;
			ctx->ctr_cow[i] = FB_COUNT_NONE;
		}
}

int fb_reap(int pid, int *status)
{
	int rc;

	do
		rc = waitpid(pid, status, 0);
	while (rc < 0 && errno == EINTR);
	return rc;
}

/* A plain sample: the child's exit code is its CPU; only an exec that failed is an error. */
static int finish_plain(struct fb_method_ctx *ctx, struct fb_sample *s, int status)
{
	s->ns[FB_PT_CHILD_START] = FB_NO_TIME;
	s->ns[FB_PT_COW] = FB_NO_TIME;
	if (!WIFEXITED(status) || WEXITSTATUS(status) == FB_EXIT_EXEC_FAILED) {
		ctx->failed_call = "child";
		ctx->child_status = status;
		return ECHILD;
	}
	s->child_cpu = WEXITSTATUS(status) < FB_EXIT_CPU_UNKNOWN ? WEXITSTATUS(status) : -1;
	return 0;
}

int fb_finish_sample(struct fb_method_ctx *ctx, struct fb_sample *s, int64_t t0, int status)
{
	struct fb_shared *sh = ctx->shared;

	s->t0_ns = t0;
	s->span_ns = s->ns[FB_PT_ROUNDTRIP];
	if (s->kind == FB_KIND_PLAIN)
		return finish_plain(ctx, s, status);
	/* a probe's child did more than a bare loop's: its create and round trip are not kept */
	s->ns[FB_PT_CREATE] = FB_NO_TIME;
	s->ns[FB_PT_ROUNDTRIP] = FB_NO_TIME;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ctx->failed_call = "child";
		ctx->child_status = status;
		return ECHILD;
	}
	if (sh->child_start_ns == 0) {
		ctx->failed_call = "child_start";
		return ENODATA;
	}
	s->ns[FB_PT_CHILD_START] = sh->child_start_ns - t0;
	s->child_cpu = sh->child_cpu;
	if (ctx->cow_fraction > 0 && ctx->cow_side == FB_COW_CHILD) {
		s->ns[FB_PT_COW] = sh->cow_ns;
		s->cow_faults = sh->cow_faults;
		if (ctx->counters) /* ctx's page: see run_batch() on faults */
			for (int i = 0; i < FB_CTR_MAX; i++)
				ctx->ctr_cow[i] = sh->cow_ctr[i];
	}
	return 0;
}

int fb_exec_prepare(struct fb_method_ctx *ctx)
{
	if (!ctx->helper_path || access(ctx->helper_path, X_OK) != 0) {
		ctx->failed_call = "helper";
		return ENOENT;
	}
	snprintf(ctx->helper_fd_arg, sizeof(ctx->helper_fd_arg), "%d", ctx->shared_fd);
	ctx->helper_argv[0] = (char *)ctx->helper_path;
	ctx->helper_argv[1] = ctx->helper_fd_arg;
	ctx->helper_argv[2] = NULL;
	ctx->helper_plain_argv[0] = (char *)ctx->helper_path;
	ctx->helper_plain_argv[1] = "--cpu";
	ctx->helper_plain_argv[2] = NULL;
	return 0;
}

int fb_exec_by_hand(struct fb_method_ctx *ctx, struct fb_sample *s, bool use_vfork)
{
	int64_t t0, t1, t2;
	int status;
	pid_t pid;

	fb_shared_reset(ctx, s);
	fb_ctr_before(ctx);
	t0 = fb_now_ns();
	fb_mark(FB_MARK_OPEN);
	/* vfork() is called in this frame, which stays live until the child has exec'd. */
	pid = use_vfork ? vfork() : fork();
	if (pid == 0) {
		execve(ctx->helper_path,
		       s->kind == FB_KIND_PLAIN ? ctx->helper_plain_argv : ctx->helper_argv,
		       ctx->envp);
		_exit(FB_EXIT_EXEC_FAILED);
	}
	fb_mark(FB_MARK_CREATED);
	t1 = fb_now_ns();
	fb_ctr_after(ctx);
	if (pid < 0) {
		ctx->failed_call = use_vfork ? "vfork" : "fork";
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

/*
 * The extra bytes in their own shared mapping, where RLIMIT_FSIZE keeps the
 * memfd from holding them: one more VMA for every fork to copy, which
 * costs it about what their pages would.
 */
static int map_extra_apart(struct fb_method_ctx *ctx, size_t extra, char *err, size_t errlen)
{
	ctx->extra = mmap(NULL, extra, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ctx->extra != MAP_FAILED)
		return 0;
	snprintf(err, errlen, "cannot map %zu bytes for the samples: %s", extra, strerror(errno));
	ctx->extra = NULL;
	return -1;
}

int fb_method_ctx_init(struct fb_method_ctx *ctx, size_t extra, char *err, size_t errlen)
{
	/* Not CLOEXEC: the exec'd helper maps it through the inherited descriptor. */
	int fd = memfd_create("forkbench-shared", 0);
	size_t len = 4096 + ((extra + 4095) & ~(size_t)4095);
	bool apart = false;

	if (fd >= 0 && extra && ftruncate(fd, (off_t)len) != 0 && errno == EFBIG) {
		apart = true; /* RLIMIT_FSIZE: the rows go elsewhere */
		len = 4096;
	}
	if (fd < 0 || ftruncate(fd, (off_t)len) != 0) {
		snprintf(err, errlen, "cannot create the shared page: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	ctx->shared = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ctx->shared == MAP_FAILED) {
		snprintf(err, errlen, "cannot map the shared page: %s", strerror(errno));
		close(fd);
		return -1;
	}
	ctx->extra = extra && !apart ? (char *)ctx->shared + 4096 : NULL;
	if (apart && map_extra_apart(ctx, extra, err, errlen)) {
		close(fd);
		return -1;
	}
	ctx->shared_fd = fd;
	ctx->rseq_cpu_off = fb_rseq_cpu_offset();
	ctx->cpu_insn = fb_cpu_insn_here();
	fb_shared_reset(ctx, NULL);
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * forkbench-worker: the lean process that is forked. It is linked
 * statically and carries no JSON, no argument parser and no heap, so that
 * at --rss 0 forkbench times fork() and not itself. It reads its image
 * configuration from stdin, builds the image, and then runs batches of
 * samples on command, sending raw samples back on stdout.
 */
#include "core/clock.h"
#include "core/image.h"
#include "core/limit.h"
#include "core/model_mark.h"
#include "core/procfs.h"
#include "methods/method.h"
#include "protocol/protocol.h"

#include <errno.h>
#include <gnu/libc-version.h>
#include <malloc.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
/*
 * Sanitizer builds (the tests) only. The worker has no heap to leak, and
 * it is started with an empty environment, so ASAN_OPTIONS=detect_leaks=0
 * never reaches it: LeakSanitizer's tracer, cloned as the worker exits,
 * then outlives a worker the controller kills on a run's error path, and
 * is left behind as a zombie (cli_errors' RLIMIT_NOFILE case).
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

static volatile sig_atomic_t stop_requested;
/* what the sampling loop keeps of hello, once hello's pages are shed */
static int32_t self_pid;
static bool hugetlb_image;
static bool skipped[FB_MAX_METHODS];
static struct fb_image image;
/*
 * A batch's rows, kept in the shared memfd mapping after the probes' page
 * (ctx.extra): anonymous memory here would be a PTE for every fork to copy
 * and every child's exit to zap, about 90 ns a page, and a batch of 512
 * samples fills 10 pages. The counts are written only when counting.
 */
struct batch_store {
	struct fb_sample samples[FB_BATCH_MAX];
	int64_t counts[FB_BATCH_MAX][FB_CTR_MAX];
	int64_t cow_counts[FB_BATCH_MAX][FB_CTR_MAX];
};
static struct batch_store *batch;
static struct fb_wcfg cfg;
static struct fb_whello hello;
static struct fb_method_ctx ctx;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int pin(int cpu, char *err, size_t errlen)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0) {
		snprintf(err, errlen, "cannot pin to CPU %d: %s", cpu, strerror(errno));
		return -1;
	}
	return 0;
}

/* Decides which methods can run here, and prepares them outside any timed region. */
static void prepare_methods(void)
{
	for (int i = 0; i < fb_nmethods && i < FB_MAX_METHODS; i++) {
		const struct fb_method *m = fb_methods[i];
		const char *why = m->unsupported ? m->unsupported() : NULL;
		int rc;

		if (why) {
			snprintf(hello.skip[i], sizeof(hello.skip[i]), "%s", why);
			continue;
		}
		if (m->exec && access(ctx.helper_path, X_OK) != 0) {
			snprintf(hello.skip[i], sizeof(hello.skip[i]),
				 "the helper %s cannot be run: %s", ctx.helper_path,
				 strerror(errno));
			continue;
		}
		ctx.failed_call = NULL;
		rc = m->prepare ? m->prepare(&ctx) : 0;
		if (rc)
			snprintf(hello.skip[i], sizeof(hello.skip[i]), "setup failed: %s: %s",
				 ctx.failed_call ? ctx.failed_call : "prepare", strerror(rc));
	}
}

/* Opens the counters after the image facts are read, so their fds are not part of them. */
static void open_counters(void)
{
	int64_t v[FB_CTR_MAX], t[33];

	if (cfg.counters.n == 0)
		return;
	hello.counters_open = fb_counters_open(&cfg.counters);
	hello.counters = cfg.counters;
	if (hello.counters_open <= 0)
		return;
	ctx.counters = &cfg.counters;
	/* What a read of the set costs: it sits between create and reap. */
	for (int i = 0; i < 33; i++) {
		int64_t a = fb_now_ns();

		fb_counters_read(&cfg.counters, v);
		t[i] = fb_now_ns() - a;
	}
	for (int i = 1; i < 33; i++) /* insertion sort, no qsort in the lean worker */
		for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
			int64_t x = t[j];

			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	hello.counter_read_ns = t[16];
}

static void describe_failure(struct fb_wreply *r, const struct fb_method *m, int rc)
{
	struct rlimit rl;

	r->err_no = rc;
	if (rc == EAGAIN) {
		char why[200];

		/* not always RLIMIT_NPROC: the limits say which (core/limit.h) */
		r->status = FB_W_RESOURCE;
		r->limit = fb_limit_eagain(m->thread_stack ? fb_default_thread_stack() : 0, why,
					   sizeof(why));
		snprintf(r->err, sizeof(r->err), "%s: %s failed: %s (%s)", m->name,
			 ctx.failed_call ? ctx.failed_call : "?", strerror(rc), why);
	} else if (rc == EMFILE && getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		r->status = FB_W_RESOURCE;
		snprintf(r->err, sizeof(r->err),
			 "%s: %s failed: %s (RLIMIT_NOFILE=%llu is reached)", m->name,
			 ctx.failed_call, strerror(rc), (unsigned long long)rl.rlim_cur);
		r->limit = FB_LIMIT_NOFILE;
	} else if (rc == ENOMEM) {
		r->status = FB_W_RESOURCE;
		snprintf(r->err, sizeof(r->err), "%s: %s failed: out of memory", m->name,
			 ctx.failed_call);
	} else if (rc == ECHILD && ctx.failed_call && !strcmp(ctx.failed_call, "child") &&
		   WIFSIGNALED(ctx.child_status)) {
		int sig = WTERMSIG(ctx.child_status);
		bool pool = sig == SIGBUS && hugetlb_image;

		r->status = FB_W_FAILED;
		snprintf(r->err, sizeof(r->err), "%s: the child was killed by signal %d (%s)%s",
			 m->name, sig, strsignal(sig),
			 pool ? ": the hugetlb pool ran out while it copied pages" : "");
		if (pool)
			r->limit = FB_LIMIT_HUGETLB_POOL;
	} else if (rc == ECHILD && ctx.failed_call && !strcmp(ctx.failed_call, "child")) {
		r->status = FB_W_FAILED;
		snprintf(r->err, sizeof(r->err),
			 "%s: the child did not exit with 0 (wait status 0x%x)%s", m->name,
			 ctx.child_status,
			 ctx.child_status == FB_EXIT_EXEC_FAILED << 8
				 ? ": the helper could not be exec'd"
				 : "");
	} else {
		r->status = FB_W_FAILED;
		snprintf(r->err, sizeof(r->err), "%s: %s failed: %s", m->name,
			 ctx.failed_call ? ctx.failed_call : "?", strerror(rc));
	}
}

/*
 * Returns the whole pages inside [p, p + len) to the kernel. Every
 * anonymous page present in the worker is one more PTE that each fork
 * copies and each child's exit zaps: about 90 ns a page here, so the 32
 * pages the worker held beyond a bare loop's 16 cost its fork 3-4%.
 */
static void shed(void *p, size_t len)
{
	uintptr_t lo = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	uintptr_t hi = ((uintptr_t)p + len) & ~(uintptr_t)4095;

	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* The lowest address of the [stack] mapping, or 0. */
static __attribute__((noinline)) uintptr_t stack_low(void)
{
	char buf[16384];
	ssize_t n = fb_read_file("/proc/self/maps", buf, sizeof(buf));
	char *line = n > 0 ? strstr(buf, "[stack]") : NULL;

	if (!line)
		return 0;
	while (line > buf && line[-1] != '\n')
		line--;
	return (uintptr_t)strtoull(line, NULL, 16);
}

/*
 * The configuration is read at setup; sampling reads only the helper's
 * path, and the counter set when counting. Its other pages go, since each
 * is one more PTE every fork copies (pagemap: 3 of the worker's 25 at
 * --rss 0). shed() keeps the pages the path, or another variable, shares.
 */
static void shed_config(void)
{
	uintptr_t path = (uintptr_t)cfg.helper;
	uintptr_t path_end = path + strnlen(cfg.helper, sizeof(cfg.helper)) + 1;

	hugetlb_image = cfg.image.hugetlb_bytes != 0; /* describe_failure() reads it */
	if (ctx.counters)
		return;
	shed(&cfg, path - (uintptr_t)&cfg);
	shed((void *)path_end, (uintptr_t)(&cfg + 1) - path_end);
}

/*
 * What setup used and sampling does not: the heap glibc freed, hello once
 * sent, most of the configuration, and the stack below this frame (setup
 * read /proc files into buffers there). A bare loop holds none of it.
 */
static __attribute__((noinline)) void shed_setup(void)
{
	volatile char here = 0;
	uintptr_t low, keep;

	malloc_trim(0);
	self_pid = hello.pid;
	for (int i = 0; i < FB_MAX_METHODS; i++)
		skipped[i] = hello.skip[i][0] != '\0';
	shed(&hello, sizeof(hello));
	shed_config();
	/*
	 * The stack last, so that nothing touches it again before sampling:
	 * all of it below this frame is dead but for the madvise() call
	 * itself, which 512 bytes under this frame's locals hold. Sampling
	 * then faults in the pages its frames reach, and only those.
	 */
	low = stack_low();
	keep = ((uintptr_t)&here - 512) & ~(uintptr_t)4095;
	if (low && keep > low)
		madvise((void *)low, keep - low, MADV_DONTNEED);
}

static void run_batch(const struct fb_wcmd *cmd)
{
	const struct fb_method *m = fb_methods[cmd->method];
	const uint32_t total = cmd->warmup + cmd->count; /* fixed before the loop */
	const struct fb_batch_rows rows = {batch->samples, batch->counts, batch->cow_counts};
	struct fb_wreply r;
	uint32_t n = 0;

	memset(&r, 0, sizeof(r));
	for (uint32_t i = 0; i < total; i++) {
		struct fb_sample s;
		int rc;

		fb_sample_clear(&s, self_pid);
		/*
		 * ctx's page is write-protected by the last fork: writing it would
		 * cost the parent a page fault per sample that a bare fork loop
		 * does not take. Only a failure sets failed_call, so clear it only
		 * then.
		 */
		if (ctx.failed_call)
			ctx.failed_call = NULL;
		s.parent_cpu = fb_current_cpu();
		/* plain and probe samples interleave within the batch, and across batches */
		s.kind = fb_kind_of(cmd->seq + i, cmd->probe_every, cmd->kinds);
		rc = m->sample(&ctx, &s);
		/* outside every timed window: which sample the cache model's windows were */
		fb_mark_id(s.child_pid, s.parent_pid);
		if (rc && stop_requested) {
			/*
			 * ^C reaches the whole process group: the child (an exec'd
			 * helper, say) died of it too. That sample is dropped and the
			 * run is interrupted, not failed.
			 */
			r.status = FB_W_INTERRUPTED;
			break;
		}
		if (rc) {
			describe_failure(&r, m, rc);
			break;
		}
		if (i >= cmd->warmup) {
			if (ctx.counters)
				memcpy(batch->counts[n], ctx.ctr_delta, sizeof(batch->counts[n]));
			if (ctx.counters && ctx.cow_fraction > 0 && m->cow)
				memcpy(batch->cow_counts[n], ctx.ctr_cow,
				       sizeof(batch->cow_counts[n]));
			batch->samples[n++] = s;
		}
		if (stop_requested) {
			r.status = FB_W_INTERRUPTED;
			break;
		}
	}
	r.n = n;
	r.counting = ctx.counters != NULL;
	r.cow_counting = r.counting && ctx.cow_fraction > 0 && m->cow;
	if (fb_reply_send(1, &r, &rows))
		_exit(1);
}

int main(void)
{
	struct fb_clock_info clk;
	struct sigaction sa;
	struct fb_wcmd cmd;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (fb_read_full(0, &cfg, sizeof(cfg)) || cfg.magic != FB_PROTO_MAGIC)
		return 2;
	hello.magic = FB_PROTO_MAGIC;
	hello.pid = getpid();
	snprintf(hello.libc, sizeof(hello.libc), "glibc %s", gnu_get_libc_version());
	ctx.cow_fraction = cfg.cow_fraction;
	ctx.cow_side = cfg.cow_side;
	ctx.child_cpu = cfg.child_cpu;
	ctx.helper_path = cfg.helper;
	ctx.envp = (char *[]){NULL};
	ctx.image = &image;

	if (pin(cfg.cpu, hello.err, sizeof(hello.err)) ||
	    fb_method_ctx_init(&ctx, sizeof(*batch), hello.err, sizeof(hello.err))) {
		hello.status = FB_W_FAILED;
	} else {
		batch = ctx.extra;
		prepare_methods();
		/* The baseline: forkbench's own image, before the user's is built. */
		fb_image_read_facts(&hello.baseline);
		if (fb_image_build(&image, &cfg.image, hello.err, sizeof(hello.err))) {
			hello.status = FB_W_RESOURCE;
			hello.limit = image.limit;
		}
		fb_image_read_facts(&hello.image);
		open_counters();
		hello.image_pages = image.pages;
		hello.image_page_size = image.page_size;
		hello.cow_pages = fb_image_dirty_pages(&image, cfg.cow_fraction);
		fb_clock_measure(&clk);
		hello.clock_overhead_ns = clk.overhead_ns;
		hello.clock_overhead_min_ns = clk.overhead_min_ns;
		hello.clock_resolution_ns = clk.resolution_ns;
	}
	if (fb_write_full(1, &hello, sizeof(hello)) || hello.status != FB_W_OK)
		return hello.status ? 3 : 1;
	shed_setup();

	while (fb_read_full(0, &cmd, sizeof(cmd)) == 0 && cmd.method != FB_CMD_QUIT) {
		if (cmd.method >= (uint32_t)fb_nmethods || skipped[cmd.method] ||
		    cmd.count > FB_BATCH_MAX)
			return 2;
		run_batch(&cmd);
	}
	return 0;
}

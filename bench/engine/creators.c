// SPDX-License-Identifier: MIT
/*
 * Starting, feeding and stopping the workers. Each image gets its own
 * (--parallel N: N of them), spawned from forkbench-worker (binaries.c finds it),
 * configured over a pipe, and asked for batches of samples.
 */
#include "creators.h"
#include "binaries.h"
#include "entry.h"

#include "core/limit.h"
#include "core/size_parse.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every worker started, for a signal handler to pass a stop on to. */
static pid_t worker_pids[FB_MAX_SIZES * FB_MAX_THP * FB_MAX_PARALLEL];
static volatile sig_atomic_t nworker_pids;

void fb_creators_signal(int sig)
{
	for (int i = 0; i < nworker_pids; i++)
		if (worker_pids[i] > 0)
			kill(worker_pids[i], sig);
}

int fb_creators_locate(struct fb_run *run)
{
	struct fb_binaries b;

	if (fb_binaries_find(&b)) {
		fprintf(stderr,
			"forkbench run: forkbench-worker not found (looked for %s); install forkbench "
			"with 'cmake --install' or run it from its build tree\n",
			b.tried);
		return FB_EXIT_RESOURCE;
	}
	snprintf(run->worker_path, sizeof(run->worker_path), "%s", b.worker);
	/* a missing helper is the worker's to report: it skips the exec methods */
	snprintf(run->helper_path, sizeof(run->helper_path), "%s", b.helper);
	return 0;
}

static void stop_worker(struct fb_worker *w, bool force)
{
	struct fb_wcmd quit = {.method = FB_CMD_QUIT};
	int status;

	if (!w->alive)
		return;
	if (!force)
		fb_write_full(w->to, &quit, sizeof(quit));
	close(w->to);
	close(w->from);
	if (force)
		kill(w->pid, SIGKILL);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->alive = false;
}

/*
 * What became of a worker that stopped answering, reaped here so that the
 * message can say. A read that failed means it is gone or going: wait up
 * to 2 s for it, then stop it. SIGKILL that forkbench did not send is
 * nearly always the OOM killer (the machine's memory, or a memory cgroup's
 * limit).
 */
static const char *worker_gone(struct fb_worker *w, char *buf, size_t len, const char **hint)
{
	int status = 0, tries = 0;
	pid_t got;

	*hint = "";
	close(w->to);
	close(w->from);
	w->alive = false;
	while ((got = waitpid(w->pid, &status, WNOHANG)) == 0 && tries++ < 200)
		usleep(10000);
	if (got == 0) {
		kill(w->pid, SIGKILL);
		while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
			;
		snprintf(buf, len, "stopped answering");
	} else if (got < 0) {
		snprintf(buf, len, "died");
	} else if (WIFSIGNALED(status)) {
		const char *name = sigabbrev_np(WTERMSIG(status));

		if (name)
			snprintf(buf, len, "was killed by SIG%s", name);
		else
			snprintf(buf, len, "was killed by signal %d", WTERMSIG(status));
		if (WTERMSIG(status) == SIGKILL)
			*hint = ": out of memory? (the OOM killer, or a memory cgroup's limit; 'forkbench check' shows memory and swap)";
	} else {
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
	}
	return buf;
}

void fb_creators_stop(struct fb_run *run, int idx, bool force)
{
	struct fb_creators *c = &run->creators[idx];

	for (int k = 0; k < c->nw; k++)
		stop_worker(&c->w[k], force);
}

/* The option that eases a limit the worker ran into, or NULL. */
static const char *limit_advice(int limit)
{
	switch (limit) {
	case FB_LIMIT_IMAGE_THREADS:
		return "lower --threads";
	case FB_LIMIT_IMAGE_FDS:
		return "raise ulimit -n or lower --fds";
	case FB_LIMIT_NPROC:
		return "raise 'ulimit -u' or lower --threads";
	case FB_LIMIT_NOFILE:
		return "lower --fds or raise 'ulimit -n'";
	case FB_LIMIT_HUGETLB_POOL:
		return "add pages to the pool (see --hugetlb in 'forkbench run --help')";
	case FB_LIMIT_AS:
		return "raise 'ulimit -v' (RLIMIT_AS) or lower --rss";
	case FB_LIMIT_MAP_COUNT:
		return "lower --vmas or raise vm.max_map_count";
	case FB_LIMIT_MEMORY:
		return "lower --rss or free memory";
	case FB_LIMIT_PIDS:
		return "raise the cgroup's pids.max or lower --threads or --parallel";
	case FB_LIMIT_TASKS:
		return "raise kernel.threads-max or kernel.pid_max, or lower --threads or --parallel";
	}
	return NULL;
}

/* A worker's message as the user reads it: with the option that helps, if one does. */
static void with_advice(char *out, size_t len, const char *err, int limit)
{
	const char *advice = limit_advice(limit);
	size_t n = (size_t)snprintf(out, len, "%s", err);

	if (advice && n < len)
		snprintf(out + n, len - n, "; %s", advice);
}

/* The CPU creator k runs on: --cpu, else one per CPU while there are enough. */
static int creator_cpu(const struct fb_run_opts *o, int k)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	if (o->parallel == 1)
		return o->cpu;
	if (o->parallel > ncpu)
		return -1;
	return (int)(((o->cpu < 0 ? 0 : o->cpu) + k) % ncpu);
}

/*
 * The children a killed worker leaves (a sample's child in flight, a
 * probe's) come to forkbench rather than to init, which reaps them
 * (fb_creators_reap_orphans): a run leaves nothing behind, even when the
 * OOM killer takes a worker.
 */
static void adopt_orphans(void)
{
	static bool set;

	if (!set)
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	set = true;
}

void fb_creators_reap_orphans(int wait_ms)
{
	int status;

	for (int t = 0;; t++) {
		pid_t got = waitpid(-1, &status, WNOHANG);

		if (got > 0)
			continue;
		if (got < 0 || t >= wait_ms) /* ECHILD: none left */
			return;
		usleep(1000);
	}
}

static int spawn_worker(struct fb_run *run, struct fb_worker *w)
{
	char *argv[] = {run->worker_path, NULL};
	posix_spawn_file_actions_t fa;
	int in[2], out[2], rc;

	adopt_orphans();

	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) {
		fb_run_fail(run, FB_EXIT_RESOURCE, "cannot create pipes: %s", strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	rc = posix_spawn(&w->pid, run->worker_path, &fa, NULL, argv, (char *[]){NULL});
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	if (rc) {
		char why[FB_ERRLEN] = "", msg[2 * FB_ERRLEN], said[2 * FB_ERRLEN + 80];
		int limit = FB_LIMIT_NONE;

		close(in[1]);
		close(out[0]);
		/* EAGAIN: which limit (RLIMIT_NPROC, the cgroup's pids.max, threads-max) */
		if (rc == EAGAIN)
			limit = fb_limit_eagain(0, why, sizeof(why));
		/* (the run's error keeps FB_REASON_LEN of it: a long path is cut there anyway) */
		if (snprintf(msg, sizeof(msg), "cannot start %s: %s%s%s%s", run->worker_path,
			     strerror(rc), why[0] ? " (" : "", why, why[0] ? ")" : "") < 0)
			msg[0] = '\0';
		with_advice(said, sizeof(said), msg, limit);
		fb_run_fail(run, rc == EAGAIN ? FB_EXIT_RESOURCE : FB_EXIT_FAILED, "%s", said);
		return -1;
	}
	w->alive = true;
	w->to = in[1];
	w->from = out[0];
	if (nworker_pids < (int)(sizeof(worker_pids) / sizeof(worker_pids[0])))
		worker_pids[nworker_pids++] = w->pid;
	return 0;
}

/* Copies what creator 0 said into the run model, where report/ reads it. */
static void keep_hello(struct fb_run *run, int idx, const struct fb_whello *h)
{
	struct fb_image_built *b = &run->images[idx].built;

	b->answered = true;
	b->ok = h->status == FB_W_OK;
	b->pid = h->pid;
	b->baseline = h->baseline;
	b->measured = h->image;
	b->pages = h->image_pages;
	b->page_bytes = h->image_page_size;
	b->cow_pages = h->cow_pages;
	b->counter_read_ns = h->counter_read_ns;
	b->counters = h->counters;
	run->worker.known = true;
	run->worker.clock_overhead_ns = h->clock_overhead_ns;
	run->worker.clock_overhead_min_ns = h->clock_overhead_min_ns;
	run->worker.clock_resolution_ns = h->clock_resolution_ns;
	snprintf(run->worker.libc, sizeof(run->worker.libc), "%s", h->libc);
}

/* The image's entries fail with it: they did not merely stop early. */
static void fail_image(struct fb_run *run, int idx, const struct fb_whello *h)
{
	char why[FB_ERRLEN], rss[32];

	fb_format_size(run->images[idx].cfg.rss_bytes, rss, sizeof(rss));
	with_advice(why, sizeof(why), h->err, h->limit);
	fb_run_fail(run, h->status == FB_W_RESOURCE ? FB_EXIT_RESOURCE : FB_EXIT_FAILED,
		    "--rss %s thp=%s: %s", rss, fb_thp_name(run->images[idx].cfg.thp), why);
	for (int i = 0; i < run->nentries; i++)
		if (run->entries[i].image == idx) {
			run->entries[i].state = FB_ENTRY_FAILED;
			snprintf(run->entries[i].reason, sizeof(run->entries[i].reason),
				 "the image could not be built: %.200s", why);
		}
}

/* Marks the image's entries skipped where its worker says the method cannot run. */
static void apply_skips(struct fb_run *run, int idx)
{
	for (int i = 0; i < run->nentries; i++) {
		struct fb_entry *e = &run->entries[i];
		const char *why = run->creators[idx].hello.skip[e->method];

		if (e->image == idx && why[0]) {
			e->state = FB_ENTRY_SKIPPED;
			snprintf(e->reason, sizeof(e->reason), "%s", why);
		}
	}
}

int fb_creators_start(struct fb_run *run, int idx)
{
	struct fb_creators *c = &run->creators[idx];
	const struct fb_image_cfg *image = &run->images[idx].cfg;
	const struct fb_run_opts *o = &run->opts;
	struct fb_whello hello;
	struct fb_wcfg cfg;
	char rss[32];

	memset(&cfg, 0, sizeof(cfg));
	cfg.magic = FB_PROTO_MAGIC;
	cfg.image = *image;
	cfg.cow_fraction = o->cow_fraction;
	cfg.cow_side = o->cow_side;
	cfg.child_cpu = o->child_cpu;
	snprintf(cfg.helper, sizeof(cfg.helper), "%s", run->helper_path);
	cfg.counters = run->counters;
	fb_format_size(image->rss_bytes, rss, sizeof(rss));
	for (int k = 0; k < o->parallel; k++) {
		struct fb_worker *w = &c->w[k];

		if (spawn_worker(run, w))
			return -1;
		c->nw = k + 1;
		cfg.cpu = creator_cpu(o, k);
		if (fb_write_full(w->to, &cfg, sizeof(cfg)) ||
		    fb_read_full(w->from, &hello, sizeof(hello)) || hello.magic != FB_PROTO_MAGIC) {
			const char *hint;
			char why[64];

			worker_gone(w, why, sizeof(why), &hint);
			fb_run_fail(run, FB_EXIT_FAILED,
				    "the worker for --rss %s %s while building its image%s", rss,
				    why, hint);
			return -1;
		}
		if (k == 0) {
			c->hello = hello;
			keep_hello(run, idx, &hello);
		}
		if (hello.status != FB_W_OK) {
			fail_image(run, idx, &hello);
			return -1;
		}
	}
	apply_skips(run, idx);
	return 0;
}

int fb_creators_batch(struct fb_run *run, struct fb_entry *e, const struct fb_wcmd *cmd)
{
	struct fb_creators *c = &run->creators[e->image];
	static struct fb_sample buf[FB_BATCH_MAX];
	static int64_t counts[FB_BATCH_MAX][FB_CTR_MAX];
	static int64_t cow_counts[FB_BATCH_MAX][FB_CTR_MAX];
	const struct fb_batch_rows rows = {buf, counts, cow_counts};
	int status = FB_W_OK, k, dead = -1; /* the worker that stopped answering */
	struct fb_wreply r;

	for (k = 0; k < c->nw && dead < 0; k++)
		if (fb_write_full(c->w[k].to, cmd, sizeof(*cmd)))
			dead = k;
	for (int i = 0; i < c->nw && dead < 0; i++) {
		if (fb_reply_recv(c->w[i].from, &r, &rows, cmd->count)) {
			dead = i;
			break;
		}
		if (fb_entry_append(e, buf, r.counting ? counts : NULL,
				    r.cow_counting ? cow_counts : NULL, r.n)) {
			/*
			 * Out of memory: the run stops as a signal stops it, the
			 * entry unfinished rather than failed, and what finished
			 * is reported and written.
			 */
			fb_run_fail(run, FB_EXIT_RESOURCE,
				    "out of memory for the samples of %s after %zu of them",
				    e->label, e->n);
			fb_creators_stop(run, e->image, true);
			return -1;
		}
		if (r.status != FB_W_OK && status == FB_W_OK) {
			status = r.status;
			if (r.status != FB_W_INTERRUPTED) {
				e->state = FB_ENTRY_FAILED;
				with_advice(e->reason, sizeof(e->reason), r.err, r.limit);
				fb_run_fail(run,
					    r.status == FB_W_RESOURCE ? FB_EXIT_RESOURCE
								      : FB_EXIT_FAILED,
					    "%s", e->reason);
			}
		}
	}
	if (dead >= 0) {
		const char *hint;
		char why[64];

		worker_gone(&c->w[dead], why, sizeof(why), &hint);
		fb_run_fail(run, FB_EXIT_FAILED, "%s: a worker %s%s", e->label, why, hint);
		e->state = FB_ENTRY_FAILED;
		snprintf(e->reason, sizeof(e->reason), "a worker %s", why);
		fb_creators_stop(run, e->image, true);
		return -1;
	}
	return status;
}

// SPDX-License-Identifier: MIT
/*
 * The controller: it starts one lean worker per memory image, then samples
 * every (image, method) entry in interleaved rounds of short batches, so
 * that drift on a noisy machine (here whole seconds shift by 20-30%) hits
 * all entries alike instead of biasing whichever ran during the slow spell.
 */
#include "core/clock.h"
#include "core/limit.h"
#include "methods/method.h"
#include "core/procfs.h"
#include "run.h"
#include "core/size_parse.h"
#include "trace_join.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BATCH_TARGET_S	 0.02	/* one batch: short enough to interleave finely */
#define MAX_SAMPLES	 200000 /* per entry, adaptive or timed */
#define PROGRESS_AFTER_S 2.0

volatile sig_atomic_t fb_stop_signal;
static pid_t worker_pids[FB_MAX_SIZES * FB_MAX_THP * FB_MAX_PARALLEL];
static volatile sig_atomic_t nworker_pids;

static void on_stop(int sig)
{
	fb_stop_signal = sig;
	/* A SIGTERM sent to forkbench alone must reach the workers too. */
	for (int i = 0; i < nworker_pids; i++)
		if (worker_pids[i] > 0)
			kill(worker_pids[i], sig);
}

const char *fb_stop_signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
}

static double now_s(void)
{
	return (double)fb_now_ns() / 1e9;
}

void fb_entry_warn(struct fb_entry *e, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (e->nwarnings == FB_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		e->warnings[e->nwarnings++] = s;
	va_end(ap);
}

void fb_entry_label(const struct fb_run *run, const struct fb_entry *e, char *buf, size_t len)
{
	const struct fb_image_cfg *c = &run->images[e->image].cfg;
	char rss[32];

	fb_format_size(c->rss_bytes, rss, sizeof(rss));
	snprintf(buf, len, "%s rss=%s thp=%s", fb_methods[e->method]->name, rss,
		 fb_thp_name(c->thp));
}

static int check_output(const char *opt, const char *path)
{
	char copy[PATH_MAX], probe[PATH_MAX], *dir;
	struct stat st;

	if (!path)
		return 0;
	if (strlen(path) >= sizeof(copy) || !*path) {
		fprintf(stderr, "forkbench run: %s path is empty or too long\n", opt);
		return FB_EXIT_OUTPUT;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "forkbench run: cannot write %s %s: it is a directory\n", opt,
			path);
		return FB_EXIT_OUTPUT;
	}
	strcpy(copy, path);
	dir = dirname(copy);
	if (access(dir, W_OK) != 0) {
		fprintf(stderr, "forkbench run: cannot write %s %s: %s: %s\n", opt, path, dir,
			strerror(errno));
		return FB_EXIT_OUTPUT;
	}
	/*
	 * access() says yes to root almost anywhere (/proc, a read-only mount):
	 * make the temporary file the real write will make, then remove it, so
	 * that a run is never lost to an output found unwritable at its end.
	 */
	if (strlen(dir) + 32 < sizeof(probe)) {
		int fd;

		snprintf(probe, sizeof(probe), "%s/.forkbench-probe-XXXXXX", dir);
		fd = mkstemp(probe);
		if (fd < 0) {
			fprintf(stderr, "forkbench run: cannot write %s %s: %s: %s\n", opt, path,
				dir, strerror(errno));
			return FB_EXIT_OUTPUT;
		}
		close(fd);
		unlink(probe);
	}
	return 0;
}

static int64_t hugetlb_free_pages(uint64_t page_bytes)
{
	char path[128], line[64];

	snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-%llukB/free_hugepages",
		 (unsigned long long)(page_bytes >> 10));
	if (fb_read_line(path, line, sizeof(line)))
		return -1;
	return atoll(line);
}

/* Resident pages of this process, from /proc/self/statm; -1 if unreadable. */
static long resident_pages(void)
{
	char line[128];
	long size, resident;

	if (fb_read_line("/proc/self/statm", line, sizeof(line)) ||
	    sscanf(line, "%ld %ld", &size, &resident) != 2)
		return -1;
	return resident;
}

/*
 * Whether a read fault takes a page of memory here. Normally it maps the
 * shared zero page, but some kernels do not (a VM booted with its zero page
 * off was seen here): then --touch read costs as much as --touch write.
 */
static bool reads_take_memory(void)
{
	const size_t len = 2u << 20;
	volatile char *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long before, after;
	char sum = 0;

	if (p == MAP_FAILED)
		return true;
	madvise((void *)p, len, MADV_NOHUGEPAGE);
	before = resident_pages();
	for (size_t off = 0; off < len; off += 4096)
		sum += p[off];
	after = resident_pages();
	munmap((void *)p, len);
	(void)sum;
	return before < 0 || after < 0 || after - before >= (long)(len / 4096 / 2);
}

/* Whether every image can live at once; refuses what cannot run at all. */
static int check_memory(struct fb_run *run)
{
	const struct fb_run_opts *o = &run->opts;
	int64_t avail = fb_mem_available();
	uint64_t hsize = o->image.hugetlb_bytes, total = 0, total_huge = 0;
	char a[32], b[32];

	if (avail < 0) {
		fprintf(stderr, "forkbench run: cannot read MemAvailable from /proc/meminfo\n");
		return FB_EXIT_RESOURCE;
	}
	fb_format_size((uint64_t)avail & ~((1ULL << 20) - 1), a, sizeof(a));
	bool free_reads = o->image.touch == FB_TOUCH_READ && !reads_take_memory();

	for (int i = 0; i < o->nrss; i++) {
		uint64_t need = o->rss[i];

		/*
		 * untouched memory, and reads where they map the zero page, take
		 * no memory for the data, only the page tables
		 */
		if (!hsize && (o->image.touch == FB_TOUCH_NONE || free_reads))
			need /= 512;
		fb_format_size(o->rss[i], b, sizeof(b));
		if (need > (uint64_t)avail) {
			fprintf(stderr,
				"forkbench run: --rss %s is more than the memory available (MemAvailable %s); use a smaller size\n",
				b, a);
			return FB_EXIT_RESOURCE;
		}
		/* every creator of --parallel builds its own image, all at once */
		if (o->parallel > 1 && need * (uint64_t)o->parallel > (uint64_t)avail) {
			fprintf(stderr,
				"forkbench run: --rss %s for each of --parallel %d creators is more than the memory available (MemAvailable %s); use a smaller size or fewer creators\n",
				b, o->parallel, a);
			return FB_EXIT_RESOURCE;
		}
		if (hsize) {
			int64_t free_pages = hugetlb_free_pages(hsize);
			uint64_t pages = o->rss[i] / hsize;

			if (free_pages < 0) {
				fprintf(stderr,
					"forkbench run: this kernel has no %lluK hugetlb pages (no /sys/kernel/mm/hugepages/hugepages-%llukB)\n",
					(unsigned long long)(hsize >> 10),
					(unsigned long long)(hsize >> 10));
				return FB_EXIT_RESOURCE;
			}
			if ((uint64_t)free_pages < pages) {
				fprintf(stderr,
					"forkbench run: --rss %s needs %llu free %lluK hugetlb pages but the pool has %lld; as root: echo %llu > /sys/kernel/mm/hugepages/hugepages-%llukB/nr_hugepages\n",
					b, (unsigned long long)pages,
					(unsigned long long)(hsize >> 10), (long long)free_pages,
					(unsigned long long)pages,
					(unsigned long long)(hsize >> 10));
				return FB_EXIT_RESOURCE;
			}
			total_huge += pages * (uint64_t)o->nthp * (uint64_t)o->parallel;
		}
		total += need * (uint64_t)o->nthp * (uint64_t)o->parallel;
	}
	run->concurrent_images = total <= (uint64_t)avail / 10 * 6;
	if (hsize && (int64_t)total_huge > hugetlb_free_pages(hsize))
		run->concurrent_images = false;
	return 0;
}

/* Tasks (threads included) of a user: what RLIMIT_NPROC counts. */
static long user_tasks(uid_t uid)
{
	char path[300];
	struct dirent *d;
	struct stat st;
	DIR *dp = opendir("/proc");
	long n = 0;

	while (dp && (d = readdir(dp))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s", d->d_name);
		if (stat(path, &st) || st.st_uid != uid)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", d->d_name);
		n += fb_count_dir(path) > 0 ? fb_count_dir(path) : 1;
	}
	if (dp)
		closedir(dp);
	return n;
}

/*
 * --parallel N needs N workers per image, their idle threads and N children
 * at once, for every image that lives at the same time (check_memory
 * decides that, so this runs after it).
 */
static int check_nproc(const struct fb_run *run)
{
	const struct fb_run_opts *o = &run->opts;
	long images = run->concurrent_images ? (long)o->nrss * o->nthp : 1;
	long need = images * (long)o->parallel * (2 + (long)o->image.threads), have;
	struct rlimit rl;

	if (o->parallel <= 1 || getrlimit(RLIMIT_NPROC, &rl) || rl.rlim_cur == RLIM_INFINITY ||
	    geteuid() == 0)
		return 0;
	have = (long)rl.rlim_cur - user_tasks(getuid());
	if (need > have) {
		fprintf(stderr,
			"forkbench run: --parallel %d over %ld image(s) at once needs %ld more processes but RLIMIT_NPROC=%llu leaves %ld; raise 'ulimit -u' or lower --parallel\n",
			o->parallel, images, need, (unsigned long long)rl.rlim_cur,
			have < 0 ? 0 : have);
		return FB_EXIT_RESOURCE;
	}
	return 0;
}

int fb_run_preflight(struct fb_run *run)
{
	const struct fb_run_opts *o = &run->opts;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	int rc;

	if ((rc = check_output("--json", o->json_path)) ||
	    (rc = check_output("--csv", o->csv_path)) ||
	    (rc = check_output("--csv-samples", o->csv_samples_path)))
		return rc;
	if (o->cpu >= ncpu || o->child_cpu >= ncpu) {
		fprintf(stderr, "forkbench run: CPU %d does not exist (this machine has %ld)\n",
			o->cpu >= ncpu ? o->cpu : o->child_cpu, ncpu);
		return FB_EXIT_RESOURCE;
	}
	if ((rc = check_memory(run)))
		return rc;
	return check_nproc(run);
}

static int locate_binaries(struct fb_run *run)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *dir;

	if (n <= 0) {
		fprintf(stderr, "forkbench run: cannot find my own executable: %s\n",
			strerror(errno));
		return FB_EXIT_FAILED;
	}
	self[n] = '\0';
	dir = dirname(self);
	snprintf(run->worker_path, sizeof(run->worker_path), "%s/forkbench-worker", dir);
	snprintf(run->helper_path, sizeof(run->helper_path), "%s/forkbench-helper", dir);
	if (access(run->worker_path, X_OK) != 0) {
		fprintf(stderr,
			"forkbench run: cannot run %s: %s (it is built next to forkbench)\n",
			run->worker_path, strerror(errno));
		return FB_EXIT_FAILED;
	}
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

static void stop_image(struct fb_image_run *img, bool force)
{
	for (int k = 0; k < img->nw; k++)
		stop_worker(&img->w[k], force);
}

static void set_error(struct fb_run *run, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_error(struct fb_run *run, int code, const char *fmt, ...)
{
	va_list ap;

	if (run->exit_code)
		return;
	run->exit_code = code;
	va_start(ap, fmt);
	vsnprintf(run->error, sizeof(run->error), fmt, ap);
	va_end(ap);
}

/* The option that eases a limit the lean side ran into, or NULL. */
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
	}
	return NULL;
}

/* A worker's message, as the user reads it: with the option that helps, if one does. */
static void with_advice(char *out, size_t len, const char *err, int limit)
{
	const char *advice = limit_advice(limit);

	snprintf(out, len, "%s%s%s", err, advice ? "; " : "", advice ? advice : "");
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

static int spawn_worker(struct fb_run *run, struct fb_worker *w)
{
	char *argv[] = {run->worker_path, NULL};
	posix_spawn_file_actions_t fa;
	int in[2], out[2], rc;

	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) {
		set_error(run, FB_EXIT_RESOURCE, "cannot create pipes: %s", strerror(errno));
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
		close(in[1]);
		close(out[0]);
		set_error(run, rc == EAGAIN ? FB_EXIT_RESOURCE : FB_EXIT_FAILED,
			  "cannot start %s: %s", run->worker_path, strerror(rc));
		return -1;
	}
	w->alive = true;
	w->to = in[1];
	w->from = out[0];
	if (nworker_pids < (int)(sizeof(worker_pids) / sizeof(worker_pids[0])))
		worker_pids[nworker_pids++] = w->pid;
	return 0;
}

/* Starts the image's creators; each builds the image and says hello. */
static int start_image(struct fb_run *run, int idx)
{
	struct fb_image_run *img = &run->images[idx];
	const struct fb_run_opts *o = &run->opts;
	struct fb_whello hello;
	struct fb_wcfg cfg;
	char rss[32];

	memset(&cfg, 0, sizeof(cfg));
	cfg.magic = FB_PROTO_MAGIC;
	cfg.image = img->cfg;
	cfg.cow_fraction = o->cow_fraction;
	cfg.cow_side = o->cow_side;
	cfg.child_cpu = o->child_cpu;
	snprintf(cfg.helper, sizeof(cfg.helper), "%s", run->helper_path);
	cfg.counters = run->counters;
	fb_format_size(img->cfg.rss_bytes, rss, sizeof(rss));
	for (int k = 0; k < o->parallel; k++) {
		struct fb_worker *w = &img->w[k];

		if (spawn_worker(run, w))
			return -1;
		img->nw = k + 1;
		cfg.cpu = creator_cpu(o, k);
		if (fb_write_full(w->to, &cfg, sizeof(cfg)) ||
		    fb_read_full(w->from, &hello, sizeof(hello)) || hello.magic != FB_PROTO_MAGIC) {
			set_error(run, FB_EXIT_FAILED,
				  "the worker for --rss %s died while building its image", rss);
			return -1;
		}
		if (k == 0)
			img->hello = hello;
		if (hello.status != FB_W_OK) {
			char why[FB_ERRLEN];

			with_advice(why, sizeof(why), hello.err, hello.limit);
			set_error(run,
				  hello.status == FB_W_RESOURCE ? FB_EXIT_RESOURCE : FB_EXIT_FAILED,
				  "--rss %s thp=%s: %s", rss, fb_thp_name(img->cfg.thp), why);
			/* its entries failed with it: they did not merely stop early */
			for (int i = 0; i < run->nentries; i++)
				if (run->entries[i].image == idx) {
					run->entries[i].state = FB_ENTRY_FAILED;
					snprintf(run->entries[i].reason,
						 sizeof(run->entries[i].reason),
						 "the image could not be built: %.200s", why);
				}
			return -1;
		}
	}
	return 0;
}

/*
 * Keeps counts (*rows: e->counts or e->cow_counts) row for row with the
 * samples about to be appended to e (c NULL: not counted).
 */
static int append_counts(struct fb_entry *e, int64_t (**rows)[FB_CTR_MAX], int64_t (*c)[FB_CTR_MAX],
			 size_t n)
{
	int64_t(*p)[FB_CTR_MAX];

	if (!c || n == 0)
		return 0;
	p = realloc(*rows, (e->n + n) * sizeof(*p));
	if (!p)
		return -1;
	/* rows for samples taken before counting started (none today) stay uncounted */
	for (size_t i = *rows ? e->n : 0; i < e->n; i++)
		for (int j = 0; j < FB_CTR_MAX; j++)
			p[i][j] = FB_COUNT_NONE;
	memcpy(p + e->n, c, n * sizeof(*p));
	*rows = p;
	return 0;
}

static void append_samples(struct fb_entry *e, const struct fb_sample *s, size_t n)
{
	if (n == 0)
		return;
	if (e->n + n > e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 256;
		struct fb_sample *p;

		while (cap < e->n + n)
			cap *= 2;
		p = realloc(e->samples, cap * sizeof(*p));
		if (!p) {
			fprintf(stderr, "forkbench run: out of memory for samples\n");
			exit(FB_EXIT_RESOURCE);
		}
		e->samples = p;
		e->cap = cap;
	}
	memcpy(e->samples + e->n, s, n * sizeof(*s));
	e->n += n;
}

bool fb_entry_summary_of(const struct fb_entry *e, int point, int parent_pid, struct fb_summary *s)
{
	double *v;
	size_t n = 0;

	memset(s, 0, sizeof(*s));
	if (!e->n || !(fb_methods[e->method]->points & FB_PT_BIT(point) || point == FB_PT_COW))
		return false;
	v = malloc(e->n * sizeof(*v));
	if (!v)
		return false;
	for (size_t i = 0; i < e->n; i++)
		if (e->samples[i].ns[point] != FB_NO_TIME &&
		    (!parent_pid || e->samples[i].parent_pid == parent_pid))
			v[n++] = (double)e->samples[i].ns[point];
	if (n)
		fb_summarize(v, n, s);
	free(v);
	return n > 0;
}

bool fb_entry_summary(const struct fb_entry *e, int point, struct fb_summary *s)
{
	return fb_entry_summary_of(e, point, 0, s);
}

double fb_entry_rate(const struct fb_entry *e)
{
	return e->elapsed_s > 0 ? (double)e->created / e->elapsed_s : 0;
}

static uint32_t batch_size(const struct fb_run *run, const struct fb_entry *e)
{
	const struct fb_run_opts *o = &run->opts;
	double count = e->per_sample_s > 0 ? BATCH_TARGET_S / e->per_sample_s : 2;

	if (count < 1)
		count = 1;
	if (count > FB_BATCH_MAX)
		count = FB_BATCH_MAX;
	/* --iterations counts per creator */
	if (o->sampling == FB_SAMPLE_ITERATIONS &&
	    count > (double)(o->iterations - e->n / (size_t)o->parallel))
		count = (double)(o->iterations - e->n / (size_t)o->parallel);
	return (uint32_t)count;
}

static bool entry_finished(const struct fb_run *run, struct fb_entry *e)
{
	const struct fb_run_opts *o = &run->opts;
	struct fb_summary s;

	switch (o->sampling) {
	case FB_SAMPLE_ITERATIONS:
		return e->n >= o->iterations * (uint64_t)o->parallel;
	case FB_SAMPLE_TIME:
		return e->elapsed_s >= o->time_s || e->n >= MAX_SAMPLES;
	}
	if (e->n >= o->min_samples && fb_entry_summary(e, FB_PT_ROUNDTRIP, &s) &&
	    fb_relative_ci(&s) <= o->precision) {
		e->precision_met = true;
		return true;
	}
	return e->elapsed_s >= o->max_time_s || e->n >= MAX_SAMPLES;
}

/*
 * Warm-up: a first batch of one dropped sample measures what a creation
 * costs here; the rest of --warmup follows, but in adaptive mode no more
 * than a tenth of --max-time, so a 70 ms fork of 1 GiB does not spend its
 * whole budget warming up.
 */
static void warmup_plan(const struct fb_run *run, const struct fb_entry *e, struct fb_wcmd *cmd)
{
	const struct fb_run_opts *o = &run->opts;
	uint32_t rest;

	if (e->warmed) {
		cmd->warmup = 0;
		cmd->count = batch_size(run, e);
		return;
	}
	if (e->warmup_done == 0 && o->warmup > 0) {
		cmd->warmup = 1;
		cmd->count = 0;
		return;
	}
	rest = o->warmup > e->warmup_done ? o->warmup - e->warmup_done : 0;
	if (o->sampling == FB_SAMPLE_ADAPTIVE && e->per_sample_s > 0 &&
	    rest > 0.1 * o->max_time_s / e->per_sample_s)
		rest = (uint32_t)(0.1 * o->max_time_s / e->per_sample_s);
	cmd->warmup = rest;
	cmd->count = batch_size(run, e);
}

/* One batch of one entry, run by every creator at once. Returns false when the run must stop. */
static bool run_batch(struct fb_run *run, struct fb_entry *e)
{
	struct fb_image_run *img = &run->images[e->image];
	static struct fb_sample buf[FB_BATCH_MAX];
	static int64_t counts[FB_BATCH_MAX][FB_CTR_MAX];
	static int64_t cow_counts[FB_BATCH_MAX][FB_CTR_MAX];
	const struct fb_batch_rows rows = {buf, counts, cow_counts};
	struct fb_wcmd cmd = {.method = (uint32_t)e->method};
	int status = FB_W_OK, k;
	struct fb_wreply r;
	double t0, dt;
	char label[128];
	size_t first;

	warmup_plan(run, e, &cmd);
	first = e->n;
	t0 = now_s();
	for (k = 0; k < img->nw; k++)
		if (fb_write_full(img->w[k].to, &cmd, sizeof(cmd)))
			break;
	for (int i = 0; i < img->nw && k == img->nw; i++) {
		struct fb_worker *w = &img->w[i];

		if (fb_reply_recv(w->from, &r, &rows, cmd.count)) {
			k = -1;
			break;
		}
		if (append_counts(e, &e->cow_counts, r.cow_counting ? cow_counts : NULL, r.n) ||
		    append_counts(e, &e->counts, r.counting ? counts : NULL, r.n)) {
			k = -1;
			break;
		}
		append_samples(e, buf, r.n);
		if (r.status != FB_W_OK && status == FB_W_OK) {
			status = r.status;
			if (r.status != FB_W_INTERRUPTED) {
				e->state = FB_ENTRY_FAILED;
				with_advice(e->reason, sizeof(e->reason), r.err, r.limit);
				set_error(run,
					  r.status == FB_W_RESOURCE ? FB_EXIT_RESOURCE
								    : FB_EXIT_FAILED,
					  "%s", e->reason);
			}
		}
	}
	if (k != img->nw) {
		fb_entry_label(run, e, label, sizeof(label));
		set_error(run, FB_EXIT_FAILED, "%s: a worker died unexpectedly", label);
		e->state = FB_ENTRY_FAILED;
		snprintf(e->reason, sizeof(e->reason), "a worker died unexpectedly");
		stop_image(img, true);
		return false;
	}
	dt = now_s() - t0;
	if (run->trace && run->trace->active) {
		/* outside any timed region: the batch is over */
		if (fb_trace_collect(run->trace) < 0 || fb_trace_join(run->trace, e, first) < 0)
			set_error(run, FB_EXIT_FAILED, "cannot read the trace: %s",
				  strerror(errno));
		fb_trace_clear(run->trace);
	}
	e->warmup_done += cmd.warmup;
	e->warmed = e->warmup_done > 0 && cmd.count > 0;
	e->elapsed_s += dt;
	e->created += (uint64_t)(cmd.count + cmd.warmup) * (uint64_t)img->nw;
	if (cmd.count + cmd.warmup)
		e->per_sample_s = dt / (cmd.count + cmd.warmup);
	if (status == FB_W_OK && entry_finished(run, e))
		e->state = FB_ENTRY_DONE;
	return status == FB_W_OK;
}

static void progress(struct fb_run *run, double start, double *last, bool final)
{
	double t = now_s();
	int done = 0;
	size_t samples = 0;

	if (!run->opts.progress || t - start < PROGRESS_AFTER_S || (!final && t - *last < 1.0))
		return;
	*last = t;
	for (int i = 0; i < run->nentries; i++) {
		done += run->entries[i].state != FB_ENTRY_ACTIVE;
		samples += run->entries[i].n;
	}
	fprintf(stderr, "\rforkbench: %5.1f s, %d/%d entries done, %zu samples%s", t - start, done,
		run->nentries, samples, final ? "\n" : "");
	if (!isatty(2) && !final)
		fputc('\n', stderr);
	fflush(stderr);
}

/* Samples the entries of images [first, last) in rounds until all are done. */
static void sample_rounds(struct fb_run *run, int first, int last, double start, double *shown)
{
	bool any = true;

	while (any && !fb_stop_signal && !run->exit_code) {
		any = false;
		for (int i = 0; i < run->nentries && !fb_stop_signal && !run->exit_code; i++) {
			struct fb_entry *e = &run->entries[i];

			if (e->image < first || e->image >= last || e->state != FB_ENTRY_ACTIVE)
				continue;
			any = true;
			if (!run_batch(run, e))
				break;
			progress(run, start, shown, false);
		}
	}
}

static void build_entries(struct fb_run *run)
{
	const struct fb_run_opts *o = &run->opts;
	int n = 0;

	run->nimages = o->nrss * o->nthp;
	run->images = calloc((size_t)run->nimages, sizeof(*run->images));
	run->entries = calloc((size_t)run->nimages * (size_t)fb_nmethods, sizeof(*run->entries));
	if (!run->images || !run->entries) {
		fprintf(stderr, "forkbench run: out of memory\n");
		exit(FB_EXIT_RESOURCE);
	}
	for (int r = 0; r < o->nrss; r++) {
		for (int t = 0; t < o->nthp; t++) {
			struct fb_image_cfg *c = &run->images[r * o->nthp + t].cfg;

			*c = o->image;
			c->rss_bytes = o->rss[r];
			c->thp = o->thp[t];
		}
	}
	for (int img = 0; img < run->nimages; img++) {
		for (int m = 0; m < fb_nmethods; m++) {
			if (!o->method_on[m])
				continue;
			run->entries[n].method = m;
			run->entries[n].image = img;
			run->entries[n].state = FB_ENTRY_ACTIVE;
			n++;
		}
	}
	run->nentries = n;
}

/* Marks the entries of an image skipped where its worker says the method cannot run. */
static void apply_skips(struct fb_run *run, int img)
{
	for (int i = 0; i < run->nentries; i++) {
		struct fb_entry *e = &run->entries[i];
		const char *why = run->images[img].hello.skip[e->method];

		if (e->image == img && why[0]) {
			e->state = FB_ENTRY_SKIPPED;
			snprintf(e->reason, sizeof(e->reason), "%s", why);
		}
	}
}

static int open_trace(struct fb_run *run)
{
	static struct fb_trace trace;
	char err[FB_ERRLEN];

	if (run->opts.trace_mode == FB_TRACE_OFF)
		return 0;
	run->trace = &trace;
	if (fb_trace_open(&trace, run->opts.trace_mode, err, sizeof(err)) < 0) {
		set_error(run, FB_EXIT_RESOURCE, "%s", err); /* err names --trace */
		run->trace = NULL;
		return -1;
	}
	if (!trace.active)
		fprintf(stderr, "forkbench run: --trace=auto records nothing: %s\n", trace.why);
	return 0;
}

/* The kernel keeps only events whose creator is one of this wave's workers. */
static void trace_creators(struct fb_run *run, int first, int last)
{
	int pids[FB_MAX_SIZES * FB_MAX_THP * FB_MAX_PARALLEL], n = 0;

	if (!run->trace || !run->trace->active)
		return;
	for (int i = first; i < last; i++)
		for (int k = 0; k < run->images[i].nw; k++)
			pids[n++] = run->images[i].w[k].pid;
	if (fb_trace_set_parents(run->trace, pids, n) < 0)
		set_error(run, FB_EXIT_RESOURCE, "--trace: cannot set the event filter");
}

/* Says, per entry, when samples did not get exactly one task_newtask of their own. */
static void warn_unjoined(struct fb_run *run)
{
	if (!run->trace || !run->trace->active || !run->trace->enabled[FB_EV_NEWTASK])
		return;
	for (int i = 0; i < run->nentries; i++) {
		struct fb_entry *e = &run->entries[i];
		size_t off = 0;

		for (size_t j = 0; e->trace && j < e->n; j++)
			off += e->trace[j].count[FB_EV_NEWTASK] != 1;
		if (off)
			fb_entry_warn(
				e,
				"%zu of %zu samples have not exactly one task_newtask event of their own (events lost: %llu); their kernel-side figures are missing",
				off, e->n, (unsigned long long)run->trace->lost);
	}
}

int fb_run_execute(struct fb_run *run)
{
	struct sigaction sa;
	double start = now_s(), shown = 0;
	int step;

	build_entries(run);
	if (locate_binaries(run))
		return FB_EXIT_FAILED;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL); /* a closed terminal: keep what finished, as for ^C */
	signal(SIGPIPE, SIG_IGN);

	if (open_trace(run)) {
		run->partial = true; /* nothing was sampled */
		return run->exit_code;
	}
	/* All images at once when they fit in memory; else one at a time. */
	step = run->concurrent_images ? run->nimages : 1;
	for (int first = 0; first < run->nimages && !fb_stop_signal && !run->exit_code;
	     first += step) {
		int last = first + step < run->nimages ? first + step : run->nimages;

		for (int i = first; i < last && !run->exit_code; i++)
			if (start_image(run, i) == 0)
				apply_skips(run, i);
		if (!run->exit_code)
			trace_creators(run, first, last);
		if (!run->exit_code)
			sample_rounds(run, first, last, start, &shown);
		for (int i = first; i < last; i++)
			stop_image(&run->images[i], run->exit_code != 0);
	}
	progress(run, start, &shown, true);
	run->duration_s = now_s() - start;
	if (run->trace && run->trace->lost)
		fprintf(stderr,
			"forkbench run: the trace lost %llu events; some samples have none\n",
			(unsigned long long)run->trace->lost);
	warn_unjoined(run);
	if (fb_stop_signal) {
		run->stop_signal = fb_stop_signal;
		run->exit_code = 0; /* the interruption outranks what it caused */
		set_error(run, 128 + fb_stop_signal, "interrupted by %s",
			  fb_stop_signal_name(fb_stop_signal));
	}
	for (int i = 0; i < run->nentries; i++)
		if (run->entries[i].state == FB_ENTRY_ACTIVE ||
		    run->entries[i].state == FB_ENTRY_FAILED)
			run->partial = true;
	return run->exit_code;
}

void fb_run_free(struct fb_run *run)
{
	if (run->trace)
		fb_trace_close(run->trace); /* the instance goes on every path that returns */
	for (int i = 0; i < run->nentries; i++) {
		free(run->entries[i].samples);
		free(run->entries[i].trace);
		free(run->entries[i].counts);
		free(run->entries[i].cow_counts);
		for (int w = 0; w < run->entries[i].nwarnings; w++)
			free(run->entries[i].warnings[w]);
	}
	free(run->entries);
	free(run->images);
}

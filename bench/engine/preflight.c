// SPDX-License-Identifier: MIT
/*
 * What can be refused before anything runs: outputs that cannot be
 * written, a CPU that does not exist, images that do not fit in memory or
 * in the hugetlb pool, and tasks beyond RLIMIT_NPROC or the cgroup's
 * pids.max. A run is never lost to one of these at its end.
 */
#include "engine.h"
#include "output_path.h"

#include "core/limit.h"
#include "core/procfs.h"
#include "core/size_parse.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

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
	/* a device or a pipe (/dev/stdout) is written in place (report/atomic_file.c) */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (access(path, W_OK) == 0)
			return 0;
		fprintf(stderr, "forkbench run: cannot write %s %s: %s\n", opt, path,
			strerror(errno));
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

/* Free pages of the hugetlb pool of page_bytes, or -1 when there is no such pool. */
static int64_t hugetlb_free_pages(const struct fb_machine *m, uint64_t page_bytes)
{
	const struct fb_hugetlb_pool *p = fb_machine_hugetlb(m, page_bytes);

	return p && p->free_ok ? p->free : -1;
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
static int check_memory(struct fb_run *run, const struct fb_machine *m)
{
	const struct fb_run_opts *o = &run->opts;
	int64_t avail = m->meminfo_ok ? m->mem_available : -1;
	uint64_t hsize = o->image.hugetlb_bytes, total = 0, total_huge = 0;
	struct rlimit as;
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
		/* the worker maps the whole image, touched or not */
		if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY &&
		    o->rss[i] >= as.rlim_cur) {
			fb_format_size(as.rlim_cur, a, sizeof(a));
			fprintf(stderr,
				"forkbench run: --rss %s is more than RLIMIT_AS (%s) lets a worker map; raise 'ulimit -v' or use a smaller size\n",
				b, a);
			return FB_EXIT_RESOURCE;
		}
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
			int64_t free_pages = hugetlb_free_pages(m, hsize);
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
	if (hsize && (int64_t)total_huge > hugetlb_free_pages(m, hsize))
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
 * Every image that lives at once (check_memory decides that, so this runs
 * after it) has a worker per creator of --parallel, with its idle
 * --threads and a child at a time: tasks that RLIMIT_NPROC (of a user
 * other than root) and the cgroup's pids.max must leave room for, or the
 * run would fail at its first creation, or before.
 */
static int check_tasks(const struct fb_run *run)
{
	const struct fb_run_opts *o = &run->opts;
	long images = run->concurrent_images ? (long)o->nrss * o->nthp : 1;
	long need = images * (long)o->parallel * (2 + (long)o->image.threads), have;
	char what[160], where[700];
	struct rlimit rl;

	if (o->parallel > 1)
		snprintf(what, sizeof(what), "--parallel %d over %ld image(s) at once", o->parallel,
			 images);
	else
		snprintf(what, sizeof(what), "%ld image(s) at once (a worker%s and a child each)",
			 images, o->image.threads ? " with its --threads" : "");
	if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && geteuid() != 0) {
		have = (long)rl.rlim_cur - user_tasks(getuid());
		if (need > have) {
			fprintf(stderr,
				"forkbench run: %s need%s %ld more processes but RLIMIT_NPROC=%llu leaves %ld; raise 'ulimit -u'%s\n",
				what, o->parallel > 1 ? "s" : "", need,
				(unsigned long long)rl.rlim_cur, have < 0 ? 0 : have,
				o->parallel > 1 ? " or lower --parallel" : "");
			return FB_EXIT_RESOURCE;
		}
	}
	have = (long)fb_limit_pids_room(where, sizeof(where));
	if (have >= 0 && need > have) {
		fprintf(stderr,
			"forkbench run: %s need%s %ld more tasks but the cgroup's pids.max leaves %ld (%s); raise it%s\n",
			what, o->parallel > 1 ? "s" : "", need, have, where,
			o->parallel > 1 || o->image.threads ? " or lower --parallel or --threads"
							    : "");
		return FB_EXIT_RESOURCE;
	}
	return 0;
}

/*
 * Each output: followed through symlinks to the file it names, which is
 * what gets written, the link kept (output_path.h); refused where it
 * cannot be written; then locked against another run writing that file,
 * by one name whichever link reached it (output_lock.h).
 */
static int prepare_outputs(struct fb_run *run)
{
	const struct fb_run_opts *o = &run->opts;
	const char *const opt[FB_NOUTPUTS] = {"--json", "--csv", "--csv-samples", "--csv-entries"};
	const char *const path[FB_NOUTPUTS] = {o->json_path, o->csv_path, o->csv_samples_path,
					       o->csv_entries_path};
	static char canon[FB_NOUTPUTS][PATH_MAX];
	static char shown[FB_NOUTPUTS][2 * PATH_MAX + 16];
	int rc;

	for (int i = 0; i < FB_NOUTPUTS; i++) {
		if (!path[i])
			continue;
		if (fb_output_resolve(path[i], run->output_path[i], sizeof(run->output_path[i]),
				      canon[i], sizeof(canon[i]))) {
			fprintf(stderr, "forkbench run: cannot write %s %s: %s%s%s\n", opt[i],
				path[i], errno == ELOOP ? "a symlink loop (" : "", strerror(errno),
				errno == ELOOP ? ")" : "");
			return FB_EXIT_OUTPUT;
		}
		/* reached through a symlink: what is said names both */
		if (strcmp(path[i], run->output_path[i]))
			snprintf(shown[i], sizeof(shown[i]), "%s (the file %s)", path[i], canon[i]);
		else
			snprintf(shown[i], sizeof(shown[i]), "%s", path[i]);
		if ((rc = check_output(opt[i], run->output_path[i])))
			return rc;
	}
	for (int i = 0; i < FB_NOUTPUTS; i++)
		if (path[i] && (rc = fb_output_lock(&run->locks[i], opt[i], shown[i], canon[i])))
			return rc;
	return 0;
}

void fb_run_unlock_outputs(struct fb_run *run)
{
	for (int i = 0; i < FB_NOUTPUTS; i++)
		fb_output_unlock(&run->locks[i]);
}

static int preflight(struct fb_run *run, const struct fb_machine *m)
{
	const struct fb_run_opts *o = &run->opts;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	int rc;

	if ((rc = prepare_outputs(run)))
		return rc;
	if (o->cpu >= ncpu || o->child_cpu >= ncpu) {
		fprintf(stderr, "forkbench run: CPU %d does not exist (this machine has %ld)\n",
			o->cpu >= ncpu ? o->cpu : o->child_cpu, ncpu);
		return FB_EXIT_RESOURCE;
	}
	if ((rc = check_memory(run, m)))
		return rc;
	return check_tasks(run);
}

int fb_run_preflight(struct fb_run *run, const struct fb_machine *m)
{
	int rc = preflight(run, m);

	if (rc)
		fb_run_unlock_outputs(run);
	return rc;
}

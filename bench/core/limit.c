// SPDX-License-Identifier: MIT
/* What an EAGAIN from a creation points to: the address space, the cgroup, the system, the user. */
#include "limit.h"
#include "procfs.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define MIB (1024.0 * 1024.0)

size_t fb_default_thread_stack(void)
{
	pthread_attr_t attr;
	size_t size = 0;

	if (pthread_getattr_default_np(&attr) == 0) {
		pthread_attr_getstacksize(&attr, &size);
		pthread_attr_destroy(&attr);
	}
	return size ? size : 8u << 20;
}

/* A number from a one-line file, or -1 ("max", unreadable). */
static int64_t read_number(const char *path)
{
	char line[64], *end;
	long long v;

	if (fb_read_line(path, line, sizeof(line)))
		return -1;
	v = strtoll(line, &end, 10);
	return end == line ? -1 : v;
}

enum fb_limit fb_limit_enomem(size_t bytes, char *why, size_t len)
{
	char text[4096], more[64] = "";
	struct rlimit rl;
	int64_t vm = -1, avail = -1;

	if (fb_read_file("/proc/self/status", text, sizeof(text)) > 0)
		vm = fb_field_value(text, "VmSize");
	if (bytes)
		snprintf(more, sizeof(more), " for %.1f MiB more", (double)bytes / MIB);
	/* a size not known (a creation's): a limit nine tenths used is the likely wall */
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (vm < 0 || (bytes ? (uint64_t)vm + bytes > rl.rlim_cur
			      : (double)vm > 0.9 * (double)rl.rlim_cur))) {
		snprintf(why, len, "RLIMIT_AS=%.0f MiB leaves no room%s: %.1f MiB are mapped",
			 (double)rl.rlim_cur / MIB, more, (double)vm / MIB);
		return FB_LIMIT_AS;
	}
	if (fb_read_file("/proc/meminfo", text, sizeof(text)) > 0)
		avail = fb_field_value(text, "MemAvailable");
	snprintf(why, len, "no memory%s: MemAvailable %.0f MiB, no RLIMIT_AS in the way", more,
		 (double)avail / MIB);
	return FB_LIMIT_MEMORY;
}

/* A stack and what glibc maps with it (guard page, TLS): a little more than its size. */
#define STACK_SLACK (64u << 10)

/* Whether a stack of size bytes, with what comes with it, can be mapped at all. */
static enum fb_limit stack_room(size_t size, char *why, size_t len)
{
	char status[4096];
	struct rlimit rl;
	int64_t maps, max_maps, vm = -1;
	void *p = mmap(NULL, size + STACK_SLACK, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p != MAP_FAILED) {
		munmap(p, size + STACK_SLACK);
		return FB_LIMIT_NONE;
	}
	if (fb_read_file("/proc/self/status", status, sizeof(status)) > 0)
		vm = fb_field_value(status, "VmSize");
	maps = fb_count_lines("/proc/self/maps");
	max_maps = read_number("/proc/sys/vm/max_map_count");
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		snprintf(why, len,
			 "RLIMIT_AS=%.0f MiB leaves no room for a thread's %zu KiB stack: %.0f MiB "
			 "are mapped",
			 (double)rl.rlim_cur / MIB, size >> 10, (double)vm / MIB);
		return FB_LIMIT_AS;
	}
	if (maps >= 0 && max_maps > 0 && maps + 2 >= max_maps) {
		snprintf(why, len,
			 "no mapping left for a thread's stack: %" PRId64
			 " mappings, vm.max_map_count is %" PRId64,
			 maps, max_maps);
		return FB_LIMIT_MAP_COUNT;
	}
	snprintf(why, len, "no memory for a thread's %zu KiB stack (mmap: %s)", size >> 10,
		 strerror(errno));
	return FB_LIMIT_MEMORY;
}

/*
 * Where the pids controller's hierarchy is mounted: a cgroup v1 mount
 * with the pids option, or the cgroup2 mount (v2 is asked for when v1 has
 * no pids), from /proc/self/mountinfo. Returns 0 and the mount point, or
 * -1. Its buffer is static: the worker reads it only after a failure.
 */
static int pids_mount(bool v2, char *out, size_t len)
{
	static char info[65536];
	char *line, *save = NULL;

	if (fb_read_file("/proc/self/mountinfo", info, sizeof(info)) < 0)
		return -1;
	for (line = strtok_r(info, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS] - FSTYPE SOURCE SUPER */
		char root[8], mnt[512], fstype[16], super[256];
		const char *dash = strstr(line, " - ");

		if (!dash || sscanf(line, "%*s %*s %*s %7s %511s", root, mnt) != 2 ||
		    sscanf(dash + 3, "%15s %*s %255s", fstype, super) != 2)
			continue;
		if (v2 ? strcmp(fstype, "cgroup2") != 0
		       : strcmp(fstype, "cgroup") != 0 ||
				    !strstr(super, "pids") /* "rw,pids": the option list */)
			continue;
		snprintf(out, len, "%s", mnt);
		return 0;
	}
	return -1;
}

/*
 * This process's cgroup in the pids hierarchy: "/a/b" from the line of
 * /proc/self/cgroup whose controllers name pids (v1), else from "0::"
 * (v2). *v2 says which.
 */
static int pids_cgroup(char *out, size_t len, bool *v2)
{
	char text[4096], *line, *save = NULL;
	const char *unified = NULL;

	if (fb_read_file("/proc/self/cgroup", text, sizeof(text)) < 0)
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *ctl = strchr(line, ':'), *path = ctl ? strchr(ctl + 1, ':') : NULL,
		     *cs = NULL;

		if (!path)
			continue;
		*path++ = '\0';
		ctl++;
		if (!strcmp(line, "0") && !*ctl) {
			unified = path;
			continue;
		}
		for (char *c = strtok_r(ctl, ",", &cs); c; c = strtok_r(NULL, ",", &cs))
			if (!strcmp(c, "pids")) {
				*v2 = false;
				snprintf(out, len, "%s", path);
				return 0;
			}
	}
	if (!unified)
		return -1;
	*v2 = true;
	snprintf(out, len, "%s", unified);
	return 0;
}

/* The forks refused at this cgroup's pids.max so far: "max N" of pids.events, or -1. */
static int64_t pids_refused(const char *dir)
{
	char path[1200], text[256], *max;

	snprintf(path, sizeof(path), "%s/pids.events", dir);
	if (fb_read_file(path, text, sizeof(text)) < 0 || !(max = strstr(text, "max ")))
		return -1;
	return strtoll(max + 4, NULL, 10);
}

/* A cgroup's pids.max, pids.current and forks refused at its limit; max -1: none. */
struct pids_state {
	int64_t max, cur, refused;
};

static void pids_read(const char *dir, struct pids_state *p)
{
	char path[1200];

	snprintf(path, sizeof(path), "%s/pids.max", dir);
	p->max = read_number(path); /* "max": no limit here, -1 */
	snprintf(path, sizeof(path), "%s/pids.current", dir);
	p->cur = read_number(path);
	p->refused = pids_refused(dir);
}

/*
 * Calls visit on this process's cgroup in the pids hierarchy (v1 or v2)
 * and on each above it, up to the hierarchy's root, while it returns 0.
 * Returns what visit returned last, or -1 when there is no pids
 * controller to look at.
 */
static int pids_walk(int (*visit)(const char *dir, const struct pids_state *p, void *arg),
		     void *arg)
{
	char mnt[512], cg[512], dir[1100];
	bool v2 = false;
	size_t top;

	if (pids_cgroup(cg, sizeof(cg), &v2) || pids_mount(v2, mnt, sizeof(mnt)))
		return -1;
	top = strlen(mnt);
	snprintf(dir, sizeof(dir), "%s%s", mnt, strcmp(cg, "/") ? cg : "");
	for (;;) {
		struct pids_state p;
		char *slash;
		int rc;

		pids_read(dir, &p);
		if ((rc = visit(dir, &p, arg)))
			return rc;
		slash = strrchr(dir, '/');
		if (!slash || (size_t)(slash - dir) < top)
			return 0;
		*slash = '\0';
	}
}

struct pids_why {
	char *why;
	size_t len;
};

/*
 * A cgroup whose pids.max is reached (pids.current at it), or that has
 * refused forks at it (pids.events: by the time this is read, children
 * of the refused fork's siblings may have exited).
 */
static int pids_hit(const char *dir, const struct pids_state *p, void *arg)
{
	struct pids_why *w = arg;

	if (p->max < 0 || p->cur < 0)
		return 0;
	if (p->cur >= p->max)
		snprintf(w->why, w->len,
			 "the cgroup's pids.max is reached: %s/pids.max is %" PRId64
			 ", pids.current %" PRId64,
			 dir, p->max, p->cur);
	else if (p->refused > 0)
		snprintf(w->why, w->len,
			 "the cgroup's pids.max refused forks: %s/pids.max is %" PRId64
			 " (pids.events: %" PRId64 " refused), pids.current %" PRId64 " by now",
			 dir, p->max, p->refused, p->cur);
	else
		return 0;
	return 1;
}

static enum fb_limit cgroup_pids(char *why, size_t len)
{
	struct pids_why w = {why, len};

	return pids_walk(pids_hit, &w) == 1 ? FB_LIMIT_PIDS : FB_LIMIT_NONE;
}

struct pids_room {
	int64_t room;
	char *where;
	size_t len;
};

/* The cgroup with the fewest tasks left under its pids.max. */
static int pids_least(const char *dir, const struct pids_state *p, void *arg)
{
	struct pids_room *r = arg;

	if (p->max >= 0 && p->cur >= 0 && (r->room < 0 || p->max - p->cur < r->room)) {
		r->room = p->max > p->cur ? p->max - p->cur : 0;
		snprintf(r->where, r->len, "%s/pids.max is %" PRId64 ", pids.current %" PRId64, dir,
			 p->max, p->cur);
	}
	return 0;
}

int64_t fb_limit_pids_room(char *where, size_t len)
{
	struct pids_room r = {-1, where, len};

	where[0] = '\0';
	return pids_walk(pids_least, &r) < 0 ? -1 : r.room;
}

enum fb_limit fb_limit_eagain(size_t stack_bytes, char *why, size_t len)
{
	char loadavg[128], *slash;
	int64_t tasks = -1, threads_max, pid_max;
	struct rlimit rl;
	enum fb_limit l;

	if (stack_bytes && (l = stack_room(stack_bytes, why, len)) != FB_LIMIT_NONE)
		return l;
	if ((l = cgroup_pids(why, len)) != FB_LIMIT_NONE)
		return l;
	/* /proc/loadavg's fourth field: runnable/all tasks of the system */
	if (fb_read_line("/proc/loadavg", loadavg, sizeof(loadavg)) == 0 &&
	    (slash = strchr(loadavg, '/')))
		tasks = strtoll(slash + 1, NULL, 10);
	threads_max = read_number("/proc/sys/kernel/threads-max");
	pid_max = read_number("/proc/sys/kernel/pid_max");
	if (tasks >= 0 && ((threads_max > 0 && tasks + 1 >= threads_max) ||
			   (pid_max > 0 && tasks + 301 >= pid_max))) {
		snprintf(why, len,
			 "the system's tasks are at their limit: %" PRId64
			 " tasks, threads-max %" PRId64 ", pid_max %" PRId64,
			 tasks, threads_max, pid_max);
		return FB_LIMIT_TASKS;
	}
	/* the kernel does not hold root (uid 0) to RLIMIT_NPROC */
	if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && getuid() != 0) {
		snprintf(why, len, "RLIMIT_NPROC=%llu is reached", (unsigned long long)rl.rlim_cur);
		return FB_LIMIT_NPROC;
	}
	snprintf(why, len,
		 "no limit evidently reached: RLIMIT_NPROC %s, %" PRId64
		 " tasks, threads-max %" PRId64 ", pid_max %" PRId64 "%s",
		 getuid() == 0 ? "does not hold for root" : "unlimited", tasks, threads_max,
		 pid_max, stack_bytes ? ", a thread stack fits" : "");
	return FB_LIMIT_NONE;
}

// SPDX-License-Identifier: MIT
/* What an EAGAIN from a creation points to: the address space, the cgroup, the system, the user. */
#include "limit.h"
#include "procfs.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
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

/* The cgroup v2 pids controller of this process: its pids.max, if reached. */
static enum fb_limit cgroup_pids(char *why, size_t len)
{
	char cg[512], path[600];
	int64_t max, cur;

	/* "0::/some/path": the unified hierarchy */
	if (fb_read_line("/proc/self/cgroup", cg, sizeof(cg)) || strncmp(cg, "0::", 3))
		return FB_LIMIT_NONE;
	snprintf(path, sizeof(path), "/sys/fs/cgroup%s/pids.max", cg + 3);
	max = read_number(path);
	snprintf(path, sizeof(path), "/sys/fs/cgroup%s/pids.current", cg + 3);
	cur = read_number(path);
	if (max < 0 || cur < 0 || cur < max)
		return FB_LIMIT_NONE;
	snprintf(why, len,
		 "the cgroup's pids.max (%" PRId64 ") is reached: %" PRId64 " tasks in it", max,
		 cur);
	return FB_LIMIT_PIDS;
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

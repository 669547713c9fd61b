// SPDX-License-Identifier: MIT
/*
 * The counting half: perf_event_open() and read() only. No heap, no
 * stdio, no libpfm, since the static worker links this and is forked.
 */
#include "counters.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FMT_TIMES (PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING)

static int perf_open(struct perf_event_attr *attr, int group_fd)
{
	return (int)syscall(SYS_perf_event_open, attr, 0 /* this process */, -1 /* any CPU */,
			    group_fd, PERF_FLAG_FD_CLOEXEC);
}

/* What an errno from perf_event_open means for the user. */
static int classify(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return FB_CTR_DENIED;
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
	case ENXIO:
		return FB_CTR_UNSUPPORTED;
	default:
		return FB_CTR_FAILED;
	}
}

static void close_all(struct fb_counter_set *set)
{
	for (int i = 0; i < FB_CTR_MAX; i++) {
		if (set->fd[i] >= 0)
			close(set->fd[i]);
		set->fd[i] = -1;
	}
	set->leader = -1;
}

static void attr_for(const struct fb_counter_set *set, int i, struct perf_event_attr *a)
{
	*a = set->c[i].attr;
	a->size = sizeof(*a);
	a->disabled = 0;
	a->inherit = set->inherit ? 1 : 0;
	/* fork's cost is in the kernel: count kernel mode, never the hypervisor. */
	a->exclude_kernel = 0;
	a->exclude_user = 0;
	a->exclude_hv = 1;
	a->read_format = FMT_TIMES;
}

/*
 * Opens every usable event on its own. Not as a group: a group read()
 * returns the software siblings' values as of their last sched-out, so
 * task-clock read around a short fork comes back stale (0 here), whereas
 * reading each event makes the kernel update it.
 */
int fb_counters_open(struct fb_counter_set *set)
{
	int opened = 0;

	set->leader = -1;
	for (int i = 0; i < FB_CTR_MAX; i++)
		set->fd[i] = -1;
	for (int i = 0; i < set->n; i++) {
		struct fb_counter *c = &set->c[i];
		struct perf_event_attr a;
		int fd;

		if (c->state != FB_CTR_OK)
			continue;
		attr_for(set, i, &a);
		fd = perf_open(&a, -1);
		if (fd < 0) {
			c->state = classify(errno);
			c->err_no = errno;
			continue;
		}
		set->fd[i] = fd;
		opened++;
	}
	return opened;
}

/* A count scaled for multiplexing; FB_COUNT_NONE when the event never ran. */
static int64_t scaled(uint64_t value, uint64_t enabled, uint64_t running)
{
	if (running == 0)
		return FB_COUNT_NONE;
	if (running >= enabled)
		return (int64_t)value;
	return (int64_t)((double)value * (double)enabled / (double)running);
}

static ssize_t read_retry(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

int fb_counters_read(const struct fb_counter_set *set, int64_t values[FB_CTR_MAX])
{
	uint64_t buf[3];

	for (int i = 0; i < FB_CTR_MAX; i++)
		values[i] = FB_COUNT_NONE;
	for (int i = 0; i < set->n; i++) {
		if (set->fd[i] < 0)
			continue;
		/* value, time_enabled, time_running */
		if (read_retry(set->fd[i], buf, sizeof(buf)) != sizeof(buf))
			return -1;
		values[i] = scaled(buf[0], buf[1], buf[2]);
	}
	return 0;
}

void fb_counters_delta(const struct fb_counter_set *set, const int64_t before[FB_CTR_MAX],
		       const int64_t after[FB_CTR_MAX], int64_t delta[FB_CTR_MAX])
{
	for (int i = 0; i < FB_CTR_MAX; i++)
		delta[i] = i < set->n && before[i] != FB_COUNT_NONE && after[i] != FB_COUNT_NONE
				   ? after[i] - before[i]
				   : FB_COUNT_NONE;
}

void fb_counters_close(struct fb_counter_set *set)
{
	close_all(set);
}

const char *fb_counter_state_name(int state)
{
	switch (state) {
	case FB_CTR_OK:
		return "counted";
	case FB_CTR_UNSUPPORTED:
		return "unsupported";
	case FB_CTR_DENIED:
		return "denied";
	default:
		return "failed";
	}
}

int fb_perf_paranoid(void)
{
	char buf[32];
	long n;
	int fd = open("/proc/sys/kernel/perf_event_paranoid", 0);

	if (fd < 0)
		return INT32_MIN;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return INT32_MIN;
	buf[n] = '\0';
	return atoi(buf);
}

// SPDX-License-Identifier: MIT
/* The kernel and the system: release, cmdline, ASLR, perf_event_paranoid, tracefs, load. */
#include "machine.h"

#include "core/procfs.h"
#include "counters/counters.h"

#include <gnu/libc-version.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The tracefs mount point; the canonical one wins over debugfs/tracing. */
static void tracefs_mount(char *buf, size_t len)
{
	static char mounts[1 << 16];
	char *line, *save = NULL;

	buf[0] = '\0';
	if (fb_read_file("/proc/self/mounts", mounts, sizeof(mounts)) < 0)
		return;
	for (line = strtok_r(mounts, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char dev[64], dir[256], type[32];

		if (sscanf(line, "%63s %255s %31s", dev, dir, type) == 3 &&
		    !strcmp(type, "tracefs")) {
			snprintf(buf, len, "%s", dir);
			if (!strcmp(dir, "/sys/kernel/tracing"))
				return;
		}
	}
}

static void read_tracefs(struct fb_machine *m)
{
	char path[320];

	tracefs_mount(m->tracefs, sizeof(m->tracefs));
	if (!m->tracefs[0])
		return;
	snprintf(path, sizeof(path), "%s/instances", m->tracefs);
	m->tracefs_instances_writable = access(path, W_OK) == 0;
	snprintf(path, sizeof(path), "%s/events/task/task_copy_process", m->tracefs);
	m->tracefs_copy_process_phases = access(path, F_OK) == 0;
}

/* The value of key=value on the kernel command line into buf, or "". */
static void cmdline_value(const char *cmdline, const char *key, char *buf, size_t len)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	buf[0] = '\0';
	while ((p = strstr(p, key))) {
		if ((p == cmdline || p[-1] == ' ') && p[klen] == '=') {
			snprintf(buf, len, "%.*s", (int)strcspn(p + klen + 1, " \n"), p + klen + 1);
			return;
		}
		p += klen;
	}
}

void fb_machine_clock_of(const char *cmdline, char *clock, size_t len)
{
	cmdline_value(cmdline, "forkbench.clock", clock, len);
	/*
	 * A runner of ours names the clock it booted the kernel with: icount,
	 * or model (icount with a cache model counting beside it). Anything
	 * else, or nothing, is wall time; model was once written as wall,
	 * which compare then judged with wall time's threshold.
	 */
	if (strcmp(clock, "icount") && strcmp(clock, "model"))
		snprintf(clock, len, "wall");
}

void fb_machine_read_system(struct fb_machine *m)
{
	char buf[128];

	uname(&m->uts);
	gethostname(m->hostname, sizeof(m->hostname) - 1);
	m->cmdline_ok = fb_machine_line("/proc/cmdline", m->cmdline, sizeof(m->cmdline));
	fb_machine_clock_of(m->cmdline_ok ? m->cmdline : "", m->clock, sizeof(m->clock));
	cmdline_value(m->cmdline_ok ? m->cmdline : "", "forkbench.accel", m->accel,
		      sizeof(m->accel));
	m->aslr_ok =
		fb_machine_line("/proc/sys/kernel/randomize_va_space", m->aslr, sizeof(m->aslr));
	m->perf_paranoid = fb_perf_paranoid();
	m->root = geteuid() == 0;
	snprintf(m->libc, sizeof(m->libc), "glibc %s", gnu_get_libc_version());
	read_tracefs(m);
	m->loadavg_ok =
		fb_machine_line("/proc/loadavg", buf, sizeof(buf)) &&
		sscanf(buf, "%lf %lf %lf", &m->loadavg[0], &m->loadavg[1], &m->loadavg[2]) == 3;
}

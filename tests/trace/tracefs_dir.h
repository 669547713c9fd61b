/* SPDX-License-Identifier: MIT */
/* Test helpers: where tracefs is, and whether our instances are there. */
#ifndef FB_TEST_TRACEFS_DIR_H
#define FB_TEST_TRACEFS_DIR_H

#include "tap.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char tracefs_dir[256];

/* Skips the whole test (with the reason) unless root with tracefs mounted. */
static void need_root_and_tracefs(void)
{
	char line[512], dev[64], mnt[256], type[32];
	FILE *f;

	if (geteuid() != 0)
		SKIP_ALL("needs root to create a tracing instance");
	f = fopen("/proc/self/mounts", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %255s %31s", dev, mnt, type) == 3 &&
		    !strcmp(type, "tracefs"))
			snprintf(tracefs_dir, sizeof(tracefs_dir), "%s", mnt);
	if (f)
		fclose(f);
	if (!tracefs_dir[0])
		SKIP_ALL("tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)");
}

/* How many instances named forkbench-<pid>-* exist (pid 0: any forkbench-*). */
static int our_instances(int pid)
{
	char path[300], prefix[48];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/instances", tracefs_dir);
	if (pid)
		snprintf(prefix, sizeof(prefix), "forkbench-%d-", pid);
	else
		snprintf(prefix, sizeof(prefix), "forkbench-");
	d = opendir(path);
	while (d && (e = readdir(d)))
		n += !strncmp(e->d_name, prefix, strlen(prefix));
	if (d)
		closedir(d);
	return n;
}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * CPU time over an interval: all CPUs' busy time from /proc/stat, and this
 * process's own with its reaped children. What other tasks took in
 * between is what makes a run on a shared machine slower than the machine
 * is: compare names such runs.
 */
#ifndef FORKBENCH_CPU_TIME_H
#define FORKBENCH_CPU_TIME_H

#include <stdbool.h>

struct fb_cpu_time {
	bool ok;
	double wall_s;	/* CLOCK_MONOTONIC */
	double busy_s;	/* every CPU's user, nice, system, irq and softirq time */
	double steal_s; /* time the hypervisor gave to other guests */
	double own_s;	/* this process's and its reaped children's user and system time */
	int cpus;	/* online */
};

/* Reads the counters now. Returns 0, or -1 (t->ok false) when /proc/stat is unreadable. */
int fb_cpu_time_read(struct fb_cpu_time *t);

/*
 * Between two readings: the share of all CPUs' time that other tasks were
 * busy, and the share stolen by the hypervisor. Returns -1 when the
 * interval is empty or a reading failed.
 */
int fb_cpu_time_others(const struct fb_cpu_time *a, const struct fb_cpu_time *b, double *others,
		       double *steal);

#endif

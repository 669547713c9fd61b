// SPDX-License-Identifier: MIT
#include "cpu_time.h"

#include <math.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int fb_cpu_time_read(struct fb_cpu_time *t)
{
	unsigned long long user, nice, sys, idle, iowait, irq, softirq, steal;
	double tick = (double)sysconf(_SC_CLK_TCK);
	struct rusage self, children;
	struct timespec now;
	FILE *f = fopen("/proc/stat", "r");
	int n = f ? fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &sys,
			   &idle, &iowait, &irq, &softirq, &steal)
		  : 0;

	if (f)
		fclose(f);
	t->ok = n == 8 && tick > 0;
	if (!t->ok)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	t->wall_s = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
	t->busy_s = (double)(user + nice + sys + irq + softirq) / tick;
	t->steal_s = (double)steal / tick;
	t->own_s = seconds(self.ru_utime) + seconds(self.ru_stime) + seconds(children.ru_utime) +
		   seconds(children.ru_stime);
	t->cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	return 0;
}

int fb_cpu_time_others(const struct fb_cpu_time *a, const struct fb_cpu_time *b, double *others,
		       double *steal)
{
	double capacity = (b->wall_s - a->wall_s) * (b->cpus > 0 ? b->cpus : 1), busy;

	if (!a->ok || !b->ok || capacity <= 0)
		return -1;
	/*
	 * The kernel's ticks and getrusage round differently, and over a run
	 * of a few ticks /proc/stat's busy time outruns the wall clock's
	 * capacity: a share is of all the CPUs' time, never below none of it
	 * nor above all of it (results files are refused with others_share
	 * 1.18, which a 5 ms run measured).
	 */
	busy = (b->busy_s - a->busy_s) - (b->own_s - a->own_s);
	*others = fmin(fmax(busy / capacity, 0), 1);
	*steal = fmin(fmax((b->steal_s - a->steal_s) / capacity, 0), 1);
	return 0;
}

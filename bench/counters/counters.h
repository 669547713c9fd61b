/* SPDX-License-Identifier: MIT */
/*
 * Counters around a creation, in two halves so the lean worker stays lean:
 *
 * - encode (counters_encode.c, controller side): libpfm4 turns names into
 *   perf_event_attr encodings and a probe classifies each event as counted,
 *   unsupported here, denied by perf_event_paranoid, or unknown.
 * - open/read/close (counters_perf.c): plain perf_event_open() and read(),
 *   no heap and no libpfm, so the static worker can count around each
 *   sample without a heap that fork would copy.
 *
 * struct fb_counter_set is plain data: the controller can encode it and
 * pass it to the worker in its configuration, and the worker opens it.
 * A value that was not counted is FB_COUNT_NONE, never 0.
 */
#ifndef FORKBENCH_COUNTERS_H
#define FORKBENCH_COUNTERS_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FB_CTR_MAX     16
#define FB_CTR_NAMELEN 64

/* A count that was not taken (unsupported, denied, not opened). */
#define FB_COUNT_NONE INT64_MIN

/* The default set; the hardware half is dropped (said once) where there is no PMU. */
#define FB_COUNTERS_DEFAULT                                                                        \
	"page-faults,minor-faults,context-switches,cpu-migrations,task-clock,cycles,instructions," \
	"dTLB-load-misses"

enum fb_ctr_state {
	FB_CTR_OK,	    /* encoded, and the kernel accepts it */
	FB_CTR_UNSUPPORTED, /* the kernel has no such event here (no PMU in a VM, ...) */
	FB_CTR_DENIED,	    /* perf_event_paranoid (or a missing capability) forbids it */
	FB_CTR_FAILED,	    /* perf_event_open failed for another reason; see err_no */
};

struct fb_counter {
	char name[FB_CTR_NAMELEN]; /* as the user spelled it */
	struct perf_event_attr attr;
	int32_t state;	/* enum fb_ctr_state */
	int32_t err_no; /* perf_event_open's errno when state != FB_CTR_OK */
};

struct fb_counter_set {
	int32_t n;
	int32_t inherit; /* children created after open add their counts when they exit */
	struct fb_counter c[FB_CTR_MAX];
	/* per process, set by fb_counters_open */
	int fd[FB_CTR_MAX]; /* -1 where not open */
	int leader;	    /* reserved for a group read (-1: each event is read alone) */
};

/* ---- encode: controller side (libpfm4, may allocate) ---- */

/*
 * Encodes a comma-separated list of event names (NULL or "default": the
 * default set) with libpfm4, kernel mode included, and probes each one.
 * An unknown name or a list too long is an error (-1, reason in err); an
 * event the kernel cannot count here is not: it is kept with its state.
 */
int fb_counters_encode(struct fb_counter_set *set, const char *list, bool inherit, char *err,
		       size_t errlen);

/* Adds an already encoded event (tests, or events libpfm4 does not name). */
int fb_counters_add_attr(struct fb_counter_set *set, const char *name,
			 const struct perf_event_attr *attr);

/*
 * One line for the user about events that will not be counted, naming the
 * sysctl and value that would allow denied ones; "" when all are counted.
 */
void fb_counters_describe(const struct fb_counter_set *set, char *buf, size_t len);

/* encode + open in one call, for a process that both encodes and counts (tests, tools). */
int fb_counters_open_names(struct fb_counter_set *set, const char *list, bool inherit, char *err,
			   size_t errlen);

/* ---- open/read/close: any process, no heap, async-signal-safe reads ---- */

/*
 * Opens the set on the calling process (all CPUs), enabled at once.
 * Events that fail get their state set (so a later read gives
 * FB_COUNT_NONE for them). Returns how many events are counting.
 */
int fb_counters_open(struct fb_counter_set *set);

/* Reads every event of the set into values[i] (FB_COUNT_NONE where not counted). 0 or -1. */
int fb_counters_read(const struct fb_counter_set *set, int64_t values[FB_CTR_MAX]);

/* after - before, per event, FB_COUNT_NONE where either is. */
void fb_counters_delta(const struct fb_counter_set *set, const int64_t before[FB_CTR_MAX],
		       const int64_t after[FB_CTR_MAX], int64_t delta[FB_CTR_MAX]);

void fb_counters_close(struct fb_counter_set *set);

const char *fb_counter_state_name(int state);

/* The current kernel.perf_event_paranoid, or INT32_MIN when unreadable. */
int fb_perf_paranoid(void);

#endif

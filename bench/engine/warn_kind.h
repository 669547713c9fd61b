/* SPDX-License-Identifier: MIT */
/*
 * What a warning is about. Each entry keeps its own warnings in full (the
 * results JSON has every one); the table groups them by kind, one line a
 * kind with the entries it hits and the advice once, so that 80 entries
 * with far outliers read as one line, not 80. Every warning of a kind
 * carries the same advice (the table says it once).
 */
#ifndef FORKBENCH_WARN_KIND_H
#define FORKBENCH_WARN_KIND_H

enum fb_warn_kind {
	FB_WARN_OUTLIERS,
	FB_WARN_PRECISION,
	FB_WARN_NO_CI,
	FB_WARN_FEW_SAMPLES,
	FB_WARN_INCOMPLETE,
	FB_WARN_CHILD_CPU_NA,
	FB_WARN_COW_NA,
	FB_WARN_IMAGE_RSS,
	FB_WARN_THP_NOT_GIVEN,
	FB_WARN_THP_UNASKED,
	FB_WARN_TRACE,
	FB_NWARN_KINDS,
};

/* The kind's headline, as the grouped line begins: "far outliers in 3 of 90 entries". */
static inline const char *fb_warn_kind_name(int kind)
{
	static const char *const names[FB_NWARN_KINDS] = {
		[FB_WARN_OUTLIERS] = "far outliers",
		[FB_WARN_PRECISION] = "median CI wider than --precision",
		[FB_WARN_NO_CI] = "a point with too few samples for a median CI",
		[FB_WARN_FEW_SAMPLES] = "fewer than 10 samples",
		[FB_WARN_INCOMPLETE] = "incomplete",
		[FB_WARN_CHILD_CPU_NA] = "--child-cpu does not apply",
		[FB_WARN_COW_NA] = "--cow does not apply",
		[FB_WARN_IMAGE_RSS] = "resident memory not as asked",
		[FB_WARN_THP_NOT_GIVEN] = "--thp on, but few huge pages",
		[FB_WARN_THP_UNASKED] = "--thp off, but huge pages",
		[FB_WARN_TRACE] = "samples without their trace event",
	};

	return kind >= 0 && kind < FB_NWARN_KINDS ? names[kind] : "other";
}

#endif

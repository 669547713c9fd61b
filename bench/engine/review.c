// SPDX-License-Identifier: MIT
/*
 * Warnings that tell the user what to do: outliers, a precision not
 * reached, an image that is not what was asked for. Derived once sampling
 * is over, from the summaries and the image as measured.
 */
#include "engine.h"
#include "entry.h"

#include "core/size_parse.h"
#include "methods/method.h"

#include <math.h>
#include <stdio.h>

static void review_outliers(const struct fb_run *run, struct fb_entry *e)
{
	const struct fb_summary *s = &e->point[FB_PT_ROUNDTRIP];

	if (!e->has_point[FB_PT_ROUNDTRIP] || s->outliers == 0)
		return;
	if (s->outlier_fraction < 0.01 && s->max < 10 * s->p50)
		return;
	fb_entry_warn(
		e, FB_WARN_OUTLIERS,
		run->opts.cpu >= 0
			? "another task ran; keep other work off that CPU (isolcpus, or a quiet machine) and read the median, not the mean"
			: "another task ran; pin with --cpu and read the median, not the mean",
		"far outliers: %zu of %zu round trips (%.1f%%), max %.0f us vs median %.0f us",
		s->outliers, s->n, 100.0 * s->outlier_fraction, s->max / 1e3, s->p50 / 1e3);
}

static void review_precision(const struct fb_run *run, struct fb_entry *e)
{
	const struct fb_summary *s = &e->point[FB_PT_ROUNDTRIP];

	if (run->opts.sampling != FB_SAMPLE_ADAPTIVE || e->precision_met ||
	    e->state != FB_ENTRY_DONE)
		return;
	/* a round trip within --precision missed it for a point too thin for a CI: said below */
	if (!e->has_point[FB_PT_ROUNDTRIP] || fb_relative_ci(s) <= run->opts.precision)
		return;
	fb_entry_warn(e, FB_WARN_PRECISION, "raise --max-time for a tighter figure",
		      "median CI +-%.1f%% after %zu samples in %.1f s (asked +-%.1f%%)",
		      100.0 * fb_relative_ci(s), s->n, e->elapsed_s, 100.0 * run->opts.precision);
}

/*
 * A point carried by fewer samples than a 95% CI of its median needs: its
 * median is a guess (the JSON's ci95 is null). In a short entry, such as
 * fork of 1 GiB in the default suite, the probes' one sample in 8 leaves
 * child_start one or two.
 */
static void review_point_ci(struct fb_entry *e)
{
	char names[128] = "", probes[48] = "";
	size_t len = 0;

	if (e->state == FB_ENTRY_FAILED)
		return;
	for (int p = 0; p < FB_NPOINTS; p++) {
		const struct fb_summary *s = &e->point[p];

		if (!e->has_point[p] || s->n >= FB_MEDIAN_CI_MIN_N)
			continue;
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s %zu",
					len ? ", " : "", fb_point_name(p), s->n);
		if (len >= sizeof(names))
			len = sizeof(names) - 1;
	}
	if (!len)
		return;
	if (e->kinds & FB_KIND_BIT(FB_KIND_PROBE))
		snprintf(probes, sizeof(probes), "; a probe is 1 sample in %u",
			 (unsigned)e->probe_every);
	fb_entry_warn(
		e, FB_WARN_NO_CI,
		"raise --max-time; for child_start and cow, --probe-every 2 gives them half the samples",
		"too few samples for a 95%% CI of the median (%d): %s%s", FB_MEDIAN_CI_MIN_N, names,
		probes);
}

static void review_image(const struct fb_run *run, struct fb_entry *e)
{
	const struct fb_image_run *w = &run->images[e->image];
	const struct fb_image_facts *b = &w->built.baseline, *m = &w->built.measured;
	uint64_t want = w->cfg.rss_bytes;
	int64_t got;
	char ws[32];

	if (!want || !w->built.answered || !w->built.ok)
		return;
	fb_format_size(want, ws, sizeof(ws));
	got = w->cfg.hugetlb_bytes ? m->hugetlb : m->rss - b->rss;
	/*
	 * The worker's own pages grow a little after its baseline is read (its
	 * reads of /proc, its stack): about 72 KiB here, a lot for 1M. Allow
	 * 5%, and never less than 256 KiB.
	 */
	if (w->cfg.touch == FB_TOUCH_WRITE &&
	    fabs((double)got - (double)want) > fmax(0.05 * (double)want, 256.0 * 1024))
		fb_entry_warn(
			e, FB_WARN_IMAGE_RSS,
			"memory pressure or a cgroup limit? ('forkbench check' shows memory and swap)",
			"asked for %s of resident memory but the image grew by %.1f MiB", ws,
			(double)got / 1048576.0);
	if (w->cfg.thp == FB_THP_ON && w->cfg.touch == FB_TOUCH_WRITE && want >= (4ULL << 20) &&
	    m->anon_huge < (int64_t)want / 2)
		fb_entry_warn(e, FB_WARN_THP_NOT_GIVEN,
			      "check /sys/kernel/mm/transparent_hugepage/enabled and defrag",
			      "--thp on, but only %.1f MiB of %s is in huge pages",
			      (double)m->anon_huge / 1048576.0, ws);
	if (w->cfg.thp == FB_THP_OFF && m->anon_huge > b->anon_huge)
		fb_entry_warn(e, FB_WARN_THP_UNASKED, NULL,
			      "--thp off, but %.1f MiB are in huge pages",
			      (double)(m->anon_huge - b->anon_huge) / 1048576.0);
}

void fb_run_review(struct fb_run *run)
{
	for (int i = 0; i < run->nentries; i++) {
		struct fb_entry *e = &run->entries[i];
		const struct fb_method *m = fb_methods[e->method];

		if (e->state == FB_ENTRY_SKIPPED)
			continue;
		/* such an entry is named and described without the option (method.h) */
		if (run->opts.child_cpu >= 0 && !m->cow)
			fb_entry_warn(
				e, FB_WARN_CHILD_CPU_NA,
				"its child runs none of our code before it exits or exec()s, so it stays where the scheduler put it; its entries are named without --child-cpu",
				"--child-cpu does not apply to %s", m->name);
		if (run->opts.cow_fraction > 0 && !m->cow)
			fb_entry_warn(
				e, FB_WARN_COW_NA,
				"its child shares the parent's memory or exec()s; its entries are named without --cow",
				"--cow does not apply to %s", m->name);
		if (e->n > 0 && e->n < 10)
			fb_entry_warn(e, FB_WARN_FEW_SAMPLES, "treat the percentiles as rough",
				      "only %zu samples", e->n);
		if (e->state == FB_ENTRY_ACTIVE)
			fb_entry_warn(e, FB_WARN_INCOMPLETE, NULL,
				      "incomplete: the run stopped before this entry finished");
		review_outliers(run, e);
		review_precision(run, e);
		review_point_ci(e);
		review_image(run, e);
	}
}

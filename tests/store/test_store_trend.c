// SPDX-License-Identifier: MIT
/*
 * store trend's statistics on medians worked out by hand: a group of one
 * run keeps that run's own CI; a group of several is the median of their
 * medians with Student's t interval over their logs; groups come in the
 * order of their first run.
 */
#include "store/store_trend.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static struct fb_store_median med(const char *id, const char *started, const char *kernel,
				  double median, double lo, double hi)
{
	struct fb_store_median m;

	memset(&m, 0, sizeof(m));
	snprintf(m.run_id, sizeof(m.run_id), "%s", id);
	snprintf(m.started, sizeof(m.started), "%s", started);
	snprintf(m.kernel, sizeof(m.kernel), "%s", kernel);
	snprintf(m.label, sizeof(m.label), "lab");
	snprintf(m.clock, sizeof(m.clock), "wall");
	m.n = 40;
	m.median = median;
	m.ci_lo = lo;
	m.ci_hi = hi;
	return m;
}

static int close_to(double a, double b)
{
	return fabs(a - b) <= 1e-6 * fabs(b);
}

int main(void)
{
	/* oldest first, as fb_store_medians gives them; kernels interleaved */
	struct fb_store_median m[] = {
		med("r1", "2026-01-01T00:00:00Z", "6.1", 100, 95, 104),
		med("r2", "2026-01-02T00:00:00Z", "6.12", 200, 190, 210),
		med("r3", "2026-01-02T01:00:00Z", "6.1", 110, 105, 115),
		med("r4", "2026-01-03T00:00:00Z", "6.1", 121, 118, 125),
	};
	struct fb_trend_row *rows;
	size_t n;
	/* by hand: logs of 100, 110, 121 step by log 1.1; mean log 110; SD log 1.1 */
	double sd = log(1.1), half = 4.302652729911275 * sd / sqrt(3.0);

	fb_trend_rows(m, 4, FB_BY_RUN, &rows, &n);
	CHECK(n == 4, "by run: a row a run (%zu)", n);
	CHECK(rows[1].runs == 1 && rows[1].median == 200 && rows[1].ci_lo == 190 &&
		      rows[1].ci_hi == 210 && isnan(rows[1].spread),
	      "a row of one run keeps its median and that median's own CI");
	free(rows);

	fb_trend_rows(m, 4, FB_BY_KERNEL, &rows, &n);
	CHECK(n == 2 && !strcmp(rows[0].group, "6.1") && !strcmp(rows[1].group, "6.12"),
	      "by kernel: two groups, in the order of their first run");
	CHECK(rows[0].runs == 3 && rows[0].samples == 120, "6.1 holds three runs, 120 samples");
	CHECK(rows[0].median == 110, "the median of the run medians (%g)", rows[0].median);
	CHECK(close_to(rows[0].gmean, 110), "their geometric mean (%g)", rows[0].gmean);
	CHECK(close_to(rows[0].spread, sd), "the spread is the SD of the log medians (%g)",
	      rows[0].spread);
	CHECK(close_to(rows[0].ci_lo, 110 * exp(-half)) && close_to(rows[0].ci_hi, 110 * exp(half)),
	      "the CI is t(0.975, 2) over the logs: %g-%g", rows[0].ci_lo, rows[0].ci_hi);
	CHECK(!strcmp(rows[0].first, "2026-01-01T00:00:00Z"), "a group's date is its first run's");
	free(rows);

	fb_trend_rows(m, 4, FB_BY_DATE, &rows, &n);
	CHECK(n == 3 && !strcmp(rows[1].group, "2026-01-02") && rows[1].runs == 2 &&
		      !strcmp(rows[1].kernels, "(several)"),
	      "by date: the day of each start; a day of two kernels says '(several)'");
	free(rows);

	CHECK(fb_trend_by_from_name("label") == FB_BY_LABEL && fb_trend_by_from_name("host") < 0,
	      "--by names");
	return tap_done();
}

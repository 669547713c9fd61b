// SPDX-License-Identifier: MIT
/* Order statistics on data whose answers are known. */
#include "stats/stats.h"
#include "tap.h"

#include <math.h>

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9 * (fabs(b) + 1);
}

int main(void)
{
	double v[101], w[1000];
	struct fb_summary s;

	for (int i = 0; i < 101; i++)
		v[i] = 100 - i; /* 0..100, reversed: fb_summarize must sort */
	fb_summarize(v, 101, &s);
	tap_check(s.n == 101 && near(s.min, 0) && near(s.max, 100), "min and max of 0..100");
	tap_check(near(s.p50, 50) && near(s.p10, 10) && near(s.p90, 90) && near(s.p99, 99),
		  "percentiles of 0..100 are the values (p50 %g p90 %g p99 %g)", s.p50, s.p90,
		  s.p99);
	tap_check(near(s.mean, 50), "mean 50 (%g)", s.mean);
	tap_check(near(s.mad, 25), "MAD of 0..100 is 25 (%g)", s.mad);
	tap_check(s.ci_lo < 50 && s.ci_hi > 50 && s.ci_lo >= 38 && s.ci_hi <= 62,
		  "median CI [%g, %g] brackets 50, about +-1.96*sqrt(101)/2 ranks", s.ci_lo,
		  s.ci_hi);
	tap_check(s.outliers == 0, "no outliers in a uniform ramp");

	for (int i = 0; i < 1000; i++)
		w[i] = 1000 + (i % 10);
	w[0] = 1e6; /* one far outlier */
	fb_summarize(w, 1000, &s);
	tap_check(s.outliers == 1, "one planted outlier is counted (%zu)", s.outliers);
	tap_check(fb_relative_ci(&s) < 0.01, "CI of a tight sample is under 1%% (%g)",
		  fb_relative_ci(&s));

	fb_summarize(w, 0, &s);
	tap_check(s.n == 0, "an empty sample summarises to n=0");
	w[0] = 7;
	fb_summarize(w, 1, &s);
	tap_check(near(s.p50, 7) && isnan(s.ci_lo) && isnan(s.ci_hi) && s.stddev == 0,
		  "a single sample is its own median, with no CI");
	tap_check(isinf(fb_relative_ci(&s)), "and no relative CI either");
	for (int i = 0; i < 6; i++)
		w[i] = 10 + i;
	fb_summarize(w, 5, &s);
	tap_check(isnan(s.ci_lo), "5 samples give no 95%% CI: [min, max] covers the median 94%%");
	fb_summarize(w, 6, &s);
	tap_check(near(s.ci_lo, 10) && near(s.ci_hi, 15),
		  "6 give [min, max], which covers it 97%% (%g-%g)", s.ci_lo, s.ci_hi);
	w[0] = 100, w[1] = 200, w[2] = 400;
	tap_check(near(fb_log_spread(w, 3), log(2)), "runs of 100, 200, 400: spread ln 2");
	tap_check(isnan(fb_log_spread(w, 1)), "one run: no spread");
	w[1] = 0;
	tap_check(isnan(fb_log_spread(w, 3)), "a median of 0 has no log: no spread");
	return tap_done();
}

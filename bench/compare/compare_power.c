// SPDX-License-Identifier: MIT
/*
 * What a comparison could have seen: the power of the test at a true
 * change, the MDE, and the runs a side an MDE within the threshold needs.
 */
#include "compare/compare_power.h"
#include "compare/student_t.h"

#include <math.h>

/*
 * The power to flag a true change delta (log scale) with standard error
 * se from df degrees of freedom: P(estimate > max(c * se_hat, cut)), the
 * estimate normal about delta with SD se, and se_hat = se sqrt(V / df),
 * V chi-squared with df degrees of freedom, averaged over V (Simpson's rule
 * on its density). The shortcut t(1 - alpha/2) + t(0.95) misses this by
 * about 2 points of power at three runs a side.
 */
static double power_at(double delta, double se, double df, double c, double cut)
{
	const int steps = 96; /* even, for Simpson: the power to about 1e-4 */
	double top, h, sum = 0, lg;

	if (!isfinite(df))
		return 0.5 * erfc(-(delta - fmax(c * se, cut)) / se / sqrt(2));
	top = df + 12 * sqrt(2 * df) + 20;
	h = top / steps;
	lg = lgamma(df / 2) + df / 2 * log(2);
	for (int i = 0; i <= steps; i++) {
		double v = i * h, dens, bar, w = i == 0 || i == steps ? 1 : i % 2 ? 4 : 2;

		if (v <= 0) {
			if (df > 2)
				continue; /* the density is 0 there */
			v = h / 1e3;
		}
		dens = exp((df / 2 - 1) * log(v) - v / 2 - lg);
		bar = fmax(c * se * sqrt(v / df), cut);
		sum += w * dens * 0.5 * erfc(-(delta - bar) / se / sqrt(2));
	}
	return sum * h / 3;
}

/*
 * The MDE: the smallest true slowdown that is flagged with 95% power. A
 * change is flagged when its estimate clears both the test (t of the level
 * Holm may ask for at worst, alpha / tests, two-sided) and the cut.
 */
double fb_cmp_mde_at(const struct fb_cmp_opts *o, double var, size_t ka, size_t kb, double cut)
{
	double m = o->tests > 1 ? (double)o->tests : 1, se, df, c, lo = 0, hi;

	if (!(var >= 0) || !ka || !kb)
		return NAN;
	if (ka + kb > 2) {
		se = sqrt(var / (double)ka + var / (double)kb);
		df = (double)(ka + kb - 2);
	} else {
		se = sqrt(2 * var);
		df = INFINITY;
	}
	if (!(se > 0))
		return expm1(log1p(cut));
	c = fb_t_quantile_or_normal(1 - o->alpha / (2 * m), df);
	hi = fmax(c * se * 50, log1p(cut) + 50 * se);
	if (power_at(hi, se, df, c, log1p(cut)) < 0.95)
		return INFINITY;
	for (int i = 0; i < 40; i++) {
		double mid = (lo + hi) / 2;

		if (power_at(mid, se, df, c, log1p(cut)) >= 0.95)
			hi = mid;
		else
			lo = mid;
	}
	return expm1(hi);
}

/*
 * Runs a side that bring the MDE within the threshold at this variance; 0
 * past a thousand. The MDE only falls as runs are added: bisection.
 */
size_t fb_cmp_runs_for(const struct fb_cmp_opts *o, double var, size_t have)
{
	size_t lo = have > FB_CMP_MIN_RUNS ? have : FB_CMP_MIN_RUNS, hi = 1000;

	if (!(fb_cmp_mde(o, var, hi, hi) <= o->threshold))
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fb_cmp_mde(o, var, mid, mid) <= o->threshold)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

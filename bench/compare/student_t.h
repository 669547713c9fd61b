/* SPDX-License-Identifier: MIT */
/*
 * Student's t distribution with real degrees of freedom (Welch's test
 * gives fractional ones): what compare needs to turn a handful of runs per
 * side into an interval. libm has no incomplete beta function and GSL is
 * GPL, so the regularized incomplete beta is computed here by its
 * continued fraction (Lentz's method), accurate to about 1e-12.
 */
#ifndef FORKBENCH_STUDENT_T_H
#define FORKBENCH_STUDENT_T_H

/* P(T <= t) for T ~ Student's t with df > 0 degrees of freedom. */
double fb_t_cdf(double t, double df);

/* The t with P(T <= t) = p, for 0 < p < 1 and df > 0. */
double fb_t_quantile(double p, double df);

/* The same, or the normal's where df is infinite (one run a side). */
double fb_t_quantile_or_normal(double p, double df);

#endif

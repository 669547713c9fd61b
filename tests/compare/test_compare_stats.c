// SPDX-License-Identifier: MIT
/*
 * Proves compare's error rates where the truth is known: synthetic runs
 * drawn from the hierarchy real runs have. Each run of an entry gets a
 * run effect (the placement, the page cache, the host's other tenants: a
 * normal on the log scale with SD `between`), now and then a slow run (a
 * QEMU boot that ran 1.4-1.9x slower, seen in about one boot in five
 * here), and the noise of its own median (SD `within`). With the decision
 * compare makes (Welch's t over runs, one outlier run a side left out,
 * Holm, the cut at 0.6 of the threshold), over many seeds:
 *   - A/A comparisons flag at most 1% of the time, on a quiet host, under
 *     TCG with slow boots, in instruction time, and with one run a side;
 *   - a planted slowdown of the threshold is caught at least 95% of the
 *     time where the runs' spread is a fifth of the threshold or less,
 *     also with a slow boot forced into side A;
 *   - the 95% CI covers the true ratio about 95% of the time.
 * Also checks Student's t against its table, Holm, and that a shift in the
 * placement mix does not move the weighted figure. Prints TAP; the power
 * at other spreads and run counts is printed for information.
 */
#include "compare/compare_policy.h"
#include "compare/compare_stats.h"
#include "compare/student_t.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, tests;

/* A TAP line; a macro so that the format stays a checked literal. */
#define ok(cond, ...)                                                                              \
	do {                                                                                       \
		int c_ = (cond);                                                                   \
		printf("%s %d - ", c_ ? "ok" : "not ok", ++tests);                                 \
		printf(__VA_ARGS__);                                                               \
		putchar('\n');                                                                     \
		failures += !c_;                                                                   \
	} while (0)

static uint64_t rng_state;

static double uniform(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return ((double)((z ^ (z >> 31)) >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

struct scenario {
	const char *name;
	size_t k;	    /* runs a side */
	double between;	    /* SD of the run effect, log scale */
	double within;	    /* SD of a run's median about its run's truth */
	double slow_chance; /* of a slow run (x1.4-1.9) */
	double threshold;
	bool force_slow_a; /* the first run of A is slow, always */
};

#define MAX_RUNS 16

static void draw_side(struct fb_run_value *v, const struct scenario *sc, double shift,
		      bool force_slow)
{
	for (size_t i = 0; i < sc->k; i++) {
		double ln = log(100000) + shift + sc->between * gauss();

		if ((force_slow && i == 0) || uniform() < sc->slow_chance)
			ln += log(1.4 + 0.5 * uniform());
		memset(&v[i], 0, sizeof(v[i]));
		v[i].n = 500;
		v[i].ln = ln + sc->within * gauss();
		v[i].var_ln = sc->within * sc->within;
		v[i].value = v[i].median = exp(v[i].ln);
	}
}

static struct fb_cmp_opts opts_for(const struct scenario *sc)
{
	struct fb_cmp_opts o = {.threshold = sc->threshold,
				.alpha = FB_CMP_ALPHA,
				.allowance = FB_CMP_ALLOWANCE_WALL,
				.outlier_z = FB_CMP_OUTLIER_Z};

	if (sc->threshold < FB_CMP_THRESHOLD_WALL)
		o.allowance = FB_CMP_ALLOWANCE_ICOUNT;
	return o;
}

/* One comparison of one entry: the verdict, and whether the CI holds the truth. */
static enum fb_verdict one(const struct scenario *sc, double slowdown, uint64_t seed, bool *covered,
			   bool *outlier_named)
{
	struct fb_run_value a[MAX_RUNS], b[MAX_RUNS];
	struct fb_cmp_opts o = opts_for(sc);
	struct fb_cmp_result r;

	rng_state = seed;
	draw_side(a, sc, 0, sc->force_slow_a);
	draw_side(b, sc, log(slowdown), false);
	fb_cmp_runs(a, sc->k, b, sc->k, &o, &r);
	fb_cmp_decide(&r, &o); /* one entry: Holm leaves p alone */
	if (covered)
		*covered = r.ci_lo <= slowdown && slowdown <= r.ci_hi;
	if (outlier_named)
		*outlier_named = a[0].excluded;
	return r.verdict;
}

/* The share of seeds flagged (any verdict but no change) and caught (slower). */
static void rates(const struct scenario *sc, double slowdown, unsigned seeds, double *flagged,
		  double *caught, double *coverage, double *named)
{
	unsigned f = 0, c = 0, cov = 0, nm = 0;

	for (unsigned s = 0; s < seeds; s++) {
		bool covered, outlier;
		enum fb_verdict v = one(sc, slowdown, 7919ULL * s + 13, &covered, &outlier);

		f += v == FB_SLOWER;
		c += v == FB_SLOWER;
		cov += covered;
		nm += outlier;
	}
	*flagged = (double)f / seeds;
	*caught = (double)c / seeds;
	if (coverage)
		*coverage = (double)cov / seeds;
	if (named)
		*named = (double)nm / seeds;
}

static void test_student_t(void)
{
	/* two-sided 95% points from the table */
	static const double df[] = {1, 2, 4, 10, 30},
			    t975[] = {12.7062, 4.3027, 2.7764, 2.2281, 2.0423};
	bool good = true;

	for (size_t i = 0; i < 5; i++)
		good &= fabs(fb_t_quantile(0.975, df[i]) - t975[i]) < 1e-4;
	ok(good, "t quantiles match the table (df 1: %.4f, df 10: %.4f)", fb_t_quantile(0.975, 1),
	   fb_t_quantile(0.975, 10));
	ok(fabs(fb_t_cdf(2, 1) - 0.852416) < 1e-6 && fabs(fb_t_cdf(-1.5, 7) - 0.088649) < 1e-6,
	   "t cdf: P(T1 <= 2) = %.6f, P(T7 <= -1.5) = %.6f", fb_t_cdf(2, 1), fb_t_cdf(-1.5, 7));
	ok(fabs(fb_t_quantile(0.975, 1e6) - 1.959964) < 1e-4, "t tends to the normal: %.5f",
	   fb_t_quantile(0.975, 1e6));
}

static void test_holm(void)
{
	const double p[] = {0.01, 0.04, 0.03}, want[] = {0.03, 0.06, 0.06};
	double adj[3];

	fb_holm(p, adj, 3);
	ok(fabs(adj[0] - want[0]) + fabs(adj[1] - want[1]) + fabs(adj[2] - want[2]) < 1e-12,
	   "Holm 0.01,0.04,0.03 -> %g,%g,%g", adj[0], adj[1], adj[2]);
}

/*
 * A mix of placements moving from 30% to 70% same-CPU: the verdict is the
 * whole figures' (B's children really did cost less), and the weighted
 * figure beside it reads 1.000, the cost within each placement.
 */
static void test_placement_weights(void)
{
	struct fb_run_value a[3], b[3], wa[3], wb[3];
	struct fb_cmp_opts o = {.threshold = 0.05, .alpha = 0.05, .allowance = 0.4, .outlier_z = 5};
	struct fb_cmp_result r;
	double w[FB_NPLACES];

	for (int i = 0; i < 3; i++) {
		struct fb_run_value *v[2] = {&a[i], &b[i]};

		for (int s = 0; s < 2; s++) {
			memset(v[s], 0, sizeof(*v[s]));
			v[s]->place_n[FB_PLACE_SAME] = s ? 700 : 300;
			v[s]->place_n[FB_PLACE_OTHER] = s ? 300 : 700;
			v[s]->n = 1000;
			v[s]->place_median[FB_PLACE_SAME] = 165000 * (1 + 0.002 * i);
			v[s]->place_median[FB_PLACE_OTHER] = 240000 * (1 - 0.002 * i);
			v[s]->place_var[FB_PLACE_SAME] = v[s]->place_var[FB_PLACE_OTHER] = 1e6;
			/* the plain median follows the mix */
			v[s]->median = s ? 180000 : 220000;
			v[s]->value = v[s]->median;
			v[s]->ln = log(v[s]->median);
			v[s]->var_ln = 1e-4;
		}
	}
	fb_cmp_runs(a, 3, b, 3, &o, &r);
	fb_cmp_decide(&r, &o);
	ok(r.verdict == FB_FASTER,
	   "the whole figures decide: a mix shift to cheaper children is faster (%.3f)", r.ratio);
	ok(fb_run_values_weigh(a, 3, b, 3, wa, wb, w) && fabs(w[FB_PLACE_SAME] - 0.5) < 1e-9,
	   "weights from both sides' samples: same CPU %.2f", w[FB_PLACE_SAME]);
	fb_cmp_runs(wa, 3, wb, 3, &o, &r);
	ok(fabs(r.ratio - 1) < 1e-9, "weighted alike, the same mix shift reads %.6f", r.ratio);
	/* one side with 4% of a placement: no weighted figure is made from so few */
	for (int i = 0; i < 3; i++) {
		b[i].place_n[FB_PLACE_SAME] = 960;
		b[i].place_n[FB_PLACE_OTHER] = 40;
	}
	ok(!fb_run_values_weigh(a, 3, b, 3, wa, wb, w),
	   "no weighted figure where one side holds 4%% of a placement");
}

/* Runs of one side, all with the same log value plus a tiny step, each with its own noise. */
static void fill_runs(struct fb_run_value *v, size_t k, double value, double step, double within)
{
	for (size_t i = 0; i < k; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].n = 175;
		v[i].median = v[i].value = value + step * (double)i;
		v[i].ln = log(v[i].value);
		v[i].var_ln = within * within;
	}
}

/* The words: each says what was decided, and inconclusive says how many runs would decide it. */
static void test_words(void)
{
	struct fb_cmp_opts o = {.alpha = FB_CMP_ALPHA, .outlier_z = FB_CMP_OUTLIER_Z, .tests = 6};
	struct fb_run_value a[8], b[8];
	struct fb_cmp_result r;

	/*
	 * thread rss 0 in instruction time: boots agree to 8 ns, each run's
	 * median CI +-1%: instruction time's policy takes the boots' spread,
	 * floored at a stated 0.05%, not the within-run noise.
	 */
	fb_cmp_policy("icount", true, &o);
	fill_runs(a, 3, 36057, 4, 0.01);
	fill_runs(b, 3, 37071, 0.5, 0.01);
	fb_cmp_runs(a, 3, b, 3, &o, &r);
	r.p_adj = r.p * 6; /* Holm's worst case over six entries */
	fb_cmp_decide(&r, &o);
	ok(r.verdict == FB_SLOWER && r.floored,
	   "boots agreeing to 8 ns: +2.8%% is slower, not hidden by within-run noise "
	   "(p %.2g, MDE %.2f%%)",
	   r.p, 100 * r.mde);
	/* the same runs held to their within-run noise, as wall-clock runs are */
	o.floor = 0;
	fb_cmp_runs(a, 3, b, 3, &o, &r);
	r.p_adj = r.p * 6 < 1 ? r.p * 6 : 1;
	fb_cmp_decide(&r, &o);
	fb_cmp_runs_needed(&r, &o);
	ok(r.verdict == FB_INCONCLUSIVE && r.runs_needed > 3,
	   "held to within-run noise: inconclusive, %zu runs a side (MDE %.1f%%)", r.runs_needed,
	   100 * r.mde);
	/* runs_needed is the first k whose MDE is within the threshold */
	ok(fb_cmp_mde(&o, r.var, r.runs_needed, r.runs_needed) <= o.threshold &&
		   fb_cmp_mde(&o, r.var, r.runs_needed - 1, r.runs_needed - 1) > o.threshold,
	   "runs_needed %zu: MDE %.2f%% there, %.2f%% one run fewer", r.runs_needed,
	   100 * fb_cmp_mde(&o, r.var, r.runs_needed, r.runs_needed),
	   100 * fb_cmp_mde(&o, r.var, r.runs_needed - 1, r.runs_needed - 1));
	/* tight and unchanged: no change, since 1% would have been seen */
	fb_cmp_policy("icount", true, &o);
	fill_runs(b, 3, 36057, 4, 0.01);
	b[0].value = b[0].median = 36060;
	b[0].ln = log(36060);
	fb_cmp_runs(a, 3, b, 3, &o, &r);
	fb_cmp_decide(&r, &o);
	ok(r.verdict == FB_NO_CHANGE && r.mde <= o.threshold,
	   "tight and unchanged: no change (MDE %.3f%%)", 100 * r.mde);
	/* one run a side, a 12% change with p < 0.0001: nothing was decided */
	fb_cmp_policy("wall", false, &o);
	o.tests = 1;
	fill_runs(a, 1, 100000, 0, 0.004);
	fill_runs(b, 1, 87600, 0, 0.004);
	fb_cmp_runs(a, 1, b, 1, &o, &r);
	fb_cmp_decide(&r, &o);
	ok(r.verdict == FB_NOT_JUDGED && r.p < 0.0001,
	   "one run a side, ratio %.3f, p %.1g: not judged, never no change", r.ratio, r.p);
	/* three host runs spread 30%: a -32% reading cannot be told from noise */
	fill_runs(a, 3, 1000000, 0, 0.01);
	a[1].ln = log(1400000);
	a[2].ln = log(800000);
	fill_runs(b, 3, 680000, 0, 0.01);
	b[1].ln = log(900000);
	b[2].ln = log(600000);
	fb_cmp_runs(a, 3, b, 3, &o, &r);
	fb_cmp_decide(&r, &o);
	fb_cmp_runs_needed(&r, &o);
	ok(r.verdict == FB_INCONCLUSIVE && r.mde > 1,
	   "3+3 host runs, ratio %.3f (%.3f-%.3f), MDE %.0f%%: inconclusive (%zu runs a side)",
	   r.ratio, r.ci_lo, r.ci_hi, 100 * r.mde, r.runs_needed);
}

/* The outlier rule never leaves out a side's majority: 44.5, 30.4, 40.5 us are one side. */
static void test_outlier_majority(void)
{
	struct fb_cmp_opts o = {.threshold = 0.05,
				.alpha = FB_CMP_ALPHA,
				.allowance = FB_CMP_ALLOWANCE_WALL,
				.outlier_z = FB_CMP_OUTLIER_Z};
	struct fb_run_value a[3], b[3];
	const double x[] = {44500, 30400, 40500};
	struct fb_cmp_result r;

	fill_runs(a, 3, 40000, 0, 0.01);
	fill_runs(b, 3, 40000, 0, 0.01);
	for (int i = 0; i < 3; i++) {
		a[i].value = a[i].median = x[i];
		a[i].ln = log(x[i]);
	}
	fb_cmp_runs(a, 3, b, 3, &o, &r);
	fb_cmp_decide(&r, &o);
	ok(r.ka == 3 && r.split == 1 && r.verdict == FB_NOT_JUDGED,
	   "vfork runs of 44.5, 30.4 and 40.5 us: all %zu kept, the side's figure %.1f us, split, "
	   "not judged",
	   r.ka, r.median_a / 1000);
	/* one slow boot of three is still left out */
	a[1].value = a[1].median = 60000;
	a[1].ln = log(60000);
	a[0].ln = log(40100);
	a[2].ln = log(40000);
	fb_cmp_runs(a, 3, b, 3, &o, &r);
	ok(r.ka == 2 && a[1].excluded, "one boot at 1.5x of three: left out and named");
}

/*
 * Split sides are judged only where every run of one side lies beyond
 * every run of the other by more than the cut: A's runs split (100, 180,
 * 190 us); B three times slower whatever A's disturbed runs were reads
 * slower; B at 1.3x overlaps A's slow runs and stays not judged.
 */
static void test_split_apart(void)
{
	struct fb_cmp_opts o = {.threshold = 0.05,
				.alpha = FB_CMP_ALPHA,
				.allowance = FB_CMP_ALLOWANCE_WALL,
				.outlier_z = FB_CMP_OUTLIER_Z};
	const double x[] = {100000, 180000, 190000};
	struct fb_run_value a[3], b[3];
	struct fb_cmp_result r;

	for (int k = 0; k < 2; k++) {
		double f = k ? 1.3 : 3.0;

		fill_runs(a, 3, 100000, 0, 0.01);
		fill_runs(b, 3, 100000, 0, 0.01);
		for (int i = 0; i < 3; i++) {
			a[i].value = a[i].median = x[i];
			a[i].ln = log(x[i]);
			b[i].value = b[i].median = f * x[i];
			b[i].ln = log(f * x[i]);
		}
		fb_cmp_runs(a, 3, b, 3, &o, &r);
		r.p_adj = r.p;
		fb_cmp_decide(&r, &o);
		if (!k)
			ok(r.split && r.verdict == FB_SLOWER,
			   "split sides, every B run 1.58x beyond every A run: slower (ratio %.2f, p %.4f)",
			   r.ratio, r.p);
		else
			ok(r.split && r.verdict == FB_NOT_JUDGED,
			   "split sides that overlap (B 1.3x): not judged (ratio %.2f)", r.ratio);
	}
}

/* The MDE means what it says: a true change of the MDE is flagged 95% of the time. */
static void test_mde_power(unsigned seeds)
{
	const struct scenario sc = {"icount, 3 runs", 3, 0.003, 0.0002, 0, 0.01, false};
	struct fb_cmp_opts o = opts_for(&sc);
	double var = sc.between * sc.between + sc.within * sc.within, mde, fl, ca;

	mde = fb_cmp_mde(&o, var, 3, 3);
	rates(&sc, 1 + mde, seeds, &fl, &ca, NULL, NULL);
	ok(ca >= 0.93, "a true change of the MDE (%.2f%%, spread %.1f%%, 3 runs) caught in %.1f%%",
	   100 * mde, 100 * sc.between, 100 * ca);
}

int main(int argc, char **argv)
{
	unsigned seeds = argc > 1 ? (unsigned)atoi(argv[1]) : 4000;
	/* between-run SDs measured here: QEMU TCG boots 1-4%, icount boots 0.1-0.4% */
	const struct scenario quiet = {"quiet host, 3 runs", 3, 0.04, 0.005, 0.0, 0.05, false};
	const struct scenario tcg = {
		"TCG boots, 1 in 5 slow, 5 runs", 5, 0.03, 0.005, 0.2, 0.05, false};
	const struct scenario icount3 = {"icount boots, 3 runs", 3, 0.002, 0.0005, 0, 0.01, false};
	const struct scenario icount4 = {"icount boots, 4 runs", 4, 0.002, 0.0005, 0, 0.01, false};
	const struct scenario single = {"one run a side, host", 1, 0.12, 0.005, 0.0, 0.05, false};
	const struct scenario noisy3 = {
		"noisy host (spread 12%), 3 runs", 3, 0.12, 0.005, 0, 0.05, false};
	const struct scenario noisy5 = {
		"noisy host (spread 8%), 5 runs, 1 in 5 slow", 5, 0.08, 0.005, 0.2, 0.05, false};
	const struct scenario tight = {
		"spread 1% (a fifth of 5%), 5 runs", 5, 0.01, 0.003, 0.0, 0.05, false};
	const struct scenario slow_a = {
		"spread 1%, 5 runs, A's first run slow", 5, 0.01, 0.003, 0, 0.05, true};
	const struct scenario cover = {"spread 2%, 5 runs", 5, 0.02, 0.003, 0.0, 0.05, false};
	const struct scenario *aa[] = {&quiet, &tcg, &icount3, &single, &slow_a};
	const struct scenario *noisy[] = {&noisy3, &noisy5};
	double fl, ca, cov, named;

	printf("TAP version 13\n");
	test_student_t();
	test_holm();
	test_placement_weights();
	test_words();
	test_outlier_majority();
	test_split_apart();
	test_mde_power(seeds);

	for (size_t i = 0; i < sizeof(aa) / sizeof(aa[0]); i++) {
		rates(aa[i], 1.0, seeds, &fl, &ca, NULL, NULL);
		ok(fl <= 0.01, "A/A, %s (threshold %g%%): slower in %.2f%% (at most 1%%)",
		   aa[i]->name, aa[i]->threshold * 100, fl * 100);
	}
	/*
	 * Where runs scatter more widely than the threshold, a run far above
	 * its side's others is sometimes an ordinary one, and leaving it out
	 * costs about half a percent more false alarms (the t test alone
	 * keeps to 1%): measured, and held to 2%.
	 */
	for (size_t i = 0; i < sizeof(noisy) / sizeof(noisy[0]); i++) {
		rates(noisy[i], 1.0, seeds, &fl, &ca, NULL, NULL);
		ok(fl <= 0.02, "A/A, %s (threshold %g%%): slower in %.2f%% (at most 2%%)",
		   noisy[i]->name, noisy[i]->threshold * 100, fl * 100);
	}
	rates(&tight, 1.05, seeds, &fl, &ca, NULL, NULL);
	ok(ca >= 0.95, "5%% slowdown, %s: caught %.1f%% (at least 95%%)", tight.name, ca * 100);
	rates(&icount4, 1.01, seeds, &fl, &ca, NULL, NULL);
	ok(ca >= 0.95, "1%% slowdown, %s: caught %.1f%% (at least 95%%)", icount4.name, ca * 100);
	rates(&icount3, 1.03, seeds, &fl, &ca, NULL, NULL);
	ok(ca >= 0.99, "3%% slowdown, %s: caught %.1f%% (at least 99%%)", icount3.name, ca * 100);
	rates(&slow_a, 1.05, seeds, &fl, &ca, NULL, &named);
	ok(ca >= 0.95 && named >= 0.95,
	   "5%% slowdown, %s: caught %.1f%%, the slow run named %.1f%% (at least 95%% each)",
	   slow_a.name, ca * 100, named * 100);
	rates(&cover, 1.03, seeds, &fl, &ca, &cov, NULL);
	ok(cov >= 0.93 && cov <= 0.975, "95%% CI covers the true ratio in %.1f%% (%s)", cov * 100,
	   cover.name);

	/* For the reader: power against the runs a side and the spread between them. */
	printf("# power to catch a slowdown of the threshold (5%%), slow runs 1 in 5:\n");
	for (size_t k = 3; k <= 7; k++)
		for (double sd = 0.005; sd < 0.05; sd *= 2) {
			struct scenario s = {"", k, sd, 0.003, 0.2, 0.05, false};

			rates(&s, 1.05, seeds / 4, &fl, &ca, NULL, NULL);
			printf("#   %zu runs, spread %.1f%%: caught %.1f%%\n", k, sd * 100,
			       ca * 100);
		}
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}

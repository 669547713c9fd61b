#!/usr/bin/python3
"""Prints harness/lean-check.sh's table from the runs it kept, and exits 1
when a ratio is above its goal.

Usage: lean_table.py ROUNDS_TSV
  ROUNDS_TSV: one line per round of a method in a placement, tab-separated:
  method, placement, goal, the bare loop's output line (bl_report(): median,
  then count and median of the samples whose child ran on its parent's CPU,
  then of those on another CPU), and forkbench's JSON file.

Each round's figure is the round trip's median, or, where children ran on
both CPUs, the mean of the two placements' medians weighted alike in every
round of both sides, with the weights the shares of all their samples. This
is what forkbench compare does (bench/compare/run_values.h), and for the
same reason: left to the scheduler, a child runs on its parent's CPU or on
the other, the mix moves from run to run of the same binary, and a median
that falls between the two modes follows the mix, not the cost. The table
prints the plain medians' ratio and each side's share of same-CPU children
too, so that a mix forkbench itself shifted stays in sight.
"""
import json
import sys
from collections import defaultdict

SAME, OTHER = 0, 1
MIN_SAMPLES = 6  # fewer of a placement in a round, and that round lacks it (no CI of its median)
MIN_SHARE = 0.05  # a placement with a smaller share is left out of the weighting


def fail(why):
    """Bad input: one line and exit 2, apart from exit 1 (a ratio over its goal)."""
    print(f"lean_table: {why}", file=sys.stderr)
    sys.exit(2)


def upper_median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def median_ci(xs):
    """The distribution-free 95% CI of the median: the order statistics k
    and n-k+1 for the largest k with P(Binomial(n, 1/2) < k) <= 2.5%; None
    for fewer than 6 values, which have none."""
    xs = sorted(xs)
    n, k, p, c = len(xs), 0, 0.0, 1.0
    for i in range(n):
        p += c / 2**n
        if p > 0.025:
            break
        k = i + 1
        c = c * (n - i) / (i + 1)
    return (xs[k - 1], xs[n - k]) if k >= 1 else None


class Run:
    """One side's run in one round: its median and its placements'."""

    def __init__(self, med, counts, medians):
        self.median = med
        self.counts = counts  # [same, other]
        self.medians = medians

    @classmethod
    def of_loop(cls, line):
        try:
            f = [float(x) for x in line.split()]
        except ValueError:
            f = []
        if len(f) != 5:
            fail(f"a bare loop printed '{line}', not 5 numbers")
        return cls(f[0], [int(f[1]), int(f[3])], [f[2], f[4]])

    @classmethod
    def of_forkbench(cls, path):
        try:
            r = json.load(open(path))["results"][0]
        except (OSError, ValueError, KeyError, IndexError) as e:
            fail(f"{path}: no forkbench result to read ({e})")
        kinds, parent, child = r["kind_of_sample"], r["cpus"]["parent"], r["cpus"]["child"]
        plain = [i for i, k in enumerate(kinds) if k == 0]
        times = r["points"]["roundtrip"]["samples_ns"]
        if len(times) != len(plain):
            fail(f"{path}: {len(times)} round trips for {len(plain)} plain samples")
        placed = ([], [])
        for i, t in zip(plain, times):
            if child[i] >= 0 and parent[i] >= 0:
                placed[SAME if child[i] == parent[i] else OTHER].append(t)
        return cls(r["points"]["roundtrip"]["summary"]["p50"], [len(p) for p in placed],
                   [upper_median(p) if p else 0 for p in placed])


def weigh(runs):
    """The weights of (same, other) for every run of both sides, as compare
    weighs them: the shares of all samples, a placement under 5% left out;
    None (the plain median) for one placement; where some run lacks one,
    the placement every run has, alone."""
    count = [sum(r.counts[p] for r in runs) for p in (SAME, OTHER)]
    total = sum(count)
    if not total:
        return None, "median"
    w = [c / total if c / total >= MIN_SHARE else 0 for c in count]
    if sum(1 for x in w if x) < 2:
        return None, "median"
    every = [all(r.counts[p] >= MIN_SAMPLES for r in runs) for p in (SAME, OTHER)]
    if all(every):
        return [x / sum(w) for x in w], "weighted"
    if not any(every):
        return None, "median"
    p = SAME if every[SAME] else OTHER
    return [1.0 if q == p else 0.0 for q in (SAME, OTHER)], "same-CPU" if p == SAME else "other-CPU"


def figure(run, w):
    return run.median if w is None else sum(wi * m for wi, m in zip(w, run.medians))


def share(runs):
    n = sum(sum(r.counts) for r in runs)
    return sum(r.counts[SAME] for r in runs) / n if n else float("nan")


def main():
    if len(sys.argv) != 2:
        fail("usage: lean_table.py ROUNDS_TSV")
    rows = defaultdict(list)
    order = []
    for line in open(sys.argv[1]):
        try:
            method, place, goal, loop, fb = line.rstrip("\n").split("\t")
        except ValueError:
            fail(f"{sys.argv[1]}: a line without its 5 fields: {line.strip()}")
        key = (method, place)
        if key not in rows:
            order.append(key)
        rows[key].append((float(goal), Run.of_loop(loop), Run.of_forkbench(fb)))
    print(f"{'method':<12} {'placement':<9} {'loop us':>9} {'fb us':>9} {'ratio':>6} "
          f"{'95% CI':>12} {'figure':<9} {'same CPU':>9} {'median':>6} {'goal':>5}  verdict")
    over = unsure = 0
    for key in order:
        goal = rows[key][0][0]
        loops = [r[1] for r in rows[key]]
        fbs = [r[2] for r in rows[key]]
        w, how = weigh(loops + fbs)
        ratios = [figure(f, w) / figure(l, w) for l, f in zip(loops, fbs)]
        ratio = median(ratios)
        ci = median_ci(ratios)
        verdict = "ok"
        if ratio > goal:
            verdict, over = "OVER", 1
        if ci and ci[0] <= goal < ci[1]:
            verdict += ", unsure"
            unsure = 1
        plain = median([f.median / l.median for l, f in zip(loops, fbs)])
        print(f"{key[0]:<12} {key[1]:<9} {median([figure(l, w) for l in loops]) / 1e3:9.1f} "
              f"{median([figure(f, w) for f in fbs]) / 1e3:9.1f} {ratio:6.3f} "
              f"{'%.3f-%.3f' % ci if ci else '-':>12} {how:<9} "
              f"{share(loops):4.2f}/{share(fbs):4.2f} {plain:6.3f} {goal:5.2f}  {verdict}")
    if unsure:
        print("lean_table: a CI marked unsure spans its goal: more rounds (or a quieter machine) "
              "would decide it", file=sys.stderr)
    return over


if __name__ == "__main__":
    sys.exit(main())

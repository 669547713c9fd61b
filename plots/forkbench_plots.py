#!/usr/bin/python3
"""Draws forkbench's matplotlib figures from results JSON (and a compare JSON).

Run with Debian's /usr/bin/python3 (python3-matplotlib); headless (Agg).
Usually called by plots/draw.sh, which also runs compare and gnuplot.

  forkbench_plots.py --out DIR [--compare COMPARE.json] [--point P]
                     [--unit us|ms] RESULTS.json [RESULTS.json...]

The figures, one module of fbplots/ each (plots/README.md says which tool
draws what):
  latency_vs_rss  median latency against the parent's RSS, one panel per
                  method family; with two sides (A vs B) both on the same axes
  ratio           the B/A forest plot of compare's matched entries (needs
                  two runs and --compare)
  distribution    the CDF of every entry's samples, one panel per method
  phases          each run's median of each copy_process phase (patched kernel)

With --compare holding one comparison, the runs are grouped into its two
sides (A, the base, and B) by file, and a side of several runs takes
compare's figure for it; else every run is a side of its own.
Times are in µs, or in ms where the largest median passes 10 ms; --unit
forces one.

With --out it also writes DIR/csv/NAME.title for the gnuplot scripts and
DIR/csv/runs.tsv: one line per run, "NAME<TAB>RESULTS.json". NAME is the
run's label, else the file's name (its directory's for a results.json),
made unique across the runs and safe in a file name.

Every figure is written as NAME.png (1000x600 px; a ratio plot of more
than 14 entries grows 15 px a row) and NAME.svg. A figure
whose data the input lacks (phase times, a second run) is skipped with a
note on stderr, never an error. A file that is not forkbench results JSON
is one line on stderr and exit 2.
"""
import argparse
import json
import os
import sys

from fbplots.runs import POINTS, Run, make_sides, name_runs, note


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--compare", help="forkbench compare --json output for the ratio plot")
    ap.add_argument("--point", default="roundtrip", choices=POINTS)
    ap.add_argument("--unit", choices=("us", "ms"), help="time unit of every axis (default: as fits)")
    a = ap.parse_args()
    try:
        runs = [Run(p) for p in a.results]
        name_runs(runs)
        compare = None
        if a.compare:
            with open(a.compare) as f:
                compare = json.load(f)
            if not isinstance(compare, dict) or compare.get("schema") != "forkbench-compare":
                raise ValueError(f"{a.compare}: not a forkbench compare JSON")
    except json.JSONDecodeError as e:
        print(f"forkbench_plots: {a.compare}: not valid JSON ({e.msg}, line {e.lineno})", file=sys.stderr)
        return 2
    except (OSError, ValueError) as e:
        print(f"forkbench_plots: {e}", file=sys.stderr)
        return 2
    sides = make_sides(runs, compare)
    os.makedirs(a.out, exist_ok=True)
    written = []
    try:
        from fbplots.distribution import plot_distribution
        from fbplots.latency import plot_latency_vs_rss
        from fbplots.phases import plot_phases
        from fbplots.ratio import plot_ratio
    except ImportError as e:
        # The inputs are still checked and the runs named for gnuplot
        # (draw.sh draws its figures regardless); only these figures go.
        note(f"{sys.executable} cannot import matplotlib ({e}; apt-get install python3-matplotlib): "
             "no matplotlib figures")
    else:
        plot_latency_vs_rss(sides, a.point, a.unit, a.out, written)
        plot_distribution(sides, a.point, a.unit, a.out, written)
        plot_ratio(sides, compare, a.unit, a.out, written)
        plot_phases(sides, a.unit, a.out, written)
    # What gnuplot needs besides forkbench's CSV, so that draw.sh starts
    # Python only once: each run's title line, and the list of runs.
    csv_dir = os.path.join(a.out, "csv")
    os.makedirs(csv_dir, exist_ok=True)
    with open(os.path.join(csv_dir, "runs.tsv"), "w") as lst:
        for r in runs:
            with open(os.path.join(csv_dir, r.tag) + ".title", "w") as f:
                f.write(r.describe().replace("'", "") + "\n")
            lst.write(f"{r.tag}\t{r.path}\n")
    for w in written:
        print(w)
    return 0


if __name__ == "__main__":
    sys.exit(main())

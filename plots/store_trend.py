#!/usr/bin/python3
"""Draws an entry's trend across stored runs, from `forkbench store trend --csv`.

Run with Debian's /usr/bin/python3 (python3-matplotlib); headless (Agg).

  forkbench store trend "fork rss=0 thp=off" --csv trend.csv
  plots/store_trend.py trend.csv -o trend.png [--title TEXT]

One point per row of the CSV (a run, or a group of runs with --by), oldest
first, at its median with its 95% CI as an error bar, coloured by kernel
(the legend names them): a step between kernels and the spread between
runs of one kernel are seen together. Rows of several runs are drawn as
squares and say how many runs they hold.
"""
import argparse
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

WIDTH_IN, HEIGHT_IN, DPI = 10, 6, 100  # 1000x600 px, as plots/forkbench_plots.py


def unit(values):
    """The time unit of the figure: ns, µs or ms, by the largest value."""
    top = max(values)
    if top >= 1e7:
        return 1e6, "ms"
    if top >= 1e4:
        return 1e3, "µs"
    return 1.0, "ns"


def read(path):
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        sys.exit(f"store_trend.py: {path}: {e.strerror}")
    need = {"entry", "point", "by", "group", "kernel", "runs", "median_ns", "ci_lo_ns", "ci_hi_ns"}
    if not rows or not need <= set(rows[0]):
        sys.exit(f"store_trend.py: {path}: not a 'forkbench store trend --csv' file (or no rows)")
    return rows


def ci_end(row, key):
    """One end of a row's CI, or its median where the row has none (one run of under 6 samples)."""
    return float(row[key] or row["median_ns"])


def draw(rows, out, title):
    scale, name = unit([ci_end(r, "ci_hi_ns") for r in rows])
    kernels = list(dict.fromkeys(r["kernel"] for r in rows))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    for k, kernel in enumerate(kernels):
        xs = [i for i, r in enumerate(rows) if r["kernel"] == kernel]
        med = [float(rows[i]["median_ns"]) / scale for i in xs]
        lo = [m - ci_end(rows[i], "ci_lo_ns") / scale for m, i in zip(med, xs)]
        hi = [ci_end(rows[i], "ci_hi_ns") / scale - m for m, i in zip(med, xs)]
        many = [int(rows[i]["runs"]) > 1 for i in xs]
        ax.errorbar(xs, med, yerr=[lo, hi], fmt="none", ecolor=colours[k % len(colours)],
                    capsize=3, lw=1)
        label = kernel  # once a kernel, on whichever marker comes first
        for marker, pick in (("o", False), ("s", True)):
            sel = [j for j, m in enumerate(many) if m == pick]
            if sel:
                ax.plot([xs[j] for j in sel], [med[j] for j in sel], marker, ls="none",
                        color=colours[k % len(colours)], ms=6, label=label)
                label = None
        for j, x in enumerate(xs):
            if many[j]:
                ax.annotate(f"{rows[x]['runs']} runs", (x, med[j]), textcoords="offset points",
                            xytext=(6, 6), fontsize=8)
    ax.set_xticks(range(len(rows)))
    # the samples each row took: runs of one kernel made with other options differ too
    ax.set_xticklabels([f"{r['group']}  n={r['samples']}" for r in rows], rotation=60,
                       ha="right", fontsize=7)
    first = rows[0]
    ax.set_xlabel(f"{first['by']}, oldest first")
    ax.set_ylabel(f"{first['point']} median, {name} (bars: 95% CI)")
    # forkbench's own words for the clock (a CSV from before them: the clock's name)
    clock = first.get("clock_words") or first.get("clock", "?")
    ax.set_title(title or f"{first['entry']}: {first['point']} across stored runs, {clock}")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(title="kernel", fontsize=8)
    fig.tight_layout()
    fig.savefig(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("csv", help="the output of forkbench store trend --csv")
    p.add_argument("-o", "--out", required=True, help="the figure (PNG, SVG, PDF by its name)")
    p.add_argument("--title", help="instead of ENTRY: POINT across stored runs")
    a = p.parse_args()
    draw(read(a.csv), a.out, a.title)


if __name__ == "__main__":
    main()

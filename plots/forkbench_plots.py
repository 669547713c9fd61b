#!/usr/bin/python3
"""Draws forkbench's figures from results JSON (and a compare JSON).

Run with Debian's /usr/bin/python3 (python3-matplotlib); headless (Agg).
Usually called by plots/draw.sh, which also runs compare and gnuplot.

  forkbench_plots.py --out DIR [--compare COMPARE.json] [--point P]
                     RESULTS.json [RESULTS.json...]

With --out it also writes DIR/csv/NAME.title for the gnuplot scripts and
DIR/csv/runs.tsv: one line per run, "NAME<TAB>RESULTS.json". NAME is the
run's label, else the file's name (its directory's for a results.json),
made unique across the runs and safe in a file name. The CSV gnuplot reads
is forkbench's own (run --csv, or forkbench export --csv): draw.sh gets it.

Every figure is written as NAME.png (1000x600 px) and NAME.svg. A figure
whose data the input lacks (phase times, COW, a second run) is skipped
with a note on stderr, never an error.
"""
import argparse
import json
import math
import os
import re
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["hatch.linewidth"] = 0.6
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import colors as mcolors  # noqa: E402
from matplotlib import ticker  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

WIDTH_IN, HEIGHT_IN, DPI = 10, 6, 100  # every PNG is 1000x600 px
POINTS = ("create", "child_start", "roundtrip", "cow")  # the schema's point names
METHODS = ("fork", "vfork", "thread", "pthread", "posix_spawn", "fork_exec", "vfork_exec", "pidfd",
           "pidfd_open")  # the schema's order, which fixes each method's colour
THP_ORDER = {"off": 0, "on": 1, "system": 2}
# copy_process's phases in the kernel's order (kernel-patch/), which fixes
# each phase's colour in every panel and every run.
PHASES = ("dup_task_struct", "copy_creds", "sched_fork", "copy_files", "copy_fs", "copy_sighand",
          "copy_signal", "copy_mm", "copy_namespaces", "copy_thread", "alloc_pid")
OTHER_PHASE = "other (untimed steps)"
# forkbench compare flags a significant change from FB_CMP_CUT of the
# threshold (bench/compare/compare_stats.c); used when the compare JSON
# predates its "flagged_from" field.
FB_CMP_CUT = 0.6
LEGEND_FONT = 8
GENERIC_STEMS = {"results", "result", "forkbench", "run", "out"}

TAB20 = plt.get_cmap("tab20").colors
GREY = "#9a9a9a"
RUN_STYLES = ("-", "--", ":", "-.")
RUN_HATCHES = ("", "//", "..", "xx", "\\\\")


def note(msg):
    print(f"forkbench_plots: {msg}", file=sys.stderr)


class Run:
    """One results file: its context, a short name and the entries."""

    def __init__(self, path):
        with open(path) as f:
            d = json.load(f)
        # version 2 splits samples into kinds; each point's samples_ns is still its own
        if d.get("schema") != "forkbench-results" or d.get("schema_version") not in (1, 2):
            raise ValueError(f"{path}: not a forkbench results file (schema version 1 or 2)")
        self.path = path
        self.doc = d
        self.context = d.get("context", {})
        self.entries = [e for e in d.get("results", []) if e.get("points")]
        run = d.get("run", {})
        self.label = run.get("label") or ""
        self.id = run.get("id") or ""
        self.partial = run.get("partial") is True
        self.kernel = self.context.get("kernel", {}).get("release") or "unknown kernel"
        self.cpu = (self.context.get("cpu", {}).get("model") or "unknown CPU").strip()
        self.tcg = is_tcg(self.context)
        self.name = self.label or self.file_name()
        self.tag = self.name

    def file_name(self):
        """The file's stem; for a generic one (results.json), its directory's name."""
        path = os.path.abspath(self.path)
        stem = os.path.splitext(os.path.basename(path))[0]
        if stem.lower() in GENERIC_STEMS:
            return os.path.basename(os.path.dirname(path)) or stem
        return stem

    def describe(self):
        return (f"kernel {self.kernel}, {self.cpu}" + (", TCG emulation" if self.tcg else "")
                + (", PARTIAL run (not every entry finished)" if self.partial else ""))


def name_runs(runs):
    """Distinct display names and file-safe tags: the label, else the file
    (or directory) name; runs that still collide get their run id, then a
    number."""
    def dupes(key):
        seen = {}
        for r in runs:
            seen.setdefault(key(r), []).append(r)
        return [g for g in seen.values() if len(g) > 1]

    for group in dupes(lambda r: r.name):
        for r in group:
            r.name = r.file_name()
    for group in dupes(lambda r: r.name):
        for r in group:
            if r.id:
                r.name = f"{r.name} {r.id}"
    for group in dupes(lambda r: r.name):
        for i, r in enumerate(group):
            r.name = f"{r.name} #{i + 1}"
    for r in runs:
        r.tag = re.sub(r"[^A-Za-z0-9._+-]+", "_", r.name).strip("._") or "run"
    for group in dupes(lambda r: r.tag):
        for i, r in enumerate(group):
            r.tag = f"{r.tag}-{i + 1}"


def is_tcg(context):
    """Emulated (TCG) as forkbench recorded it (context.timing.emulated);
    files written before it recorded that say so in CPUID's hypervisor."""
    timing = context.get("timing")
    if isinstance(timing, dict) and "emulated" in timing:
        return bool(timing["emulated"])
    return "TCG" in (context.get("virtualization", {}).get("hypervisor") or "").upper()


def point_stats(entry, point):
    """(p10, p50, p90) of a point in ns, from its stored summary."""
    p = entry.get("points", {}).get(point)
    if not p or not p.get("summary", {}).get("n"):
        return None
    s = p["summary"]
    return s["p10"], s["p50"], s["p90"]


def title(runs, what):
    if len(runs) == 1:
        return f"forkbench: {what}\n{runs[0].describe()}"
    if len({r.describe() for r in runs}) == 1:
        return f"forkbench: {what}\n{' vs '.join(r.name for r in runs)} on {runs[0].describe()}"
    line = " vs ".join(f"{r.name} ({r.describe()})" for r in runs)
    if len(line) <= 130:
        return f"forkbench: {what}\n{line}"
    return f"forkbench: {what}\n" + "\n".join(f"{r.name}: {r.describe()}" for r in runs)


def new_figure(nrows=1, ncols=1, **kw):
    fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, squeeze=False, **kw)
    return fig, axes


def wrap(text, width=30):
    """A legend label in lines of at most width characters: at spaces, and
    at hyphens only in a long name (2026-11-22-phases-patched-6.1-tcg)."""
    return "\n".join(textwrap.fill(line, width, break_on_hyphens=any(len(w) > width * 2 // 3
                                                                       for w in line.split()))
                     for line in text.split("\n"))


def finish(fig, heading, legends, out, name, written):
    """Title on top, legends stacked outside the axes on the right, the axes
    laid out in what is left; then PNG and SVG."""
    fig.suptitle(heading, fontsize=10)
    renderer = fig.canvas.get_renderer()
    top = 1 - (fig._suptitle.get_window_extent(renderer).height + 10) / fig.bbox.height
    y, width = top, 0.0
    for handles, labels, head in legends:
        if not handles:
            continue
        labels = [wrap(lab) for lab in labels]
        lg = fig.legend(handles, labels, title=head, loc="upper right", bbox_to_anchor=(0.995, y),
                        fontsize=LEGEND_FONT, title_fontsize=LEGEND_FONT + 1, frameon=False,
                        handlelength=2.6)
        ext = lg.get_window_extent(renderer)
        y -= ext.height / fig.bbox.height + 0.02
        width = max(width, ext.width / fig.bbox.width)
    fig.tight_layout(rect=(0, 0, 1 - width - 0.01 if width else 1, top), h_pad=1.0, w_pad=0.8)
    for ext in ("png", "svg"):
        path = os.path.join(out, f"{name}.{ext}")
        fig.savefig(path, dpi=DPI)
        written.append(path)
    plt.close(fig)


def rss_label(b):
    for unit, size in (("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if b >= size:
            return f"{b / size:g}{unit}"
    return str(b)


def rss_x(b):
    # log axes cannot show 0: an empty image is drawn at 1 KiB, labelled 0.
    return b if b > 0 else 1024


def fmt_num(v):
    if v >= 1e6:
        return f"{v:.0f}"
    return f"{v:.6g}"


def log_ticks(axis, max_labels=6):
    """Labelled ticks at 1-2-5-style values that fit the axis' range without
    crowding (at most max_labels), unlabelled minor ticks at every integer
    multiple of a power of ten."""
    lo, hi = sorted(axis.get_view_interval())
    lo = max(lo, hi * 1e-9, 1e-12)
    k0, k1 = math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1
    ticks = []
    for mults in ((1, 1.5, 2, 3, 4, 5, 6, 7, 8), (1, 2, 3, 5), (1, 2, 5), (1, 3), (1,)):
        ticks = [m * 10 ** k for k in range(k0, k1 + 1) for m in mults if lo <= m * 10 ** k <= hi]
        if len(ticks) <= max_labels:
            break
    else:
        step = math.ceil(len(ticks) / max_labels)
        ticks = ticks[::step]
    if len(ticks) < 2:  # a sliver of one decade: label its ends
        ticks = sorted({float(f"{lo * 1.02:.2g}"), float(f"{hi * 0.98:.2g}")} | set(ticks))
    axis.set_major_locator(ticker.FixedLocator(ticks))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: fmt_num(v)))
    axis.set_minor_locator(ticker.LogLocator(base=10, subs=range(1, 10), numticks=200))
    axis.set_minor_formatter(ticker.NullFormatter())


def darker(c, f=0.6):
    r, g, b = mcolors.to_rgb(c)
    return (r * f, g * f, b * f)


def pair_colour(hue, variant):
    """tab20 as hue pairs: variant 0 the strong shade, 1 the light one, 2 a
    dark one. Grey (pair 7) is left for 'other'."""
    hue = [0, 1, 2, 3, 4, 5, 6, 8, 9][hue % 9]
    if variant == 2:
        return darker(TAB20[2 * hue])
    return TAB20[2 * hue + variant]


def method_order(runs):
    present = {e["parameters"]["method"] for r in runs for e in r.entries}
    return [m for m in METHODS if m in present] + sorted(present - set(METHODS))


def series_style(methods, method, thp):
    """Colour, line style and marker of a (method, THP) curve: the method
    picks the hue, THP the shade, the dash and the marker."""
    v = THP_ORDER.get(thp, 2)
    return (pair_colour(methods.index(method), v), ("-", "--", ":")[v], ("o", "s", "^")[v])


def plot_latency_vs_rss(runs, point, out, written):
    fig, axes = new_figure(1, len(runs), sharey=True)  # runs side by side, same scale
    axes = axes[0]
    methods = method_order(runs)
    legend = {}
    for ax, run in zip(axes, runs):
        groups = {}
        for e in run.entries:
            st = point_stats(e, point)
            if st:
                p = e["parameters"]
                groups.setdefault((p["method"], p["thp"]), []).append((p["rss_bytes"], st))
        key = lambda kv: (methods.index(kv[0][0]), THP_ORDER.get(kv[0][1], 3))  # noqa: E731
        for (method, thp), pts in sorted(groups.items(), key=key):
            if len(pts) < 2:
                continue  # a curve needs two sizes; single points go to the CDF
            pts.sort()
            x = [rss_x(b) for b, _ in pts]
            c, ls, mk = series_style(methods, method, thp)
            # THP off: a plain band; the light THP on (or system) shade
            # also hatched, so that overlapping bands stay apart.
            band = dict(facecolor=mcolors.to_rgba(c, 0.18 if thp == "off" else 0.25),
                        edgecolor=mcolors.to_rgba(c, 0.0 if thp == "off" else 0.9),
                        hatch=None if thp == "off" else "////", linewidth=0)
            ax.fill_between(x, [s[0] / 1e3 for _, s in pts], [s[2] / 1e3 for _, s in pts], **band)
            line, = ax.plot(x, [s[1] / 1e3 for _, s in pts], linestyle=ls, color=c, marker=mk, ms=5,
                            mec=darker(c, 0.75), linewidth=1.8, label=f"{method}, THP {thp}")
            legend.setdefault(line.get_label(), (key(((method, thp), None)), (Patch(**band), line)))
        ax.set_xscale("log")
        ax.set_yscale("log")
        sizes = sorted({e["parameters"]["rss_bytes"] for e in run.entries})
        ax.set_xticks([rss_x(b) for b in sizes])
        ax.set_xticklabels([rss_label(b) for b in sizes])
        ax.xaxis.set_minor_locator(ticker.NullLocator())
        ax.set_xlabel("parent RSS (bytes, log scale; 0 drawn at 1 KiB)")
        ax.grid(True, which="major", alpha=0.35)
        ax.grid(True, which="minor", axis="y", alpha=0.12)
        if len(runs) > 1:
            ax.set_title(run.name, fontsize=9)
    if not legend:
        plt.close(fig)
        note("latency vs RSS: no method was measured at two or more sizes; skipped")
        return
    axes[0].set_ylabel(f"{point} latency (µs, log scale)")
    log_ticks(axes[0].yaxis, 8)
    items = sorted(legend.items(), key=lambda kv: kv[1][0])
    finish(fig, title(runs, f"{point} latency vs parent RSS (line: median, band: p10-p90)"),
           [([v[1] for _, v in items], [k for k, _ in items], "method, THP")],
           out, "latency_vs_rss", written)


def config_of(entry):
    """The entry's configuration apart from its method: a sort key, a label."""
    p = entry["parameters"]
    rest = entry.get("id", "").split(" ", 1)[1] if " " in entry.get("id", "") else ""
    plain = rest in ("", f"rss={rss_label(p['rss_bytes'])} thp={p['thp']}")
    label = f"RSS {rss_label(p['rss_bytes'])}, THP {p['thp']}" if plain else rest
    return (p["rss_bytes"], THP_ORDER.get(p["thp"], 3), "" if plain else rest), label, plain


def config_colours(configs):
    """One colour per configuration: plain RSS x THP grids get a hue per
    RSS and a shade per THP, anything else tab20 in order."""
    sizes = sorted({k[0] for k, _, plain in configs})
    if all(plain for _, _, plain in configs) and len(sizes) <= 9:
        return {k: pair_colour(sizes.index(k[0]), min(k[1], 2)) for k, _, _ in configs}
    palette = [c for i, c in enumerate(TAB20) if i not in (14, 15)]
    return {k: palette[i % len(palette)] for i, (k, _, _) in enumerate(configs)}


def plot_distribution(runs, point, out, written):
    methods = [m for m in method_order(runs)
               if any(e["parameters"]["method"] == m and e["points"].get(point, {}).get("samples_ns")
                      for r in runs for e in r.entries)]
    if not methods:
        note(f"distribution: no {point} samples; skipped")
        return
    n = len(methods)
    ncols = n if n <= 3 else (2 if n == 4 else 3)
    nrows = math.ceil(n / ncols)
    fig, grid = new_figure(nrows, ncols, sharey=True)
    configs = {}
    for r in runs:
        for e in r.entries:
            if e["points"].get(point, {}).get("samples_ns"):
                k, label, plain = config_of(e)
                configs.setdefault(k, (k, label, plain))
    configs = sorted(configs.values())
    colours = config_colours(configs)
    axes = [ax for row in grid for ax in row]
    for ax in axes[n:]:
        ax.set_visible(False)
    for ax, method in zip(axes, methods):
        for ri, run in enumerate(runs):
            for e in run.entries:
                s = e["points"].get(point, {}).get("samples_ns")
                if e["parameters"]["method"] != method or not s:
                    continue
                s = sorted(max(v, 1) / 1e3 for v in s)
                y = [(i + 1) / len(s) for i in range(len(s))]
                ax.step(s, y, where="post", color=colours[config_of(e)[0]],
                        linestyle=RUN_STYLES[ri % len(RUN_STYLES)], linewidth=1.3)
        ax.set_xscale("log")
        ax.set_ylim(0, 1)
        log_ticks(ax.xaxis, 4 if ncols >= 3 else 6)
        ax.tick_params(labelsize=8)
        ax.set_title(method, fontsize=9)
        ax.grid(True, which="major", alpha=0.35)
    for row in grid:
        row[0].set_ylabel("fraction of samples ≤ x", fontsize=9)
    fig.supxlabel(f"{point} latency (µs, log scale; each panel its own range)", fontsize=9)
    legends = [([Line2D([], [], color=colours[k], linewidth=2) for k, _, _ in configs],
                [label for _, label, _ in configs], "configuration")]
    if len(runs) > 1:
        legends.append(([Line2D([], [], color="k", linestyle=RUN_STYLES[i % len(RUN_STYLES)])
                         for i in range(len(runs))], [r.name for r in runs], "run"))
    finish(fig, title(runs, f"distribution of {point} latency per method (CDF)"), legends,
           out, "distribution", written)


VERDICT_COLOURS = {"slower": "#d62728", "faster": "#2ca02c", "no change": "#1f77b4"}


def compare_rows(runs, compare):
    rows = []
    sets = compare.get("comparisons", [])
    for si, cset in enumerate(sets):
        if len(sets) == len(runs) - 1:
            new_name = runs[si + 1].name
        else:
            new_name = cset.get("new", {}).get("label") or os.path.basename(cset.get("new", {}).get("file", "?"))
        for e in cset.get("entries", []):
            name = e["id"] if len(sets) == 1 else f"{new_name}: {e['id']}"
            side = e.get("base") or e.get("new") or {}
            median = side.get("median_ns") if e.get("in") in ("base", "new") else None
            rows.append({"name": name, "ratio": e.get("ratio"), "ci": e.get("ratio_ci95"),
                         "verdict": e.get("verdict", "none"), "in": e.get("in", "both"),
                         "note": e.get("note"),
                         "median": f" (median {median / 1e3:.3g} µs)" if median else ""})
    return rows


def plot_ratio(runs, compare, out, written):
    if not compare:
        note("A vs B ratio: needs two runs (a compare JSON); skipped")
        return
    rows = compare_rows(runs, compare)
    if not rows:
        note("A vs B ratio: the comparison has no entries; skipped")
        return
    t = compare.get("threshold", 0.05)
    cut = compare.get("flagged_from", t * FB_CMP_CUT)
    alpha = compare.get("alpha", 0.05)
    # Range: every ratio and CI, and both cut lines with room to spare.
    vals = [1 + cut, 1 / (1 + cut)]
    for r in rows:
        if r["ratio"] is not None:
            vals.append(r["ratio"])
        if r["ci"]:
            vals += r["ci"]
    vals = [v for v in vals if v and v > 0]
    lo, hi = min(vals), max(vals)
    logx = hi / lo > 4
    if logx:
        lo, hi = lo / 1.15, hi * 1.15
    else:
        pad = (hi - lo) * 0.08
        lo, hi = lo - pad, hi + pad
    per_panel = 34
    npanels = math.ceil(len(rows) / per_panel)
    fig, axes = new_figure(1, npanels)
    axes = axes[0]
    chunk = math.ceil(len(rows) / npanels)
    edge_note = untested = False
    for pi, ax in enumerate(axes):
        part = rows[pi * chunk:(pi + 1) * chunk]
        ax.set_xlim(lo, hi)
        if logx:
            ax.set_xscale("log")
        edge = blended_transform_factory(ax.transAxes, ax.transData)
        for i, r in enumerate(part):
            c = VERDICT_COLOURS.get(r["verdict"], GREY)
            if r["ratio"] is not None and r["ci"]:
                ax.errorbar([r["ratio"]], [i], xerr=[[r["ratio"] - r["ci"][0]], [r["ci"][1] - r["ratio"]]],
                            fmt="o", color=c, capsize=3, ms=5)
                if r["verdict"] == "slower":
                    ax.annotate("regression", (r["ci"][1], i), xytext=(5, -3), textcoords="offset points",
                                color=c, fontsize=8)
            elif r["ratio"] is not None:  # both sides, but not tested
                untested = True
                ax.plot([r["ratio"]], [i], "o", mfc="white", color=GREY, ms=5)
                ax.annotate(r["note"] or "not tested", (r["ratio"], i), xytext=(6, -3),
                            textcoords="offset points", color="dimgrey", fontsize=8)
            else:  # one-sided (or nothing to compare): a marker at the axis edge
                edge_note = True
                if r["in"] == "base":
                    x, mk, ha, dx, text = 0.0, "<", "left", 8, "only in base" + r["median"]
                else:
                    x, mk, ha, dx = 1.0, ">", "right", -8
                    text = ("only in new" + r["median"]) if r["in"] == "new" else (r["note"] or "not compared")
                ax.plot([x], [i], mk, color="dimgrey", ms=7, transform=edge, clip_on=False)
                ax.annotate(text, (x, i), xycoords=edge, xytext=(dx, -3), textcoords="offset points",
                            ha=ha, color="dimgrey", fontsize=8,
                            bbox=dict(facecolor="white", edgecolor="none", pad=1))
        ax.axvline(1, color="k", linewidth=0.8)
        for x in (1 + cut, 1 / (1 + cut)):
            ax.axvline(x, color="grey", linestyle="--", linewidth=0.9)
        top = blended_transform_factory(ax.transData, ax.transAxes)
        ax.text(1 + cut, 1.005, f" +{cut * 100:.3g}%", transform=top, ha="left", va="bottom",
                fontsize=8, color="dimgrey")
        ax.text(1 / (1 + cut), 1.005, f"−{cut * 100:.3g}% ", transform=top, ha="right", va="bottom",
                fontsize=8, color="dimgrey")
        ax.set_yticks(range(len(part)))
        ax.set_yticklabels([r["name"] for r in part], fontsize=8)
        ax.tick_params(axis="y", pad=7 if edge_note else 3.5)
        ax.set_ylim(len(part) - 0.5, -0.5)
        if logx:
            log_ticks(ax.xaxis, 7)
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(True, axis="x", alpha=0.3)
    fig.supxlabel(f"ratio of {compare.get('point', '?')} medians, new / base (bar: 95% CI over runs)",
                  fontsize=9)
    handles = [Line2D([], [], marker="o", color=VERDICT_COLOURS[v], linestyle="") for v in
               ("slower", "faster", "no change")]
    labels = ["slower (regression)", "faster", "no change"]
    if untested:
        handles.append(Line2D([], [], marker="o", mfc="white", color=GREY, linestyle=""))
        labels.append("not tested")
    if edge_note:
        handles.append(Line2D([], [], marker=">", color="dimgrey", linestyle=""))
        labels.append("only one side (at the axis edge)")
    handles.append(Line2D([], [], color="grey", linestyle="--"))
    labels.append(f"flagged from ±{cut * 100:.3g}% ({cut / t:.2g} × the {t * 100:g}% threshold) when "
                  f"the Holm-adjusted p < {alpha:g}" if t else f"flagged from ±{cut * 100:.3g}%")
    finish(fig, title(runs, f"new vs base per entry ({compare.get('slower', 0)} slower, "
                            f"{compare.get('faster', 0)} faster)"),
           [(handles, labels, "verdict")], out, "ratio", written)


def phase_value(v):
    """A phase time in ns: the mean where there is one (means add up, so the
    phases of a stack sum to the mean total), else the median."""
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, dict):
        if isinstance(v.get("summary"), dict):
            return phase_value(v["summary"])
        for k in ("mean", "p50", "median_ns", "median"):
            if isinstance(v.get(k), (int, float)):
                return float(v[k])
    return None


def phase_times(entry):
    """{phase: ns} of one entry, the untimed remainder as OTHER_PHASE when
    the entry has a total; None without phase data. Reads the engine's
    layout (phases.phases.<name>.summary) and a flat {name: value} one."""
    ph = entry.get("phases")
    if not isinstance(ph, dict):
        return None
    if isinstance(ph.get("phases"), dict):
        ph = ph["phases"]
    vals = {k: phase_value(v) for k, v in ph.items()}
    vals = {k: v for k, v in vals.items() if v is not None}
    total = vals.pop("total", None)
    if not vals:
        return None
    if total is not None:
        vals[OTHER_PHASE] = max(total - sum(vals.values()), 0.0)
    return vals


def phase_colours(names):
    """Kernel order gets the nine strong hues, then the light ones; grey is
    the untimed remainder's alone."""
    order = [n for n in PHASES if n in names] + sorted(n for n in names if n not in PHASES and n != OTHER_PHASE)
    palette = [pair_colour(h, 0) for h in range(9)] + [pair_colour(h, 1) for h in range(9)]
    cols = {n: palette[i % len(palette)] for i, n in enumerate(order)}
    cols[OTHER_PHASE] = GREY
    return cols


def plot_phases(runs, out, written):
    data = []  # (run index, method, config key, config label, {phase: ns})
    for ri, run in enumerate(runs):
        for e in run.entries:
            vals = phase_times(e)
            if vals:
                k, label, plain = config_of(e)
                p = e["parameters"]
                if plain:
                    label = f"{rss_label(p['rss_bytes'])}\n{p['thp']}"
                data.append((ri, p["method"], k, label, vals))
    if not data:
        note("copy_process phases: no entry has phase data (stock kernel?); skipped")
        return
    run_ix = sorted({d[0] for d in data})
    methods = [m for m in method_order(runs) if any(d[1] == m for d in data)]
    names = {k for d in data for k in d[4]}
    colours = phase_colours(names)
    # Largest at the bottom, the same order in every bar; the remainder on top.
    stack = sorted(names - {OTHER_PHASE}, key=lambda k: -max(d[4].get(k, 0) for d in data))
    if OTHER_PHASE in names:
        stack.append(OTHER_PHASE)
    pairs = 1 if len(methods) <= 5 else 2
    ncols = math.ceil(len(methods) / pairs)
    fig, grid = new_figure(2 * pairs, ncols)
    width = 0.8 / len(run_ix)
    for mi, method in enumerate(methods):
        ax_abs, ax_pct = grid[2 * (mi // ncols)][mi % ncols], grid[2 * (mi // ncols) + 1][mi % ncols]
        cfgs = sorted({(d[2], d[3]) for d in data if d[1] == method})
        for gi, (k, _) in enumerate(cfgs):
            for j, ri in enumerate(run_ix):
                row = [d[4] for d in data if d[0] == ri and d[1] == method and d[2] == k]
                if not row:
                    continue
                vals = row[0]
                x = gi - 0.4 + width * (j + 0.5)
                tot = sum(vals.values()) or 1
                b_abs = b_pct = 0.0
                for name in stack:
                    v = vals.get(name, 0.0)
                    kw = dict(width=width * 0.92, color=colours[name], hatch=RUN_HATCHES[j % len(RUN_HATCHES)],
                              edgecolor="white" if j == 0 else (0, 0, 0, 0.5), linewidth=0.3)
                    ax_abs.bar(x, v / 1e3, bottom=b_abs, **kw)
                    ax_pct.bar(x, v / tot * 100, bottom=b_pct, **kw)
                    b_abs += v / 1e3
                    b_pct += v / tot * 100
        for ax in (ax_abs, ax_pct):
            pad = max(0.0, (3 - len(cfgs)) / 2)  # a lone bar stays a bar, not a wall
            ax.set_xlim(-0.6 - pad, len(cfgs) - 0.4 + pad)
            ax.set_xticks(range(len(cfgs)))
            ax.set_xticklabels([lab for _, lab in cfgs], fontsize=8)
            ax.tick_params(axis="y", labelsize=8)
            if len(run_ix) > 1:  # the run's letter under each bar
                ax.set_xticks([gi - 0.4 + width * (j + 0.5) for gi in range(len(cfgs))
                               for j in range(len(run_ix))], minor=True)
                ax.set_xticklabels([chr(ord("A") + j) for _ in cfgs for j in range(len(run_ix))],
                                   minor=True, fontsize=8)
                ax.tick_params(axis="x", which="major", pad=12, length=0)
        ax_abs.set_title(method, fontsize=9)
        ax_abs.grid(True, axis="y", alpha=0.3)
        ax_pct.set_ylim(0, 100)
        ax_pct.set_yticks([0, 25, 50, 75, 100])
        ax_pct.grid(True, axis="y", alpha=0.3)
        ax_abs.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: fmt_num(v)))
    for row in range(2 * pairs):
        grid[row][0].set_ylabel("mean µs per call" if row % 2 == 0 else "% of total", fontsize=9)
        for ax in grid[row][len(methods) - (row // 2) * ncols:]:
            ax.set_visible(False)
    fig.supxlabel("parent RSS and THP (bars: mean time per phase; lower row: share of copy_process's total)",
                  fontsize=9)
    handles = [Patch(facecolor=colours[n], edgecolor="white") for n in reversed(stack)]
    legends = [(handles, list(reversed(stack)), "phase (top of stack first)")]
    if len(run_ix) > 1:
        legends.append(([Patch(facecolor="white", edgecolor="black", hatch=RUN_HATCHES[j % len(RUN_HATCHES)])
                         for j in range(len(run_ix))],
                        [f"{chr(ord('A') + j)}: {runs[ri].name}" for j, ri in enumerate(run_ix)], "run"))
    finish(fig, title([runs[i] for i in run_ix], "copy_process phase breakdown vs parent RSS"), legends,
           out, "phases", written)


def plot_cow(runs, out, written):
    fig, axes = new_figure()
    ax = axes[0][0]
    methods = method_order(runs)
    legend = {}
    for ri, run in enumerate(runs):
        groups = {}
        for e in run.entries:
            cow = e.get("cow") or {}
            v = (cow.get("per_page_ns") or {}).get("p50")
            if cow.get("pages") and v:
                p = e["parameters"]
                groups.setdefault((p["method"], p["thp"]), []).append((p["rss_bytes"], v))
        for (method, thp), pts in sorted(groups.items(), key=lambda kv: (methods.index(kv[0][0]), kv[0][1])):
            pts.sort()
            c, _, mk = series_style(methods, method, thp)
            ax.plot([b for b, _ in pts], [v for _, v in pts], linestyle=RUN_STYLES[ri % len(RUN_STYLES)],
                    marker=mk, color=c, linewidth=1.6, ms=5)
            legend.setdefault((methods.index(method), THP_ORDER.get(thp, 3)),
                              (Line2D([], [], color=c, marker=mk), f"{method}, THP {thp}"))
    if not legend:
        plt.close(fig)
        note("COW per page: no entry with --cow pages; skipped")
        return
    sizes = sorted({e["parameters"]["rss_bytes"] for r in runs for e in r.entries
                    if (e.get("cow") or {}).get("pages")})
    ax.set_xscale("log")
    ax.set_ylim(bottom=0)  # linear: per-page costs span less than a decade
    ax.set_xticks(sizes)
    ax.set_xticklabels([rss_label(b) for b in sizes])
    ax.xaxis.set_minor_locator(ticker.NullLocator())
    ax.set_xlabel("parent RSS (bytes, log scale)")
    ax.set_ylabel("copy-on-write cost per page written (ns, median)")
    ax.grid(True, alpha=0.3)
    items = [v for _, v in sorted(legend.items())]
    legends = [([h for h, _ in items], [lab for _, lab in items], "method, THP")]
    if len(runs) > 1:
        legends.append(([Line2D([], [], color="k", linestyle=RUN_STYLES[i % len(RUN_STYLES)])
                         for i in range(len(runs))], [r.name for r in runs], "run"))
    finish(fig, title(runs, "copy-on-write fault cost per page after fork"), legends,
           out, "cow_per_page", written)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="+")
    ap.add_argument("--out")
    ap.add_argument("--compare", help="forkbench compare --json output for the ratio plot")
    ap.add_argument("--point", default="roundtrip", choices=POINTS)
    ap.add_argument("--describe", action="store_true", help="print the title line of the runs")
    a = ap.parse_args()
    try:
        runs = [Run(p) for p in a.results]
        name_runs(runs)
        compare = None
        if a.compare:
            with open(a.compare) as f:
                compare = json.load(f)
    except (OSError, ValueError) as e:
        print(f"forkbench_plots: {e}", file=sys.stderr)
        return 2
    if a.describe:
        print(title(runs, "").split("\n", 1)[1])
        return 0
    if not a.out:
        ap.error("--out DIR is required")
    os.makedirs(a.out, exist_ok=True)
    written = []
    plot_latency_vs_rss(runs, a.point, a.out, written)
    plot_distribution(runs, a.point, a.out, written)
    plot_ratio(runs, compare, a.out, written)
    plot_phases(runs, a.out, written)
    plot_cow(runs, a.out, written)
    # What gnuplot needs besides forkbench's CSV, so that draw.sh starts
    # Python only once: each run's title line, and the list of runs.
    csv_dir = os.path.join(a.out, "csv")
    os.makedirs(csv_dir, exist_ok=True)
    with open(os.path.join(csv_dir, "runs.tsv"), "w") as lst:
        for r in runs:
            stem = os.path.join(csv_dir, r.tag)
            with open(stem + ".title", "w") as f:
                f.write(title([r], "").split("\n", 1)[1].replace("'", "") + "\n")
            lst.write(f"{r.tag}\t{r.path}\n")
    for w in written:
        print(w)
    return 0


if __name__ == "__main__":
    sys.exit(main())

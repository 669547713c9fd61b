#!/usr/bin/python3
"""Draws forkbench's matplotlib figures from results JSON (and a compare JSON).

Run with Debian's /usr/bin/python3 (python3-matplotlib); headless (Agg).
Usually called by plots/draw.sh, which also runs compare and gnuplot.

  forkbench_plots.py --out DIR [--compare COMPARE.json] [--point P]
                     [--unit us|ms] RESULTS.json [RESULTS.json...]

The figures (plots/README.md says which tool draws what):
  latency_vs_rss  median latency against the parent's RSS, one panel per
                  method family; with two sides (A vs B) both on the same axes
  ratio           the B/A forest plot of compare's matched entries (needs
                  two runs and --compare)
  distribution    the CDF of every entry's samples, one panel per method
  phases          median time of each copy_process phase (patched kernel)

With --compare holding one comparison, the runs are grouped into its two
sides (A, the base, and B) by file; else every run is a side of its own.
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
import math
import os
import re
import sys
from statistics import median
import textwrap

# Without matplotlib the inputs are still checked and the runs named for
# gnuplot (draw.sh draws its figures regardless); only these figures go.
try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.text
    from matplotlib import colors as mcolors
    from matplotlib import ticker
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory
    TAB20 = plt.get_cmap("tab20").colors
except ImportError:
    matplotlib = None

WIDTH_IN, HEIGHT_IN, DPI = 10, 6, 100  # every PNG is 1000x600 px
POINTS = ("create", "child_start", "roundtrip", "cow")  # the schema's point names
METHODS = ("fork", "vfork", "thread", "pthread", "posix_spawn", "fork_exec", "vfork_exec", "pidfd",
           "pidfd_open")  # the schema's order, which fixes each method's colour in every figure
# The latency figure's panels: what a creation copies decides how it grows.
FAMILIES = (("fork-like: copies the page tables", ("fork", "pidfd", "pidfd_open")),
            ("exec-like: a new program", ("posix_spawn", "fork_exec", "vfork_exec")),
            ("vfork and threads: share the mm", ("vfork", "thread", "pthread")))
THP_ORDER = {"off": 0, "on": 1, "system": 2}
THP_STYLE = {"off": ("-", "o"), "on": ("--", "s"), "system": (":", "^")}
# copy_process's phases in the kernel's order (kernel-patch/).
PHASES = ("dup_task_struct", "copy_creds", "sched_fork", "copy_files", "copy_fs", "copy_sighand",
          "copy_signal", "copy_mm", "copy_namespaces", "copy_thread", "alloc_pid")
OTHER_PHASE = "other (untimed steps)"
# forkbench compare flags a significant change from FB_CMP_CUT of the
# threshold (bench/compare/compare_stats.c); used when the compare JSON
# predates its "flagged_from" field.
FB_CMP_CUT = 0.6
# The ratio plot's axis ends at this factor either way of 1.
RATIO_AXIS_MAX = 10.0
# Below this many samples an empirical CDF is a few big stairs that read as
# structure: such an entry is drawn as its samples, one dot each.
FEW_SAMPLES = 50
# The unit rule of the table (µs up to 10 ms, then ms), for an axis.
MS_FROM_NS = 10e6
LEGEND_FONT = 8
GENERIC_STEMS = {"results", "result", "forkbench", "run", "out"}

GREY = "#9a9a9a"
SIDE_LINES = ("-", "--", ":", "-.")
SIDE_MARKERS = ("o", "D", "^", "v")
VERDICT_COLOURS = {"slower": "#d62728", "faster": "#2ca02c", "no change": "#1f77b4"}


def note(msg):
    print(f"forkbench_plots: {msg}", file=sys.stderr)


class Run:
    """One results file: its context, a short name and the entries."""

    def __init__(self, path):
        try:
            with open(path) as f:
                d = json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: not valid JSON ({e.msg}, line {e.lineno})") from None
        # version 2 splits samples into kinds; each point's samples_ns is still its own.
        # Version 3 lets a summary's ci95 be null; the plots draw from the samples.
        # Version 4 writes each machine fact once in the context; the plots read none of them.
        if not isinstance(d, dict) or d.get("schema") != "forkbench-results" or d.get("schema_version") not in (1, 2, 3, 4):
            raise ValueError(f"{path}: not a forkbench results file (schema version 1 to 4)")
        self.path = path
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


class Side:
    """What one side of a figure shows: one run, or the runs (boots) that
    compare pooled as A or B. An entry's figure on a side is the median over
    its runs of each run's statistic, as compare takes runs as the unit."""

    def __init__(self, name, runs):
        self.name = name
        self.runs = runs
        self.by_id = {}
        for r in runs:
            for e in r.entries:
                self.by_id.setdefault(e.get("id") or entry_key(e), []).append(e)

    def describe(self):
        kinds = {r.describe() for r in self.runs}
        d = self.runs[0].describe() if len(kinds) == 1 else "; ".join(sorted(kinds))
        return d + (f", {len(self.runs)} runs" if len(self.runs) > 1 else "")

    def stats(self, eid, point):
        """(p10, p50, p90) in ns: the median of the runs' own."""
        got = [point_stats(e, point) for e in self.by_id.get(eid, [])]
        got = [g for g in got if g]
        if not got:
            return None
        return tuple(median([g[i] for g in got]) for i in range(3))

    def samples(self, eid, point):
        return [v for e in self.by_id.get(eid, []) for v in (e["points"].get(point) or {}).get("samples_ns") or []]


def make_sides(runs, compare):
    """Two sides from a compare JSON of one comparison (its base and new
    files, matched by path, else by file name); else one side per run."""
    sets = (compare or {}).get("comparisons") or []
    if len(sets) == 1 and len(runs) > 2:
        groups = []
        for key in ("base", "new"):
            info = sets[0].get(key) or {}
            files = [f.get("file") for f in info.get("files") or [] if f.get("file")] or [info.get("file")]
            members = [r for r in runs if any(same_file(r.path, f) for f in files if f)]
            groups.append((info, members))
        used = [r for _, m in groups for r in m]
        if all(m for _, m in groups) and len(used) == len(set(used)) == len(runs):
            names = [info.get("label") or m[0].label or m[0].kernel for info, m in groups]
            if names[0] == names[1]:
                names = [m[0].name for _, m in groups]
            return [Side(f"{letter}: {n}", m) for letter, n, (_, m) in zip("AB", names, groups)]
    if len(runs) == 2:
        return [Side(f"{letter}: {r.name}", [r]) for letter, r in zip("AB", runs)]
    return [Side(r.name, [r]) for r in runs]


def same_file(path, other):
    a, b = os.path.realpath(path), os.path.realpath(other)
    return a == b or os.path.basename(a) == os.path.basename(b)


def entry_key(e):
    p = e["parameters"]
    return f"{p['method']} rss={rss_label(p['rss_bytes'])} thp={p['thp']}"


def point_stats(entry, point):
    """(p10, p50, p90) of a point in ns, from its stored summary."""
    p = entry.get("points", {}).get(point)
    if not p or not p.get("summary", {}).get("n"):
        return None
    s = p["summary"]
    return s["p10"], s["p50"], s["p90"]


class Unit:
    """The time unit of an axis: forced (--unit), else µs, or ms where the
    largest value drawn passes 10 ms (the table's rule)."""
    NAMES = {"us": ("µs", 1e3), "ms": ("ms", 1e6)}

    def __init__(self, forced, largest_ns):
        key = forced or ("ms" if largest_ns > MS_FROM_NS else "us")
        self.label, self.div = self.NAMES[key]

    def __call__(self, ns):
        return ns / self.div


def fmt_time(ns, forced=None):
    """One value in the unit that fits it (or the forced one)."""
    u = Unit(forced, ns)
    v = u(ns)
    return f"{v:.4g} {u.label}" if v < 1e4 else f"{v:.0f} {u.label}"


def title(sides, what):
    if len(sides) == 1:
        return f"forkbench: {what}\n{sides[0].name + ': ' if len(sides[0].runs) > 1 else ''}{sides[0].describe()}"
    if len({s.describe() for s in sides}) == 1:
        return f"forkbench: {what}\n{' vs '.join(s.name for s in sides)} on {sides[0].describe()}"
    line = " vs ".join(f"{s.name} ({s.describe()})" for s in sides)
    if len(line) <= 130:
        return f"forkbench: {what}\n{line}"
    if len(sides) <= 3:
        return f"forkbench: {what}\n" + "\n".join(side_line(s) for s in sides)
    return f"forkbench: {what}\n{len(sides)} runs: {', '.join(s.name for s in sides)}"[:300]


def side_line(side):
    """'A: kernel 6.1.192-stock, ...', not 'A: 6.1.192-stock: kernel 6.1.192-stock, ...'."""
    letter, _, name = side.name.rpartition(": ")
    if name and f"kernel {name}," in side.describe():
        return f"{letter + ': ' if letter else ''}{side.describe()}"
    return f"{side.name}: {side.describe()}"


def new_figure(nrows=1, ncols=1, height_px=None, **kw):
    height = height_px / DPI if height_px else HEIGHT_IN
    fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH_IN, height), dpi=DPI, squeeze=False, **kw)
    return fig, axes


def wrap(text, width=30):
    """A legend label in lines of at most width characters: at spaces, and
    at hyphens only in a long name (2026-11-22-phases-patched-6.1-tcg)."""
    return "\n".join(textwrap.fill(line, width, break_on_hyphens=any(len(w) > width * 2 // 3
                                                                       for w in line.split()))
                     for line in text.split("\n"))


def finish(fig, heading, legends, out, name, written, footer=None):
    """Title on top, legends stacked outside the axes on the right, an
    optional footer (lines of text) at the bottom, the axes laid out in what
    is left; then PNG and SVG."""
    fig.suptitle(heading, fontsize=10)
    renderer = fig.canvas.get_renderer()
    top = 1 - (fig._suptitle.get_window_extent(renderer).height + 10) / fig.bbox.height
    bottom = 0.0
    if footer:
        t = fig.text(0.01, 0.01, footer, fontsize=8, va="bottom", ha="left", color="#333333")
        bottom = (t.get_window_extent(renderer).height + 12) / fig.bbox.height
    y, width = top, 0.0
    for handles, labels, head in legends:
        if not handles:
            continue
        labels = [wrap(lab) for lab in labels]
        lg = fig.legend(handles, labels, title=head, loc="upper right", bbox_to_anchor=(0.995, y),
                        fontsize=LEGEND_FONT, title_fontsize=LEGEND_FONT + 1, frameon=False,
                        handlelength=2.6, alignment="left")
        ext = lg.get_window_extent(renderer)
        y -= ext.height / fig.bbox.height + 0.02
        width = max(width, ext.width / fig.bbox.width)
    fig.tight_layout(rect=(0, bottom, 1 - width - 0.01 if width else 1, top), h_pad=1.0, w_pad=0.8)
    fig.canvas.draw()  # the layout as the PNG has it, before the SVG's own renderer
    for a, b in overlapping_texts(fig):
        note(f"{name}: labels overlap: {a!r} and {b!r}")
    for ext in ("png", "svg"):
        path = os.path.join(out, f"{name}.{ext}")
        fig.savefig(path, dpi=DPI)
        written.append(path)
    plt.close(fig)


def overlapping_texts(fig):
    """Pairs of drawn texts whose boxes intersect (by more than a pixel):
    every label must be readable, and the tests hold the figures to it."""
    renderer = fig.canvas.get_renderer()
    boxes = []
    for t in fig.findobj(matplotlib.text.Text):
        if not t.get_visible() or not t.get_text().strip() or (t.axes and not t.axes.get_visible()):
            continue
        if t.axes is not None and t in t.axes.get_xticklabels() + t.axes.get_yticklabels():
            # a tick label is drawn only where its tick is inside the view
            axis = t.axes.xaxis if t in t.axes.get_xticklabels() else t.axes.yaxis
            lo, hi = sorted(axis.get_view_interval())
            pos = t.get_position()[0 if axis is t.axes.xaxis else 1]
            if not lo <= pos <= hi:
                continue
        bb = t.get_window_extent(renderer)
        if bb.width > 0 and bb.height > 0:
            boxes.append((t.get_text(), bb))
    pairs = []
    for i, (ta, a) in enumerate(boxes):
        for tb, b in boxes[i + 1:]:
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 1:
                pairs.append((ta, tb))
    return pairs


def rss_label(b):
    for unit, size in (("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if b >= size:
            return f"{b / size:g}{unit}"
    return str(b)


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


def method_colour(method, side=0, sides=1):
    """A method's hue is fixed by the schema's order, in every figure. With
    two sides or more, A takes a dark shade of it and B a light one (half
    white: lighter than that fades on white), a third side the plain hue."""
    c = pair_colour(METHODS.index(method) if method in METHODS else len(METHODS) + len(method), 0)
    if sides < 2:
        return c
    r, g, b = mcolors.to_rgb(c)
    return [darker(c, 0.72), (0.5 + r / 2, 0.5 + g / 2, 0.5 + b / 2), c][side % 3]


def all_runs(sides):
    return [r for s in sides for r in s.runs]


def method_order(runs):
    present = {e["parameters"]["method"] for r in runs for e in r.entries}
    return [m for m in METHODS if m in present] + sorted(present - set(METHODS))


def extra_of(eid):
    """What an entry's id says beyond its method, RSS and THP (cow=0.25,
    vmas=64, ...): such entries get curves of their own."""
    return " ".join(t for t in eid.split()[1:] if not t.startswith(("rss=", "thp=")))


def plot_latency_vs_rss(sides, point, unit_opt, out, written):
    # (method, thp, extra) -> side index -> [(rss, (p10, p50, p90))]
    curves = {}
    for si, side in enumerate(sides):
        for eid, ents in side.by_id.items():
            st = side.stats(eid, point)
            if st:
                p = ents[0]["parameters"]
                key = (p["method"], p["thp"], extra_of(eid))
                curves.setdefault(key, {}).setdefault(si, []).append((p["rss_bytes"], st))
    curves = {k: {si: sorted(pts) for si, pts in v.items() if len(pts) >= 2} for k, v in curves.items()}
    curves = {k: v for k, v in curves.items() if v}
    if not curves:
        note("latency vs RSS: no method was measured at two or more sizes; skipped")
        return
    methods = method_order(all_runs(sides))
    fams = [(t, [m for m in ms if m in methods]) for t, ms in FAMILIES]
    known = {m for _, ms in FAMILIES for m in ms}
    fams.append(("other methods", [m for m in methods if m not in known]))
    fams = [(t, ms) for t, ms in fams if any(k[0] in ms for k in curves)]
    unit = Unit(unit_opt, max(st[1] for v in curves.values() for pts in v.values() for _, st in pts))
    sizes = sorted({b for v in curves.values() for pts in v.values() for b, _ in pts})
    nonzero = [b for b in sizes if b > 0]
    # Log axes cannot show 0: an empty image sits one step left of the
    # smallest size (a factor of 8), labelled 0.
    zero_x = nonzero[0] / 8 if nonzero else 1024

    def x_of(b):
        return b if b > 0 else zero_x

    fig, grid = new_figure(1, len(fams), sharey=True)
    axes = grid[0]
    bands = len(sides) == 1
    for ax, (fam_title, members) in zip(axes, fams):
        for (method, thp, extra), per_side in sorted(curves.items(), key=lambda kv: (
                methods.index(kv[0][0]), THP_ORDER.get(kv[0][1], 3), kv[0][2])):
            if method not in members:
                continue
            ls, mk = THP_STYLE.get(thp, (":", "^"))
            for si, pts in sorted(per_side.items()):
                c = method_colour(method, si, len(sides))
                x = [x_of(b) for b, _ in pts]
                if bands:
                    ax.fill_between(x, [unit(s[0]) for _, s in pts], [unit(s[2]) for _, s in pts],
                                    color=mcolors.to_rgba(c, 0.10 if thp == "off" else 0.07), linewidth=0)
                ax.plot(x, [unit(s[1]) for _, s in pts], linestyle=ls, color=c, marker=mk, ms=4.5,
                        mfc=c if thp == "off" else "white", mec=c, linewidth=1.9)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks([x_of(b) for b in sizes])
        ax.set_xticklabels([rss_label(b) for b in sizes], fontsize=8)
        ax.xaxis.set_minor_locator(ticker.NullLocator())
        ax.set_xlim(x_of(sizes[0]) / 1.6, sizes[-1] * 1.6)
        ax.grid(True, which="major", alpha=0.35)
        ax.grid(True, which="minor", axis="y", alpha=0.12)
        ax.set_title(fam_title, fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
    for ax, (fam_title, members) in zip(axes, fams):
        if fam_title == FAMILIES[0][0]:
            thp_cut_note(ax, members, curves, sides[0].name + ": " if len(sides) > 1 else "")
        elif fam_title == FAMILIES[2][0]:
            flat_note(ax, members, curves, sides[0].name + ": " if len(sides) > 1 else "")
    axes[0].set_ylabel(f"{point} latency ({unit.label}, log scale)")
    log_ticks(axes[0].yaxis, 9)
    fig.supxlabel("parent RSS (log scale" + ("; 0 is drawn left of the smallest size)" if sizes[0] == 0 else ")"),
                  fontsize=9)
    # Legends: method by colour, THP by line, side by shade.
    # in the panels' order, so that each panel's methods stand together
    present = [m for _, ms in fams for m in ms if any(k[0] == m for k in curves)]
    legends = [([Line2D([], [], color=method_colour(m), linewidth=2.2) for m in present], present, "method")]
    thps = sorted({k[1] for k in curves}, key=lambda t: THP_ORDER.get(t, 3))
    legends.append(([Line2D([], [], color="dimgrey", linestyle=THP_STYLE.get(t, (":",))[0],
                            marker=THP_STYLE.get(t, (":", "^"))[1], mfc="dimgrey" if t == "off" else "white",
                            linewidth=1.8) for t in thps], [f"THP {t}" for t in thps], "THP"))
    extras = sorted({k[2] for k in curves if k[2]})
    if len(sides) > 1:
        m0 = present[0]
        legends.append(([Line2D([], [], color=method_colour(m0, si, len(sides)), linewidth=3) for si in range(len(sides))],
                         [s.name for s in sides], f"side (shade; {m0}'s colour)"))
    what = "line: median" + (", band: p10-p90" if bands else " of each side's runs")
    if extras:
        what += "; also " + ", ".join(extras)
    finish(fig, title(sides, f"{point} latency vs parent RSS ({what})"), legends, out, "latency_vs_rss", written)


def note_box(ax, text):
    """A boxed note inside the axes where it covers the least data: an
    empty legend, for matplotlib's 'best' placement, with the note as its
    title."""
    lg = ax.legend([], [], title=text, loc="best", title_fontsize=7.5, frameon=True, framealpha=0.9,
                   edgecolor="lightgrey", borderpad=0.4)
    lg.get_title().set_ha("left")


def flat_note(ax, members, curves, prefix):
    """Says in words how little the shared-mm methods move from the
    smallest size to the largest (THP off, first side)."""
    lines = []
    for m in members:
        pts = curves.get((m, "off", ""), {}).get(0, [])
        if len(pts) >= 2:
            (b0, s0), (b1, s1) = pts[0], pts[-1]
            lines.append(f"{m}: {fmt_time(s0[1])} at {rss_label(b0)}, {fmt_time(s1[1])} at {rss_label(b1)}")
    if lines:
        note_box(ax, prefix + ("\n" if prefix else "") + "\n".join(lines))


def thp_cut_note(ax, members, curves, prefix):
    """Says in words what THP does to the first fork-like method at the
    largest size both THP settings reached (first side)."""
    for m in members:
        off = dict(curves.get((m, "off", ""), {}).get(0, []))
        on = dict(curves.get((m, "on", ""), {}).get(0, []))
        both = sorted(set(off) & set(on))
        if both and both[-1] > 0 and on[both[-1]][1] > 0:
            b = both[-1]
            f = off[b][1] / on[b][1]
            if f >= 1.5:
                note_box(ax, f"{prefix}{m} at {rss_label(b)}: {fmt_time(off[b][1])} with THP off,\n"
                         f"{fmt_time(on[b][1])} with THP on ({f:.0f}x shorter)")
            return


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


def plot_distribution(sides, point, unit_opt, out, written):
    runs = all_runs(sides)
    methods = [m for m in method_order(runs)
               if any(e["parameters"]["method"] == m and e["points"].get(point, {}).get("samples_ns")
                      for r in runs for e in r.entries)]
    if not methods:
        note(f"distribution: no {point} samples; skipped")
        return
    n = len(methods)
    ncols = n if n <= 3 else (2 if n == 4 else 3)
    nrows = math.ceil(n / ncols)
    # Panels of a row share their x range, so that a row reads left to right.
    # Every panel has the same x range, so that methods compare at a glance.
    fig, grid = new_figure(nrows, ncols, sharey=True, sharex=True)
    configs = {}
    largest = 0
    for r in runs:
        for e in r.entries:
            if e["points"].get(point, {}).get("samples_ns"):
                k, label, plain = config_of(e)
                configs.setdefault(k, (k, label, plain))
                largest = max(largest, (point_stats(e, point) or (0, 0, 0))[1])
    configs = sorted(configs.values())
    colours = config_colours(configs)
    unit = Unit(unit_opt, largest)
    axes = [ax for row in grid for ax in row]
    for ax in axes[n:]:
        ax.set_visible(False)
    few = False
    for ax, method in zip(axes, methods):
        for si, side in enumerate(sides):
            for eid, ents in side.by_id.items():
                if ents[0]["parameters"]["method"] != method:
                    continue
                s = side.samples(eid, point)
                if not s:
                    continue
                s = sorted(max(unit(v), 1e-6) for v in s)
                y = [(i + 0.5) / len(s) for i in range(len(s))]
                c = colours[config_of(ents[0])[0]]
                if len(s) < FEW_SAMPLES:
                    few = True
                    ax.plot(s, y, linestyle="none", marker=SIDE_MARKERS[si % 4], ms=3.2, color=c,
                            mfc=c if si == 0 else "white")
                else:
                    ax.step(s, [(i + 1) / len(s) for i in range(len(s))], where="post", color=c,
                            linestyle=SIDE_LINES[si % 4], linewidth=1.3)
        ax.set_xscale("log")
        ax.set_ylim(0, 1)
        ax.tick_params(labelsize=8)
        ax.set_title(method, fontsize=9)
        ax.grid(True, which="major", alpha=0.35)
    fig.supylabel("fraction of samples ≤ x", fontsize=9)
    for ax in axes[max(0, n - ncols):n]:  # the bottom panel of each column keeps its labels
        ax.xaxis.set_tick_params(labelbottom=True)
    log_ticks(axes[0].xaxis, 5 if ncols >= 3 else 7)
    fig.supxlabel(f"{point} latency ({unit.label}, log scale"
                  + ("; every panel has the same range)" if n > 1 else ")"),
                  fontsize=9)
    legends = [([Line2D([], [], color=colours[k], linewidth=2) for k, _, _ in configs],
                [label for _, label, _ in configs], "configuration")]
    if len(sides) > 1:
        legends.append(([Line2D([], [], color="k", linestyle=SIDE_LINES[i % 4], marker=SIDE_MARKERS[i % 4],
                                ms=3.5, mfc="k" if i == 0 else "white") for i in range(len(sides))],
                        [s.name for s in sides], "side (line; dot marker)"))
    if few:
        legends.append(([Line2D([], [], color="k", linestyle="none", marker="o", ms=3)],
                        [f"one dot per sample: an entry of fewer than {FEW_SAMPLES} samples"], "samples"))
    finish(fig, title(sides, f"distribution of {point} latency per method (CDF)"), legends,
           out, "distribution", written)


def side_names_of(sides, compare):
    """The names compare's base and new go by in the ratio plot."""
    if len(sides) == 2:
        return sides[0].name, sides[1].name
    return "base", "new"


def plot_ratio(sides, compare, unit_opt, out, written):
    if not compare:
        note("A vs B ratio: needs two runs (a compare JSON); skipped")
        return
    a_name, b_name = side_names_of(sides, compare)
    sets = compare.get("comparisons", [])
    matched, one_sided = [], []
    for si, cset in enumerate(sets):
        prefix = ""
        if len(sets) > 1:
            new = cset.get("new", {})
            prefix = (new.get("label") or os.path.basename(new.get("file", "?"))) + ": "
        for e in cset.get("entries", []):
            name = prefix + e["id"]
            where = e.get("in", "both")
            if where == "both" and e.get("ratio") is not None:
                matched.append({"name": name, "ratio": e["ratio"], "ci": e.get("ratio_ci95"),
                                "verdict": e.get("verdict", "none"), "note": e.get("note"),
                                "a": (e.get("base") or {}).get("median_ns"),
                                "b": (e.get("new") or {}).get("median_ns")})
            else:
                side = e.get("base") if where == "base" else e.get("new") if where == "new" else None
                med = (side or {}).get("median_ns")
                label = {"base": f"only in {a_name}", "new": f"only in {b_name}"}.get(
                    where, e.get("note") or "not compared")
                one_sided.append(f"{name}: {label}" + (f" (median {fmt_time(med, unit_opt)})" if med else ""))
    if not matched and not one_sided:
        note("A vs B ratio: the comparison has no entries; skipped")
        return
    t = compare.get("threshold", 0.05)
    cut = compare.get("flagged_from", t * FB_CMP_CUT)
    alpha = compare.get("alpha", 0.05)
    # A CI from one run a side can span many decades (1e-25 to 1e21 was
    # seen): the axis stops at RATIO_AXIS_MAX either way, and a bar cut
    # there ends in an arrow; the text column keeps the true bounds.
    def on_axis(v):
        return min(max(v, 1 / RATIO_AXIS_MAX), RATIO_AXIS_MAX)

    vals = [1 + cut, 1 / (1 + cut)]
    for r in matched:
        vals.append(r["ratio"])
        vals += r["ci"] or []
    vals = [on_axis(v) for v in vals if v and v > 0]
    lo, hi = min(vals), max(vals)
    logx = hi / lo > 4
    if logx:
        lo, hi = lo / 1.15, hi * 1.15
    else:
        pad = (hi - lo) * 0.06
        lo, hi = lo - pad, hi + pad
    # One column of rows, every matched entry in it: a forest plot split
    # into panels crowds its labels. Up to 14 rows fit the usual 600 px with
    # the medians on a second line; more rows get one line each and the
    # figure grows 15 px a row.
    rows = len(matched)
    two_lines = rows <= 14
    height_px = 600 if two_lines else max(600, 230 + 15 * rows + 12 * min(len(one_sided), 7))
    fig, axes = new_figure(1, 1, height_px=height_px)
    ax = axes[0][0]
    untested = False
    ax.set_xlim(lo, hi)
    if logx:
        ax.set_xscale("log")
    right = blended_transform_factory(ax.transAxes, ax.transData)
    for i, r in enumerate(matched):
        c = VERDICT_COLOURS.get(r["verdict"], GREY)
        if r["ci"]:
            x, lo_i, hi_i = on_axis(r["ratio"]), on_axis(r["ci"][0]), on_axis(r["ci"][1])
            ax.errorbar([x], [i], xerr=[[x - lo_i], [hi_i - x]],
                        fmt="o", color=c, capsize=3 if two_lines else 2, ms=5 if two_lines else 4)
            for cut_at, bound, marker in ((lo_i, r["ci"][0], "<"), (hi_i, r["ci"][1], ">")):
                if cut_at != bound:
                    ax.plot([cut_at], [i], marker, color=c, ms=6 if two_lines else 5)
            ci = f" [{r['ci'][0]:.3g}, {r['ci'][1]:.3g}]"
        else:  # both sides, but not tested (too few runs or samples)
            untested = True
            ax.plot([r["ratio"]], [i], "o", mfc="white", color=GREY, ms=5 if two_lines else 4)
            ci = " (" + (r["note"] or "not tested") + ")"
        # The figures as a column right of the axes, where nothing else is
        # drawn: labels never meet the markers, the cut lines or each other.
        meds = f"{fmt_time(r['a'], unit_opt)} → {fmt_time(r['b'], unit_opt)}" if r["a"] and r["b"] else ""
        ax.text(1.02, i, f"×{r['ratio']:.3f}{ci}" + ("\n" if two_lines else "  ") + meds, transform=right,
                va="center", ha="left", fontsize=7.5 if two_lines else 7, color=c if r["ci"] else "dimgrey",
                linespacing=1.1)
    ax.axvline(1, color="k", linewidth=0.8)
    for x in (1 + cut, 1 / (1 + cut)):
        ax.axvline(x, color="grey", linestyle="--", linewidth=0.9)
    top = blended_transform_factory(ax.transData, ax.transAxes)
    ax.text(1 + cut, 1.0, f" +{cut * 100:.3g}%", transform=top, ha="left", va="bottom",
            fontsize=8, color="dimgrey")
    ax.text(1 / (1 + cut), 1.0, f"−{cut * 100:.3g}% ", transform=top, ha="right", va="bottom",
            fontsize=8, color="dimgrey")
    ax.text(1.02, 1.0, "ratio [95% CI]" + ("\n" if two_lines else "  ")
            + f"median {a_name.split(':')[0]} → {b_name.split(':')[0]}",
            transform=ax.transAxes, ha="left", va="bottom", fontsize=7.5, color="dimgrey")
    ax.set_yticks(range(rows))
    ax.set_yticklabels([r["name"] for r in matched], fontsize=8 if two_lines else 7.5)
    ax.set_ylim(max(rows, 3) - 0.5, -0.5)
    if logx:
        log_ticks(ax.xaxis, 7)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(True, axis="x", alpha=0.3)
    if not matched:
        ax.text(0.5, 0.5, "no entry ran on both sides", transform=ax.transAxes, ha="center", color="dimgrey")
    ax.set_xlabel(f"ratio of {compare.get('point', '?')} medians, {b_name.split(':')[0]} / "
                       f"{a_name.split(':')[0]} (bar: 95% CI over runs)", fontsize=9)
    handles = [Line2D([], [], marker="o", color=VERDICT_COLOURS[v], linestyle="") for v in
               ("slower", "faster", "no change")]
    labels = ["slower (regression)", "faster", "no change"]
    if untested:
        handles.append(Line2D([], [], marker="o", mfc="white", color=GREY, linestyle=""))
        labels.append("not tested")
    handles.append(Line2D([], [], color="grey", linestyle="--"))
    labels.append(f"flagged from ±{cut * 100:.3g}% ({cut / t:.2g} × the {t * 100:g}% threshold) when "
                  f"the Holm-adjusted p < {alpha:g}" if t else f"flagged from ±{cut * 100:.3g}%")
    footer = None
    if one_sided:
        shown = one_sided[:6]
        more = f"\n... and {len(one_sided) - 6} more (compare.json lists them)" if len(one_sided) > 6 else ""
        footer = "Not in the plot, measured on one side only:\n  " + "\n  ".join(shown) + more
    finish(fig, title(sides, f"B vs A per entry, matched entries ({compare.get('slower', 0)} slower, "
                             f"{compare.get('faster', 0)} faster)"),
           [(handles, labels, "verdict")], out, "ratio", written, footer=footer)


def phase_samples(entries):
    """{phase: [ns per sample]} pooled over entries (a side's runs), the
    untimed remainder per sample as OTHER_PHASE where the entry has a total
    and every phase has as many samples; None without phase data. Reads the
    engine's layout (phases.phases.<name>.samples) and a flat
    {name: {samples|summary}} one."""
    out = {}
    for e in entries:
        ph = e.get("phases")
        if not isinstance(ph, dict):
            continue
        if isinstance(ph.get("phases"), dict):
            ph = ph["phases"]
        got = {}
        for k, v in ph.items():
            if isinstance(v, dict) and isinstance(v.get("samples"), list):
                got[k] = [float(x) for x in v["samples"] if isinstance(x, (int, float))]
            elif isinstance(v, dict) and isinstance(v.get("summary"), dict) and "p50" in v["summary"]:
                got[k] = [float(v["summary"]["p50"])]
            elif isinstance(v, (int, float)):
                got[k] = [float(v)]
        total = got.get("total")
        parts = [v for k, v in got.items() if k != "total"]
        if total and parts and all(len(v) == len(total) for v in parts):
            got[OTHER_PHASE] = [max(t - sum(p[i] for p in parts), 0.0) for i, t in enumerate(total)]
        for k, v in got.items():
            out.setdefault(k, []).extend(v)
    return {k: v for k, v in out.items() if v} or None


def plot_phases(sides, unit_opt, out, written):
    data = []  # (side index, method, config key, config label, {phase: median ns})
    for si, side in enumerate(sides):
        for eid, ents in side.by_id.items():
            ps = phase_samples(ents)
            if ps and any(k not in ("total", OTHER_PHASE) for k in ps):
                k, label, _ = config_of(ents[0])
                data.append((si, ents[0]["parameters"]["method"], k, label,
                             {name: median(v) for name, v in ps.items()}))
    if not data:
        note("copy_process phases: no entry has phase data (stock kernel?); skipped")
        return
    methods = [m for m in method_order(all_runs(sides)) if any(d[1] == m for d in data)]
    names = {k for d in data for k in d[4]}
    rows = [n for n in PHASES if n in names] + sorted(n for n in names if n not in PHASES
                                                       and n not in (OTHER_PHASE, "total"))
    rows += [n for n in (OTHER_PHASE, "total") if n in names]
    configs = sorted({(d[2], d[3], d[2][2] == "") for d in data})
    colours = config_colours(configs)
    unit = Unit(unit_opt, max(v for d in data for v in d[4].values()))
    side_ix = sorted({d[0] for d in data})
    ncols = min(len(methods), 3)
    nrows = math.ceil(len(methods) / ncols)
    fig, grid = new_figure(nrows, ncols, sharex=True, sharey=True)
    axes = [ax for row in grid for ax in row]
    for ax in axes[len(methods):]:
        ax.set_visible(False)
    nconf = len(configs) * len(side_ix)
    step = min(0.8 / max(nconf, 1), 0.14)
    for ax, method in zip(axes, methods):
        slot = 0
        for j, si in enumerate(side_ix):
            for k, _, _ in configs:
                row = [d[4] for d in data if d[0] == si and d[1] == method and d[2] == k]
                off = (slot - (nconf - 1) / 2) * step
                slot += 1
                if not row:
                    continue
                ys = [i + off for i, n in enumerate(rows) if n in row[0]]
                xs = [max(unit(row[0][n]), 1e-6) for n in rows if n in row[0]]
                ax.plot(xs, ys, linestyle="none", marker=SIDE_MARKERS[j % 4], ms=4.5, color=colours[k],
                        mfc=colours[k] if j == 0 else "white", mew=1.2)
        for i in range(len(rows)):
            if i % 2 == 0:
                ax.axhspan(i - 0.5, i + 0.5, color="#f2f2f2", zorder=0, linewidth=0)
        if "total" in rows:
            ax.axhline(len(rows) - 1.5, color="grey", linewidth=0.8)
        ax.set_xscale("log")
        ax.set_title(method, fontsize=9)
        ax.grid(True, axis="x", which="major", alpha=0.35)
        ax.tick_params(labelsize=8)
    axes[0].set_yticks(range(len(rows)))
    axes[0].set_yticklabels(rows, fontsize=8)
    axes[0].set_ylim(len(rows) - 0.5, -0.5)
    log_ticks(axes[0].xaxis, 5 if ncols >= 3 else 7)
    fig.supxlabel(f"median time per call ({unit.label}, log scale: the small phases stay visible); "
                  "medians do not add up to the total's", fontsize=9)
    legends = [([Line2D([], [], color=colours[k], marker="o", linestyle="none") for k, _, _ in configs],
                [label for _, label, _ in configs], "configuration")]
    if len(side_ix) > 1:
        legends.append(([Line2D([], [], color="k", marker=SIDE_MARKERS[j % 4], linestyle="none",
                                mfc="k" if j == 0 else "white") for j in range(len(side_ix))],
                        [sides[si].name for si in side_ix], "side"))
    finish(fig, title([sides[i] for i in side_ix], "copy_process phases per method (median per phase)"),
           legends, out, "phases", written)


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
    if matplotlib is None:
        note(f"{sys.executable} cannot import matplotlib (apt-get install python3-matplotlib): "
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

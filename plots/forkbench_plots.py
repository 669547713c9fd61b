#!/usr/bin/python3
"""Draws forkbench's figures from results JSON (and a compare JSON).

Run with Debian's /usr/bin/python3 (python3-matplotlib); headless (Agg).
Usually called by plots/draw.sh, which also runs compare and gnuplot.

  forkbench_plots.py --out DIR [--compare COMPARE.json] [--point P]
                     RESULTS.json [RESULTS.json...]
  forkbench_plots.py --export-csv OUT.csv RESULTS.json

With --out it also writes DIR/csv/NAME.csv (forkbench's summary CSV format,
bench/results_csv.c) and DIR/csv/NAME.title for the gnuplot scripts.

Every figure is written as NAME.png (1000x600 px) and NAME.svg. A figure
whose data the input lacks (phase times, COW, a second run) is skipped
with a note on stderr, never an error.
"""
import argparse
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

WIDTH_IN, HEIGHT_IN, DPI = 10, 6, 100  # every PNG is 1000x600 px
POINTS = ("create", "child_start", "roundtrip", "cow")
CSV_HEADER = ("label,method,rss_bytes,thp,touch,vmas,fds,threads,shared,hugetlb_bytes,cow_fraction,"
              "cow_side,point,status,n,min,p10,p25,p50,p75,p90,p99,p99_9,max,mean,stddev,mad,"
              "ci_lo,ci_hi,outliers,cow_pages,per_page_p50")


def note(msg):
    print(f"forkbench_plots: {msg}", file=sys.stderr)


class Run:
    """One results file: its context, a short name and the entries."""

    def __init__(self, path):
        with open(path) as f:
            d = json.load(f)
        if d.get("schema") != "forkbench-results" or d.get("schema_version") != 1:
            raise ValueError(f"{path}: not a forkbench results file (schema version 1)")
        self.path = path
        self.doc = d
        self.context = d.get("context", {})
        self.entries = [e for e in d.get("results", []) if e.get("points")]
        run = d.get("run", {})
        self.kernel = self.context.get("kernel", {}).get("release") or "unknown kernel"
        self.name = run.get("label") or self.kernel
        self.cpu = (self.context.get("cpu", {}).get("model") or "unknown CPU").strip()
        self.tcg = is_tcg(path, self.context)

    def describe(self):
        return f"kernel {self.kernel}, {self.cpu}" + (", TCG emulation" if self.tcg else "")


def is_tcg(path, context):
    """TCG from the hypervisor string, or from the QEMU runner's guest.json
    sidecar (DIR/guest.json, or STEM.guest.json next to STEM.json)."""
    hv = (context.get("virtualization", {}).get("hypervisor") or "").upper()
    if "TCG" in hv:
        return True
    stem = path[:-5] if path.endswith(".json") else path
    for side in (os.path.join(os.path.dirname(os.path.abspath(path)), "guest.json"),
                 stem + ".guest.json"):
        try:
            with open(side) as f:
                if str(json.load(f).get("accel", "")).lower() == "tcg":
                    return True
        except (OSError, ValueError, AttributeError):
            pass
    return False


def quantile(s, q):
    """Linear interpolation, as bench/stats.c's fb_quantile (R type 7)."""
    if not s:
        return float("nan")
    h = (len(s) - 1) * q
    lo = int(math.floor(h))
    if lo + 1 >= len(s):
        return s[-1]
    return s[lo] + (h - lo) * (s[lo + 1] - s[lo])


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
    return f"forkbench: {what}\n" + " vs ".join(f"{r.name} ({r.describe()})" for r in runs)


def new_figure(ncols=1, sharey=False):
    fig, axes = plt.subplots(1, ncols, figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, squeeze=False,
                             sharey=sharey)
    return fig, axes[0]


def save(fig, out, name, written):
    fig.tight_layout()
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


STYLES = {"off": "-", "on": "--", "system": ":"}


def plot_latency_vs_rss(runs, point, out, written):
    fig, axes = new_figure(len(runs), sharey=True)  # runs side by side, same scale
    drawn = False
    for ax, run in zip(axes, runs):
        groups = {}
        for e in run.entries:
            st = point_stats(e, point)
            if st:
                p = e["parameters"]
                groups.setdefault((p["method"], p["thp"]), []).append((p["rss_bytes"], st))
        colors = {}
        for (method, thp), pts in sorted(groups.items()):
            if len(pts) < 2:
                continue  # a curve needs two sizes; single points go to the CDF
            pts.sort()
            x = [rss_x(b) for b, _ in pts]
            lo = [s[0] / 1e3 for _, s in pts]
            mid = [s[1] / 1e3 for _, s in pts]
            hi = [s[2] / 1e3 for _, s in pts]
            c = colors.setdefault(method, f"C{len(colors) % 10}")
            ax.fill_between(x, lo, hi, color=c, alpha=0.15, linewidth=0)
            ax.plot(x, mid, STYLES.get(thp, "-"), color=c, marker="o", ms=3,
                    label=f"{method}, THP {thp}")
            drawn = True
        ax.set_xscale("log")
        ax.set_yscale("log")
        sizes = sorted({e["parameters"]["rss_bytes"] for e in run.entries})
        ax.set_xticks([rss_x(b) for b in sizes])
        ax.set_xticklabels([rss_label(b) for b in sizes])
        ax.minorticks_off()
        ax.set_xlabel("parent RSS (bytes, log scale)")
        ax.set_ylabel(f"{point} latency (µs, log scale)")
        ax.grid(True, which="major", alpha=0.3)
        if len(runs) > 1:
            ax.set_title(run.name, fontsize=9)
        if ax.lines:
            ax.legend(fontsize=7, loc="upper left")
    if not drawn:
        plt.close(fig)
        note("latency vs RSS: no method was measured at two or more sizes; skipped")
        return
    fig.suptitle(title(runs, f"{point} latency vs parent RSS (median, band p10-p90)"), fontsize=10)
    save(fig, out, "latency_vs_rss", written)


def plot_distribution(runs, point, out, written):
    methods = sorted({e["parameters"]["method"] for r in runs for e in r.entries
                      if e["points"].get(point, {}).get("samples_ns")})
    if not methods:
        note(f"distribution: no {point} samples; skipped")
        return
    fig, axes = new_figure(min(len(methods), 4))
    for ax, method in zip(axes, methods):
        k = 0
        for ri, run in enumerate(runs):
            for e in run.entries:
                p = e["parameters"]
                s = e["points"].get(point, {}).get("samples_ns")
                if p["method"] != method or not s:
                    continue
                s = sorted(v / 1e3 for v in s)
                y = [(i + 0.5) / len(s) for i in range(len(s))]
                lab = f"{rss_label(p['rss_bytes'])} THP {p['thp']}"
                if len(runs) > 1:
                    lab = f"{run.name}: {lab}"
                ax.step(s, y, where="post", color=f"C{k % 10}",
                        linestyle=("-", "--", ":", "-.")[ri % 4], label=lab, linewidth=1)
                k += 1
        ax.set_xscale("log")
        ax.set_ylim(0, 1)
        ax.set_xlabel(f"{point} latency (µs, log scale)")
        ax.set_ylabel("fraction of samples ≤ x")
        ax.set_title(method, fontsize=9)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=6, loc="lower right")
    if len(methods) > 4:
        note(f"distribution: showing 4 of {len(methods)} methods ({', '.join(methods[:4])})")
    fig.suptitle(title(runs, f"distribution of {point} latency per method (CDF)"), fontsize=10)
    save(fig, out, "distribution", written)


def plot_ratio(runs, compare, out, written):
    if not compare:
        note("A vs B ratio: needs two runs (a compare JSON); skipped")
        return
    rows = []
    for cset in compare["comparisons"]:
        for e in cset["entries"]:
            if e.get("ratio") is not None and e.get("ratio_ci95"):
                name = e["id"] if len(compare["comparisons"]) == 1 else \
                    f"{cset['new'].get('label') or cset['new']['file']}: {e['id']}"
                rows.append((name, e["ratio"], e["ratio_ci95"], e["verdict"]))
    if not rows:
        note("A vs B ratio: no entry could be compared; skipped")
        return
    fig, axes = new_figure()
    ax = axes[0]
    colors = {"slower": "C3", "faster": "C2"}
    for i, (name, r, ci, verdict) in enumerate(rows):
        c = colors.get(verdict, "C0")
        ax.errorbar([r], [i], xerr=[[r - ci[0]], [ci[1] - r]], fmt="o", color=c, capsize=3)
        if verdict == "slower":
            ax.annotate("regression", (ci[1], i), xytext=(5, -3), textcoords="offset points",
                        color=c, fontsize=8)
    t = compare.get("threshold", 0.05)
    ax.axvline(1, color="k", linewidth=0.8)
    for x in (1 + t, 1 / (1 + t)):
        ax.axvline(x, color="grey", linestyle=":", linewidth=0.8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r[0] for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(f"ratio of {compare['point']} medians, new / base (95% bootstrap CI); "
                  f"dotted: ±{t * 100:g}% threshold")
    ax.grid(True, axis="x", alpha=0.3)
    fig.suptitle(title(runs, "new vs base per entry (red: regression)"), fontsize=10)
    save(fig, out, "ratio", written)


def phase_value(v):
    """A phase time in ns, whether stored as a number or as a summary."""
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, dict):
        for k in ("p50", "median_ns", "median", "mean"):
            if isinstance(v.get(k), (int, float)):
                return float(v[k])
        if isinstance(v.get("summary"), dict):
            return phase_value(v["summary"])
    return None


def plot_phases(runs, out, written):
    run = runs[-1]
    rows = []
    for e in run.entries:
        ph = e.get("phases")
        if isinstance(ph, dict) and isinstance(ph.get("phases"), dict):
            ph = ph["phases"]  # tolerate a wrapper object
        if not isinstance(ph, dict):
            continue
        vals = {k: phase_value(v) for k, v in ph.items() if k != "total"}
        vals = {k: v for k, v in vals.items() if v is not None}
        if vals:
            rows.append((e["parameters"], vals))
    if not rows:
        note("copy_process phases: no entry has phase data (stock kernel?); skipped")
        return
    methods = sorted({p["method"] for p, _ in rows})
    # One phase order (largest first) for all panels, so a colour is a phase.
    names = sorted({k for _, v in rows for k in v}, key=lambda k: -max(v.get(k, 0) for _, v in rows))
    fig, axes = new_figure(min(len(methods), 3))
    for ax, method in zip(axes, methods):
        sel = sorted(((p["rss_bytes"], p["thp"]), v) for p, v in rows if p["method"] == method)
        x = range(len(sel))
        bottom = [0.0] * len(sel)
        for i, name in enumerate(names):
            h = [v.get(name, 0) / 1e3 for _, v in sel]
            ax.bar(x, h, bottom=bottom, label=name, color=f"C{i % 10}")
            bottom = [b + y for b, y in zip(bottom, h)]
        ax.set_xticks(list(x))
        ax.set_xticklabels([f"{rss_label(r)}\nTHP {t}" for (r, t), _ in sel], fontsize=7)
        ax.set_xlabel("parent RSS")
        ax.set_ylabel("time in copy_process (µs, median per phase)")
        ax.set_title(method, fontsize=9)
        ax.legend(fontsize=6)
    fig.suptitle(title([run], "copy_process phase breakdown vs RSS"), fontsize=10)
    save(fig, out, "phases", written)


def plot_cow(runs, out, written):
    fig, axes = new_figure()
    ax = axes[0]
    drawn = False
    for ri, run in enumerate(runs):
        groups = {}
        for e in run.entries:
            cow = e.get("cow") or {}
            v = (cow.get("per_page_ns") or {}).get("p50")
            if cow.get("pages") and v:
                p = e["parameters"]
                groups.setdefault((p["method"], p["thp"]), []).append((p["rss_bytes"], v))
        for k, ((method, thp), pts) in enumerate(sorted(groups.items())):
            pts.sort()
            lab = f"{method}, THP {thp}" + (f" ({run.name})" if len(runs) > 1 else "")
            ax.plot([b for b, _ in pts], [v for _, v in pts], STYLES.get(thp, "-"), marker="o",
                    color=f"C{(k + 3 * ri) % 10}", label=lab)
            drawn = True
    if not drawn:
        plt.close(fig)
        note("COW per page: no entry with --cow pages; skipped")
        return
    sizes = sorted({e["parameters"]["rss_bytes"] for r in runs for e in r.entries
                    if (e.get("cow") or {}).get("pages")})
    ax.set_xscale("log")
    ax.set_ylim(bottom=0)  # linear: per-page costs span less than a decade
    ax.set_xticks(sizes)
    ax.set_xticklabels([rss_label(b) for b in sizes])
    ax.minorticks_off()
    ax.set_xlabel("parent RSS (bytes, log scale)")
    ax.set_ylabel("copy-on-write cost per page written (ns, median)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7)
    fig.suptitle(title(runs, "copy-on-write fault cost per page after fork"), fontsize=10)
    save(fig, out, "cow_per_page", written)


def export_csv(run, path):
    """forkbench's summary CSV (bench/results_csv.c) from the JSON, for gnuplot."""
    lines = [CSV_HEADER]
    for e in run.entries:
        p = e["parameters"]
        cow = e.get("cow") or {}
        for point in POINTS:
            s = e["points"].get(point, {}).get("summary")
            if not s or not s.get("n"):
                continue
            pages = cow.get("pages", 0) if point == "cow" else 0
            per_page = (s["p50"] / pages) if pages else 0.0
            cols = [run.name, p["method"], p["rss_bytes"], p["thp"], p["touch"], p["vmas"], p["fds"],
                    p["threads"], int(p["shared"]), p["hugetlb_bytes"], f"{p['cow_fraction']:g}",
                    p["cow_side"], point, "ok" if e["status"] == "ok" else "partial", s["n"]]
            cols += [f"{s[k]:.0f}" for k in ("min", "p10", "p25", "p50", "p75", "p90", "p99",
                                               "p99_9", "max")]
            cols += [f"{s['mean']:.1f}", f"{s['stddev']:.1f}", f"{s['mad']:.1f}",
                     f"{s['ci95'][0]:.0f}", f"{s['ci95'][1]:.0f}", s["outliers"], pages,
                     f"{per_page:.2f}"]
            lines.append(",".join(str(c).replace(",", ";") for c in cols))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="+")
    ap.add_argument("--out")
    ap.add_argument("--compare", help="forkbench compare --json output for the ratio plot")
    ap.add_argument("--point", default="roundtrip", choices=POINTS[:3])
    ap.add_argument("--export-csv", metavar="CSV")
    ap.add_argument("--describe", action="store_true", help="print the title line of the runs")
    a = ap.parse_args()
    try:
        runs = [Run(p) for p in a.results]
        if len({r.name for r in runs}) < len(runs):
            # Same label (e.g. A/A on one kernel): tell the runs apart by file.
            for r in runs:
                r.name = os.path.splitext(os.path.basename(r.path))[0]
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
    if a.export_csv:
        export_csv(runs[0], a.export_csv)
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
    # What gnuplot needs, so that draw.sh starts Python only once: each run's
    # summary CSV in forkbench's format and its title line.
    os.makedirs(os.path.join(a.out, "csv"), exist_ok=True)
    for r in runs:
        stem = os.path.join(a.out, "csv", os.path.splitext(os.path.basename(r.path))[0])
        export_csv(r, stem + ".csv")
        with open(stem + ".title", "w") as f:
            f.write(title([r], "").split("\n", 1)[1].replace("'", "") + "\n")
    for w in written:
        print(w)
    return 0


if __name__ == "__main__":
    sys.exit(main())

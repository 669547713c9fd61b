#!/usr/bin/python3
"""Draws where the time went between two kernels: B - A per copy_process phase.

Run with Debian's /usr/bin/python3 (python3-matplotlib); headless (Agg).
Called by plots/draw.sh with the compare JSON it made or found.

  phase_delta.py --out DIR COMPARE.json

From `forkbench compare --json` (schema 3): every entry whose "phases" is
not null (both sides carried the kernel's copy_process phases) gets a
panel: one horizontal bar per phase, B's median minus A's (the rows'
"delta_ns", runs as the unit) on a linear axis in µs, with its 95% CI
(the rows' "delta_ci95_ns" where compare gives one, else the ratio's CI
times A's median, "ratio_ci95" x "a_ns" - "a_ns"), the phases compare
says moved filled, the others hollow, and compare's own summary line as
the panel's title. Nothing is computed here beyond that change of unit:
the figures are compare's.

Writes DIR/phase_delta.png (1000 px wide, 600 px or 300 px a panel when
there are more than two) and DIR/phase_delta.svg. A compare JSON without
phases: a note on stderr, nothing drawn, exit 0. Without matplotlib: the
same. A file that is not a compare JSON: one line on stderr, exit 2.
"""
import argparse
import json
import os
import sys
import textwrap

WIDTH_IN, HEIGHT_IN, DPI = 10, 6, 100


def die(msg):
    print("phase_delta: " + msg, file=sys.stderr)
    sys.exit(2)


def rows_of(doc):
    """Every compared entry, whichever layout the schema version has."""
    if isinstance(doc.get("entries"), list):
        return doc["entries"]
    rows = []
    for c in doc.get("comparisons") or []:
        rows.extend(c.get("entries") or [])
    return rows


def delta_ci(row):
    """The CI of B - A in ns: compare's own, or its ratio CI in ns of A."""
    ci = row.get("delta_ci95_ns", row.get("delta_ci95"))
    if isinstance(ci, list) and len(ci) == 2 and None not in ci:
        return ci
    r, a = row.get("ratio_ci95"), row.get("a_ns")
    if isinstance(r, list) and len(r) == 2 and None not in r and a is not None:
        return [a * r[0] - a, a * r[1] - a]
    return None


def draw(panels, out):
    import matplotlib.pyplot as plt  # imported once there is something to draw

    n = len(panels)
    height = HEIGHT_IN if n <= 2 else 3 * n
    fig, axes = plt.subplots(n, 1, figsize=(WIDTH_IN, height), dpi=DPI, squeeze=False)
    for ax, (entry, ph) in zip(axes[:, 0], panels):
        rows = [r for r in ph.get("rows") or [] if r.get("delta_ns") is not None]
        names = [r.get("phase", "?") for r in rows]
        y = list(range(len(rows)))
        delta = [r["delta_ns"] / 1000 for r in rows]
        lo, hi = [], []
        for r, d in zip(rows, delta):
            ci = delta_ci(r)
            lo.append(d - ci[0] / 1000 if ci else 0)
            hi.append(ci[1] / 1000 - d if ci else 0)
        moved = [bool(r.get("moved")) for r in rows]
        ax.barh(y, delta, xerr=[lo, hi], capsize=3,
                color=["tab:red" if m else "white" for m in moved],
                edgecolor=["tab:red" if m else "tab:gray" for m in moved],
                ecolor="black", linewidth=1)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(y)
        ax.set_yticklabels(names, fontsize=8)
        ax.invert_yaxis()  # the kernel's order, top down
        ax.set_xlabel("B - A per phase (µs), 95% CI; filled: moved")
        title = entry
        if ph.get("summary"):
            title += ": " + ph["summary"]
        elif ph.get("where"):
            title += ": " + ph["where"]
        ax.set_title("\n".join(textwrap.wrap(title, 120)), fontsize=9)
        ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    for ext in ("png", "svg"):
        fig.savefig(os.path.join(out, "phase_delta." + ext))
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="directory for phase_delta.png/.svg")
    ap.add_argument("compare", help="forkbench compare --json output")
    args = ap.parse_args()
    try:
        with open(args.compare, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        die(f"{args.compare}: {e}")
    if not isinstance(doc, dict) or doc.get("schema") != "forkbench-compare":
        die(f"{args.compare}: not a forkbench compare JSON (no \"schema\": \"forkbench-compare\")")
    panels = [(r.get("id", "?"), r["phases"]) for r in rows_of(doc)
              if isinstance(r.get("phases"), dict) and r["phases"].get("rows")]
    if not panels:
        print("phase_delta: no entry carries phases on both sides (kernels without the "
              "tracepoint series, or runs without --trace): no phase_delta plot", file=sys.stderr)
        return 0
    try:
        import matplotlib
    except ImportError:
        print("phase_delta: matplotlib is missing (apt-get install python3-matplotlib): "
              "no phase_delta plot", file=sys.stderr)
        return 0
    matplotlib.use("Agg")
    os.makedirs(args.out, exist_ok=True)
    draw(panels, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

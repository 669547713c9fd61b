"""ratio: the B/A forest plot of compare's matched entries, with its
verdicts and both sides' figures as a column beside the axes."""
import os

from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from .figure import finish, new_figure, title
from .runs import note
from .style import GREY, VERDICT_COLOURS, VERDICT_LABELS, log_ticks
from .units import fmt_time, plain


# forkbench compare flags a significant change from FB_CMP_CUT of the
# threshold (bench/compare/compare_stats.c); used when the compare JSON
# predates its "flagged_from" field.
FB_CMP_CUT = 0.6


# The ratio plot's axis ends at this factor either way of 1.
RATIO_AXIS_MAX = 10.0


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
            ci = f" [{plain(r['ci'][0])}, {plain(r['ci'][1])}]"
        else:  # both sides, but not judged (too few runs or samples)
            untested = True
            ax.plot([r["ratio"]], [i], "o", mfc="white", color=GREY, ms=5 if two_lines else 4)
            ci = " (" + (r["note"] or "not judged") + ")"
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
    # compare's ratio: of the runs' values (schema 3), of their medians before
    ax.set_xlabel(f"{compare.get('point', '?')}: ratio {b_name.split(':')[0]} / {a_name.split(':')[0]} "
                  "as compare gives it (bar: 95% CI over runs)", fontsize=9)
    # the three words of every comparison, and the others where they occur
    words = [v for v in VERDICT_COLOURS if v in ("slower", "faster", "no change")
             or any(r["verdict"] == v for r in matched)]
    handles = [Line2D([], [], marker="o", color=VERDICT_COLOURS[v], linestyle="") for v in words]
    labels = [VERDICT_LABELS[v] for v in words]
    if untested:
        handles.append(Line2D([], [], marker="o", mfc="white", color=GREY, linestyle=""))
        labels.append("not judged")
    handles.append(Line2D([], [], color="grey", linestyle="--"))
    labels.append(f"flagged from ±{cut * 100:.3g}% ({cut / t:.2g} × the {t * 100:g}% threshold) when "
                  f"the Holm-adjusted p < {alpha:g}" if t else f"flagged from ±{cut * 100:.3g}%")
    footer = None
    if one_sided:
        shown = one_sided[:6]
        more = f"\n... and {len(one_sided) - 6} more (compare.json lists them)" if len(one_sided) > 6 else ""
        footer = "Not in the plot, measured on one side only:\n  " + "\n  ".join(shown) + more
    # compare's own count of each word (schema 3), else its slower and faster
    counts = compare.get("verdicts") or {"slower": compare.get("slower", 0), "faster": compare.get("faster", 0)}
    said = ", ".join(f"{n} {w}" for w, n in counts.items() if n or w in ("slower", "faster"))
    finish(fig, title(sides, f"B vs A per entry, matched entries ({said})"),
           [(handles, labels, "verdict")], out, "ratio", written, footer=footer)

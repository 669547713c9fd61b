"""phases: the median time of each copy_process phase per method and image
(a kernel with kernel-patch/ and run --trace), as forkbench summarised
them: each run's median of each phase, one marker a run.

A panel is one method: colour tells the images apart (a sequential scale,
never the methods' hues), the marker is THP (filled circle off, hollow
square on), a side is a shade. The phases span five decades, so each tick
of the time axis says its own unit, unless --unit forces one. What the
timed phases leave of the total (the steps the event does not time one by
one) is the panel's title: forkbench's median of their sum over the
total, per call."""
import math

from matplotlib.lines import Line2D

from .figure import finish, new_figure, title
from .runs import PHASES, THP_ORDER, all_runs, image_of, method_order, note
from .style import image_colours, log_ticks, shade, thp_style, time_ticks
from .units import Unit


def phase_medians(entry):
    """({phase: median ns}, median share of the total the timed phases
    cover, or None) from the entry's own summaries: the engine's layout
    (phases.phases.<name>.summary, phases.sum_of_phases_over_total) or a
    flat {name: {summary}} one; None without phase data."""
    ph = entry.get("phases")
    if not isinstance(ph, dict):
        return None
    share = (ph.get("sum_of_phases_over_total") or {}).get("p50")
    if isinstance(ph.get("phases"), dict):
        ph = ph["phases"]
    got = {}
    for k, v in ph.items():
        if isinstance(v, dict) and isinstance(v.get("summary"), dict) and \
                isinstance(v["summary"].get("p50"), (int, float)):
            got[k] = float(v["summary"]["p50"])
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            got[k] = float(v)
    if not any(k != "total" for k in got):
        return None
    return got, share if isinstance(share, (int, float)) else None


def pct(share):
    """94%, or 99.8% where rounding would claim the whole total."""
    text = f"{share * 100:.0f}%"
    return f"{share * 100:.1f}%" if text == "100%" and share < 1 else text


def plot_phases(sides, unit_opt, out, written):
    data = []  # (side index, method, (image key, THP), image label, {phase: median ns}, timed share)
    for si, side in enumerate(sides):
        for eid, ents in side.by_id.items():
            for e in ents:  # each run its own marker: the plot takes no median of medians
                got = phase_medians(e)
                if got:
                    k, label = image_of(e)
                    thp = e["parameters"]["thp"]
                    data.append((si, e["parameters"]["method"], (k, THP_ORDER.get(thp, 3), thp), label,
                                 got[0], got[1]))
    if not data:
        note("copy_process phases: no entry has phase data (stock kernel?); skipped")
        return
    methods = [m for m in method_order(all_runs(sides)) if any(d[1] == m for d in data)]
    names = {k for d in data for k in d[4]}
    rows = [n for n in PHASES if n in names] + sorted(n for n in names if n not in PHASES and n != "total")
    rows += ["total"] if "total" in names else []
    configs = sorted({d[2] for d in data})
    images = {d[2][0]: d[3] for d in data}
    colours = image_colours(sorted(images))
    thps = sorted({c[2] for c in configs}, key=lambda t: THP_ORDER.get(t, 3))
    # ns unless --unit forces one: time_ticks labels each tick in its unit
    unit = Unit(unit_opt, 0) if unit_opt else None
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
            for k in configs:
                off = (slot - (nconf - 1) / 2) * step
                slot += 1
                for run in [d[4] for d in data if d[0] == si and d[1] == method and d[2] == k]:
                    ys = [i + off for i, n in enumerate(rows) if n in run]
                    xs = [max(unit(run[n]) if unit else run[n], 1e-6) for n in rows if n in run]
                    c = shade(colours[k[0]], j, len(side_ix))
                    ls, mk = thp_style(k[2])
                    ax.plot(xs, ys, linestyle="none", marker=mk, ms=4.5, color=c,
                            mfc=c if ls == "-" else "white", mew=1.2)
        for i in range(len(rows)):
            if i % 2 == 0:
                ax.axhspan(i - 0.5, i + 0.5, color="#f2f2f2", zorder=0, linewidth=0)
        if "total" in rows:
            ax.axhline(len(rows) - 1.5, color="grey", linewidth=0.8)
        ax.set_xscale("log")
        shares = sorted(d[5] for d in data if d[1] == method and d[5] is not None)
        covered = ""
        if shares:
            lo, hi = pct(shares[0]), pct(shares[-1])
            covered = f"\ntimed phases: {lo}{'' if lo == hi else f'-{hi}'} of the total"
        ax.set_title(method + covered, fontsize=9)
        ax.grid(True, axis="x", which="major", alpha=0.35)
        ax.tick_params(labelsize=8)
    axes[0].set_yticks(range(len(rows)))
    axes[0].set_yticklabels(rows, fontsize=8)
    axes[0].set_ylim(len(rows) - 0.5, -0.5)
    (log_ticks if unit else time_ticks)(axes[0].xaxis, 5 if ncols >= 3 else 7)
    fig.supxlabel("median time per call (" + (f"{unit.label}, " if unit else "")
                  + "log scale: the small phases stay visible); medians do not add up to the total's", fontsize=9)
    legends = [([Line2D([], [], color=colours[k], marker="o", linestyle="none") for k in sorted(images)],
                [images[k] for k in sorted(images)], "image (colour)")]
    legends.append(([Line2D([], [], color="dimgrey", marker=thp_style(t)[1], linestyle="none",
                            mfc="dimgrey" if thp_style(t)[0] == "-" else "white") for t in thps],
                    [f"THP {t}" for t in thps], "THP (marker)"))
    if len(side_ix) > 1:
        k0 = sorted(images)[0]
        legends.append(([Line2D([], [], color=shade(colours[k0], j, len(side_ix)), marker="o", linestyle="none")
                         for j in range(len(side_ix))],
                        [sides[si].name for si in side_ix], "side (shade)"))
    finish(fig, title([sides[i] for i in side_ix], "copy_process phases per method (median per phase)"),
           legends, out, "phases", written)

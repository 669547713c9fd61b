"""latency_vs_rss: median latency against the parent's RSS, one panel per
method family; with two sides (A vs B) both on the same axes."""
from matplotlib import colors as mcolors
from matplotlib import ticker
from matplotlib.lines import Line2D

from .figure import finish, new_figure, note_box, title
from .runs import THP_ORDER, all_runs, extra_of, method_order, note, rss_label
from .style import FAMILIES, log_ticks, method_colour, thp_style
from .units import Unit, fmt_time


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
            ls, mk = thp_style(thp)
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
    legends.append(([Line2D([], [], color="dimgrey", linestyle=thp_style(t)[0],
                            marker=thp_style(t)[1], mfc="dimgrey" if t == "off" else "white",
                            linewidth=1.8) for t in thps], [f"THP {t}" for t in thps], "THP"))
    extras = sorted({k[2] for k in curves if k[2]})
    if len(sides) > 1:
        m0 = present[0]
        legends.append(([Line2D([], [], color=method_colour(m0, si, len(sides)), linewidth=3) for si in range(len(sides))],
                         [s.name for s in sides], f"side (shade; {m0}'s colour)"))
    multi = any(len(s.runs) > 1 for s in sides)
    what = ("line: each side's figure, as compare gives it" if multi
            else "line: median" + (", band: p10-p90" if bands else ""))
    if extras:
        what += "; also " + ", ".join(extras)
    finish(fig, title(sides, f"{point} latency vs parent RSS ({what})"), legends, out, "latency_vs_rss", written)


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

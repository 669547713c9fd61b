"""distribution: the CDF of every entry's samples, one panel per method.

A panel is one method, so its colours tell the memory images apart on a
sequential scale of their own (never the methods' hues); THP is the line
style and a side the shade, as in every figure."""
import math

from matplotlib.lines import Line2D

from .figure import finish, new_figure, title
from .runs import THP_ORDER, all_runs, image_of, method_order, note, point_stats
from .style import image_colours, log_ticks, shade, thp_style
from .units import Unit


# Below this many samples an empirical CDF is a few big stairs that read as
# structure: such an entry is drawn as its samples, one dot each.
FEW_SAMPLES = 50


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
    images, thps = {}, set()
    largest = 0
    for r in runs:
        for e in r.entries:
            if e["points"].get(point, {}).get("samples_ns"):
                k, label = image_of(e)
                images[k] = label
                thps.add(e["parameters"]["thp"])
                largest = max(largest, (point_stats(e, point) or (0, 0, 0))[1])
    colours = image_colours(sorted(images))
    thps = sorted(thps, key=lambda t: THP_ORDER.get(t, 3))
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
                c = shade(colours[image_of(ents[0])[0]], si, len(sides))
                ls, mk = thp_style(ents[0]["parameters"]["thp"])
                if len(s) < FEW_SAMPLES:
                    few = True
                    ax.plot(s, y, linestyle="none", marker=mk, ms=3.2, color=c,
                            mfc=c if ls == "-" else "white")
                else:
                    ax.step(s, [(i + 1) / len(s) for i in range(len(s))], where="post", color=c,
                            linestyle=ls, linewidth=1.3)
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
    legends = [([Line2D([], [], color=colours[k], linewidth=2) for k in sorted(images)],
                [images[k] for k in sorted(images)], "image (colour)")]
    legends.append(([Line2D([], [], color="dimgrey", linestyle=thp_style(t)[0], marker=thp_style(t)[1], ms=3.5,
                            mfc="dimgrey" if thp_style(t)[0] == "-" else "white") for t in thps],
                    [f"THP {t}" for t in thps], "THP (line; dot marker)"))
    if len(sides) > 1:
        k0 = sorted(images)[0]
        legends.append(([Line2D([], [], color=shade(colours[k0], i, len(sides)), linewidth=3)
                         for i in range(len(sides))],
                        [s.name for s in sides], "side (shade)"))
    if few:
        legends.append(([Line2D([], [], color="k", linestyle="none", marker="o", ms=3)],
                        [f"one dot per sample: an entry of fewer than {FEW_SAMPLES} samples"], "samples"))
    finish(fig, title(sides, f"distribution of {point} latency per method (CDF)"), legends,
           out, "distribution", written)

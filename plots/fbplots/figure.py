"""A figure's frame: its axes, title, legends outside the axes, an optional
footer, the check that no two labels overlap, and the PNG and SVG."""
import os
import textwrap

import matplotlib.pyplot as plt
import matplotlib.text

from .runs import note
from .style import DPI, HEIGHT_IN, LEGEND_FONT, WIDTH_IN


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


def note_box(ax, text):
    """A boxed note inside the axes where it covers the least data: an
    empty legend, for matplotlib's 'best' placement, with the note as its
    title."""
    lg = ax.legend([], [], title=text, loc="best", title_fontsize=7.5, frameon=True, framealpha=0.9,
                   edgecolor="lightgrey", borderpad=0.4)
    lg.get_title().set_ha("left")

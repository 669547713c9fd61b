"""What every figure shares: its size, a method's colour, THP's line, a
side's shade, the log axes' ticks."""
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import colors as mcolors  # noqa: E402
from matplotlib import ticker  # noqa: E402

from .runs import METHODS  # noqa: E402
from .units import fmt_num, tick_time  # noqa: E402

TAB20 = plt.get_cmap("tab20").colors
WIDTH_IN, HEIGHT_IN, DPI = 10, 6, 100  # every PNG is 1000x600 px


# The latency figure's panels: what a creation copies decides how it grows.
FAMILIES = (("fork-like: copies the page tables", ("fork", "pidfd", "pidfd_open")),
            ("exec-like: a new program", ("posix_spawn", "fork_exec", "vfork_exec")),
            ("vfork and threads: share the mm", ("vfork", "thread", "pthread")))


THP_STYLE = {"off": ("-", "o"), "on": ("--", "s"), "system": (":", "^")}


def thp_style(thp):
    """THP's line style and marker, the same in every figure: off solid
    with filled circles, on dashed with hollow squares."""
    return THP_STYLE.get(thp, (":", "^"))


LEGEND_FONT = 8


GREY = "#9a9a9a"


SIDE_LINES = ("-", "--", ":", "-.")


SIDE_MARKERS = ("o", "D", "^", "v")


# compare's verdict words (forkbench compare --help); "not judged" is
# drawn hollow and grey, as an entry compare gave no interval.
VERDICT_COLOURS = {"slower": "#d62728", "faster": "#2ca02c", "no change": "#1f77b4",
                   "inconclusive": "#b8860b"}
VERDICT_LABELS = {"slower": "slower (regression)", "faster": "faster", "no change": "no change",
                  "inconclusive": "inconclusive: more runs needed"}


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


def time_ticks(axis, max_labels=6):
    """log_ticks for an axis in ns whose ticks each say their own unit."""
    log_ticks(axis, max_labels)
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: tick_time(v)))


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


def shade(c, side=0, sides=1):
    """A side's shade of a colour: with one side the colour itself; with
    two or more, from a dark shade (A) to a light one (the last side: half
    white, lighter than that fades on white), evenly between."""
    if sides < 2:
        return c
    dark = darker(c, 0.72)
    r, g, b = mcolors.to_rgb(c)
    light = (0.5 + r / 2, 0.5 + g / 2, 0.5 + b / 2)
    t = side / (sides - 1)
    return tuple(d + (li - d) * t for d, li in zip(dark, light))


def method_colour(method, side=0, sides=1):
    """A method's hue is fixed by the schema's order, in every figure where
    methods share an axes; a side is a shade of it (shade())."""
    c = pair_colour(METHODS.index(method) if method in METHODS else len(METHODS) + len(method), 0)
    return shade(c, side, sides)


def image_colours(images):
    """Where a panel holds one method (distribution, phases), colour tells
    the memory images apart, on a sequential scale (viridis, not the
    methods' hues): the largest image darkest. images: sorted keys."""
    cmap = matplotlib.colormaps["viridis"]
    n = len(images)
    return {k: cmap(0.85 * (1 - i / (n - 1)) if n > 1 else 0.45) for i, k in enumerate(images)}

"""Times as the figures print them: one unit per axis, µs or ms by the
table's rule, and numbers without exponents."""
import math


# The unit rule of the table (µs up to 10 ms, then ms), for an axis.
MS_FROM_NS = 10e6


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
    return f"{plain(v, 4)} {u.label}" if v < 1e4 else f"{v:.0f} {u.label}"


def fmt_num(v):
    """A tick label: as many digits as the value has, up to six
    significant ones, never an exponent (0.0001, 2.5, 1500)."""
    if v >= 1e6:
        return f"{v:.0f}"
    text = plain(v, 6)
    return text.rstrip("0").rstrip(".") if "." in text else text


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def plain(v, sig=3):
    """v to sig significant figures in plain decimals (1640, 1.02, 0.00012);
    beyond 10⁻⁴ to 10⁶, as 1.64×10⁹: never Python's 1.64e+09."""
    if v == 0 or not math.isfinite(v):
        return f"{v:g}"
    e = math.floor(math.log10(abs(v)))
    if -4 <= e < 6:
        return f"{v:.{max(sig - 1 - e, 0)}f}"
    return f"{v / 10 ** e:.{sig - 1}f}×10{str(e).translate(SUPERSCRIPT)}"


def tick_time(ns):
    """A tick of a time axis that spans decades, in its own unit: 100 ns,
    2 µs, 40 ms (a single unit would write 0.0001 ms beside 40 ms)."""
    for limit, div, label in ((1e3, 1, "ns"), (1e6, 1e3, "µs"), (1e9, 1e6, "ms")):
        if ns < limit * 0.9995:
            return f"{fmt_num(ns / div)} {label}"
    return f"{fmt_num(ns / 1e9)} s"

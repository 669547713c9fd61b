"""The inputs of the figures: results files, the runs' names, the sides.

Reads forkbench results JSON (schema versions 1 to 4) as written; every
figure it hands on is one forkbench computed (a run's summary, compare's
figure for a side of several runs). Needs no matplotlib, so that draw.sh
gets its run names and titles where matplotlib is missing.
"""
import json
import os
import re
import sys


POINTS = ("create", "child_start", "roundtrip", "cow")  # the schema's point names


METHODS = ("fork", "vfork", "thread", "pthread", "posix_spawn", "fork_exec", "vfork_exec", "pidfd",
           "pidfd_open")  # the schema's order, which fixes each method's colour in every figure


# copy_process's phases in the kernel's order (kernel-patch/).
PHASES = ("dup_task_struct", "copy_creds", "sched_fork", "copy_files", "copy_fs", "copy_sighand",
          "copy_signal", "copy_mm", "copy_namespaces", "copy_thread", "alloc_pid")




THP_ORDER = {"off": 0, "on": 1, "system": 2}


GENERIC_STEMS = {"results", "result", "forkbench", "run", "out"}


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
    compare took as A or B. An entry's figure on a side of one run is that
    run's summary; on a side of several, compare's figure for the side
    (figures: entry id -> ns, for compare's point), since compare takes
    runs as the unit and statistics are forkbench's, never the plots'."""

    def __init__(self, name, runs, figures=None, figures_point=None):
        self.name = name
        self.runs = runs
        self.figures = figures or {}
        self.figures_point = figures_point
        self.by_id = {}
        for r in runs:
            for e in r.entries:
                self.by_id.setdefault(e.get("id") or entry_key(e), []).append(e)

    def describe(self):
        kinds = {r.describe() for r in self.runs}
        d = self.runs[0].describe() if len(kinds) == 1 else "; ".join(sorted(kinds))
        return d + (f", {len(self.runs)} runs" if len(self.runs) > 1 else "")

    def stats(self, eid, point):
        """(p10, p50, p90) in ns of one run's entry; for an entry of several
        runs, (None, compare's figure, None), or None where compare has none
        for this point."""
        got = [g for g in (point_stats(e, point) for e in self.by_id.get(eid, [])) if g]
        if len(got) == 1:
            return got[0]
        fig = self.figures.get(eid) if point == self.figures_point else None
        return (None, fig, None) if got and fig else None

    def samples(self, eid, point):
        return [v for e in self.by_id.get(eid, []) for v in (e["points"].get(point) or {}).get("samples_ns") or []]


def side_figures(comparison, key):
    """{entry id: ns} of one side (key: base or new) of a compare JSON's
    comparison: the figure compare printed for that side."""
    out = {}
    for e in comparison.get("entries") or []:
        ns = (e.get(key) or {}).get("median_ns")
        if e.get("id") and isinstance(ns, (int, float)) and ns > 0:
            out[e["id"]] = ns
    return out


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
            groups.append((key, info, members))
        used = [r for _, _, m in groups for r in m]
        if all(m for _, _, m in groups) and len(used) == len(set(used)) == len(runs):
            names = [info.get("label") or m[0].label or m[0].kernel for _, info, m in groups]
            if names[0] == names[1]:
                names = [m[0].name for _, _, m in groups]
            return [Side(f"{letter}: {n}", m, side_figures(sets[0], key), compare.get("point", "roundtrip"))
                    for letter, n, (key, _, m) in zip("AB", names, groups)]
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


def rss_label(b):
    for unit, size in (("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if b >= size:
            return f"{b / size:g}{unit}"
    return str(b)


def all_runs(sides):
    return [r for s in sides for r in s.runs]


def method_order(runs):
    present = {e["parameters"]["method"] for r in runs for e in r.entries}
    return [m for m in METHODS if m in present] + sorted(present - set(METHODS))


def extra_of(eid):
    """What an entry's id says beyond its method, RSS and THP (cow=0.25,
    vmas=64, ...): such entries get curves of their own."""
    return " ".join(t for t in eid.split()[1:] if not t.startswith(("rss=", "thp=")))


def image_of(entry):
    """The entry's memory image and other parameters apart from its method
    and THP: a sort key and a label ("RSS 64M", "RSS 64M, vmas=64")."""
    p = entry["parameters"]
    extra = extra_of(entry.get("id") or entry_key(entry))
    label = f"RSS {rss_label(p['rss_bytes'])}" + (f", {extra}" if extra else "")
    return (p["rss_bytes"], extra), label

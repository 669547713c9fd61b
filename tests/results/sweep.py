#!/usr/bin/env python3
"""The reader's sweep: mutants of real results files through every reader.

  sweep.py --forkbench FB --out DIR [--count N] [--seed S] [--jobs J]
           [--timeout SECONDS] SEED.json...

Makes N mutants (default 3000), deterministic from S (default 1) and the
seed files, of every kind below in turn, each from a seed file it applies
to, and runs each through `forkbench compare --json SEED MUTANT`, the same
the other way round, `forkbench compare SEED MUTANT` (the table a person
reads) and `forkbench store add` into a store of its own, with --force
(another CPU is compare's policy, not a reader's rule). It then counts per
kind:

  crashes         a signal, an exit above 2, or a sanitizer's report
  hangs           no exit within the timeout
  silent accepts  a mutant that breaks a rule, read by any command
  misleading      a mutant of metadata alone whose rows (id, ratio, p,
                  verdict) differ from the seed's against itself; a mutant
                  with every time scaled by k that does not read k, reads
                  the other way or "no change"
  valid refused   a mutant that breaks no rule, refused by any command
  messy           a refusal of other than one line, or a raw escape
                  character (ESC, a C1 control) on a terminal's output

and writes DIR/table.tsv, DIR/table.md and DIR/failures.txt (each failing
mutant: its kind, seed, command and what it printed); the mutants
themselves stay in DIR/mutants/ (delete them; they are not results).
Exit 0 when every count is 0, 1 otherwise, 2 on bad usage.

Classes of kinds: "invalid" breaks one rule of bench/results
(results_rules.h); "meta" changes only metadata; "scale" multiplies every
time by a whole or half factor (tests/lib/results.jq's scale: the model's
counts with it, the summaries dropped); "valid" changes data within the
rules (a cut run, a summary dropped). Tallying outcomes is the test's
bookkeeping; every figure it checks is compare's.
"""
import argparse
import concurrent.futures
import copy
import json
import os
import random
import re
import subprocess
import sys
import tempfile

POINTS = ("create", "child_start", "roundtrip", "cow")
KINDS = []


def kind(name, cls, applies=None):
    """Registers a mutation: fn(doc, rng) -> the mutant's text (or a dict)."""
    def reg(fn):
        KINDS.append((name, cls, applies or (lambda d: True), fn))
        return fn
    return reg


# ---- what a seed holds

def entries(d):
    return [e for e in d.get("results", []) if isinstance(e, dict)]


def ok_entries(d):
    return [e for e in entries(d) if e.get("status") == "ok" and
            isinstance(e.get("points", {}).get("roundtrip"), dict)]


def points(d):
    """(entry, name, point) of every point with samples."""
    return [(e, n, p) for e in entries(d) for n, p in (e.get("points") or {}).items()
            if n in POINTS and isinstance(p, dict) and p.get("samples_ns")]


def clock(d):
    return ((d.get("context") or {}).get("timing") or {}).get("clock")


def is_model(d):
    return clock(d) == "model"


def v2(d):
    return d.get("schema_version", 1) >= 2


def multi(d):
    return (d.get("run") or {}).get("runs", 1) > 1 and all(
        isinstance(e.get("run_of_sample"), list) for e in ok_entries(d))


def has_cpus(d):
    return any((e.get("cpus") or {}).get("parent") for e in entries(d))


def has_cow(d):
    return any(isinstance(e.get("cow"), dict) and e["cow"].get("faults") and
               (e.get("points") or {}).get("cow") for e in entries(d))


def has_phases(d):
    return any(isinstance(e.get("phases"), dict) and (e["phases"].get("phases") or {})
               for e in entries(d))


def two_names(d):
    return len({e.get("id") for e in ok_entries(d)}) >= 2


def ncpus(d):
    c = (d.get("context") or {}).get("cpu") or {}
    return c.get("configured") or c.get("online") or 1


def duration_ns(d):
    return float((d.get("run") or {}).get("duration_s") or 1) * 1e9


def dump(d):
    return json.dumps(d, indent=1)


def no_summaries(d):
    for _, _, p in points(d):
        p.pop("summary", None)
    return d


# ---- text and structure: refused by the parser or the schema's rules

@kind("text-truncated", "invalid")
def _(d, rng):
    t = dump(d)
    return t[: rng.randrange(1, len(t) - 1)]


@kind("text-empty", "invalid")
def _(d, rng):
    return ""


@kind("text-garbage", "invalid")
def _(d, rng):
    return "".join(chr(rng.randrange(32, 127)) for _ in range(rng.randrange(1, 400)))


@kind("text-utf8-bom", "invalid")
def _(d, rng):
    return "\ufeff" + dump(d)


@kind("text-duplicate-key", "invalid")
def _(d, rng):
    return dump(d).replace('"schema_version"', '"schema_version": 4, "schema_version"', 1)


@kind("text-nan", "invalid")
def _(d, rng):
    return re.sub(r'"duration_s": [^,}]+', '"duration_s": NaN', dump(d), count=1)


@kind("schema-other", "invalid")
def _(d, rng):
    d["schema"] = "hyperfine"
    return d


@kind("schema-version-future", "invalid")
def _(d, rng):
    d["schema_version"] = 9
    return d


@kind("schema-version-string", "invalid")
def _(d, rng):
    d["schema_version"] = str(d["schema_version"])
    return d


@kind("run-label-missing", "invalid")
def _(d, rng):
    del d["run"]["label"]
    return d


@kind("run-label-number", "invalid")
def _(d, rng):
    d["run"]["label"] = 7
    return d


@kind("results-missing", "invalid")
def _(d, rng):
    del d["results"]
    return d


@kind("results-object", "invalid")
def _(d, rng):
    d["results"] = {"0": d["results"][0]}
    return d


@kind("entry-not-object", "invalid")
def _(d, rng):
    d["results"][rng.randrange(len(d["results"]))] = "fork"
    return d


@kind("status-unknown", "invalid")
def _(d, rng):
    rng.choice(entries(d))["status"] = rng.choice(["weird", "OK", "", "done"])
    return d


@kind("method-unknown", "invalid")
def _(d, rng):
    rng.choice(entries(d))["parameters"]["method"] = "spoon"
    return d


@kind("parameter-type", "invalid")
def _(d, rng):
    e = rng.choice(entries(d))
    e["parameters"]["rss_bytes"] = str(e["parameters"]["rss_bytes"])
    return d


@kind("parameter-negative", "invalid")
def _(d, rng):
    rng.choice(entries(d))["parameters"][rng.choice(["fds", "threads", "hugetlb_bytes"])] = -1
    return d


@kind("cow-fraction-out", "invalid")
def _(d, rng):
    rng.choice(entries(d))["parameters"]["cow_fraction"] = rng.choice([1.5, -0.25, 7])
    return d


@kind("runs-zero", "invalid")
def _(d, rng):
    d["run"]["runs"] = 0
    return d


@kind("clock-unknown", "invalid")
def _(d, rng):
    d["context"]["timing"] = {"clock": "sundial", "accel": None, "emulated": False}
    return d


# ---- samples: physical bounds

@kind("sample-negative", "invalid", points)
def _(d, rng):
    _, _, p = rng.choice(points(d))
    p["samples_ns"][rng.randrange(len(p["samples_ns"]))] = -rng.randrange(1, 1000)
    return d


@kind("sample-fraction", "invalid", points)
def _(d, rng):
    _, _, p = rng.choice(points(d))
    p["samples_ns"][rng.randrange(len(p["samples_ns"]))] += 0.5
    return d


@kind("sample-string", "invalid", points)
def _(d, rng):
    _, _, p = rng.choice(points(d))
    i = rng.randrange(len(p["samples_ns"]))
    p["samples_ns"][i] = str(p["samples_ns"][i])
    return d


@kind("sample-below-clock", "invalid", lambda d: points(d) and not is_model(d))
def _(d, rng):
    """A round trip of 1 ns under a clock whose reads cost 20 ns or more."""
    _, _, p = rng.choice(points(d))
    p["samples_ns"][rng.randrange(len(p["samples_ns"]))] = rng.choice([0, 1, 2])
    p.pop("summary", None)
    return d


@kind("sample-beyond-run", "invalid", lambda d: points(d) and not is_model(d))
def _(d, rng):
    """A sample longer than the whole run: 2^62 ns, or the duration and a bit."""
    _, _, p = rng.choice(points(d))
    p["samples_ns"][rng.randrange(len(p["samples_ns"]))] = rng.choice(
        [1 << 62, int(duration_ns(d) * 1.5) + 1000])
    p.pop("summary", None)
    return d


@kind("samples-x1e9", "invalid", lambda d: points(d) and not is_model(d))
def _(d, rng):
    """Every sample a billion times, its summary with it: a 27-hour fork in a short run."""
    for _, _, p in points(d):
        p["samples_ns"] = [x * 1000000000 for x in p["samples_ns"]]
        s = p.get("summary")
        if isinstance(s, dict):
            for k, v in s.items():
                if k not in ("n", "outliers") and isinstance(v, (int, float)):
                    s[k] = v * 1e9
            if isinstance(s.get("ci95"), list):
                s["ci95"] = [x * 1e9 for x in s["ci95"]]
    return d


@kind("phase-beyond-run", "invalid", has_phases)
def _(d, rng):
    e = rng.choice([e for e in entries(d) if isinstance(e.get("phases"), dict) and e["phases"].get("phases")])
    ph = rng.choice(sorted(e["phases"]["phases"]))
    e["phases"]["phases"][ph]["samples"][0] = int(duration_ns(d) * 2) + 1
    return d


@kind("phase-negative", "invalid", has_phases)
def _(d, rng):
    e = rng.choice([e for e in entries(d) if isinstance(e.get("phases"), dict) and e["phases"].get("phases")])
    ph = rng.choice(sorted(e["phases"]["phases"]))
    e["phases"]["phases"][ph]["samples"][0] = -5
    return d


# ---- summaries and counts against the samples

def summarized(d):
    return [(e, n, p) for e, n, p in points(d) if isinstance(p.get("summary"), dict)]


@kind("summary-p50-above-p99", "invalid", summarized)
def _(d, rng):
    _, _, p = rng.choice(summarized(d))
    s = p["summary"]
    s["p50"], s["p99"] = s["p99"] + 1000, s["p50"]
    return d


@kind("summary-p50-moved", "invalid", summarized)
def _(d, rng):
    """A median the plots would draw 10% above the samples' own."""
    _, _, p = rng.choice(summarized(d))
    p["summary"]["p50"] = p["summary"]["p50"] * 1.1 + 10
    return d


@kind("summary-ci-without-median", "invalid",
      lambda d: any(isinstance(p["summary"].get("ci95"), list) for _, _, p in summarized(d)))
def _(d, rng):
    _, _, p = rng.choice([x for x in summarized(d) if isinstance(x[2]["summary"].get("ci95"), list)])
    del p["summary"]["p50"]
    return d


@kind("summary-ci-excludes-median", "invalid", summarized)
def _(d, rng):
    _, _, p = rng.choice(summarized(d))
    m = p["summary"]["p50"]
    p["summary"]["ci95"] = [m + 100, m + 200]
    return d


@kind("summary-n-wrong", "invalid", summarized)
def _(d, rng):
    _, _, p = rng.choice(summarized(d))
    p["summary"]["n"] = p["summary"]["n"] + rng.choice([-1, 1, 100])
    return d


@kind("summary-min-wrong", "invalid", summarized)
def _(d, rng):
    _, _, p = rng.choice(summarized(d))
    p["summary"]["min"] = p["summary"]["min"] - 5000
    return d


@kind("point-n-wrong", "invalid", lambda d: any("n" in p for _, _, p in points(d)))
def _(d, rng):
    _, _, p = rng.choice([x for x in points(d) if "n" in x[2]])
    p["n"] += rng.choice([-1, 1, 7])
    return d


def with_kinds(d):
    return [e for e in entries(d) if isinstance(e.get("kind_of_sample"), list) and
            isinstance((e.get("sampling") or {}).get("kinds"), dict)]


@kind("sampling-n-wrong", "invalid", lambda d: v2(d) and with_kinds(d))
def _(d, rng):
    rng.choice(with_kinds(d))["sampling"]["n"] += rng.choice([-1, 1, 50])
    return d


@kind("sampling-kinds-wrong", "invalid", lambda d: v2(d) and with_kinds(d))
def _(d, rng):
    k = rng.choice(with_kinds(d))["sampling"]["kinds"]
    k["probe"], k["plain"] = k["plain"], k["probe"]
    if k["probe"] == k["plain"]:
        k["probe"] += 1
    return d


@kind("kind-of-sample-flipped", "invalid", lambda d: v2(d) and with_kinds(d))
def _(d, rng):
    e = rng.choice(with_kinds(d))
    i = rng.randrange(len(e["kind_of_sample"]))
    e["kind_of_sample"][i] = 1 - e["kind_of_sample"][i]
    return d


@kind("sample-kinds-reordered", "invalid", v2)
def _(d, rng):
    d["run"]["sample_kinds"] = ["probe", "plain"]
    return d


@kind("pids-children-short", "invalid",
      lambda d: v2(d) and any((e.get("pids") or {}).get("children") for e in with_kinds(d)))
def _(d, rng):
    e = rng.choice([e for e in with_kinds(d) if (e.get("pids") or {}).get("children")])
    e["pids"]["children"].pop()
    return d


@kind("cow-faults-short", "invalid", has_cow)
def _(d, rng):
    e = rng.choice([e for e in entries(d) if isinstance(e.get("cow"), dict) and e["cow"].get("faults")
                    and (e.get("points") or {}).get("cow")])
    e["cow"]["faults"].pop()
    return d


@kind("model-cost-wrong", "invalid", is_model)
def _(d, rng):
    _, _, p = rng.choice([x for x in points(d) if isinstance(x[2].get("model"), dict)])
    p["samples_ns"][rng.randrange(len(p["samples_ns"]))] += rng.choice([1, 1000])
    p.pop("summary", None)
    return d


@kind("model-array-short", "invalid", is_model)
def _(d, rng):
    _, _, p = rng.choice([x for x in points(d) if isinstance(x[2].get("model"), dict)])
    p["model"][rng.choice(sorted(p["model"]))].pop()
    return d


# ---- CPUs and runs

@kind("cpus-length", "invalid", has_cpus)
def _(d, rng):
    e = rng.choice([e for e in entries(d) if (e.get("cpus") or {}).get("parent")])
    e["cpus"]["child"].pop()
    return d


@kind("cpu-beyond-machine", "invalid", has_cpus)
def _(d, rng):
    e = rng.choice([e for e in entries(d) if (e.get("cpus") or {}).get("parent")])
    e["cpus"][rng.choice(["parent", "child"])][0] = ncpus(d) + rng.randrange(0, 60)
    return d


@kind("pinned-cpu-beyond-machine", "invalid",
      lambda d: any(e["parameters"].get("cpu", -1) < 0 and e["parameters"].get("child_cpu", -1) < 0
                    for e in entries(d)))
def _(d, rng):
    """Pinned to a CPU the machine lacks, and named so: the CPU is the one lie."""
    e = rng.choice([e for e in entries(d) if e["parameters"].get("cpu", -1) < 0 and
                    e["parameters"].get("child_cpu", -1) < 0])
    key, word = rng.choice([("cpu", "cpu"), ("child_cpu", "child-cpu")])
    e["parameters"][key] = ncpus(d) + 3
    e["id"] += f" {word}={ncpus(d) + 3}"
    return d


@kind("run-of-sample-range", "invalid", multi)
def _(d, rng):
    e = rng.choice(ok_entries(d))
    e["run_of_sample"][rng.randrange(len(e["run_of_sample"]))] = d["run"]["runs"] + 2
    return d


@kind("run-of-sample-after-cut", "invalid", multi)
def _(d, rng):
    """Cut in run 1, but samples of runs 2 and 3 in it: no writer makes that."""
    d["run"]["runs_done"] = 0
    d["run"]["partial"] = True
    return d


@kind("runs-done-above-runs", "invalid")
def _(d, rng):
    d["run"]["runs_done"] = d["run"].get("runs", 1) + 1
    return d


# ---- the run block against itself

@kind("finished-but-interrupted", "invalid")
def _(d, rng):
    d["run"]["partial"] = False
    d["run"]["interrupted_by"] = rng.choice(["SIGINT", "SIGTERM", "SIGHUP"])
    return d


@kind("finished-but-runs-missing", "invalid", multi)
def _(d, rng):
    d["run"]["partial"] = False
    d["run"]["runs_done"] = d["run"]["runs"] - 1
    return d


@kind("finished-but-entry-failed", "invalid")
def _(d, rng):
    d["run"]["partial"] = False
    rng.choice(entries(d))["status"] = rng.choice(["failed", "incomplete"])
    return d


@kind("others-share-above-1", "invalid")
def _(d, rng):
    d["run"]["load"] = {"others_share": rng.choice([1.5, 7.0, 1e9]), "steal_share": 0}
    return d


@kind("steal-share-negative", "invalid")
def _(d, rng):
    d["run"]["load"] = {"others_share": 0.1, "steal_share": -0.2}
    return d


# ---- timing against the context

@kind("icount-not-emulated", "invalid")
def _(d, rng):
    """A host run that says icount with emulated false (on KVM)."""
    d["context"]["timing"] = {"clock": rng.choice(["icount", "model"]), "accel": None, "emulated": False,
                              "model": {}}
    d["context"]["virtualization"] = {"virtualized": True, "hypervisor": "KVMKVMKVM"}
    return d


@kind("icount-under-kvm", "invalid")
def _(d, rng):
    d["context"]["timing"] = {"clock": "icount", "accel": "kvm", "emulated": True}
    return d


@kind("wall-but-cmdline-icount", "invalid")
def _(d, rng):
    d["context"]["kernel"]["cmdline"] = (d["context"]["kernel"].get("cmdline") or "") + \
        " forkbench.clock=icount"
    d["context"]["timing"] = {"clock": "wall", "accel": None, "emulated": True}
    return d


@kind("tcg-not-emulated", "invalid", lambda d: not is_model(d))
def _(d, rng):
    d["context"]["virtualization"] = {"virtualized": True, "hypervisor": "TCGTCGTCGTCG"}
    d["context"]["timing"] = {"clock": "wall", "accel": None, "emulated": False}
    return d


@kind("accel-against-cmdline", "invalid")
def _(d, rng):
    d["context"]["kernel"]["cmdline"] = (d["context"]["kernel"].get("cmdline") or "") + \
        " forkbench.accel=tcg"
    t = d["context"].get("timing") or {"clock": "wall", "emulated": True}
    t.update(accel="kvm", emulated=True)
    d["context"]["timing"] = t
    return d


# ---- names

@kind("ids-swapped", "invalid", two_names)
def _(d, rng):
    a, b = rng.sample([e for e in ok_entries(d)], 2)
    while a["id"] == b["id"]:
        a, b = rng.sample([e for e in ok_entries(d)], 2)
    a["id"], b["id"] = b["id"], a["id"]
    return d


@kind("id-another-method", "invalid")
def _(d, rng):
    e = rng.choice(entries(d))
    m = e["parameters"]["method"]
    e["id"] = e["id"].replace(m, "thread" if m != "thread" else "fork", 1)
    return d


@kind("id-with-escape", "invalid")
def _(d, rng):
    rng.choice(entries(d))["id"] += rng.choice(["\x1b[2J", "\x1b]0;pwned\x07", "\u009b31m"])
    return d


@kind("entry-twice", "invalid")
def _(d, rng):
    d["results"].append(copy.deepcopy(rng.choice(entries(d))))
    return d


@kind("id-twice-other-parameters", "invalid",
      lambda d: any(e["parameters"].get("cow_fraction") == 0 for e in entries(d)))
def _(d, rng):
    """Two entries one name: the COW side does not name an entry without a COW phase."""
    e = copy.deepcopy(rng.choice([e for e in entries(d) if e["parameters"].get("cow_fraction") == 0]))
    e["parameters"]["cow_side"] = "parent" if e["parameters"]["cow_side"] == "child" else "child"
    d["results"].append(e)
    return d


# ---- metadata alone: no verdict may move

@kind("meta-label", "meta")
def _(d, rng):
    d["run"]["label"] = rng.choice(["another label", "", "6.99-rc1", "ünïcode"])
    return d


@kind("meta-label-escape", "meta")
def _(d, rng):
    d["run"]["label"] = "kernel \x1b[31mred\x1b[0m \u009b2J"
    d["context"]["kernel"]["release"] += "\x1b]0;title\x07"
    return d


@kind("meta-run-id", "meta")
def _(d, rng):
    d["run"]["id"] = f"mutant-{rng.randrange(1 << 30):08x}"
    return d


@kind("meta-host-date-argv", "meta")
def _(d, rng):
    d["context"]["hostname"] = "elsewhere"
    d["run"]["started"] = "2031-01-01T00:00:00Z"
    d["run"]["argv"] = d["run"].get("argv", []) + ["--label", "x"]
    return d


@kind("meta-key-order", "meta")
def _(d, rng):
    return json.dumps(d, sort_keys=True)


@kind("meta-compact", "meta")
def _(d, rng):
    return json.dumps(d, separators=(",", ":"))


@kind("meta-indent", "meta")
def _(d, rng):
    return json.dumps(d, indent=rng.choice([2, 4, "\t"]))


@kind("meta-entries-shuffled", "meta")
def _(d, rng):
    rng.shuffle(d["results"])
    return d


@kind("meta-unknown-fields", "meta")
def _(d, rng):
    d["future"] = {"a": 1}
    d["run"]["future"] = [1, 2]
    d["context"]["future"] = "x"
    for e in entries(d):
        e["future"] = None
    return d


@kind("meta-unknown-point", "meta")
def _(d, rng):
    for e in entries(d):
        if isinstance(e.get("points"), dict):
            e["points"]["exec_done"] = {"kind": "plain", "samples_ns": [1, 2, 3]}
    return d


@kind("meta-parallel-dropped", "meta",
      lambda d: any(e["parameters"].get("parallel") == 1 for e in entries(d)))
def _(d, rng):
    for e in entries(d):
        if e["parameters"].get("parallel") == 1:
            del e["parameters"]["parallel"]
    return d


@kind("meta-parallel-added", "meta",
      lambda d: any("parallel" not in e["parameters"] for e in entries(d)))
def _(d, rng):
    for e in entries(d):
        e["parameters"].setdefault("parallel", 1)
    return d


@kind("meta-newer-parameter", "meta")
def _(d, rng):
    for e in entries(d):
        e["parameters"]["numa_node"] = -1
    return d


@kind("meta-fraction-integer", "meta")
def _(d, rng):
    return re.sub(r'"cow_fraction": 0\.0\b', '"cow_fraction": 0', dump(d))


@kind("meta-warnings-notes", "meta")
def _(d, rng):
    for e in entries(d):
        e["warnings"] = ["a warning \x1b[1m"]
        e["method_note"] = "another note"
    return d


@kind("meta-environment", "meta")
def _(d, rng):
    d["context"]["environment"] = {"load": {"value": "9.99 on 2 CPUs", "level": "warn", "advice": "busy"}}
    d["context"]["loadavg"] = [9.99, 9.0, 8.0]
    d["context"]["compiler"] = "cc 99"
    d["context"]["forkbench"]["git_commit"] = "0000000"
    return d


@kind("meta-busy-share", "meta")
def _(d, rng):
    d["run"]["load"] = {"others_share": rng.choice([0.0, 0.5, 1.0]), "steal_share": 0.0}
    return d


@kind("meta-mitigations-thp", "meta")
def _(d, rng):
    d["context"]["mitigations"] = {"meltdown": "Not affected", "retbleed": None}
    d["context"]["thp"] = {"enabled": "never", "defrag": "always"}
    return d


@kind("meta-children-cpus", "meta", has_cpus)
def _(d, rng):
    """Where children ran is a finding, never a verdict."""
    how = rng.choice(["same", "other", "random"])
    for e in entries(d):
        c = e.get("cpus") or {}
        if not c.get("parent"):
            continue
        for i, p in enumerate(c["parent"]):
            other = (p + 1) % ncpus(d) if p >= 0 else 0
            c["child"][i] = p if how == "same" else other if how == "other" else rng.choice([p, other])
    return d


@kind("meta-hyperfine-fields", "meta")
def _(d, rng):
    for e in entries(d):
        e["times"] = []
        e["mean"] = e["median"] = 0.0
        e["command"] = "something else"
    return d


# ---- data within the rules

@kind("scale-x2", "scale", points)
def _(d, rng):
    return scale(d, 2)


@kind("scale-half", "scale", lambda d: points(d) and not is_model(d))
def _(d, rng):
    return scale(d, 0.5)


def scale(d, k):
    """tests/lib/results.jq's scale, the summaries dropped: each would be off by the floor."""
    d["run"]["duration_s"] = d["run"].get("duration_s", 1) * k
    for _, _, p in points(d):
        p["samples_ns"] = [int(x * k) for x in p["samples_ns"]]
        p.pop("summary", None)
        if isinstance(p.get("model"), dict):
            p["model"] = {c: [int(x * k) for x in a] for c, a in p["model"].items()}
    d["_scale"] = k  # taken out before the mutant is written
    return d


@kind("valid-summaries-dropped", "valid", summarized)
def _(d, rng):
    return no_summaries(d)


@kind("valid-one-sample-moved", "valid", lambda d: points(d) and not is_model(d))
def _(d, rng):
    _, _, p = rng.choice(points(d))
    i = rng.randrange(len(p["samples_ns"]))
    p["samples_ns"][i] += 1
    p.pop("summary", None)
    return d


@kind("valid-cut-in-run-2", "valid", lambda d: multi(d) and v2(d))
def _(d, rng):
    """An interrupted run --runs N, as the writer leaves it: read as its finished runs."""
    d["run"].update(runs_done=1, partial=True, interrupted_by="SIGINT")
    for e in entries(d):
        runs = e.get("run_of_sample")
        if not isinstance(runs, list):
            continue
        kinds = e["kind_of_sample"]
        keep = [i for i, r in enumerate(runs) if r < 2]
        for p in (e.get("points") or {}).values():
            if not isinstance(p, dict) or "samples_ns" not in p:
                continue
            mine = [i for i, k in enumerate(kinds) if k == (1 if p.get("kind") == "probe" else 0)]
            p["samples_ns"] = [v for i, v in zip(mine, p["samples_ns"]) if runs[i] < 2]
            p["n"] = len(p["samples_ns"])
            p.pop("summary", None)
        for key in ("kind_of_sample", "run_of_sample"):
            e[key] = [e[key][i] for i in keep]
        if isinstance(e.get("cpus"), dict):
            e["cpus"] = {s: [v[i] for i in keep] for s, v in e["cpus"].items()}
        if len((e.get("pids") or {}).get("children") or []) == len(runs):
            e["pids"]["children"] = [e["pids"]["children"][i] for i in keep]
        e["sampling"]["n"] = len(keep)
        if isinstance(e["sampling"].get("kinds"), dict):
            e["sampling"]["kinds"] = {"plain": e["kind_of_sample"].count(0),
                                      "probe": e["kind_of_sample"].count(1)}
    return d


# ---- running the readers

SANITIZER = re.compile(r"ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|"
                       r"SUMMARY: UndefinedBehaviorSanitizer")


def raw_escape(raw):
    """Whether output holds what a terminal acts on: ESC, a C1 control
    (U+0080..U+009F), or a byte that is no UTF-8 (0x9b alone is a CSI)."""
    text = raw.decode("utf-8", "surrogateescape")
    return any(c == "\x1b" or "\x80" <= c <= "\x9f" or "\udc80" <= c <= "\udcff" for c in text)


def run(cmd, timeout, env):
    """(exit code or None on a timeout, stdout, stderr, raw stdout and stderr)."""
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
        return (p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"),
                p.stdout + p.stderr)
    except subprocess.TimeoutExpired:
        return None, "", "", b""


def rows(text):
    try:
        d = json.loads(text)
    except ValueError:
        return None
    return sorted((e.get("id"), e.get("ratio"), e.get("p_adjusted"), e.get("verdict"))
                  for c in d.get("comparisons", []) for e in c.get("entries", []))


def errors(text):
    return [l for l in text.splitlines() if l and not l.startswith("warning:") and
            ": warning:" not in l and "ran in base but failed in new" not in l]


def judge(fb, m, timeout, self_rows, env):
    """The outcomes of one mutant: a set of column names, with what was seen."""
    out, seen = set(), []
    with tempfile.TemporaryDirectory() as tmp:
        cmds = {
            "compare --json SEED MUTANT": [fb, "compare", "--json", "--force", m["seed"], m["path"]],
            "compare --json MUTANT SEED": [fb, "compare", "--json", "--force", m["path"], m["seed"]],
            "compare SEED MUTANT": [fb, "compare", "--force", m["seed"], m["path"]],
            "store add": [fb, "store", "add", "--store", os.path.join(tmp, "s.db"), m["path"]],
        }
        res = {name: run(cmd, timeout, env) for name, cmd in cmds.items()}
    for name, (rc, so, se, raw) in res.items():
        what = f"{name}: exit {rc}: {se.strip()[:300]}"
        if rc is None:
            out.add("hangs")
            seen.append(what)
            continue
        if rc < 0 or rc > 2 or SANITIZER.search(se):
            out.add("crashes")
            seen.append(what)
        if rc == 2 and len(errors(se)) != 1:
            out.add("messy")
            seen.append(what + " (not one line)")
        if not name.startswith("compare --json") and raw_escape(raw):
            out.add("messy")
            seen.append(name + ": a raw escape character on a terminal's output")
    codes = {name: r[0] for name, r in res.items()}
    if m["class"] == "invalid":
        took = [n for n, c in codes.items() if c is not None and c in (0, 1)]
        if took:
            out.add("silent accepts")
            seen.append("read by " + ", ".join(took))
        return out, seen
    refused = [n for n, c in codes.items() if c == 2]
    if refused:
        out.add("valid refused")
        seen += [f"{n}: {res[n][2].strip()[:300]}" for n in refused]
        return out, seen
    if m["class"] == "meta":
        for n in ("compare --json SEED MUTANT", "compare --json MUTANT SEED"):
            if rows(res[n][1]) != self_rows:
                out.add("misleading")
                seen.append(f"{n}: rows {rows(res[n][1])} where the seed against itself has {self_rows}")
    if m["class"] == "scale":
        for n, k, other in (("compare --json SEED MUTANT", m["k"], "faster" if m["k"] > 1 else "slower"),
                            ("compare --json MUTANT SEED", 1 / m["k"], "slower" if m["k"] > 1 else "faster")):
            got = [r for r in (rows(res[n][1]) or []) if r[1] is not None]
            bad = [r for r in got if abs(r[1] - k) > 0.002 * k or r[3] in (other, "no change")]
            if not got or bad:
                out.add("misleading")
                seen.append(f"{n}: reads {bad or 'nothing'} where every time is {k} times")
    return out, seen


COLUMNS = ("mutants", "crashes", "hangs", "silent accepts", "misleading", "valid refused", "messy")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seeds", nargs="+")
    ap.add_argument("--forkbench", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    seeds = []
    for path in a.seeds:
        try:
            with open(path) as f:
                seeds.append((os.path.abspath(path), json.load(f)))
        except (OSError, ValueError) as e:
            print(f"sweep.py: {path}: {e}", file=sys.stderr)
            return 2
    env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "detect_leaks=1"),
               UBSAN_OPTIONS=os.environ.get("UBSAN_OPTIONS", "print_stacktrace=1"))
    env.pop("FORKBENCH_STORE", None)
    self_rows = {}
    for path, _ in seeds:
        rc, so, se, _ = run([a.forkbench, "compare", "--json", "--force", path, path], a.timeout, env)
        if rc not in (0, 1):
            print(f"sweep.py: {path}: not a seed compare reads (exit {rc}): {se.strip()[:200]}",
                  file=sys.stderr)
            return 2
        self_rows[path] = rows(so)
    mdir = os.path.join(a.out, "mutants")
    os.makedirs(mdir, exist_ok=True)
    mutants, skipped = [], set()
    for i in range(a.count):
        name, cls, applies, fn = KINDS[i % len(KINDS)]
        fit = [(p, d) for p, d in seeds if applies(d)]
        if not fit:
            skipped.add(name)
            continue
        path, doc = rng.choice(fit)
        got = fn(copy.deepcopy(doc), rng)
        k = got.pop("_scale", None) if isinstance(got, dict) else None
        text = got if isinstance(got, str) else dump(got)
        out = os.path.join(mdir, f"{i:05d}-{name}.json")
        with open(out, "w", encoding="utf-8", errors="surrogatepass") as f:
            f.write(text)
        mutants.append({"path": out, "seed": path, "kind": name, "class": cls, "k": k})
    table = {name: dict.fromkeys(COLUMNS, 0) for name, *_ in KINDS if name not in skipped}
    failures = []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for m, (out, seen) in zip(mutants, pool.map(
                lambda m: judge(a.forkbench, m, a.timeout, self_rows[m["seed"]], env), mutants)):
            row = table[m["kind"]]
            row["mutants"] += 1
            for c in out:
                row[c] += 1
            if out:
                failures.append(f"{os.path.basename(m['path'])} ({m['class']}, seed "
                                f"{os.path.basename(m['seed'])}): " + "; ".join(seen))
    classes = {name: cls for name, cls, *_ in KINDS}
    total = {c: sum(r[c] for r in table.values()) for c in COLUMNS}
    with open(os.path.join(a.out, "table.tsv"), "w") as f:
        f.write("kind\tclass\t" + "\t".join(COLUMNS) + "\n")
        for name, r in table.items():
            f.write(f"{name}\t{classes[name]}\t" + "\t".join(str(r[c]) for c in COLUMNS) + "\n")
        f.write(f"all {len(table)} kinds\t\t" + "\t".join(str(total[c]) for c in COLUMNS) + "\n")
    with open(os.path.join(a.out, "table.md"), "w") as f:
        f.write("| kind | class | " + " | ".join(COLUMNS) + " |\n|:--|:--|" + "--:|" * len(COLUMNS) + "\n")
        for name, r in table.items():
            f.write(f"| {name} | {classes[name]} | " + " | ".join(str(r[c]) for c in COLUMNS) + " |\n")
        f.write(f"| **all {len(table)} kinds** | | " + " | ".join(f"**{total[c]}**" for c in COLUMNS) + " |\n")
    with open(os.path.join(a.out, "failures.txt"), "w") as f:
        f.write("".join(x + "\n" for x in failures))
    print(f"{total['mutants']} mutants of {len(table)} kinds from {len(seeds)} seeds"
          + (f" ({len(skipped)} kinds fit no seed: {', '.join(sorted(skipped))})" if skipped else "")
          + ": " + ", ".join(f"{total[c]} {c}" for c in COLUMNS[1:]))
    return 0 if all(total[c] == 0 for c in COLUMNS[1:]) else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Summarises a trace of harness/creation-trace.sh: per process creation by
the process that created the most, the median time of each step and the
mean faults and page allocations, first 50 creations left out as warm-up.
Usage: creation_trace.py TRACE"""
import collections
import re
import statistics
import sys

LINE = re.compile(r"^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+\S+\s+([\d.]+): (\w+): (.*)$")
CREATE = {56, 57, 58, 435}
WAIT = {61, 247}
EXIT_GROUP = 231


def nr(args):
    return int(args.split()[1])


def creations(events):
    makers = collections.Counter(
        pid for _, pid, _, name, args in events if name == "sys_enter" and nr(args) in CREATE)
    if not makers:
        sys.exit("creation_trace: no fork, vfork, clone or clone3 in the trace")
    parent = makers.most_common(1)[0][0]
    done, cur = [], None
    for comm, pid, t, name, args in events:
        if pid == parent and name == "sys_enter" and nr(args) in CREATE:
            cur = {"enter": t, "pf_parent": 0, "pf_child": 0, "pa_create": 0, "pa_child": 0,
                   "child_faults": []}
        elif cur is None:
            continue
        elif pid == parent:
            if name == "sys_exit" and nr(args) in CREATE:
                cur["exit"], cur["child"] = t, int(args.split("=")[1])
            elif name == "sched_process_fork":
                cur["copied"] = t
            elif name == "page_fault_user":
                cur["pf_parent"] += 1
            elif name == "mm_page_alloc" and "exit" not in cur:
                cur["pa_create"] += 1
            elif name == "sys_exit" and nr(args) in WAIT:
                cur["reaped"] = t
                done.append(cur)
                cur = None
        elif pid == cur.get("child"):
            cur.setdefault("child_first", t)
            if name == "page_fault_user":
                cur["pf_child"] += 1
                cur["child_faults"].append(args.split()[0].split("=")[1])
            elif name == "mm_page_alloc":
                cur["pa_child"] += 1
            elif name == "sys_enter" and nr(args) == EXIT_GROUP:
                cur["exit_group"] = t
    return parent, done[50:]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    events = []
    try:
        with open(sys.argv[1]) as f:
            for line in f:
                m = LINE.match(line)
                if m:
                    events.append((m.group(1), int(m.group(2)), float(m.group(4)) * 1e6,
                                   m.group(5), m.group(6)))
    except OSError as e:
        sys.exit(f"creation_trace: cannot read {sys.argv[1]}: {e.strerror}")
    parent, done = creations(events)
    if not done:
        sys.exit("creation_trace: no creation was reaped by wait4 or waitid")

    def step(a, b):
        v = [c[b] - c[a] for c in done if a in c and b in c]
        return f"{statistics.median(v):7.1f}" if v else "      -"

    def mean(k):
        return statistics.mean(c[k] for c in done)

    print(f"{len(done)} creations by pid {parent} (the first 50 left out); medians in us:")
    print(f"  call to child reaped {step('enter', 'reaped')}   call to copy done "
          f"{step('enter', 'copied')}   call returns {step('enter', 'exit')}")
    print(f"  child's first event to exit_group {step('child_first', 'exit_group')}")
    print(f"  user faults: parent {mean('pf_parent'):.2f}, child {mean('pf_child'):.2f};"
          f" pages allocated in the call {mean('pa_create'):.2f}, by the child {mean('pa_child'):.2f}")
    common = collections.Counter(tuple(c["child_faults"]) for c in done).most_common(2)
    for faults, n in common:
        more = f" and {len(faults) - 12} more" if len(faults) > 12 else ""
        print(f"  {n} children faulted at {' '.join(faults[:12])}{more}")


main()

#!/usr/bin/env bash
# Where a process creation's time and faults go, from the kernel's own
# events: runs CMD (pinned to CPU, default 0) with its process tree traced
# in a tracefs instance of its own (creation syscalls and waits, sched
# fork/exit/switch, user page faults, page allocations), keeps the trace in
# OUT and prints, per creation by the process that created the most, the
# median time of each step and the mean faults and page allocations of
# parent and child, with the child's most common fault addresses. Run it
# on a bare loop and on forkbench and read the two side by side: this is
# how the worker's extra child fault was found
# (docs/logs/2026-11-28-lean-check.md). Tracing slows every step; compare
# the two, not the absolute times.
#
# Usage: harness/creation-trace.sh OUT CMD [ARG...]   (root, tracefs mounted)
#   CPU=N   the CPU to pin the command to (default 0; "none": not pinned)
set -eu
[ $# -ge 2 ] || { echo "usage: creation-trace.sh OUT CMD [ARG...]" >&2; exit 2; }
out=$1
shift
tracefs=$(awk '$3 == "tracefs" {print $2; exit}' /proc/self/mounts)
[ -n "$tracefs" ] || { echo "creation-trace: tracefs is not mounted (as root: mount -t tracefs nodev /sys/kernel/tracing)" >&2; exit 3; }
inst=$tracefs/instances/creation-trace-$$
mkdir "$inst" 2>/dev/null || { echo "creation-trace: cannot create $inst (needs root)" >&2; exit 3; }
trap 'rmdir "$inst" 2>/dev/null' EXIT
pin=(taskset -c "${CPU:-0}")
[ "${CPU:-0}" != none ] || pin=()
echo mono >"$inst/trace_clock"
echo 65536 >"$inst/buffer_size_kb"
echo 1 >"$inst/options/event-fork" # the children join the traced pids
# fork 57, vfork 58, clone 56, clone3 435; wait4 61, waitid 247; exit 60, exit_group 231
for e in sys_enter sys_exit; do
	echo 'id == 56 || id == 57 || id == 58 || id == 435 || id == 61 || id == 247 || id == 60 || id == 231' \
		>"$inst/events/raw_syscalls/$e/filter"
	echo 1 >"$inst/events/raw_syscalls/$e/enable"
done
for e in sched/sched_process_fork sched/sched_process_exit sched/sched_switch \
	exceptions/page_fault_user kmem/mm_page_alloc; do
	echo 1 >"$inst/events/$e/enable"
done
echo >"$inst/trace"
# set_event_pid takes the shell's pid, which exec hands to CMD
sh -c 'echo $$ >"$1/set_event_pid"; shift; exec "$@"' sh "$inst" "${pin[@]}" "$@" >/dev/null
echo 0 >"$inst/tracing_on"
cat "$inst/trace" >"$out"
/usr/bin/python3 "$(dirname "$0")/creation_trace.py" "$out"

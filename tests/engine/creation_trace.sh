#!/usr/bin/env bash
# harness/creation-trace.sh on the bare fork loop: every reaped creation is
# counted, a forked child takes at least one user fault (its first write to
# the stack it shares copy-on-write), and the tracing instance goes.
# Needs root and a mounted tracefs. Usage: creation_trace.sh BUILD_DIR
set -u
build=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/../lib/tap.sh"
tracefs=$(awk '$3 == "tracefs" {print $2; exit}' /proc/self/mounts)
if [ "$(id -u)" -ne 0 ] || [ -z "$tracefs" ]; then
	echo "# SKIP: needs root and a mounted tracefs (mount -t tracefs nodev /sys/kernel/tracing)"
	exit 77
fi
loop=$build/bench/minimal-fork-static
if readelf -lW "$loop" | grep -q "Requesting program interpreter"; then
	# a sanitizer build: its runtime forks at exit, and faults in its own shadow
	echo "# SKIP: $loop is not static (a sanitizer build)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$top/harness/creation-trace.sh" "$tmp/trace" "$loop" 300 >"$tmp/out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/out"
check "it exits 0" test $rc -eq 0
check "it counts the 300 forks, less 50 of warm-up" grep -q "^250 creations by pid" "$tmp/out"
child=$(sed -n 's/.*user faults: parent [0-9.]*, child \([0-9.]*\);.*/\1/p' "$tmp/out")
check "a forked child takes at least one user fault (read $child)" \
	awk -v c="$child" 'BEGIN {exit !(c != "" && c >= 1)}'
check "it lists where the children faulted" grep -q "children faulted at 0x" "$tmp/out"
check "its tracing instance is gone" test -z "$(ls -d "$tracefs"/instances/creation-trace-* 2>/dev/null)"
"$top/harness/creation-trace.sh" "$tmp/x" >/dev/null 2>"$tmp/err"
check "without a command it is a usage error (exit 2, one line)" test $? -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1
finish

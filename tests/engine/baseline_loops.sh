#!/usr/bin/env bash
# The bare loops of bench/baseline/, one per method, each really creates and
# reaps (under no_orphans, as a subreaper: nothing is left behind) and prints
# its median round trip, and each placement's count and median (its children
# say their CPU as forkbench's do); harness/lean-check.sh runs them all against
# forkbench and prints its table. Which verdict it gives is a timing, so it
# is printed, not asserted. Usage: baseline_loops.sh BUILD_DIR NO_ORPHANS
set -u
build=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
helper=$build/bench/forkbench-helper
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for loop in fork-static vfork thread pthread posix-spawn fork-exec vfork-exec pidfd pidfd-open; do
	args=()
	case $loop in *spawn | *exec) args=("$helper" --cpu) ;; esac
	"$no_orphans" "$build/bench/minimal-$loop" 5 "${args[@]}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "minimal-$loop: 5 creations, reaped, nothing left (exit $rc)" test $rc -eq 0
	read -r _ same same_med other _ <"$tmp/out"
	check "minimal-$loop: prints a median in ns, then each placement's count and median ($(head -c 60 "$tmp/out"))" \
		grep -Eqx '[1-9][0-9]*( [0-9]+){4}' "$tmp/out"
	check "minimal-$loop: every child said where it ran ($same + $other of 5)" \
		test $((same + other)) -eq 5
	# Pinned, every child runs on its parent's CPU: what the loop says is where it ran.
	taskset -c 0 "$no_orphans" "$build/bench/minimal-$loop" 20 "${args[@]}" >"$tmp/out"
	read -r _ same same_med other _ <"$tmp/out"
	check "minimal-$loop under taskset -c 0: all 20 children on their parent's CPU ($same same, $other other)" \
		test "$same" -eq 20 -a "$other" -eq 0 -a "$same_med" -gt 0
done
"$build/bench/minimal-fork-static" 5 --rss 2 >"$tmp/out"
check "minimal-fork --rss 2: forks with a 2 MiB image" grep -Eqx '[1-9][0-9]*( [0-9]+){4}' "$tmp/out"
"$build/bench/minimal-posix-spawn" 5 >/dev/null 2>"$tmp/err"
check "an exec loop without its helper is a usage error (exit 2)" test $? -eq 2
"$build/bench/minimal-posix-spawn" 5 /nonexistent >/dev/null 2>"$tmp/err"
check "an exec loop whose helper cannot run fails (exit 1)" test $? -eq 1

"$no_orphans" "$top/harness/lean-check.sh" "$build" 1 40 >"$tmp/lean" 2>"$tmp/lean.err"
rc=$?
sed 's/^/# /' "$tmp/lean" "$tmp/lean.err"
check "lean-check gives a verdict (exit 0 or 1, got $rc)" test $rc -le 1
check "its table has a row per method and placement (10 x 2)" \
	test "$(grep -Ec ' (pinned|unpinned) .* (ok|OVER)(, unsure)?$' "$tmp/lean")" -eq 20
check "it says child_start is still reported" grep -q "child_start is still reported" "$tmp/lean"
# Six rounds are the fewest with a 95% CI of the median (the first and
# last of six sorted ratios); it must hold the median.
METHODS=fork PLACES=pinned "$no_orphans" "$top/harness/lean-check.sh" "$build" 6 40 >"$tmp/lean6" 2>/dev/null
read -r ratio ci < <(awk '$1 == "fork" && $2 == "pinned" {print $5, $6}' "$tmp/lean6")
check "with 6 rounds the row has a CI around its median ($ci, $ratio)" \
	awk -v r="$ratio" -v ci="$ci" 'BEGIN {split(ci, b, "-"); exit !(ci ~ /^[0-9.]+-[0-9.]+$/ && b[1] <= r && r <= b[2])}'
"$top/harness/lean-check.sh" "$build" x >/dev/null 2>"$tmp/err"
check "a bad ROUNDS is a usage error (exit 2, one line)" test $? -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1
FB_ARGS=--no-such-option METHODS=fork PLACES=pinned "$no_orphans" "$top/harness/lean-check.sh" "$build" 1 40 \
	>/dev/null 2>"$tmp/err"
rc=$?
check "a forkbench run that fails (FB_ARGS=--no-such-option): exit 3, and it says so (exit $rc)" \
	test $rc -eq 3 -a "$(grep -c 'forkbench run -m fork --rss 0 failed' "$tmp/err")" -eq 1
finish

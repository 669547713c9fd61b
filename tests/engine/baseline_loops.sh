#!/usr/bin/env bash
# The bare loops lean-check holds forkbench against: the floor (bench/floor/,
# nothing of forkbench's) and the loops that read placements
# (bench/baseline/). Each really creates and reaps (under no_orphans, as a
# subreaper: nothing is left behind) and prints one line per sample;
# loop-results turns those lines into a results file that forkbench compare
# reads and matches with forkbench's own entry; harness/lean-check.sh runs
# them all through compare. Which verdict it gives is a timing, so it is
# printed, not asserted. Usage: baseline_loops.sh BUILD_DIR NO_ORPHANS
set -u
build=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$build/bench
helper=$bin/forkbench-helper
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lines() { wc -l <"$1"; }

for m in fork vfork thread pthread posix_spawn fork_exec vfork_exec pidfd pidfd_open; do
	name=${m//_/-}
	floor=(floor-"$name")
	place=(minimal-"$name")
	[ "$m" != fork ] || place=(minimal-fork-static)
	case $m in *spawn | *exec) floor+=("$helper") place+=("$helper" --cpu) ;; esac
	"$no_orphans" "$bin/${floor[0]}" 5 "${floor[@]:1}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "${floor[0]}: 5 creations, reaped, nothing left (exit $rc)" test $rc -eq 0
	check "${floor[0]}: prints 5 round trips in ns, one a line ($(head -c 40 "$tmp/out" | tr '\n' ' '))" \
		test "$(grep -Ecx '[1-9][0-9]*' "$tmp/out")" -eq 5 -a "$(lines "$tmp/out")" -eq 5
	"$no_orphans" "$bin/${place[0]}" 5 "${place[@]:1}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "${place[0]}: 5 creations, reaped, nothing left (exit $rc)" test $rc -eq 0
	check "${place[0]}: prints each round trip with its parent's and child's CPU ($(head -1 "$tmp/out"))" \
		test "$(grep -Ecx '[1-9][0-9]* [0-9]+ [0-9]+' "$tmp/out")" -eq 5 -a "$(lines "$tmp/out")" -eq 5
	# Pinned, every child runs on its parent's CPU: what the loop says is where it ran.
	taskset -c 0 "$no_orphans" "$bin/${place[0]}" 20 "${place[@]:1}" >"$tmp/out"
	check "${place[0]} under taskset -c 0: all 20 children on their parent's CPU 0" \
		test "$(grep -Ecx '[1-9][0-9]* 0 0' "$tmp/out")" -eq 20
done
"$bin/floor-fork" 5 2 >"$tmp/out"
check "floor-fork N 2: forks with a 2 MiB image" test "$(grep -Ecx '[1-9][0-9]*' "$tmp/out")" -eq 5
"$bin/minimal-fork-static" 5 --rss 2 >"$tmp/out"
check "minimal-fork --rss 2: forks with a 2 MiB image" test "$(grep -Ecx '[1-9][0-9]* [0-9]+ [0-9]+' "$tmp/out")" -eq 5
for loop in floor-fork floor-thread minimal-vfork; do
	"$bin/$loop" x >/dev/null 2>"$tmp/err"
	check "$loop with a bad N is a usage error (exit 2, one line)" test $? -eq 2 -a "$(lines "$tmp/err")" -eq 1
done
for loop in floor-posix-spawn minimal-posix-spawn; do
	"$bin/$loop" 5 >/dev/null 2>"$tmp/err"
	check "$loop without its helper is a usage error (exit 2)" test $? -eq 2
	"$bin/$loop" 5 /nonexistent >/dev/null 2>"$tmp/err"
	check "$loop whose helper cannot run fails (exit 1, one line)" test $? -eq 1 -a "$(lines "$tmp/err")" -eq 1
done

# loop-results: what a loop printed, as a results file compare matches with forkbench's entry.
taskset -c 0 "$bin/floor-fork" 20 >"$tmp/floor.txt"
taskset -c 0 "$bin/loop-results" --method fork --cpu 0 --label floor-fork --json "$tmp/floor.json" <"$tmp/floor.txt"
check "loop-results writes the floor's samples (exit $?)" \
	test "$(jq '.results[0].points.roundtrip.samples_ns | length' "$tmp/floor.json")" -eq 20
check "pinned (--cpu 0), the floor's parent and children ran on CPU 0" \
	test "$(jq -c '.results[0].cpus | [.parent, .child] | flatten | unique' "$tmp/floor.json")" = "[0]"
taskset -c 0 "$bin/forkbench" run -m fork --rss 0 -n 20 --cpu 0 -q --no-progress --json "$tmp/fb.json"
"$bin/forkbench" compare --json "$tmp/floor.json" "$tmp/fb.json" >"$tmp/cmp.json" 2>/dev/null
check "compare reads it and matches it with forkbench's pinned fork entry" \
	test "$(jq -r '[.comparisons[0].entries[] | select(.in == "both") | .id] | join(",")' "$tmp/cmp.json")" = "fork rss=0 thp=system cpu=0"
"$bin/floor-fork" 10 2 | "$bin/loop-results" --method fork --rss 2M --thp off --json "$tmp/floor2m.json"
"$bin/forkbench" run -m fork --rss 2M --thp off -n 10 -q --no-progress --json "$tmp/fb2m.json"
"$bin/forkbench" compare --json "$tmp/floor2m.json" "$tmp/fb2m.json" >"$tmp/cmp.json" 2>/dev/null
check "an image's entry matches too (--rss 2M --thp off, unpinned)" \
	test "$(jq -r '[.comparisons[0].entries[] | select(.in == "both") | .id] | join(",")' "$tmp/cmp.json")" = "fork rss=2M thp=off"
check "unpinned, the floor's placement is not known: no CPUs" \
	test "$(jq '.results[0] | has("cpus")' "$tmp/floor2m.json")" = false
"$bin/minimal-pidfd" 10 | "$bin/loop-results" --method pidfd --json "$tmp/place.json"
check "a placement loop's CPUs are kept, one per sample" \
	test "$(jq '.results[0].cpus | [.parent, .child] | map(length) | unique' -c "$tmp/place.json")" = "[10]"
"$bin/loop-results" --method fork --cpu 0 --json "$tmp/x.json" <"$tmp/floor.txt" 2>"$tmp/err"
rc=$?
check "--cpu 0 outside that pinning is refused: exit 2, one line (exit $rc)" \
	test $rc -eq 2 -a "$(lines "$tmp/err")" -eq 1 -a ! -e "$tmp/x.json"
printf '100\n200 0 1\n' | "$bin/loop-results" --method fork --json "$tmp/x.json" 2>"$tmp/err"
rc=$?
check "lines of two shapes are refused: exit 1, one line (exit $rc: $(cat "$tmp/err"))" \
	test $rc -eq 1 -a "$(lines "$tmp/err")" -eq 1 -a ! -e "$tmp/x.json"
"$bin/loop-results" --method fork --json "$tmp/x.json" </dev/null 2>"$tmp/err"
check "no samples (a loop that failed): exit 1, one line" test $? -eq 1 -a "$(lines "$tmp/err")" -eq 1
"$bin/loop-results" --method frok --json "$tmp/x.json" <"$tmp/floor.txt" 2>"$tmp/err"
check "an unknown method is a usage error (exit 2, one line)" test $? -eq 2 -a "$(lines "$tmp/err")" -eq 1

"$no_orphans" "$top/harness/lean-check.sh" "$build" 1 40 >"$tmp/lean" 2>"$tmp/lean.err"
rc=$?
sed 's/^/# /' "$tmp/lean" "$tmp/lean.err"
check "lean-check gives a verdict (exit 0 or 1, got $rc)" test $rc -le 1
check "its table has a row per method and placement (10 x 2)" \
	test "$(grep -Ec ' (pinned|unpinned) .* (ok|OVER|not judged)(, unsure)?$' "$tmp/lean")" -eq 20
check "it says child_start is still reported" grep -q "child_start is still reported" "$tmp/lean"
# Three rounds: compare's CI of the ratio against the floor holds the ratio.
METHODS=fork PLACES=pinned OUT=$tmp/kept "$no_orphans" "$top/harness/lean-check.sh" "$build" 3 40 \
	>"$tmp/lean3" 2>/dev/null
read -r ratio ci < <(awk '$1 == "fork" && $2 == "pinned" {print $6, $7}' "$tmp/lean3")
check "with 3 rounds the row has compare's CI around its ratio ($ci, $ratio)" \
	awk -v r="$ratio" -v ci="$ci" 'BEGIN {split(ci, b, "-"); exit !(ci ~ /^[0-9.]+-[0-9.]+$/ && b[1] <= r && r <= b[2])}'
check "OUT keeps each side's three runs and both comparisons" \
	test "$(ls "$tmp/kept/fork.pinned" | tr '\n' ' ')" = "compare-floor.json compare-placement.json fb.1.json fb.2.json fb.3.json floor.1.json floor.2.json floor.3.json placement.1.json placement.2.json placement.3.json "
"$top/harness/qemu/lean-icount.sh" --bin "$bin" --out "$tmp/li" >/dev/null 2>"$tmp/err"
check "lean-icount without a kernel is a usage error (exit 2, one line)" \
	test $? -eq 2 -a "$(lines "$tmp/err")" -eq 1
"$top/harness/lean-check.sh" "$build" x >/dev/null 2>"$tmp/err"
check "a bad ROUNDS is a usage error (exit 2, one line)" test $? -eq 2 -a "$(lines "$tmp/err")" -eq 1
FB_ARGS=--no-such-option METHODS=fork PLACES=pinned "$no_orphans" "$top/harness/lean-check.sh" "$build" 1 40 \
	>/dev/null 2>"$tmp/err"
rc=$?
check "a forkbench run that fails (FB_ARGS=--no-such-option): exit 3, and it says so (exit $rc)" \
	test $rc -eq 3 -a "$(grep -c 'forkbench run -m fork --rss 0 failed' "$tmp/err")" -eq 1
finish

#!/usr/bin/env bash
# lean-check's one piece of logic, on runs made up so that the answer is
# known: compare's ratio of forkbench over the floor against the goal
# (fork 1.03, the others 1.05), "unsure" where compare's CI spans it. Every
# side's runs are written by loop-results (forkbench's too: compare only
# needs the samples and the parameters), and lean-check reads them back
# with FROM=DIR. 10% slower is over its goal and exits 1; equal is ok; a
# ratio of 1.049 whose run medians spread by 2% is ok but unsure.
# Usage: lean_verdict.sh BUILD_DIR
set -u
build=$1
. "$(dirname "$0")/../lib/tap.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
lr=$build/bench/loop-results
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# runs METHOD SIDE FACTOR SPREAD...: one run per SPREAD (per mille), each of
# 10 samples at 100 us x FACTOR x (1 + SPREAD/1000); a placement loop's
# samples say their CPUs, 7 of 10 children on the parent's CPU.
runs() {
	local m=$1 side=$2 factor=$3 r=0 s ns
	shift 3
	mkdir -p "$tmp/kept/$m.unpinned"
	for s in "$@"; do
		r=$((r + 1))
		ns=$(awk -v f="$factor" -v s="$s" 'BEGIN {printf "%d", 100000 * f * (1 + s / 1000)}')
		for i in 1 2 3 4 5 6 7 8 9 10; do
			if [ "$side" = floor ]; then echo "$ns"; else echo "$ns 0 $((i > 7))"; fi
		done | "$lr" --method "$m" --label "$side" --json "$tmp/kept/$m.unpinned/$side.$r.json" ||
			echo "# loop-results failed for $m $side $r"
	done
}
for side in floor placement; do
	runs fork "$side" 1 0 10 -10 20 -20 5
	runs vfork "$side" 1 0 10 -10 20 -20 5
	runs thread "$side" 1 0 10 -10 20 -20 5
done
runs fork fb 1.1 5 -10 0 20 10 -20
runs vfork fb 1 5 -10 0 20 10 -20
runs thread fb 1.049 5 -10 0 20 10 -20

METHODS="fork vfork thread" PLACES=unpinned FROM=$tmp/kept "$top/harness/lean-check.sh" "$build" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
sed 's/^/# /' "$tmp/out" "$tmp/err"
row() { awk -v m="$1" '$1 == m && $2 == "unpinned" {v = $12; for (i = 13; i <= NF; i++) v = v " " $i; print $6, v}' "$tmp/out"; }
check "exit 1: a ratio against the floor is over its goal (got $rc)" test "$rc" -eq 1
check "10% slower: 1.100 and over fork's goal of 1.03 ($(row fork))" test "$(row fork)" = "1.100 OVER"
check "equal: 1.000 and within vfork's goal ($(row vfork))" test "$(row vfork)" = "1.000 ok"
check "1.049 with a CI across 1.05: ok, but unsure ($(row thread))" test "$(row thread)" = "1.049 ok, unsure"
read -r lo hi < <(awk '$1 == "thread" {split($7, b, "-"); print b[1], b[2]}' "$tmp/out")
check "the CI printed is compare's, around the ratio ($lo-$hi)" \
	awk -v lo="$lo" -v hi="$hi" 'BEGIN {exit !(lo < 1.049 && 1.049 < hi && lo < 1.05 && 1.05 < hi)}'
check "the share of children on their parent's CPU is the placement loop's and forkbench's" \
	test "$(awk '$1 == "vfork" {print $10}' "$tmp/out")" = "0.70/0.70"
check "it says where a CI spans its goal" grep -q "CI marked unsure spans its goal" "$tmp/err"
mkdir "$tmp/empty"
METHODS=fork PLACES=unpinned FROM=$tmp/empty "$top/harness/lean-check.sh" "$build" >/dev/null 2>"$tmp/err"
rc=$?
check "FROM a directory without runs: exit 3, and it says so (exit $rc)" \
	test $rc -eq 3 -a "$(grep -c 'no runs of forkbench' "$tmp/err")" -eq 1
finish

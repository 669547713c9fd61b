#!/usr/bin/env bash
# Is forkbench lean? Compares its fork round trip at --rss 0 with a
# minimal hand-written fork/_exit/waitpid loop, alternating the two in
# rounds on the same machine so drift hits both alike.
# Usage: harness/lean-check.sh [BUILD_DIR] [ROUNDS] [SAMPLES]
set -eu
build=${1:-build}
rounds=${2:-7}
samples=${3:-2000}
fb=$build/bench/forkbench
for bin in "$fb" "$build/bench/minimal-fork" "$build/bench/minimal-fork-static"; do
	[ -x "$bin" ] || { echo "lean-check: $bin is missing; build first (cmake --build $build)" >&2; exit 2; }
done
command -v jq >/dev/null || { echo "lean-check: jq is missing (apt-get install jq)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

: >"$tmp/fb"; : >"$tmp/dyn"; : >"$tmp/static"
for r in $(seq "$rounds"); do
	"$fb" run -m fork --rss 0 -n "$samples" -q --no-progress --json "$tmp/r.json"
	jq '.results[0].points.roundtrip.summary.p50' "$tmp/r.json" >>"$tmp/fb"
	"$build/bench/minimal-fork" "$samples" >>"$tmp/dyn"
	"$build/bench/minimal-fork-static" "$samples" >>"$tmp/static"
done
median() { sort -g "$1" | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
fbm=$(median "$tmp/fb"); dyn=$(median "$tmp/dyn"); sta=$(median "$tmp/static")
echo "fork round trip at --rss 0, median of $rounds alternating rounds of $samples samples:"
printf '  %-34s %10.1f us\n' "forkbench run -m fork --rss 0" "$(echo "$fbm / 1000" | bc -l)"
printf '  %-34s %10.1f us   forkbench/this = %.3f\n' "minimal loop (dynamic, as written)" \
	"$(echo "$dyn / 1000" | bc -l)" "$(echo "$fbm / $dyn" | bc -l)"
printf '  %-34s %10.1f us   forkbench/this = %.3f\n' "minimal loop (static, like the worker)" \
	"$(echo "$sta / 1000" | bc -l)" "$(echo "$fbm / $sta" | bc -l)"
echo "per-round medians (ns): forkbench $(tr '\n' ' ' <"$tmp/fb")| dynamic $(tr '\n' ' ' <"$tmp/dyn")| static $(tr '\n' ' ' <"$tmp/static")"

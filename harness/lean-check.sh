#!/usr/bin/env bash
# Is forkbench lean? Compares its fork round trip at --rss 0 with a
# minimal hand-written fork/_exit/waitpid loop, alternating the two in
# rounds on the same machine so drift hits both alike.
# Usage: harness/lean-check.sh [BUILD_DIR] [ROUNDS] [SAMPLES]
#   CPU=N   pin everything to CPU N (forkbench --cpu, taskset for the loops):
#           where the scheduler puts parent and child moves these numbers
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
pin=() fbpin=()
if [ -n "${CPU:-}" ]; then
	pin=(taskset -c "$CPU")
	fbpin=(--cpu "$CPU")
fi

: >"$tmp/fb"; : >"$tmp/dyn"; : >"$tmp/static"; : >"$tmp/cstart"
for r in $(seq "$rounds"); do
	"$fb" run -m fork --rss 0 -n "$samples" "${fbpin[@]}" -q --no-progress --json "$tmp/r.json"
	jq '.results[0].points.roundtrip.summary.p50' "$tmp/r.json" >>"$tmp/fb"
	"${pin[@]}" "$build/bench/minimal-fork" "$samples" >>"$tmp/dyn"
	"${pin[@]}" "$build/bench/minimal-fork-static" "$samples" >>"$tmp/static"
	"${pin[@]}" "$build/bench/minimal-fork-static" "$samples" --child-start >>"$tmp/cstart"
done
median() { sort -g "$1" | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
fbm=$(median "$tmp/fb"); dyn=$(median "$tmp/dyn"); sta=$(median "$tmp/static"); cst=$(median "$tmp/cstart")
echo "fork round trip at --rss 0, median of $rounds alternating rounds of $samples samples${CPU:+, all on CPU $CPU}:"
printf '  %-34s %10.1f us\n' "forkbench run -m fork --rss 0" "$(echo "$fbm / 1000" | bc -l)"
printf '  %-34s %10.1f us   forkbench/this = %.3f\n' "minimal loop (dynamic, as written)" \
	"$(echo "$dyn / 1000" | bc -l)" "$(echo "$fbm / $dyn" | bc -l)"
printf '  %-34s %10.1f us   forkbench/this = %.3f\n' "minimal loop (static, like the worker)" \
	"$(echo "$sta / 1000" | bc -l)" "$(echo "$fbm / $sta" | bc -l)"
printf '  %-34s %10.1f us   forkbench/this = %.3f\n' "static loop + child_start store" \
	"$(echo "$cst / 1000" | bc -l)" "$(echo "$fbm / $cst" | bc -l)"
echo "  (the last loop's child reads the clock and stores it in a shared page, as"
echo "   forkbench's does for child_start: two faults in the child the bare loop skips)"
echo "per-round medians (ns): forkbench $(tr '\n' ' ' <"$tmp/fb")| dynamic $(tr '\n' ' ' <"$tmp/dyn")| static $(tr '\n' ' ' <"$tmp/static")| child_start $(tr '\n' ' ' <"$tmp/cstart")"

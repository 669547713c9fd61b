#!/bin/bash
# Where the time went: compare names the copy_process phase that moved, or
# says the change lies outside copy_process, from runs whose entries carry
# the patched kernel's phases (data/phases-tcg.json, three runs a side made
# from it here). A planted +D ns in copy_mm (and so in total and in the
# round trip) must read "copy_mm +D"; a round trip slowed with every phase
# unchanged must read "outside copy_process"; the JSON carries the rows.
# Usage: test_phases.sh FORKBENCH
set -u
FB=$1
DATA=$(cd "$(dirname "$0")/data" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/tap.sh"

# make OUT FACTOR PHASE_ADD ROUNDTRIP_ADD_SHARE: every sample times FACTOR;
# PHASE_ADD ns added to copy_mm and total and to every round trip; then the
# round trips raised by ROUNDTRIP_ADD_SHARE of their median.
make() {
	jq --argjson f "$2" --argjson d "$3" --argjson r "$4" '
		def med: sort | .[length / 2 | floor];
		.results[] |= (
			(.points.roundtrip.samples_ns | med) as $m |
			.points.roundtrip.samples_ns |= map((. * $f + $d + $r * $m) | floor) |
			.points.roundtrip |= del(.summary) | # no longer its samples (the reader refuses it)
			.phases.phases |= with_entries(
				.value.samples |= map(. * $f | floor) |
				if .key == "copy_mm" or .key == "total" then .value.samples |= map(. + $d) else . end))' \
		"$DATA/phases-tcg.json" >"$1"
}
mkdir -p "$tmp/A" "$tmp/B" "$tmp/C"
k=0
for f in 1.000 1.002 0.998; do
	k=$((k + 1))
	make "$tmp/A/a-$k.json" "$f" 0 0
	make "$tmp/B/b-$k.json" "$f" 40000 0
	make "$tmp/C/c-$k.json" "$f" 0 0.2
done

"$FB" compare --parts "$tmp/A" "$tmp/B" >"$tmp/ab.txt" 2>/dev/null
check "+40 us in copy_mm: slower (exit 1)" test $? -eq 1
check "... the phase that moved is named with its size" \
	grep -q "^  fork rss=0 thp=off: copy_process: copy_mm +40.0 us (+[0-9.]*%)" "$tmp/ab.txt"
check "... the other phases said to be within a time (they did not move: 1 ns, the least said)" grep -q "copy_mm +40.0 us.*; other phases within 1 ns$" "$tmp/ab.txt"
check "--parts prints every phase, copy_mm marked moved" grep -Eq "^ +copy_mm .* moved$" "$tmp/ab.txt"
"$FB" compare --json "$tmp/A" "$tmp/B" >"$tmp/ab.json" 2>/dev/null
check "the JSON says where: copy_mm" \
	test "$(jq -r '.comparisons[0].entries[0].phases.where' "$tmp/ab.json")" = copy_mm
check "... with a row per phase, copy_mm's delta 40000 ns" \
	test "$(jq '.comparisons[0].entries[0].phases.rows[] | select(.phase == "copy_mm") | .delta_ns | floor' "$tmp/ab.json")" -ge 39900

"$FB" compare "$tmp/A" "$tmp/C" >"$tmp/ac.txt" 2>/dev/null
check "+20% on the round trip, phases unchanged: slower (exit 1)" test $? -eq 1
check "... outside copy_process: the exit, reap or wait path" \
	grep -q "fork rss=0 thp=off: copy_process: outside copy_process: the exit, reap or wait path (copy_process +0 ns, +0.00%)" "$tmp/ac.txt"
"$FB" compare --json "$tmp/A" "$tmp/C" >"$tmp/ac.json" 2>/dev/null
check "the JSON says where: outside copy_process" \
	test "$(jq -r '.comparisons[0].entries[0].phases.where' "$tmp/ac.json")" = "outside copy_process"
"$FB" compare --point create "$tmp/A" "$tmp/C" >"$tmp/create.txt" 2>/dev/null
check "create did not move: no phase named" grep -q "no phase moved" "$tmp/create.txt"

"$FB" compare "$tmp/A/a-1.json" "$tmp/B/b-1.json" >"$tmp/one.txt" 2>/dev/null
check "one run a side: phases shown, not tested" grep -q "phases shown, not tested: one run a side" "$tmp/one.txt"

# A file of several runs splits its phases by run through phases.sample.
"$FB" run --method fork --rss 0 --thp off -n 40 --runs 2 --quiet --no-progress --json "$tmp/r.json" >/dev/null 2>&1
if jq -e '.results[0].phases.sample' "$tmp/r.json" >/dev/null 2>&1; then
	check "phases.sample: one index per phase value" \
		test "$(jq '.results[0].phases | (.sample | length) == (.phases.total.samples | length)' "$tmp/r.json")" = true
else
	echo "ok $((n += 1)) - # SKIP no copy_process events here (a kernel without the series)"
fi

finish

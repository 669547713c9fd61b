#!/bin/bash
# Runs timed with the cache model (common format: points.X.model arrays
# beside samples_ns, which hold cycles): compare names the counters that
# moved, largest relative change first, and always says what instruction
# time saw. Three model runs a side made here from one instruction-time
# boot (tests/data): B reads 16 more last-level misses per window (200
# cycles each, as the plugin weighs them) with the same instructions, the
# memory-traffic regression instruction time cannot see.
# Usage: test_model_parts.sh FORKBENCH
set -u
FB=$1
DATA=$(cd "$(dirname "$0")/../data" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/tap.sh"

# model OUT FACTOR EXTRA_LLC: the boot as a model run, every window's
# instructions = its instruction time x FACTOR, 350 + EXTRA_LLC last-level
# misses, and cycles = instructions + 200 x misses.
model() {
	jq --argjson f "$2" --argjson x "$3" '
		.context.timing = {clock: "model", accel: "tcg", emulated: true, source: "test",
			model: {plugin: "test", weights: {llc_misses: 200},
				cost: "cycles = instructions + 200 x llc_misses"}} |
		.results[] |= (.points |= with_entries(
			if .key == "create" or .key == "roundtrip" then
				(.value.samples_ns | map(. * $f | floor)) as $ins |
				.value.model = {instructions: $ins, llc_misses: ($ins | map(350 + $x))} |
				.value.samples_ns = ($ins | map(. + 200 * (350 + $x)))
			else . end))' "$DATA/icount-6.1-vs-6.12/A-1.json" >"$1"
}
mkdir -p "$tmp/A" "$tmp/B"
k=0
for f in 1.0000 1.0001 0.9999; do
	k=$((k + 1))
	model "$tmp/A/a-$k.json" "$f" 0
	model "$tmp/B/b-$k.json" "$f" 16
done
"$FB" results --clock "$tmp/A/a-1.json" >"$tmp/clock" 2>&1
check "a model file reads as the model clock" grep -q "model" "$tmp/clock"

"$FB" compare "$tmp/A" "$tmp/B" >"$tmp/ab.txt" 2>&1
check "16 more last-level misses: slower in the model (exit 1)" test $? -eq 1
check "... the counter that moved is named, with its change" \
	grep -q "model: llc_misses +16 (+4.6%)" "$tmp/ab.txt"
check "... and what instruction time saw beside it" grep -q "; instructions +0 (+0.00%)" "$tmp/ab.txt"
"$FB" compare --json "$tmp/A" "$tmp/B" >"$tmp/ab.json" 2>/dev/null
check "the JSON carries a row per counter, llc_misses moved by 16" \
	test "$(jq '[.comparisons[0].entries[0].model.rows[] | select(.counter == "llc_misses" and .moved and .delta == 16)] | length' "$tmp/ab.json")" -eq 1
check "... instructions not moved" \
	test "$(jq '[.comparisons[0].entries[0].model.rows[] | select(.counter == "instructions" and (.moved | not))] | length' "$tmp/ab.json")" -eq 1
"$FB" compare "$tmp/A" "$tmp/A" >"$tmp/aa.txt" 2>&1
check "A/A in the model: no counter moved" grep -q "model: no counter moved" "$tmp/aa.txt"
"$FB" compare "$tmp/A" "$DATA/icount-6.1-vs-6.12/B-1.json" >/dev/null 2>"$tmp/err"
check "the model is never mixed with instruction time (exit 2)" test $? -eq 2
finish

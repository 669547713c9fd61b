#!/bin/bash
# Properties of compare's verdict that must hold for every results file of
# the test corpus, not only the examples the other tests pick:
#   - a file against itself reads 1.000 in every entry, and no entry is
#     slower or faster;
#   - where children ran (the recorded CPUs) never changes a verdict:
#     every entry's verdict, ratio and p-value are the same after the CPUs
#     of one side, or of both, are rewritten (all on the parent's CPU, all
#     on the other, swapped, or at random), the timings unchanged. This is
#     the 109x "slower" that placement metadata alone once made.
# The corpus: tests/compare/data (every file compare accepts) and a real
# run of this machine, with its probe samples and per-sample CPUs.
# Usage: test_properties.sh FORKBENCH
set -u
FB=$1
DATA=$(cd "$(dirname "$0")/data" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/tap.sh"

# A real run: unpinned, so that its children ran on both CPUs where the
# machine has two; three runs in one file, probes included.
"$FB" run --method fork,vfork,thread --rss 0,1M --thp off -n 60 --runs 3 --quiet \
	--no-progress --json "$tmp/real.json" >/dev/null 2>&1 ||
	check "a real run for the corpus" false

corpus=()
while IFS= read -r f; do
	"$FB" compare --json "$f" "$f" >/dev/null 2>&1
	[ $? -eq 2 ] || corpus+=("$f") # broken on purpose: not a results file compare reads
done < <(find "$DATA" -name '*.json' ! -name 'golden*' | sort)
[ -f "$tmp/real.json" ] && corpus+=("$tmp/real.json")
check "the corpus holds files to test (${#corpus[@]})" test ${#corpus[@]} -ge 10

# verdicts FILE: "id point ratio p verdict" per entry of compare --json, sorted.
verdicts() {
	jq -r '.comparisons[].entries[] |
		[.id, (.ratio // "-" | tostring), (.p_adjusted // "-" | tostring), .verdict] | @tsv' "$1" |
		sort
}

for f in "${corpus[@]}"; do
	name=${f#"$DATA"/}
	"$FB" compare --json "$f" "$f" >"$tmp/self.json" 2>/dev/null
	check "$name against itself: exit 0" test $? -eq 0
	check "... every entry reads 1.000" \
		test "$(jq '[.comparisons[].entries[] | select(.ratio != null and .ratio != 1)] | length' "$tmp/self.json")" -eq 0
	check "... and none is slower or faster" \
		test "$(jq '[.comparisons[].entries[] | select(.verdict == "slower" or .verdict == "faster")] | length' "$tmp/self.json")" -eq 0
done

# relabel HOW FILE OUT: the same file with every sample's child CPU rewritten.
relabel() {
	jq --arg how "$1" '
		def other(p): if p == 0 then 1 else 0 end;
		.results[] |= (if .cpus.child then
			.cpus.child = [range(0; .cpus.child | length) as $i |
				(.cpus.parent[$i]) as $p |
				if $how == "same" then $p
				elif $how == "other" then other($p)
				elif $how == "swap" then (if .cpus.child[$i] == $p then other($p) else $p end)
				else (if (($i * 7919 + 13) % 10) < 3 then $p else other($p) end) end]
			else . end)' "$2" >"$3"
}

# Pairs of sides: the three runs a side, the two single runs, a real run
# against a copy of itself made 8% slower, and the corpus' self pairs.
jq '.results[] |= (if .points then .points |= with_entries(.value.samples_ns |= (if . then map(. * 108 / 100 | floor) else . end)) else . end)' \
	"$tmp/real.json" >"$tmp/real-slow.json" 2>/dev/null
pairs=("$DATA/runs/A/a-1.json $DATA/runs/A/a-2.json $DATA/runs/A/a-3.json -- $DATA/runs/B/b-1.json $DATA/runs/B/b-2.json $DATA/runs/B/b-3.json"
	"$DATA/base.json -- $DATA/new.json"
	"$DATA/runs/A3.json -- $DATA/runs/B/b-1.json $DATA/runs/B/b-2.json $DATA/runs/B/b-3.json"
	"$tmp/real.json -- $tmp/real-slow.json")
for pair in "${pairs[@]}"; do
	read -r -a files <<<"$pair"
	"$FB" compare --json "${files[@]}" >"$tmp/orig.json" 2>/dev/null
	rc=$?
	verdicts "$tmp/orig.json" >"$tmp/orig.tsv"
	label=$(printf '%s ' "${files[@]##*/}")
	for how in same other swap random; do
		for sides in a b both; do
			rel=()
			side=a
			for f in "${files[@]}"; do
				if [ "$f" = -- ]; then
					side=b
					rel+=(--)
					continue
				fi
				out="$tmp/rel-$side-$(basename "$f")"
				if [ "$sides" = both ] || [ "$sides" = "$side" ]; then
					relabel "$how" "$f" "$out"
				else
					cp "$f" "$out"
				fi
				rel+=("$out")
			done
			"$FB" compare --json "${rel[@]}" >"$tmp/rel.json" 2>/dev/null
			rc2=$?
			verdicts "$tmp/rel.json" >"$tmp/rel.tsv"
			check "$label: CPUs of $sides rewritten ($how): exit $rc2 as before ($rc), every verdict, ratio and p the same" \
				bash -c "[ $rc -eq $rc2 ] && diff -q '$tmp/orig.tsv' '$tmp/rel.tsv' >/dev/null"
		done
	done
done
# The relabelling itself must take: the finding follows the CPUs.
relabel other "$DATA/runs/B/b-1.json" "$tmp/b1-other.json"
"$FB" compare "$DATA/runs/A" -- "$tmp/b1-other.json" "$DATA/runs/B/b-2.json" "$DATA/runs/B/b-3.json" >"$tmp/shift.txt" 2>/dev/null
check "a rewritten side reads as a shift of placement, reported" grep -q "children on the parent's CPU .* -> .*never a verdict" "$tmp/shift.txt"

finish

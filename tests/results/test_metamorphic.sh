#!/bin/bash
# shellcheck disable=SC2016 # jq programs are meant literally
# Metamorphic properties of compare over the whole test corpus (every
# results file the tests keep that compare reads, a real run of three runs
# with probes, and the same run cut in its second run), beyond structure:
#   - a file against itself reads 1.000 in every entry, and none is slower
#     or faster;
#   - a mutation that changes only metadata (names, dates, hosts, key
#     order, whitespace, entry order, fields and parameters a newer writer
#     adds, an optional parameter at its default dropped) changes no
#     verdict, ratio or p, whichever side it is on. The clock and ASLR are
#     not such metadata: they set compare's threshold (docs/compare.md);
#   - a file with every time scaled by k (its summaries and duration with
#     them: tests/lib/results.jq) reads k in every entry, never the other
#     way, and never "no change".
# tests/compare/test_properties.sh holds the placement rewrites.
# Usage: test_metamorphic.sh FORKBENCH
set -u
FB=$1
HERE=$(cd "$(dirname "$0")" && pwd)
LIB=$HERE/../lib
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$LIB/tap.sh"
command -v jq >/dev/null || { echo "1..0 # SKIP jq not installed"; exit 0; }

"$FB" run --method fork,vfork,thread --rss 0,1M --thp off -n 40 --runs 3 --quiet \
	--no-progress --json "$tmp/real.json" >/dev/null 2>&1 ||
	check "a real run for the corpus" false
jq -L "$LIB" 'include "results"; runs_below(2) | .run.runs_done = 1 | .run.partial = true |
	.run.interrupted_by = "SIGINT"' "$tmp/real.json" >"$tmp/real-cut.json"

corpus=()
while IFS= read -r f; do
	"$FB" compare "$f" "$f" >/dev/null 2>&1
	[ $? -eq 2 ] || corpus+=("$f") # broken on purpose: not a file compare reads
done < <(find "$HERE/../compare/data" "$HERE/../data" "$HERE/../fuzz/results_read" -name '*.json' \
	! -name 'golden*' ! -name '*.guest.json' | sort)
corpus+=("$tmp/real.json" "$tmp/real-cut.json")
check "the corpus holds files to test (${#corpus[@]})" test ${#corpus[@]} -ge 20

# rows FILE: "id ratio p verdict" per entry of compare --json, sorted.
rows() {
	jq -r '.comparisons[].entries[] |
		[.id, (.ratio // "-" | tostring), (.p_adjusted // "-" | tostring), .verdict] | @tsv' "$1" | sort
}
name() { echo "${1#"$HERE/../"}"; }

# ---- every file against itself
bad=0
for f in "${corpus[@]}"; do
	"$FB" compare --json "$f" "$f" >"$tmp/self.json" 2>/dev/null
	rc=$?
	if ! jq -e "$rc == 0 and ([.comparisons[].entries[] | select((.ratio != null and .ratio != 1)
		or .verdict == \"slower\" or .verdict == \"faster\")] | length == 0)" "$tmp/self.json" >/dev/null; then
		bad=$((bad + 1))
		echo "# $(name "$f") against itself: exit $rc"
	fi
done
check "each of ${#corpus[@]} files against itself: exit 0, every entry 1.000, none slower or faster" \
	test "$bad" -eq 0

# ---- metadata alone changes no verdict
mutations=(
	'.run.label = "another label"'
	'.run.id = "another-run-id"'
	'.context.hostname = "elsewhere"'
	'.run.started = "2031-01-01T00:00:00Z"'
	'.run.argv += ["--label", "x"]'
	'.'
	'.results |= reverse'
	'.future = {"a": 1} | .run.future = 1 | .context.future = "x" | .results[].future = [1]'
	'.results[] |= (if (.points | type) == "object" then .points.future = {"samples_ns": [1]} else . end)'
	'if .context.environment then .context.environment |= map_values(.advice = "other advice") else . end'
	'.results[].parameters |= (if .parallel == 1 then del(.parallel) else . end)'
	'.results[].parameters.future = 0'
	'.results[] |= (.warnings = ["a warning"] | .method_note = "a note" | .reason = .reason)'
	'.context.forkbench.git_commit = "0000000" | .context.compiler = "cc 99"'
)
# sorted keys and compact text, as other tools rewrite a file
formats=("-S" "-c")
pick=("$tmp/real.json" "$tmp/real-cut.json")
for f in "${corpus[@]}"; do
	case $f in */runs/A/* | */runs/B/* | */icount-6.1-vs-6.12/A-1.json | */base.json | */phases-tcg.json | */model-arrays.json)
		pick+=("$f") ;;
	esac
done
total=0
changed=0
for f in "${pick[@]}"; do
	"$FB" compare --json "$f" "$f" >"$tmp/o.json" 2>/dev/null
	rows "$tmp/o.json" >"$tmp/o.tsv"
	k=0
	for m in "${mutations[@]}" "${formats[@]}"; do
		k=$((k + 1))
		if [ "${m:0:1}" = - ]; then
			jq "$m" . "$f" >"$tmp/m.json"
		else
			jq "$m" "$f" >"$tmp/m.json"
		fi
		for order in AM MA; do
			total=$((total + 1))
			if [ $order = AM ]; then
				"$FB" compare --json "$f" "$tmp/m.json" >"$tmp/c.json" 2>/dev/null
			else
				"$FB" compare --json "$tmp/m.json" "$f" >"$tmp/c.json" 2>/dev/null
			fi
			rc=$?
			if [ $rc -eq 2 ] || ! diff -q "$tmp/o.tsv" <(rows "$tmp/c.json") >/dev/null; then
				changed=$((changed + 1))
				echo "# $(name "$f"), mutation $k ($m), $order: exit $rc"
			fi
		done
	done
done
check "${#mutations[@]} metadata mutations and 2 rewrites of ${#pick[@]} files, both orders ($total compares): every verdict, ratio and p as the file against itself" \
	test "$changed" -eq 0

# ---- every time k times reads k: 2, a whole factor, which keeps a model
# file's cost the weighted sum of its counts (tests/lib/results.jq)
scaled=0
wrong=0
for f in "${pick[@]}"; do
	jq -L "$LIB" 'include "results"; scale(2)' "$f" >"$tmp/k.json"
	for order in AK KA; do
		if [ $order = AK ]; then
			k=2 not=faster
			"$FB" compare --json "$f" "$tmp/k.json" >"$tmp/c.json" 2>/dev/null
		else
			k=0.5 not=slower
			"$FB" compare --json "$tmp/k.json" "$f" >"$tmp/c.json" 2>/dev/null
		fi
		rc=$?
		scaled=$((scaled + 1))
		# the ratio is B/A of the runs' lower quartiles: k, to rounding
		if [ $rc -eq 2 ] || ! jq -e --argjson k "$k" --arg not "$not" '
			[.comparisons[].entries[] | select(.ratio != null)] as $r |
			($r | length) > 0 and all($r[]; (.ratio - $k | fabs) < 1e-6 * $k
				and .verdict != "no change" and .verdict != $not)' "$tmp/c.json" >/dev/null; then
			wrong=$((wrong + 1))
			echo "# $(name "$f") x$k: exit $rc, $(jq -c '[.comparisons[].entries[] | [.id, .ratio, .verdict]]' "$tmp/c.json" 2>/dev/null | head -c 300)"
		fi
	done
done
jq -L "$LIB" 'include "results"; scale(2)' "$tmp/real.json" >"$tmp/k.json"
"$FB" compare --json "$tmp/real.json" "$tmp/k.json" >"$tmp/c.json" 2>/dev/null
# 40 samples a run on a loaded machine can leave runs too far apart to
# decide (inconclusive, honestly); doubled can never read no change or faster
check "... and the real run of three runs, doubled, reads 2 and slower or inconclusive in every entry it could judge, never no change or faster (exit $?)" \
	jq -e '[.comparisons[].entries[] | select(.verdict != "not judged")] as $j |
		($j | length) > 0 and all($j[]; (.ratio - 2 | fabs) < 2e-6 and
			(.verdict == "slower" or .verdict == "inconclusive"))' "$tmp/c.json"
jq -r '"# " + ([.comparisons[].entries[] | "\(.id): \(.verdict)"] | join("; "))' "$tmp/c.json"
check "each of ${#pick[@]} files against itself with every time doubled, both orders: 2 (0.5) in every entry, never the other way, never no change" \
	test "$wrong" -eq 0
finish

#!/usr/bin/env bash
# Plain samples and probes: they really interleave in the JSON (counted,
# and no two probes in a row), --points takes only the kinds its points
# need and refuses what it does not know, and compare and export read the
# results files of both schema versions (data/results-v1.json was written
# before sample kinds, data/results-v2.json after).
# Usage: sample_kinds.sh FORKBENCH DATA_DIR
set -u
fb=$1
data=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$fb" run --method fork,vfork,thread,posix_spawn --rss 0 -n 40 -q --no-progress --json "$tmp/k.json" 2>/dev/null
check "a run of four methods exits 0" test $? -eq 0
q() { jq -r "$1" "$tmp/k.json"; }
# warm-up takes samples 0-4 of the sequence; of 5..44 every 8th (7, 15, ...) is a probe
check "each entry kept 35 plain samples and 5 probes" \
	test "$(q '[.results[] | .kind_of_sample | [(map(select(. == 0)) | length), (map(select(. == 1)) | length)]] | unique | tojson')" = '[[35,5]]'
check "sampling.kinds counts them too" \
	test "$(q '[.results[] | .sampling.kinds == {"plain": 35, "probe": 5} and .sampling.probe_every == 8] | all')" = true
check "the probes interleave: at 2, 10, 18, 26, 34, never two in a row" \
	test "$(q '[.results[] | [.kind_of_sample | to_entries[] | select(.value == 1) | .key]] | unique | tojson')" = '[[2,10,18,26,34]]'
check "round trips come from the plain samples, child_start from the probes" \
	test "$(q '[.results[] | .points.roundtrip.n == 35 and .points.create.n == 35 and .points.child_start.n == 5] | all')" = true
check "a point's summary is over its own samples" \
	test "$(q '[.results[].points[] | .summary.n == (.samples_ns | length)] | all')" = true

"$fb" run --method fork --rss 1M --cow 0.5 -n 20 -q --no-progress --json "$tmp/c.json" 2>/dev/null
check "with --cow every 2nd sample is a probe, and carries the COW phase" \
	test "$(jq -r '.results[0] | [.sampling.kinds.probe, .sampling.probe_every, .points.cow.n, (.cow.faults | length)] | @csv' "$tmp/c.json")" = "10,2,10,10"

"$fb" run --method fork --rss 0 -n 30 --points roundtrip -q --no-progress --json "$tmp/p.json" 2>/dev/null
check "--points roundtrip: only plain samples, only that point" \
	test "$(jq -r '.results[0] | [(.kind_of_sample | unique | @csv), (.points | keys | join(" ")), .points.roundtrip.n] | @tsv' "$tmp/p.json")" = "0	roundtrip	30"
"$fb" run --method fork,thread --rss 0 -n 30 --points child_start -q --no-progress --json "$tmp/s.json" 2>/dev/null
check "--points child_start: only probes, only that point" \
	test "$(jq -r '[.results[] | [(.kind_of_sample | unique | @csv), (.points | keys | join(" ")), .points.child_start.n] | @tsv] | unique | join(",")' "$tmp/s.json")" = "1	child_start	30"
"$fb" run --method fork --rss 0 -n 30 --probe-every 3 -q --no-progress --json "$tmp/e.json" 2>/dev/null
check "--probe-every 3: every third sample is a probe" \
	test "$(jq -r '.results[0].sampling | [.kinds.probe, .probe_every] | @csv' "$tmp/e.json")" = "10,3"

one_line_with() { # one_line_with TEXT FILE: FILE is one line, and holds TEXT
	[ "$(wc -l <"$2")" -eq 1 ] && grep -qF -- "$1" "$2"
}
refused() { # refused WHAT TEXT ARGS...: exit 2 and one line saying TEXT
	local what=$1 text=$2
	shift 2
	"$fb" run --method fork -n 5 -q --no-progress "$@" >/dev/null 2>"$tmp/err"
	local rc=$?
	check "$what: exit 2 (got $rc)" test $rc -eq 2
	check "$what: one line naming it" one_line_with "$text" "$tmp/err"
}
refused "--points bogus" "--points takes create, child_start, roundtrip, cow or all, not 'bogus'" --points bogus
refused "--points roundtrip,," "points" --points roundtrip,,
refused "--points ''" "--points" --points ''
refused "--points cow without --cow" "--points cow needs --cow" --points cow
refused "--probe-every 1" "--probe-every needs at least 2" --probe-every 1
refused "--probe-every x" "--probe-every" --probe-every x

# compare and export read both versions
"$fb" compare "$data/results-v1.json" "$data/results-v2.json" >"$tmp/cmp" 2>"$tmp/cmp.err"
rc=$?
check "compare reads a v1 file against a v2 file (exit $rc)" test $rc -le 1
check "... and compares both entries" test "$(grep -Ec '^(fork|thread) rss=0' "$tmp/cmp")" -eq 2
"$fb" compare "$data/results-v2.json" "$data/results-v2.json" >"$tmp/self" 2>/dev/null
check "a v2 file of 3 runs against itself: exit 0, 3 runs a side" \
	bash -c "[ $? -eq 0 ] && grep -Eq '^fork rss=0 .* 3/3 ' '$tmp/self'"
"$fb" compare --json "$data/results-v2.json" "$data/results-v2.json" >"$tmp/self.json" 2>/dev/null
check "... with the placement of its plain samples known" \
	test "$(jq '[.comparisons[0].entries[] | select(.id | startswith("fork rss=0")) | .placement.share_same_cpu[0] | numbers] | length' "$tmp/self.json")" -eq 1
for v in 1 2; do
	"$fb" export --csv "$tmp/v$v.csv" "$data/results-v$v.json" 2>/dev/null
	check "export --csv reads a v$v file" test $? -eq 0
	check "... a row per entry and point" \
		test "$(tail -n +2 "$tmp/v$v.csv" | wc -l)" -eq "$(jq '[.results[].points | length] | add' "$data/results-v$v.json")"
done
check "the v2 CSV's round trip n is the plain samples'" \
	test "$(awk -F, '$2 == "fork" && $13 == "roundtrip" {print $15}' "$tmp/v2.csv")" = \
	"$(jq '.results[] | select(.parameters.method == "fork") | .sampling.kinds.plain' "$data/results-v2.json")"
jq '.results[0].points.roundtrip.samples_ns |= .[1:]' "$data/results-v2.json" >"$tmp/short.json"
"$fb" compare "$tmp/short.json" "$data/results-v2.json" >/dev/null 2>"$tmp/bad"
check "a v2 point with a value too few for its kind is refused (exit 2)" test $? -eq 2
check "... naming the path and the rule" \
	grep -q "short.json: .results\[0\].points.roundtrip.samples_ns: 77 values for 78 plain samples: one per sample of its kind" "$tmp/bad"
finish

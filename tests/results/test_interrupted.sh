#!/bin/bash
# shellcheck disable=SC2016 # jq programs are meant literally
# An interrupted run --runs N is read as the runs that finished: compare,
# export, `forkbench results` and the store use runs 0 to runs_done - 1,
# each exactly as the whole file has it, and leave out the samples of the
# run that was cut; with none finished, the one cut run is read as a
# partial single run. Each reader says so in one line. The cut files are a
# real run of three runs, stopped as the writer stops one
# (tests/lib/results.jq's runs_below), and a real run interrupted by
# SIGINT in its second run.
# Usage: test_interrupted.sh FORKBENCH
set -u
FB=$1
HERE=$(cd "$(dirname "$0")" && pwd)
LIB=$HERE/../lib
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$LIB/tap.sh"
command -v jq >/dev/null || { echo "1..0 # SKIP jq not installed"; exit 0; }

"$FB" run --method fork,thread --rss 0 --thp off -n 40 --runs 3 --quiet --no-progress \
	--json "$tmp/whole.json" >/dev/null 2>&1
check "a real run of three runs" test "$(jq .run.runs_done "$tmp/whole.json")" = 3
# cut FILE DONE KEEP: stopped in run DONE + 1, samples of runs below KEEP in it
cut() {
	jq -L "$LIB" --argjson done "$2" --argjson keep "$3" 'include "results";
		runs_below($keep) | .run.runs_done = $done | .run.partial = true |
		.run.interrupted_by = "SIGINT" | .results[].status = "incomplete"' "$tmp/whole.json" >"$1"
}
cut "$tmp/cut2.json" 2 3 # stopped in run 3, its samples in
cut "$tmp/cut1.json" 1 2 # stopped in run 2
cut "$tmp/cut0.json" 0 1 # stopped in run 1
# per_run FILE: "index id n median" of every run compare reads
per_run() {
	"$FB" compare --json "$1" "$1" 2>/dev/null |
		jq -r '.comparisons[].entries[] | .id as $id | .base.per_run[]? | [.index, $id, .n, .median_ns] | @tsv' | sort
}
per_run "$tmp/whole.json" >"$tmp/whole.runs"
for k in 2 1; do
	"$FB" compare "$tmp/cut$k.json" "$tmp/cut$k.json" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "cut in run $((k + 1)) of 3: compare reads it (exit $rc)" test $rc -eq 0
	check "... and says, for each file of it read, that its $k finished run(s) are read, run $((k + 1)) left out" \
		test "$(grep -c "^warning: .*cut$k.json: interrupted in run $((k + 1)) of 3: its $k finished runs\? \(is\|are\) read, the samples of run $((k + 1)) left out$" "$tmp/err")" -eq 2
	per_run "$tmp/cut$k.json" >"$tmp/cut.runs"
	awk -F'\t' -v k=$k '$1 < k' "$tmp/whole.runs" >"$tmp/want.runs"
	check "... its runs are runs 0 to $((k - 1)) of the whole file, each as the whole file has it" \
		bash -c "[ -s '$tmp/cut.runs' ] && diff '$tmp/want.runs' '$tmp/cut.runs' >/dev/null"
	"$FB" results "$tmp/cut$k.json" >"$tmp/out" 2>&1
	check "... results: valid, $k run(s), and the line" \
		grep -Eq "valid, .*, $k runs?, 2 entries, partial: interrupted in run $((k + 1)) of 3" "$tmp/out"
	"$FB" export --csv "$tmp/cut$k.csv" "$tmp/cut$k.json" 2>"$tmp/err"
	check "... export: exit 0, the line on stderr" \
		bash -c "[ $? -eq 0 ] && [ -s '$tmp/cut$k.csv' ] && grep -q 'interrupted in run $((k + 1)) of 3' '$tmp/err'"
done
"$FB" compare "$tmp/cut0.json" "$tmp/cut0.json" >"$tmp/out" 2>"$tmp/err"
check "cut in run 1: compare reads its one cut run (exit $?)" \
	grep -q "interrupted in run 1 of 3, before any finished: that one cut run is read, as a partial run" "$tmp/err"
per_run "$tmp/cut0.json" >"$tmp/cut.runs"
awk -F'\t' '$1 == 0' "$tmp/whole.runs" >"$tmp/want.runs"
check "... as run 0 of the whole file" bash -c "[ -s '$tmp/cut.runs' ] && diff '$tmp/want.runs' '$tmp/cut.runs' >/dev/null"
"$FB" store add --store "$tmp/s.db" "$tmp/cut1.json" >/dev/null 2>&1
"$FB" store list --store "$tmp/s.db" >"$tmp/out" 2>&1
check "store add keeps it, listed as 1 of 3 runs" grep -Eq ' 1/3 ' "$tmp/out"

# ---- a real interrupt: SIGINT while run 2 of 3 samples
"$FB" run --method fork --rss 0 --thp off --time 0.6 --runs 3 --quiet --no-progress \
	--json "$tmp/int.json" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
done_runs=$(jq .run.runs_done "$tmp/int.json" 2>/dev/null)
if [ -n "$done_runs" ] && [ "$done_runs" != null ] && [ "$done_runs" -lt 3 ]; then
	"$FB" compare "$tmp/int.json" "$tmp/int.json" >/dev/null 2>"$tmp/err"
	rc=$?
	check "SIGINT after $done_runs finished run(s): compare reads the file (exit $rc)" test $rc -eq 0
	check "... and says what it read" grep -q "int.json: interrupted in run $((done_runs + 1)) of 3" "$tmp/err"
else
	skip "SIGINT in a run of three runs" "the run ended before the signal (runs_done ${done_runs:-none})"
fi
finish

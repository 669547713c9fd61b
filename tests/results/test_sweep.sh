#!/bin/bash
# The reader's sweep, short: COUNT mutants (default 300) of the kinds in
# tests/results/sweep.py, from the tests' own results files and a fresh
# real run of three runs with probes, through compare (both orders, JSON
# and the table) and store add: no crash, no hang, no silent accept of a
# file that breaks a rule, no verdict moved by metadata, no valid file
# refused, every refusal one line and no raw escape on a terminal. Built
# with -DFORKBENCH_SANITIZE=ON, it is the sweep under ASan and UBSan. The
# full sweep (3,000 and more) is the command in docs/testing.md.
# Usage: test_sweep.sh FORKBENCH [COUNT]
set -u
FB=$1
COUNT=${2:-300}
HERE=$(cd "$(dirname "$0")" && pwd)
T=$HERE/..
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$T/lib/tap.sh"
PY=$(command -v python3) || { echo "1..0 # SKIP python3 not installed"; exit 0; }

"$FB" run --method fork,vfork,thread --rss 0,1M --thp off -n 40 --runs 3 --quiet --no-progress \
	--json "$tmp/real.json" >/dev/null 2>&1
check "a real run of three runs for the seeds" test -s "$tmp/real.json"
"$PY" "$HERE/sweep.py" --forkbench "$FB" --out "$tmp/sweep" --count "$COUNT" --seed 7 --jobs 2 \
	"$T/compare/data/base.json" "$T/compare/data/runs/A3.json" "$T/compare/data/runs/B/b-1.json" \
	"$T/data/icount-6.1-vs-6.12/A-1.json" "$T/data/phases-patched-6.1-tcg.json" \
	"$T/fuzz/results_read/model-arrays.json" "$T/engine/data/results-v2.json" \
	"$T/fuzz/results_read/forkbench-runs2-cow.json" "$tmp/real.json" >"$tmp/summary" 2>&1
rc=$?
sed 's/^/# /' "$tmp/summary"
head -c 4000 "$tmp/sweep/failures.txt" 2>/dev/null | sed 's/^/# /'
check "the sweep's mutants: every column 0 (exit $rc)" test $rc -eq 0
check "... of at least 60 kinds" test "$(grep -c . "$tmp/sweep/table.tsv")" -ge 62
finish

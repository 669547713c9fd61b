#!/usr/bin/env bash
# forkbench export --csv writes, from a run's results JSON, the CSV that
# run --csv wrote for that run, byte for byte (one writer of the format,
# which plots/draw.sh feeds to gnuplot); a file that is not results JSON
# is refused with exit 2, and nothing is written.
# Usage: export_csv.sh FORKBENCH
set -u
fb=$1
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$fb" run --method fork,vfork,pidfd --rss 0,1M --thp off,on -n 12 --cow 0.5 -q --no-progress \
	--label export-test --json "$tmp/r.json" --csv "$tmp/r.csv" 2>/dev/null
check "the run exits 0" test $? -eq 0
"$fb" export --csv "$tmp/e.csv" "$tmp/r.json"
check "export exits 0" test $? -eq 0
check "the export is the run's own CSV, byte for byte" cmp -s "$tmp/r.csv" "$tmp/e.csv"
check "it has the COW rows" grep -q '^export-test,fork,1048576,on,.*,cow,' "$tmp/e.csv"

echo '{"schema": "something-else", "results": []}' >"$tmp/other.json"
"$fb" export --csv "$tmp/o.csv" "$tmp/other.json" 2>"$tmp/err"
check "another schema: exit 2" test $? -eq 2
check "... with one line saying so" grep -q 'not a forkbench results file' "$tmp/err"
check "... and no CSV" test ! -e "$tmp/o.csv"
"$fb" export "$tmp/r.json" 2>/dev/null
check "no --csv: exit 2" test $? -eq 2
finish

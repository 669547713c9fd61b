#!/bin/bash
# forkbench store: every run lands in the history. A file of run --runs 3
# with probe samples keeps the median of each run for every point, the
# ones compare reads; an interrupted run --runs 3 counts and uses the runs
# that finished; two runs started in the same second get ids of their
# own; two stored files with the same id to the second (older forkbench)
# both land; a version-2 store, which lost the run medians of such files,
# gets them back when add migrates it.
# Usage: test_store_history.sh FORKBENCH
set -u
FB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
GUEST=$HERE/../data/icount-6.1-vs-6.12
# shellcheck source=tests/store/lib.sh
. "$HERE"/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export -n FORKBENCH_STORE

# per_run FILE POINT: "index n median" per run, from compare --json (the runs compare reads)
per_run() {
	"$FB" compare --json --point "$2" "$1" "$1" 2>/dev/null |
		jq -r '.comparisons[0].entries[0].base.per_run[] | "\(.index) \(.n) \(.median_ns)"'
}
# medians STORE RUN_ID POINT: "index n median" per run, as the store keeps them
medians() {
	$PY -c "import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for i, n, m in c.execute('SELECT run_index, n, median_ns FROM run_medians WHERE run_id = ?1 AND point = ?2 ORDER BY run_index', sys.argv[2:4]):
    print(i, n, m)" "$@"
}
# same LIST1 LIST2: the same runs, medians equal to the nanosecond's thousandth
same() {
	$PY -c "import sys
a, b = ([l.split() for l in x.strip().splitlines()] for x in sys.argv[1:3])
sys.exit(not a or len(a) != len(b) or any(x[:2] != y[:2] or abs(float(x[2]) - float(y[2])) > 1e-3 for x, y in zip(a, b)))" "$1" "$2"
}
ENTRY="fork rss=0 thp=system"

# --- a file of run --runs 3 with probe samples ---
fb run -m fork --rss 0 --thp system -n 60 --runs 3 --no-progress -q --json runs3.json 2>/dev/null
check "run --runs 3: a file of three runs" test "$(jq .run.runs_done runs3.json)" = 3
check "... whose child_start lives in probe samples (fewer than the round trips)" \
	test "$(jq '.results[0].points | (.child_start.samples_ns | length) < (.roundtrip.samples_ns | length)' runs3.json)" = true
id3=$(jq -r .run.id runs3.json)
fb store add runs3.json >out 2>err
check "store add: exit 0" test $last -eq 0
fb store list >out 2>err
check "store list: 3 runs" grep -Eq "^$id3 .* 1/1 +3  " out
for point in roundtrip child_start create; do
	check "its $point: a median per run, those compare reads (run, samples, median)" \
		same "$(per_run runs3.json $point)" "$(medians forkbench.db "$id3" $point)"
done
fb store trend "$ENTRY" --csv t.csv >out 2>err
check "store trend: exit 0 (was: no roundtrip samples)" test $last -eq 0
check "... one row of 3 runs" test "$($PY -c "import csv; print(*[r['runs'] for r in csv.DictReader(open('t.csv'))])")" = 3
check "... its median the median of compare's run medians" $PY -c "
import csv, json, statistics, subprocess, sys
rows = list(csv.DictReader(open('t.csv')))
out = subprocess.run(['$FB', 'compare', '--json', 'runs3.json', 'runs3.json'], capture_output=True, text=True).stdout
runs = json.loads(out)['comparisons'][0]['entries'][0]['base']['per_run']
sys.exit(abs(float(rows[0]['median_ns']) - statistics.median(r['median_ns'] for r in runs)) > 1e-3)"
fb store trend "$ENTRY" --point child_start >out 2>err
check "store trend --point child_start: exit 0, a row of 3 runs" bash -c "[ $last -eq 0 ] && grep -Eq '^$id3 .* 3 +[0-9]+ ' out"
fb compare --json --store forkbench.db "run:$id3" -- "run:$id3" >cmp.json 2>/dev/null
check "compare --store: the same 3 runs a side" test "$(jq '.comparisons[0].entries[0] | [.base.runs, .new.runs] | @csv' cmp.json)" = '"3,3"'

# --- an interrupted run --runs 3: the runs that finished ---
# as run 2 of 3 stopped with every sample of its own in: the store leaves them out
# (sed, not jq: jq would print the parameters' 0.0 as 0, another key)
sed -e 's/"partial": *false/"partial":true/' -e 's/"runs_done": *3/"runs_done":2/' \
	-e 's/"interrupted_by": *null/"interrupted_by":"SIGINT"/' -e "s/\"$id3\"/\"$id3-cut\"/" runs3.json >cut2.json
check "made a file interrupted in run 2 of 3" test "$(jq -c '.run | [.partial, .runs, .runs_done]' cut2.json)" = "[true,3,2]"
fb store add cut2.json >out 2>err
check "store add: exit 0" test $last -eq 0
fb store list >out 2>err
check "store list: 2 of 3 runs finished" grep -Eq "^$id3-cut .* 2/3  " out
check "its run medians: runs 0 and 1, as in the whole file" \
	same "$(medians forkbench.db "$id3" roundtrip | head -2)" "$(medians forkbench.db "$id3-cut" roundtrip)"
check "its summary: the round trips of runs 0 and 1 alone" $PY -c "import sqlite3, sys
c = sqlite3.connect('forkbench.db')
q = \"SELECT {} FROM {} WHERE run_id = ?1 AND point = 'roundtrip'\"
summary = c.execute(q.format('n', 'points'), ['$id3-cut']).fetchone()[0]
first_two = c.execute(q.format('sum(n)', 'run_medians') + ' AND run_index < 2', ['$id3']).fetchone()[0]
sys.exit(not summary or summary != first_two)"
fb store trend "$ENTRY" >out 2>err
check "store trend: 2 runs for it" grep -Eq "^$id3-cut .* 2 +[0-9]+ " out
sed -e 's/"runs_done":2/"runs_done":0/' -e "s/\"$id3-cut\"/\"$id3-none\"/" cut2.json >cut0.json
fb store add cut0.json >/dev/null 2>err
check "none finished: its one unfinished run, run 0 (a partial single run)" \
	same "$(medians forkbench.db "$id3" roundtrip | head -1)" "$(medians forkbench.db "$id3-none" roundtrip)"
fb store list >out 2>err
check "... listed as 0/3" grep -Eq "^$id3-none .* 0/3  " out
sed -e 's/"runs_done":2/"runs_done":4/' -e "s/\"$id3-cut\"/\"$id3-more\"/" cut2.json >cut4.json
fb store add cut4.json >/dev/null 2>err
check "runs_done above runs: exit 2, one line" refused "cut4.json: .run.runs_done: not a count of runs from 0 to 3"

# --- two runs started in the same second ---
for try in 1 2 3 4 5; do
	"$FB" run -m fork --rss 0 -n 10 --no-progress -q --json s1.json 2>/dev/null &
	p1=$!
	"$FB" run -m fork --rss 0 -n 10 --no-progress -q --json s2.json 2>/dev/null &
	p2=$!
	wait $p1 $p2
	[ "$(jq -r .run.started s1.json)" = "$(jq -r .run.started s2.json)" ] && break
done
check "two short runs started in the same second (try $try)" \
	test "$(jq -r .run.started s1.json)" = "$(jq -r .run.started s2.json)"
i1=$(jq -r .run.id s1.json)
i2=$(jq -r .run.id s2.json)
check "... have different run ids ($i1, $i2)" test "$i1" != "$i2"
check "... of the start to the microsecond and a random part" \
	bash -c "[[ '$i1' =~ ^[0-9]{8}-[0-9]{6}\.[0-9]{6}-[0-9a-f]{8}$ ]]"
fb store add --store same.db s1.json s2.json >out 2>err
check "store add: both added, under their own ids" \
	bash -c "[ $last -eq 0 ] && grep -q 's1.json: added as run $i1\$' out && grep -q 's2.json: added as run $i2\$' out"
fb store list --store same.db >out 2>err
check "store list: both" test "$(grep -Ec "^($i1|$i2) " out)" -eq 2
fb store trend --store same.db "$ENTRY" >out 2>err
check "store trend: both" test "$(grep -Ec "^($i1|$i2) " out)" -eq 2
fb compare --json --store same.db "run:$i1" -- "run:$i2" >cmp.json 2>/dev/null
check "compare --store run:A -- run:B: compared (exit $last), a row" \
	test "$last" -lt 2 -a "$(jq '.comparisons[0].entries | length' cmp.json)" -eq 1

# --- two stored files with the same id to the second (an older forkbench) ---
check "the 6.1 and 6.12 boots of one round share a run id to the second" \
	test "$(jq -r .run.id "$GUEST"/A-1.json)" = "$(jq -r .run.id "$GUEST"/B-1.json)"
fb store add --store old.db --label 6.1 "$GUEST"/A-?.json >out 2>err
fb store add --store old.db --label 6.12 "$GUEST"/B-?.json >out 2>err
check "both land: the second under its id and its document's hash, said so" \
	test "$last" -eq 0 -a "$(grep -Ec 'B-[123].json: added as run 20261128-[0-9]{6}-[0-9a-f]{8} \(its run id, to the second, is another stored run.s\)$' out)" -eq 3
b1=$(sed -n 's/.*B-1.json: added as run \([^ ]*\) .*/\1/p' out)
fb store add --store old.db --label 6.12 "$GUEST"/B-?.json >out 2>err
check "... and again: unchanged, under the same ids" grep -q "B-1.json: unchanged: the store has it as run $b1$" out
fb store add --store old.db --label 6.1 "$GUEST"/A-1.json >out 2>err
check "... the first under its own id: unchanged" grep -q "A-1.json: unchanged: the store has it as run 20261128-080430$" out
fb store add --store old.db --label x "$GUEST"/B-1.json >/dev/null 2>err
check "... one of them under another label: refused, one line" refused "run id $b1 is in the store already, with label '6.12', not 'x'"
fb store list --store old.db >out 2>err
check "store list: six boots" test "$(grep -c '^20261128-' out)" -eq 6
fb compare --json "$GUEST"/A-?.json -- "$GUEST"/B-?.json >files.json 2>/dev/null
rf=$last
fb compare --json --store old.db label:6.1 -- label:6.12 >store.json 2>/dev/null
check "compare --store: what compare on the files says (exit $rf)" test $last -eq $rf
rows='[.comparisons[].entries[] | .base.per_run[]?.run = null | .new.per_run[]?.run = null]'
check "... the same rows" diff <(jq -S "$rows" files.json) <(jq -S "$rows" store.json)

# --- a version-2 store lost the run medians of a file of several runs with
# probes; add migrates it to version 3 and gets them back ---
cp forkbench.db v2.db
$PY - <<'PY'
import sqlite3
c = sqlite3.connect("v2.db")
c.executescript("""
DELETE FROM run_medians WHERE point = 'child_start';
ALTER TABLE runs DROP COLUMN runs_done;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
PRAGMA user_version = 2;
""")
c.commit()
PY
fb store trend --store v2.db "$ENTRY" --point child_start >/dev/null 2>err
check "a version-2 store: read commands say what migrates it" refused "v2.db: store schema version 2: 'forkbench store add' (any file) brings it to version 3"
fb store add --store v2.db runs3.json >/dev/null 2>err
check "add migrates it: exit 0" test $last -eq 0
check "... the run medians are back, those compare reads" \
	same "$(per_run runs3.json child_start)" "$(medians v2.db "$id3" child_start)"
check "... and runs_done from the documents" test "$($PY -c "import sqlite3
print(*sqlite3.connect('v2.db').execute(\"SELECT runs_done FROM runs WHERE run_id LIKE '$id3%' ORDER BY run_id\").fetchall())")" = "(3,) (2,) (0,)"

# a run whose entries an older reader keyed otherwise: the migration keeps its figures
cp old.db oldkeys.db
$PY - <<'PY'
import sqlite3
c = sqlite3.connect("oldkeys.db")
for t in ("entries", "points", "run_medians"):
    c.execute(f"UPDATE {t} SET key = 'older:' || key WHERE run_id = '20261128-080430'")
c.execute("DELETE FROM run_medians WHERE run_id = '20261128-080514'")  # to see it figured again
c.executescript("""
ALTER TABLE runs DROP COLUMN runs_done;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
PRAGMA user_version = 2;
""")
c.commit()
PY
before=$($PY -c "import sqlite3; print(sqlite3.connect('oldkeys.db').execute(\"SELECT count(*), sum(median_ns) FROM run_medians WHERE key LIKE 'older:%'\").fetchone())")
fb store add --store oldkeys.db runs3.json >/dev/null 2>err
check "a store with a run keyed otherwise: the migration goes through" test $last -eq 0
check "... that run keeps the figures it was stored with ($before)" test "$($PY -c "import sqlite3; print(sqlite3.connect('oldkeys.db').execute(\"SELECT count(*), sum(median_ns) FROM run_medians WHERE key LIKE 'older:%'\").fetchone())")" = "$before"
check "... the others were figured again" test "$($PY -c "import sqlite3; print(sqlite3.connect('oldkeys.db').execute(\"SELECT count(*) FROM run_medians WHERE run_id = '20261128-080514'\").fetchone()[0])")" -gt 0

finish

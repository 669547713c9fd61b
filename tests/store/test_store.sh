#!/bin/bash
# forkbench store: add is idempotent by run id and refuses another file
# under a stored id; list shows what was added; trend gives the medians
# the files hold (per run, and per group of runs); compare from the store
# gives what compare on the files gives; a newer schema, a corrupt or
# foreign file, a missing store, an invalid results file, an unknown
# entry or subcommand: one line each, exit 2. Two adds at once both land.
# Usage: test_store.sh FORKBENCH
set -u
FB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../compare/data
GUEST=$HERE/../data/icount-6.1-vs-6.12
# shellcheck source=tests/store/lib.sh
. "$HERE"/lib.sh
col() { # col FILE GROUP COLUMN: a trend CSV's COLUMN in the row of GROUP
	$PY -c "import csv, sys
print(*[r[sys.argv[3]] for r in csv.DictReader(open(sys.argv[1])) if r['group'] == sys.argv[2]])" "$@"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export -n FORKBENCH_STORE

# --- add, idempotent by run id ---
fb store add "$DATA"/runs/A/a-*.json >out 2>err
check "add three runs: exit 0" test $? -eq 0
check "... each said added" test "$(grep -c 'added as run A-' out)" -eq 3
check "... into ./forkbench.db by default" test -s forkbench.db
sum=$(sha256sum <forkbench.db)
fb store add "$DATA"/runs/A/a-1.json >out 2>err
check "the same file again: exit 0" test $? -eq 0
check "... says unchanged" grep -q "a-1.json: unchanged: the store has it as run A-1" out
check "... and the store file is byte for byte the same" test "$sum" = "$(sha256sum <forkbench.db)"
fb store add "$DATA"/runs/A3.json >out 2>err
check "another file with a stored run id: exit 2" test $? -eq 2
check "... one line naming both files" refused "^forkbench store add: .*A3.json: run id A-1 is in the store already, from another file (.*a-1.json)"
check "... and nothing changed" test "$sum" = "$(sha256sum <forkbench.db)"
fb store add --label other "$DATA"/runs/A/a-2.json >/dev/null 2>err
check "the same file under another label: exit 2" test $? -eq 2
check "... one line" refused "run id A-2 is in the store already, with label 'kernel-a', not 'other'"
fb store add --id A-all "$DATA"/runs/A3.json >out 2>err
check "--id gives a file of three runs its own id" grep -q "added as run A-all" out
fb store add "$DATA"/truncated.json >out 2>err
check "an invalid results file: exit 2" test $? -eq 2
check "... one line naming the file and the JSON path" refused "^forkbench store add: .*truncated.json: .*not valid JSON"

# --- --store and $FORKBENCH_STORE; a directory ---
fb store add --store b.db "$DATA"/runs/B >out 2>&1
check "--store FILE, and a directory: its three results files" test "$(grep -c 'b-[123].json: added as run B-[123]' out)" -eq 3
mkdir empty
fb store add --store b.db empty >/dev/null 2>err
check "a directory without results: exit 2, one line" refused "^forkbench store add: empty: no forkbench results JSON in this directory"
FORKBENCH_STORE=b.db fb store list >out 2>&1
check "\$FORKBENCH_STORE" test "$(grep -c '^B-' out)" -eq 3

# --- list ---
fb store list >out 2>err
check "list: exit 0" test $? -eq 0
check "list: the header" grep -q "^run id .*date .*kernel .*label .*clock .*entries .*runs .*host" out
check "list: A-1 with its date, kernel, label, clock, entries and host" grep -Eq "^A-1 +2026-01-01 +6.1.0-test +kernel-a +wall +2/2 +1 +test$" out
check "list: the file of three runs" grep -Eq "^A-all .* 2/2 +3 +test$" out
check "list: four runs" grep -q "^4 runs in forkbench.db" out

# --- trend: the medians the files hold ---
fb store trend "fork rss=64M thp=off" --csv run.csv >out 2>err
check "trend: exit 0" test $? -eq 0
for f in a-1 a-2 a-3; do
	want=$(jq '.results[] | select(.id == "fork rss=64M thp=off") | .points.roundtrip.summary.p50' "$DATA/runs/A/$f.json")
	id=${f^^}
	got=$(col run.csv "$id" median_ns)
	check "trend: $id's median is the file's p50 ($want)" $PY -c "import sys; sys.exit(abs($got - $want) > 1e-3)"
done
check "trend: A-all is one row of three runs" test "$(col run.csv A-all runs)" = 3
check "... its median is the median of the three run medians" $PY -c "
import csv, statistics, sys
rows = {r['group']: r for r in csv.DictReader(open('run.csv'))}
meds = [float(rows[i]['median_ns']) for i in ('A-1', 'A-2', 'A-3')]
sys.exit(abs(float(rows['A-all']['median_ns']) - statistics.median(meds)) > 1e-3)"
fb store trend "fork rss=64M thp=off" --by label --csv label.csv >out 2>err
check "trend --by label: one group of six runs (A-1..3 and A-all's three)" test "$(col label.csv kernel-a runs)" = 6
check "... the CI holds the runs' geometric mean" $PY -c "
import csv, sys
r = next(csv.DictReader(open('label.csv')))
sys.exit(not float(r['ci_lo_ns']) <= float(r['gmean_ns']) <= float(r['ci_hi_ns']))"
check "... a spread between runs is printed" grep -Eq "kernel-a .* [0-9.]+%$" out
fb store trend "fork rss=64 thp=off" >out 2>err
check "trend of an unknown entry: exit 2" test $? -eq 2
check "... one line with the closest names" refused "no entry 'fork rss=64 thp=off' in forkbench.db; closest: 'fork rss=64M thp=off', 'fork rss=0 thp=off'"
fb store trend "fork rss=0 thp=off" --point create >out 2>err
check "trend of a point the runs lack: exit 2, one line" refused "'fork rss=0 thp=off' has no create samples in forkbench.db"

# --- guest runs: the clock from the command line, trend across two kernels ---
fb store add --store guest.db --label 6.1 "$GUEST"/A-?.json >/dev/null 2>&1
# boots of one round share their run ids to the second: test_store_history.sh
fb store add --store guest.db --label 6.12 --id-suffix -6.12 "$GUEST"/B-?.json >out 2>&1
check "--id-suffix: each file under its run id and the suffix" test "$(grep -c 'B-[123].json: added as run 20261128-0[0-9]*-6.12$' out)" -eq 3
fb store trend --store guest.db "fork rss=1G thp=off" --by kernel >out 2>err
check "guest trend by kernel: two kernels of three boots" test "$(grep -Ec '^6\.1(2\.117|\.192)-stock .* 3 +180 ' out)" -eq 2
check "... in instruction time" grep -q "instruction time (icount)" out
want=$(jq '.results[] | select(.id == "fork rss=1G thp=off") | .points.roundtrip.summary.p50' "$GUEST/B-1.json")
fb store trend --store guest.db "fork rss=1G thp=off" --csv g.csv >/dev/null 2>&1
got=$(col g.csv 20261128-080430-6.12 median_ns)
check "guest trend: a 6.12 boot's median is its file's p50 ($want)" $PY -c "import sys; sys.exit(abs($got - $want) > 1e-3)"
fb store trend --store guest.db "fork rss=0 thp=off" --point create >out 2>err
check "trend --point create" grep -q "^fork rss=0 thp=off, create, by run" out
$PY "$HERE"/../../plots/store_trend.py g.csv -o g.png 2>err
check "plots/store_trend.py draws the trend (a PNG)" bash -c "head -c 8 g.png | grep -q PNG"
$PY "$HERE"/../../plots/store_trend.py out -o x.png 2>err
check "... and refuses what is not a trend CSV, one line" one_line err "not a 'forkbench store trend --csv' file"
# the same boot as if timed in wall-clock time (no sidecar, no forkbench.clock=icount)
# (sed, not jq: jq would print the parameters' 0.0 as 0, another key)
sed 's/ forkbench.clock=icount//' "$GUEST"/A-1.json >wall.json
fb store add --store guest.db --id wall-1 wall.json >/dev/null 2>&1
fb store trend --store guest.db "fork rss=0 thp=off" >/dev/null 2>err
check "a trend of wall-clock and icount runs: exit 2, one line" refused "run .* was timed in .*, run .* in .*: they cannot be compared; choose one with --clock"
fb store trend --store guest.db --clock icount "fork rss=0 thp=off" >out 2>err
check "... --clock icount picks the six boots" test "$(grep -c '^20261128' out)" -eq 6 -a "$(grep -c '^wall-1' out)" -eq 0
fb store trend --store guest.db --clock wall "fork rss=0 thp=off" >out 2>err
check "... --clock wall the other" test "$(grep -c '^wall-1 ' out)" -eq 1
fb store add --store guest.db --id synthetic "$DATA"/runs/B/b-1.json >/dev/null 2>&1
fb store trend --store guest.db --clock wall "fork rss=0 thp=off" >out 2>err
check "one name, two parameter sets (a newer writer's parameter): exit 2, one line" refused "'fork rss=0 thp=off' names 2 different parameter sets"

# --- compare from the store: the same as compare on the files ---
fb store add --store ab.db "$DATA"/runs/A/*.json "$DATA"/runs/B/*.json >/dev/null 2>&1
fb compare --json "$DATA"/runs/A -- "$DATA"/runs/B >files.json 2>/dev/null
rf=$?
fb compare --json --store ab.db label:kernel-a -- label:kernel-b >store.json 2>/dev/null
rs=$?
check "compare from the store: the same exit code ($rf)" test $rf -eq $rs -a $rf -eq 1
# everything but the runs' names (a-1.json there, ab.db[run A-1] here)
rows='[.comparisons[].entries[] | .base.per_run[]?.run = null | .new.per_run[]?.run = null]'
check "... the same entries: verdicts, ratios, CIs, p, per-run values" diff <(jq -S "$rows" files.json) <(jq -S "$rows" store.json)
check "... the same totals" diff <(jq -S 'del(.comparisons)' files.json) <(jq -S 'del(.comparisons)' store.json)
check "... and rows there are" test "$(jq "$rows | length" store.json)" -eq 2
fb compare --store ab.db kernel:6.1.0-test -- run:B-1 run:B-2 run:B-3 >/dev/null 2>&1
check "kernel: and run: selectors (exit 1: the planted regression)" test $? -eq 1
fb compare --store ab.db label:nope -- label:kernel-b >/dev/null 2>err
check "a selector that names no run: exit 2, one line" refused "no stored run has label:nope"
fb compare --store ab.db a.json -- label:kernel-b >/dev/null 2>err
check "a file among selectors: exit 2, one line" refused "with --store, a side is label:L, kernel:K or run:ID"

# --- stores that cannot be read ---
fb store list --store missing.db >/dev/null 2>err
check "a missing store: exit 2, one line" refused "missing.db: no store here"
check "... and none is made" test ! -e missing.db
cp ab.db newer.db
$PY -c "import sqlite3; c = sqlite3.connect('newer.db'); c.execute('PRAGMA user_version = 4'); c.commit()"
fb store list --store newer.db >/dev/null 2>err
check "a store of schema version 4: exit 2, one line" refused "newer.db: store schema version 4, this forkbench reads version 3"
fb store add --store newer.db "$DATA"/base.json >/dev/null 2>err
check "... add refuses it too" refused "store schema version 4"
head -c 3000 /dev/urandom >corrupt.db
fb store list --store corrupt.db >/dev/null 2>err
check "a file of noise: exit 2, one line" refused "corrupt.db: not a usable store: file is not a database"
head -c 20000 ab.db >cut.db
fb store trend --store cut.db "fork rss=0 thp=off" >/dev/null 2>err
check "a truncated store: exit 2, one line" refused "^forkbench store trend: cut.db: not a usable store: cut short: 20000 bytes"
$PY -c "import sqlite3; c = sqlite3.connect('other.db'); c.execute('CREATE TABLE t (x)'); c.commit()"
fb store add --store other.db "$DATA"/base.json >/dev/null 2>err
check "another program's SQLite file: exit 2, one line" refused "other.db: not a forkbench store"
fb store frobnicate >/dev/null 2>err
check "an unknown subcommand: one line" refused "^forkbench store: unknown subcommand 'frobnicate'"
fb store frobnicate >/dev/null 2>&1
check "... exit 2" test $? -eq 2
fb store --store ab.db list >/dev/null 2>err
check "an option before the subcommand: exit 2, one line" refused "the subcommand comes first"
fb store add --by kernel x.json >/dev/null 2>err
check "another subcommand's option: exit 2, one line naming it" refused "^forkbench store add: --by is not an option of add"
check "the schema is versioned in the file header and in meta" test "$($PY -c "
import sqlite3; c = sqlite3.connect('ab.db')
print(c.execute('PRAGMA user_version').fetchone()[0], dict(c.execute('SELECT key, value FROM meta'))['schema_version'])")" = "3 3"
check "the whole document is kept byte for byte" $PY -c "
import sqlite3, sys
doc = sqlite3.connect('ab.db').execute(\"SELECT document FROM runs WHERE run_id = 'B-2'\").fetchone()[0]
sys.exit(doc != open('$DATA/runs/B/b-2.json').read())"

# --- two adds at once: SQLite's locking, both land ---
fb store add --store race.db "$DATA"/runs/A/*.json >/dev/null 2>race1 &
p1=$!
fb store add --store race.db "$DATA"/runs/B/*.json >/dev/null 2>race2 &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
check "two adds at once: both exit 0" test $r1 -eq 0 -a $r2 -eq 0
check "... and all six runs are in" test "$(fb store list --store race.db | grep -c '^[AB]-')" -eq 6

# --- a store another process holds locked: add waits (10 s), then says so ---
$PY -c "
import sqlite3, time
c = sqlite3.connect('ab.db', isolation_level=None)
c.execute('BEGIN EXCLUSIVE')
open('locked', 'w').close()
time.sleep(120)" &
holder=$!
while [ ! -e locked ] && kill -0 $holder 2>/dev/null; do sleep 0.1; done
fb store add --store ab.db "$DATA"/base.json >/dev/null 2>err
check "a store locked by another process: exit 2, one line" refused "ab.db: .*the store is locked by another process (waited 10 s)"
kill $holder
wait $holder 2>/dev/null
fb store add --store ab.db "$DATA"/base.json >/dev/null 2>err
check "... and once it lets go, add goes through" test $last -eq 0

# --- a median of fewer than 6 samples has no CI; a version-1 store, which
# stored one anyway, is migrated: those CIs become NULL, the others stay ---
"$FB" run -m fork --rss 0 -n 24 --no-progress -q --label thin --json thin.json 2>/dev/null
fb store add --store old.db thin.json >/dev/null 2>err
check "a run whose child_start has 3 probes: added" test $last -eq 0
ci_nulls() { # ci_nulls STORE: n and whether the CI ends are NULL, per point, for run medians and points
	$PY -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1])
for t in ('run_medians', 'points'):
    print(t, *c.execute('SELECT point, n, ci_lo_ns IS NULL, ci_hi_ns IS NULL FROM ' + t + ' ORDER BY point').fetchall())" "$1"
}
want="run_medians ('child_start', 3, 1, 1) ('create', 21, 0, 0) ('roundtrip', 21, 0, 0)
points ('child_start', 3, 1, 1) ('create', 21, 0, 0) ('roundtrip', 21, 0, 0)"
check "its child_start has a NULL CI in run_medians and points, create and roundtrip a CI" \
	test "$(ci_nulls old.db)" = "$want"
# back to version 1, as a store of an older forkbench: CIs NOT NULL, made-up ends where n < 6,
# and no runs_done (version 3)
$PY - <<'PY'
import sqlite3
c = sqlite3.connect("old.db")
c.executescript("""
CREATE TABLE v1 (run_id TEXT NOT NULL, key TEXT NOT NULL, point TEXT NOT NULL,
  run_index INTEGER NOT NULL, n INTEGER NOT NULL,
  median_ns REAL NOT NULL, ci_lo_ns REAL NOT NULL, ci_hi_ns REAL NOT NULL,
  PRIMARY KEY (run_id, key, point, run_index),
  FOREIGN KEY (run_id, key) REFERENCES entries (run_id, key) ON DELETE CASCADE);
INSERT INTO v1 SELECT run_id, key, point, run_index, n, median_ns,
  coalesce(ci_lo_ns, median_ns), coalesce(ci_hi_ns, median_ns) FROM run_medians;
DROP TABLE run_medians;
ALTER TABLE v1 RENAME TO run_medians;
UPDATE points SET ci_lo_ns = median_ns, ci_hi_ns = median_ns WHERE n < 6;
ALTER TABLE runs DROP COLUMN runs_done;
UPDATE meta SET value = '1' WHERE key = 'schema_version';
PRAGMA user_version = 1;
""")
c.commit()
PY
check "made a version-1 store with a CI on every median" test "$(ci_nulls old.db | grep -c "', 3, 0, 0)")" -eq 2
fb store trend --store old.db "fork rss=0 thp=system" >/dev/null 2>err
check "trend on a version-1 store: exit 2, one line naming what migrates it" \
	refused "old.db: store schema version 1: 'forkbench store add' (any file) brings it to version 3"
fb store add --store old.db thin.json >/dev/null 2>err
check "add migrates it: exit 0" test $last -eq 0
check "... to version 3, where child_start's CIs are NULL again and the others kept" \
	test "$(ci_nulls old.db)" = "$want"
fb store trend --store old.db --point child_start "fork rss=0 thp=system" >out 2>err
check "trend of that child_start: exit 0, its CI said to be none ('-')" \
	bash -c "[ $last -eq 0 ] && grep -Eq ' thin +1 +3 .* - +-\$' out"

finish

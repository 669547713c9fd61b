#!/bin/bash
# forkbench store and the cache model's clock: a run timed with the model
# (context.timing.clock "model") is stored, which a version-3 store's
# CHECK refused; store add migrates a version-3 store to version 4, its
# runs and figures kept, and keys every stored entry as the reader does
# now (an optional parameter a file lacks as its default), so that a run
# stored before "parallel" existed matches one written since.
# Usage: test_store_model.sh FORKBENCH
set -u
FB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../compare/data
MODEL=$HERE/../fuzz/results_read/model-arrays.json
# shellcheck source=tests/store/lib.sh
. "$HERE"/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export -n FORKBENCH_STORE
sql() { # sql DB QUERY: the rows, one a line, columns by '|'
	$PY -c "import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print('|'.join(map(str, r)))" "$@"
}

# --- a model run lands in a new store, listed by its clock ---
fb store add --store new.db --id model-1 "$MODEL" >/dev/null 2>err
check "store add of a model run: exit 0" test $last -eq 0
fb store list --store new.db >out 2>err
check "store list: its clock is model" grep -Eq '^model-1 .* model ' out
fb store trend --store new.db --clock model "fork rss=0 thp=off" >out 2>err
check "store trend --clock model: its row" grep -q '^model-1 ' out

# --- a version-3 store: the wall and icount CHECK, keys without "parallel" ---
# made from a version-4 store the way version 3 made it: the runs table
# with its CHECK of two clocks, and the keys as the reader made them then
# (b-1.json, written before "parallel", was keyed without it)
fb store add --store v3.db --id old-1 "$DATA"/runs/B/b-1.json >/dev/null 2>&1
$PY - <<'PY'
import sqlite3
c = sqlite3.connect("v3.db")
sql = c.execute("SELECT sql FROM sqlite_master WHERE name = 'runs'").fetchone()[0]
c.executescript(f"""
CREATE TABLE runs_3 AS SELECT * FROM runs WHERE 0;
DROP TABLE runs_3;
{sql.replace('"runs"', 'runs_3', 1).replace("'icount', 'model'", "'icount'")};
INSERT INTO runs_3 SELECT * FROM runs;
DROP TABLE runs;
ALTER TABLE runs_3 RENAME TO runs;
CREATE INDEX runs_label ON runs (label);
CREATE INDEX runs_kernel ON runs (kernel);
UPDATE entries SET key = replace(key, ',"parallel":1', '');
UPDATE points SET key = replace(key, ',"parallel":1', '');
UPDATE run_medians SET key = replace(key, ',"parallel":1', '');
UPDATE meta SET value = '3' WHERE key = 'schema_version';
PRAGMA user_version = 3;
""")
c.commit()
PY
check "made a version-3 store whose CHECK refuses model" \
	bash -c "$PY -c \"import sqlite3; c = sqlite3.connect('v3.db')
try:
    c.execute(\\\"UPDATE runs SET clock = 'model'\\\"); exit(1)
except sqlite3.IntegrityError: exit(0)\""
check "... and whose keys lack parallel" test "$(sql v3.db "SELECT count(*) FROM entries WHERE key LIKE '%parallel%'")" -eq 0
before=$(sql v3.db "SELECT run_id, count(*), sum(n) FROM points GROUP BY run_id")
fb store list --store v3.db >/dev/null 2>err
check "a read of a version-3 store says what migrates it" \
	refused "v3.db: store schema version 3: 'forkbench store add' (any file) brings it to version 4"
fb store add --store v3.db --id model-1 "$MODEL" >/dev/null 2>err
check "store add migrates it and adds the model run: exit 0" test $last -eq 0
check "... now version 4" test "$(sql v3.db "PRAGMA user_version")" -eq 4
check "... its old run kept, with every figure" \
	test "$(sql v3.db "SELECT run_id, count(*), sum(n) FROM points WHERE run_id = 'old-1' GROUP BY run_id")" = "$before"
check "... its entries keyed as the reader keys them now (parallel 1)" \
	test "$(sql v3.db "SELECT count(*) FROM entries WHERE run_id = 'old-1' AND key NOT LIKE '%\"parallel\":1%'")" -eq 0
check "... the model run listed by its clock" bash -c "'$FB' store list --store v3.db | grep -Eq '^model-1 .* model '"
# a run written since, with "parallel": the same entry as the old run's
jq '.results[].parameters.parallel = 1 | .run.id = "new-1"' "$DATA"/runs/B/b-2.json >b-2p.json
fb store add --store v3.db b-2p.json >/dev/null 2>&1
fb store trend --store v3.db --clock wall "fork rss=0 thp=off" >out 2>err
check "a run stored before parallel and one written since: one entry, both in the trend (exit $last)" \
	bash -c "[ $last -eq 0 ] && grep -q '^old-1 ' out && grep -q '^new-1 ' out"
fb compare --store v3.db run:old-1 run:new-1 >out 2>err
check "... and compare --store matches them (exit $last)" grep -q '^fork rss=0 thp=off ' out

finish

#!/bin/bash
# forkbench store at its edges: add reads with a bound (/dev/zero, an
# endless stream, a file too big, an empty file: one line each, at once)
# and stores no file without an entry compare can use; a store add killed
# mid-transaction leaves a hot journal that the next reader rolls back
# (or, without write access, says what to do); a store cut short or with
# a damaged page is refused when opened; ids and labels that hold escape
# sequences are printed escaped.
# Usage: test_store_edges.sh FORKBENCH
set -u
FB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../compare/data
# shellcheck source=tests/store/lib.sh
. "$HERE"/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export -n FORKBENCH_STORE
runs() { # runs STORE: how many runs it holds
	$PY -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM runs').fetchone()[0])" "$1"
}
fb store add --store a.db "$DATA"/runs/A/*.json >/dev/null 2>&1

# --- add reads with a bound ---
# (timeout: a guard against the unbounded read this was, not a time limit)
timeout 60 "$FB" store add --store a.db /dev/zero >/dev/null 2>err
last=$?
check "/dev/zero: exit 2, one line: stopped at its first byte" refused "/dev/zero: a NUL byte at offset 0: binary data, not a results file"
: >empty.json
fb store add --store a.db empty.json >/dev/null 2>err
check "an empty file: exit 2, one line" refused "empty.json: an empty file, not a results file"
truncate -s 300M huge.json
fb store add --store a.db huge.json >/dev/null 2>err
check "a 300 MiB file: refused unread, one line" refused "huge.json: 314572800 bytes, more than a results file holds (at most 256 MiB): not added"
rm huge.json
yes '[' | timeout 120 "$FB" store add --store a.db /dev/stdin >/dev/null 2>err
last=${PIPESTATUS[1]}
check "an endless stream: stops at 256 MiB, one line" refused "/dev/stdin: over 256 MiB read and not at its end: more than a results file holds"
check "... and none of them was stored" test "$(runs a.db)" -eq 3

# --- no file without an entry compare can use ---
jq '.results |= map(.status = "skipped" | .reason = "not here")' "$DATA"/runs/B/b-1.json >skipped.json
fb store add --store a.db skipped.json >/dev/null 2>err
check "a file whose entries were all skipped: exit 2, one line" refused "skipped.json: no entry with round trips to compare (2 entries, none ok or incomplete with samples): not added"
jq '.results = []' "$DATA"/runs/B/b-1.json >none.json
fb store add --store a.db none.json >/dev/null 2>err
check "a file of no entries: exit 2, one line" refused "none.json: no entry with round trips to compare (0 entries"
check "... neither was stored" test "$(runs a.db)" -eq 3

# --- a store add killed mid-transaction ---
kill_add() { # kill_add STORE FILE: store add FILE, killed (-9) once its journal is hot
	$PY - "$FB" "$@" <<'PY'
import os, signal, subprocess, sys
fb, store, doc = sys.argv[1:4]
for attempt in range(1, 6):
    p = subprocess.Popen([fb, "store", "add", "--store", store, doc],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hot = False
    while p.poll() is None and not hot:
        try:
            with open(store + "-journal", "rb") as f:
                hot = f.read(8) not in (b"", bytes(8))  # its magic: written, so hot
        except OSError:
            pass
    if hot:
        os.kill(p.pid, signal.SIGKILL)
    p.wait()
    if hot and os.path.exists(store + "-journal"):
        print("killed in attempt", attempt)
        break
PY
}
# A big document (a results file and 30 MB of blanks, still valid JSON)
# spills SQLite's page cache into the store file during the add: from then
# until the commit, the journal's header is written (hot) and the store
# is half changed. kill_add kills it there (it tries up to five adds to
# catch the window; the first has caught it in every run so far).
cp a.db killed.db
{
	cat "$DATA"/runs/B/b-1.json
	head -c 30000000 /dev/zero | tr '\0' ' '
} >padded.json
kill_add killed.db padded.json >killed.out
check "store add killed with a hot journal left ($(cat killed.out))" grep -q "killed in attempt" killed.out
check "... which SQLite read-only cannot read (the failure it was)" bash -c "
cp killed.db probe.db && cp killed.db-journal probe.db-journal &&
! $PY -c \"import sqlite3; sqlite3.connect('file:probe.db?mode=ro', uri=True).execute('SELECT count(*) FROM runs').fetchall()\" 2>/dev/null"
if unshare -m true 2>/dev/null; then
	mkdir ro && cp killed.db killed.db-journal ro/
	unshare -m sh -c "mount --bind -o ro ro ro && exec '$FB' store list --store ro/killed.db" >/dev/null 2>err
	last=$?
	check "without write access: exit 2, one line that says what to do" refused "ro/killed.db: cannot read: an interrupted 'store add' left ro/killed.db-journal, and rolling it back takes write access"
else
	skip "no mount namespace here to make a store read-only (unshare -m)"
fi
fb store list --store killed.db >out 2>err
check "store list: exit 0, the runs before the killed add" test $last -eq 0 -a "$(grep -c '^A-[123] ' out)" -eq 3 -a "$(grep -c '^B-1 ' out)" -eq 0
check "... the journal rolled back and gone" test ! -e killed.db-journal
check "... the store whole (integrity_check ok)" test "$($PY -c "import sqlite3; print(sqlite3.connect('killed.db').execute('PRAGMA integrity_check').fetchone()[0])")" = ok
cp a.db killed2.db
kill_add killed2.db padded.json >/dev/null
fb store trend --store killed2.db "fork rss=0 thp=off" >out 2>err
check "store trend after a killed add: exit 0, three runs" test $last -eq 0 -a "$(grep -c '^A-' out)" -eq 3
cp a.db killed3.db
kill_add killed3.db padded.json >/dev/null
fb compare --store killed3.db run:A-1 -- run:A-2 >/dev/null 2>err
check "compare --store after a killed add: compared (exit $last)" test $last -lt 2
fb store add --store killed.db padded.json >out 2>err
check "the next add goes through" test $last -eq 0 -a "$(runs killed.db)" -eq 4

# --- a store cut short, or damaged, is refused when opened ---
fb store add --store whole.db "$DATA"/runs/A/*.json "$DATA"/runs/B/*.json >/dev/null 2>&1
size=$(stat -c %s whole.db)
head -c $((size - 100)) whole.db >cut.db
for cmd in list "trend fork"; do
	# shellcheck disable=SC2086 # the subcommand and its operand
	fb store $cmd --store cut.db >/dev/null 2>err
	check "its last page cut by 100 bytes: store ${cmd% *}: exit 2, one line" refused "cut.db: not a usable store: cut short: $((size - 100)) bytes, where its header says"
done
fb compare --store cut.db run:A-1 -- run:B-1 >/dev/null 2>err
check "... compare --store: exit 2, one line" refused "cut.db: not a usable store: cut short"
head -c $((size - 4096)) whole.db >cut1.db
fb store list --store cut1.db >/dev/null 2>err
check "its last page cut whole: exit 2, one line" refused "cut1.db: not a usable store: cut short: $((size - 4096)) bytes, where its header says $((size / 4096)) pages of 4096 bytes"
cp whole.db damaged.db
$PY - <<'PY'
import sqlite3
c = sqlite3.connect("damaged.db")
page = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries_name'").fetchone()[0]
size = c.execute("PRAGMA page_size").fetchone()[0]
c.close()
with open("damaged.db", "r+b") as f:  # the index of entries by name: cells pointing nowhere
    f.seek((page - 1) * size + 8)
    f.write(b"\xff" * 64)
PY
fb store list --store damaged.db >/dev/null 2>err
check "a damaged index page (list never reads it): exit 2, one line" refused "damaged.db: not a usable store: its integrity check says: "

# --- escapes in ids and labels are printed escaped ---
fb store add --store esc.db --label $'evil\e[2J\e[H\x9b' --id $'run\e]0;title\a' "$DATA"/runs/A/a-1.json >out 2>err
check "add: the id it stored, escaped" grep -qF 'added as run run\e]0;title\x07' out
fb store list --store esc.db >out 2>err
check "list: no control character (ESC, BEL)" bash -c "! grep -q \$'[\\x01-\\x08\\x0b-\\x1f\\x7f]' out"
check "... the id and label shown escaped" grep -qF 'run\e]0;title\x07 2026-01-01 6.1.0-test evil\e[2J\e[H\x9b' out
fb store trend --store esc.db --by label "fork rss=0 thp=off" >out 2>err
check "trend: no control character" bash -c "! grep -q \$'[\\x01-\\x08\\x0b-\\x1f\\x7f]' out"
check "... the label shown escaped" grep -qF 'evil\e[2J\e[H\x9b' out
jq --arg k $'6.1\e[31m' '.context.kernel.release = $k' "$DATA"/runs/B/b-2.json >kern.json
fb store add --store esc.db kern.json >/dev/null 2>&1
fb store trend --store esc.db --by kernel "fork rss=0 thp=off" >out 2>err
check "trend --by kernel: a kernel release from the file, escaped" grep -qF '6.1\e[31m ' out
fb store trend --store esc.db $'fork rss=0 thp=of\e[2J' >/dev/null 2>err
check "an unknown entry's name, escaped in the error" refused "no entry 'fork rss=0 thp=of\\\\e\[2J'"

finish

#!/usr/bin/env bash
# What a run writes: every file of a run agrees on how it ended, even when
# one of them cannot be written at the end.
# Usage: outputs.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A file size limit that the JSON fits under and the per-sample CSV does
# not (about 87 KB and 470 KB for 2000 samples): the CSV fails at the end
# with EFBIG (not SIGXFSZ, which would lose every file), and the JSON,
# written after it, says how the run ended.
if command -v prlimit >/dev/null; then
	prlimit --fsize=200000 "$no_orphans" "$fb" run --method fork -n 2000 -q --no-progress \
		--json "$tmp/r.json" --csv "$tmp/r.csv" --csv-samples "$tmp/s.csv" >/dev/null 2>"$tmp/err"
	rc=$?
	echo "# --csv-samples over RLIMIT_FSIZE -> exit $rc: $(tail -n 1 "$tmp/err")"
	check "a CSV that cannot be written: exit 4, one line naming it" \
		test "$rc" -eq 4 -a "$(grep -c "^forkbench run: cannot write $tmp/s.csv: File too large$" "$tmp/err")" -eq 1
	check "... the JSON is written and says exit_code 4 with that error" \
		test "$(jq -r '"\(.run.exit_code) \(.run.error)"' "$tmp/r.json")" = "4 cannot write $tmp/s.csv: File too large"
	check "... and nothing half-written is left" test ! -e "$tmp/s.csv" -a -z "$(ls "$tmp" | grep tmp)"
	check "... the summary CSV is there" test -s "$tmp/r.csv"
	# When the JSON fails too, both are named, in one line.
	prlimit --fsize=20000 "$no_orphans" "$fb" run --method fork -n 2000 -q --no-progress \
		--json "$tmp/r2.json" --csv-samples "$tmp/s2.csv" >/dev/null 2>"$tmp/err"
	rc=$?
	check "the JSON and the CSV fail: exit 4, one line naming both" \
		test "$rc" -eq 4 -a -n "$(grep "^forkbench run: cannot write $tmp/s2.csv: File too large; cannot write $tmp/r2.json: File too large$" "$tmp/err")"
else
	skip "RLIMIT_FSIZE needs prlimit"
	skip "exit_code in the JSON"
	skip "nothing half-written"
	skip "summary CSV"
	skip "JSON and CSV fail"
fi
# An output that is a device or a pipe is written in place: a rename would
# replace it with a regular file (as root, /dev/null itself).
if [ "$(id -u)" -eq 0 ] && mknod "$tmp/null" c 1 3 2>/dev/null; then
	"$no_orphans" "$fb" run --method fork -n 5 -q --no-progress --json "$tmp/null" 2>"$tmp/err"
	rc=$?
	check "--json to a character device (a /dev/null of our own): exit 0, the device is still one" \
		test "$rc" -eq 0 -a -c "$tmp/null"
else
	skip "a device node of our own needs root"
fi
mkfifo "$tmp/fifo"
timeout 60 cat "$tmp/fifo" >"$tmp/from-fifo.json" &
reader=$!
"$no_orphans" "$fb" run --method fork -n 5 -q --no-progress --json "$tmp/fifo" 2>"$tmp/err"
rc=$?
wait $reader
check "--json to a FIFO: exit 0, the results come through it, and it is still a FIFO" \
	test "$rc" -eq 0 -a -p "$tmp/fifo" -a "$(jq -r .schema "$tmp/from-fifo.json")" = forkbench-results
"$no_orphans" "$fb" run --method fork -n 5 -q --no-progress --json "$tmp/fifo" >/dev/null 2>"$tmp/err"
rc=$?
check "--json to a FIFO nobody reads: exit 4 with one line, no hang" \
	test "$rc" -eq 4 -a "$(grep -c "^forkbench run: cannot write $tmp/fifo: No such device or address" "$tmp/err")" -eq 1
"$fb" run --method fork -n 5 -q --no-progress --json /dev/stdout 2>/dev/null | jq -r .schema >"$tmp/stdout"
check "--json /dev/stdout: the results on stdout" test "$(cat "$tmp/stdout")" = forkbench-results
finish

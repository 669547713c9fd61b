#!/usr/bin/env bash
# What a run writes: every file of a run agrees on how it ended, even when
# one of them cannot be written at the end; a device or a pipe is written
# in place; two runs never write the same file unknowingly.
# Usage: outputs.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
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
# Two runs given the same --json: the second is refused up front, naming
# the first, whose results are then written whole. A lock file a killed
# run left behind holds no lock: the next run takes it over.
"$fb" run --method fork --time 3 -q --json "$tmp/same.json" 2>"$tmp/first.err" &
first=$!
for _ in $(seq 120); do
	[ -s "$tmp/same.json.lock" ] && break
	sleep 0.25
done
"$no_orphans" "$fb" run --method vfork -n 5 -q --no-progress --json "$tmp/same.json" >/dev/null 2>"$tmp/err"
rc=$?
echo "# a second run on the same --json -> exit $rc: $(cat "$tmp/err")"
check "a second run on the same --json: exit 4, one line naming the first run" \
	test "$rc" -eq 4 -a "$(wc -l <"$tmp/err")" -eq 1 -a \
	-n "$(grep "^forkbench run: --json $tmp/same.json is being written by another forkbench run (pid $first," "$tmp/err")"
wait $first
rc=$?
check "... the first run finishes (exit 0) and its results are the file's" \
	test "$rc" -eq 0 -a "$(jq -r '.results[0].parameters.method' "$tmp/same.json")" = fork
check "... and leaves no lock file" test ! -e "$tmp/same.json.lock"
echo 999999 >"$tmp/stale.json.lock"
"$no_orphans" "$fb" run --method fork -n 5 -q --no-progress --json "$tmp/stale.json" >/dev/null 2>"$tmp/err"
rc=$?
check "a lock file left by a killed run does not stop the next (exit 0, file removed)" \
	test "$rc" -eq 0 -a -s "$tmp/stale.json" -a ! -e "$tmp/stale.json.lock"
"$no_orphans" "$fb" run --method fork -n 5 -q --no-progress --json "$tmp/twice" --csv "$tmp/twice" \
	>/dev/null 2>"$tmp/err"
rc=$?
check "one run naming a file for two outputs: exit 4, one line" \
	test "$rc" -eq 4 -a "$(grep -c "^forkbench run: --csv $tmp/twice is another output of this run too" "$tmp/err")" -eq 1 \
	-a ! -e "$tmp/twice.lock"
finish

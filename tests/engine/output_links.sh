#!/usr/bin/env bash
# An output given as a symlink: the file the link names is written (it need
# not exist yet, and may be a chain of links away) and the link stays a
# link; a run on the link and one on its target take the same lock; one
# run naming the file twice, once through a link, is refused; a symlink
# loop is said to be one.
# Usage: output_links.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/a" "$tmp/b"
quick=(run --method fork -n 5 -q --no-progress)
named=(run --method fork -n 5 --no-progress) # with the closing line
cd "$tmp" || exit 1

is_results() { test "$(jq -r .schema "$1" 2>/dev/null)" = forkbench-results; }

# a relative link into another directory, its target not there yet
ln -s ../b/target.json a/link.json
"$no_orphans" "$fb" "${named[@]}" --json a/link.json >/dev/null 2>"$tmp/err"
rc=$?
check "--json through a link to a file not yet there: exit 0 ($rc)" test "$rc" -eq 0
check "... the link is still a link to its target" test -L a/link.json -a "$(readlink a/link.json)" = ../b/target.json
check "... and the target holds the results" is_results b/target.json
check "... no lock file is left on either side" test -z "$(ls a b | grep lock)"
check "... and the closing line names the output as given" \
	grep -q "results in a/link.json$" "$tmp/err"
before=$(stat -c %i b/target.json)
"$no_orphans" "$fb" "${quick[@]}" --json a/link.json --csv a/link.csv 2>"$tmp/err"
rc=$?
check "again, with the target there: exit 0, the target replaced whole, the link kept" \
	test "$rc" -eq 0 -a -L a/link.json -a "$(stat -c %i b/target.json)" != "$before"
is_results b/target.json || echo "# b/target.json is not a results file"

# a chain of links
ln -s ../a/link.json b/hop.json
"$no_orphans" "$fb" "${quick[@]}" --json b/hop.json --csv-entries b/hop.csv 2>"$tmp/err"
rc=$?
check "a chain of two links: exit 0, both links kept, the last target written" \
	test "$rc" -eq 0 -a -L b/hop.json -a -L a/link.json -a "$(jq -r '.run.argv | index("b/hop.json") != null' b/target.json)" = true

# a loop
ln -s loop2 loop1
ln -s loop1 loop2
"$no_orphans" "$fb" "${quick[@]}" --json loop1 2>"$tmp/err"
rc=$?
echo "# --json into a symlink loop -> exit $rc: $(cat "$tmp/err")"
check "a symlink loop: exit 4, one line that says it is a loop" \
	test "$rc" -eq 4 -a "$(grep -c "^forkbench run: cannot write --json loop1: a symlink loop (Too many levels of symbolic links)$" "$tmp/err")" -eq 1
check "... and both links are left as they were" test -L loop1 -a -L loop2

# one run, one file twice: once by name, once through the link
"$no_orphans" "$fb" "${quick[@]}" --json b/target.json --csv a/link.json 2>"$tmp/err"
rc=$?
check "one run naming a file twice, once through a link: exit 4, the line names the link and the file" \
	test "$rc" -eq 4 -a "$(grep -c "^forkbench run: --csv a/link.json (the file $tmp/b/target.json) is another output of this run too" "$tmp/err")" -eq 1

# two runs: one on the link, one on the target, and the other way round
for way in "a/link.json b/target.json" "b/target.json a/link.json"; do
	set -- $way
	"$fb" run --method fork --time 3 -q --no-progress --json "$1" 2>"$tmp/first.err" &
	first=$!
	for _ in $(seq 120); do
		[ -s b/target.json.lock ] && break
		sleep 0.1
	done
	"$no_orphans" "$fb" "${quick[@]}" --json "$2" 2>"$tmp/err"
	rc=$?
	echo "# a run on $2 while one writes $1 -> exit $rc: $(cat "$tmp/err")"
	check "a run on $2 while another writes $1: exit 4, naming the first run" \
		test "$rc" -eq 4 -a -n "$(grep "is being written by another forkbench run (pid $first," "$tmp/err")"
	wait "$first"
	rc=$?
	check "... the first run finishes (exit 0), the link kept, the target its results" \
		test "$rc" -eq 0 -a -L a/link.json -a "$(jq -r '.results[0].sampling.n > 5' b/target.json)" = true
done
finish

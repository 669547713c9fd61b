#!/usr/bin/env bash
# harness/main.sh --help prints its own help and exits 0 at once: no
# setup, no build, no results directory (it used to do all three and leave
# `forkbench run --help` in results/<id>/table.txt).
# Usage: main_help.sh SOURCE_DIR
set -u
src=$1
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ls -A "$src/results" >"$tmp/before" 2>/dev/null
for arg in --help -h "--method fork --help"; do
	# shellcheck disable=SC2086 # the last case is two options
	"$src/harness/main.sh" $arg >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "main.sh $arg: exit 0 (got $rc)" test "$rc" -eq 0
	check "main.sh $arg: its own usage" grep -q '^Usage: harness/main.sh \[RUN OPTIONS\]' "$tmp/out"
	check "main.sh $arg: points to forkbench run --help for the run options" \
		grep -q "forkbench run --help" "$tmp/out"
	check "main.sh $arg: nothing on stderr" test ! -s "$tmp/err"
done
ls -A "$src/results" >"$tmp/after" 2>/dev/null
check "no results directory was made" cmp -s "$tmp/before" "$tmp/after"
finish

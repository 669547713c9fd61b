#!/usr/bin/env bash
# The man page and the --help texts cannot drift apart: every command that
# 'forkbench --help' lists, and every long option that a command's --help
# lists on an option line, must be in the man page's scdoc source, in bold
# as a term (*run*, *--rss*), the way the page documents them.
# Usage: man_page.sh FORKBENCH FORKBENCH.1.SCD [FORKBENCH.1]
set -u
fb=$1
scd=$2
page=${3:-}
. "$(dirname "$0")/../lib/tap.sh"

commands=$("$fb" --help | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}')
echo "# commands: $(echo $commands)"
check "'forkbench --help' lists commands" test -n "$commands"
for c in $commands; do
	check "the man page has the command $c" grep -q "^\*$c\*" "$scd"
done

for c in $commands; do
	# option lines: "  -m, --method LIST  ..." or "      --thp LIST  ..."
	opts=$("$fb" "$c" --help | grep -E '^ +(-[a-zA-Z], )?--[a-z]' |
		grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
	echo "# $c: $(echo $opts)"
	for o in $opts; do
		check "the man page has $c's option $o" grep -qF -- "*$o*" "$scd"
	done
done

# the SYNOPSIS names every command of the command table, in its own line
synopsis=$(sed -n '/^# SYNOPSIS/,/^# DESCRIPTION/p' "$scd")
for c in $commands; do
	check "the man page's SYNOPSIS has the command $c" grep -qF "*forkbench* *$c*" <<<"$synopsis"
done
# what 'forkbench --help' says a command does is what its own --help says:
# compare's statistics are Student's t over the logs of the run medians
test_of() { grep -oE "Student's t|U test|Mann-Whitney|Welch" | sort -u | tr '\n' ' '; }
summary=$("$fb" --help | grep -E '^  compare ' | test_of)
own=$("$fb" compare --help | test_of)
echo "# the test compare does: 'forkbench --help' says '$summary', 'compare --help' says '$own'"
check "'forkbench --help' names the test compare does as 'compare --help' does" \
	test -n "$own" -a "$summary" = "$own"
# schema versions: the results files a run writes, as the help, the man
# page and the newest schema file say; compare's JSON as compare --help says
schema_dir=$(dirname "$scd")/../report/schema
newest=$(ls "$schema_dir" | sed -n 's/^results-v\([0-9]*\)\.json$/\1/p' | sort -n | tail -n 1)
written=$("$fb" run --method fork -n 5 -q --no-progress --json /dev/stdout 2>/dev/null | jq -r .schema_version)
echo "# results schema: newest file v$newest, a run writes v$written"
check "a run writes the newest results schema (v$newest)" test "$written" = "$newest"
check "run --help names that schema version" \
	grep -q "schema forkbench-results v$written)" <("$fb" run --help)
check "the man page names that schema version for --json and its newest file" \
	test "$(grep -c "forkbench-results v$written\b\|results-v$written.json" "$scd")" -ge 2 -a \
	-z "$(grep -oE 'forkbench-results v[0-9]+' "$scd" | grep -v "v$written\$")"
compare_v=$("$fb" compare --help | grep -oE 'forkbench-compare v[0-9]+' | sort -u)
check "the man page names compare's JSON schema as compare --help does ($compare_v)" \
	test -n "$compare_v" -a "$(grep -oE 'forkbench-compare v[0-9]+' "$scd" | sort -u)" = "$compare_v"

check "the man page has a section on exit status" grep -q "^# EXIT STATUS" "$scd"
# each exit code run --help names is in the man page's EXIT STATUS, in bold
status=$(sed -n '/^# EXIT STATUS/,/^# /p' "$scd")
codes=$("$fb" run --help | sed -n '/^Exit codes:/,$p' | grep -oE '\b[0-9]{1,3}\b' | sort -un)
echo "# run's exit codes: $(echo $codes)"
for code in $codes; do
	check "the man page's EXIT STATUS has run's exit code $code" grep -qF "*$code*" <<<"$status"
done
check "the man page has the files" grep -q "^# FILES" "$scd"
check "the man page has the environment" grep -q "^# ENVIRONMENT" "$scd"
check "the man page has -V" grep -qF -- "*-V*, *--version*" "$scd"

# the page scdoc built, when it did: man reads it without complaint
if [ -n "$page" ] && command -v man >/dev/null; then
	MANWIDTH=80 man -l "$page" >"${TMPDIR:-/tmp}/forkbench-man.$$" 2>&1
	rc=$?
	check "man -l renders the built page" test "$rc" -eq 0
	check "it has the NAME and the commands" \
		grep -q "forkbench - what it costs Linux" "${TMPDIR:-/tmp}/forkbench-man.$$"
	rm -f "${TMPDIR:-/tmp}/forkbench-man.$$"
else
	skip "no built page or no man: scdoc or man-db missing"
fi
finish

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

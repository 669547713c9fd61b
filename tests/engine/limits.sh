#!/usr/bin/env bash
# Every limit `forkbench run --help` states is the one the parser enforces
# (a value at the limit is taken, one above it refused with exit 2), and
# docs/limits.md's table of limits states the same value.
# Usage: limits.sh FORKBENCH LIMITS_MD
set -u
fb=$1
limits_md=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$fb" run --help >"$tmp/help"

# The "at most N" of an option in the help, which may sit on the lines
# that continue the option's own.
limit_of() {
	awk -v opt="$1" '
		/^  +(-[a-z], )?--/ { mine = index($0, opt " ") > 0 }
		!/^  +(-[a-z], )?--/ && !/^                        / { mine = 0 }
		mine && match($0, /at most [0-9]+/) { print substr($0, RSTART + 8, RLENGTH - 8); exit }
	' "$tmp/help"
}
# A value list of n sizes, for --rss.
sizes() { local s=0; for ((i = 1; i < $1; i++)); do s="$s,$i"M; done; echo "$s"; }

for opt in --rss --vmas --fds --threads --parallel --iterations --time --max-time --min-samples --warmup --probe-every --runs; do
	max=$(limit_of "$opt")
	if [ -z "$max" ]; then
		check "run --help states the limit of $opt" false
		continue
	fi
	if [ "$opt" = --rss ]; then
		at=$(sizes "$max") over=$(sizes $((max + 1)))
	else
		at=$max over=$((max + 1))
	fi
	"$fb" run "$opt" "$at" --help >/dev/null 2>&1
	check "$opt $max (the limit --help states) is taken" test $? -eq 0
	"$fb" run "$opt" "$over" --help >/dev/null 2>"$tmp/err"
	check "$opt beyond $max is refused with exit 2 and one line" \
		test $? -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1
	check "docs/limits.md states $opt's limit as $max" \
		grep -Eq "^\| \`$opt\` \| $max( |\$)" "$limits_md"
done
max=$(sed -n 's/.*An entry keeps at most \([0-9]*\) samples a run.*/\1/p' "$tmp/help")
check "docs/limits.md states the samples an entry keeps a run as --help does ($max)" \
	grep -Eq "^\| samples an entry keeps a run \| $max( |\$)" "$limits_md"
finish

#!/usr/bin/env bash
# The bash completion: sourced, then asked what bash would ask it (the
# words of a command line in COMP_WORDS, the word being completed in
# COMP_CWORD); COMPREPLY is what it would offer.
# Usage: completion.sh FORKBENCH_BASH_COMPLETION FORKBENCH
set -u
script=$1
fb=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=/dev/null
. "$script"
check "it registers itself for forkbench" bash -c ". '$script' && complete -p forkbench | grep -q _forkbench"

offers() { # offers WORD... (the last one is being completed): prints COMPREPLY, one a line
	COMP_WORDS=("$fb" "$@")
	COMP_CWORD=$#
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_forkbench
	printf '%s\n' "${COMPREPLY[@]}" | sort
}
has() { # has WORD... :: EXPECTED...: every EXPECTED is offered
	local args=() want
	while [ "$1" != "::" ]; do args+=("$1"); shift; done
	shift
	local got
	got=$(offers "${args[@]}")
	for want in "$@"; do
		grep -qxF -- "$want" <<<"$got" || { echo "# '${args[*]}': '$want' not in: $(echo $got)"; return 1; }
	done
}
exactly() { # exactly WORD... :: EXPECTED...: what is offered is EXPECTED, no more
	local args=()
	while [ "$1" != "::" ]; do args+=("$1"); shift; done
	shift
	local got want
	got=$(offers "${args[@]}" | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$got" = "$want" ] || { echo "# '${args[*]}': offered '$got', wanted '$want'"; return 1; }
}

# the commands 'forkbench --help' lists, so that a new one fails here until it completes
commands=$("$fb" --help | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}')
check "every command of 'forkbench --help', help and --version" has '' :: $commands help --version
check "a command by its start" exactly ru :: run
check "... another" exactly res :: results
check "run's options by their start" exactly run --me :: --method
check "methods come from 'forkbench list'" has run --method '' :: all fork vfork thread posix_spawn pidfd_open
check "a method list completes after its last comma" exactly run -m fork,vf :: fork,vfork fork,vfork_exec
check "--thp values" exactly run --thp o :: off on
check "--thp values in a list" exactly run --thp off,s :: off,system
check "--cow-side values" exactly run --cow-side p :: parent
check "compare's --point values" exactly compare --point c :: create child_start cow

# every long option a command's --help lists is offered after 'COMMAND --'
for c in $commands; do
	opts=$("$fb" "$c" --help | grep -E '^ +(-[a-zA-Z], )?--[a-z]' |
		grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
	check "every option of '$c --help' completes" has "$c" -- :: $opts
done

touch "$tmp/base.json" "$tmp/new.json" "$tmp/other.txt"
check "compare completes results files" exactly compare "$tmp/ba" :: "$tmp/base.json"
check "export completes files" exactly export --csv out.csv "$tmp/ne" :: "$tmp/new.json"
check "run --json completes a file" exactly run --json "$tmp/ot" :: "$tmp/other.txt"
touch "$tmp/with space.json"
check "a file name with a space stays one word" exactly compare "$tmp/wi" :: "$tmp/with space.json"
check "a value of the user's own gets no offer" exactly run --rss '' ::
finish

# shellcheck shell=bash
# Shared by the store's shell tests: the TAP lines of tests/lib/tap.sh,
# forkbench with its exit code kept, and the one-line-error check. Source
# it after setting FB.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh" # check, skip, finish
one_line() { # one_line FILE PATTERN: FILE is one line and matches PATTERN
	[ "$(wc -l <"$1")" -eq 1 ] && grep -q -- "$2" "$1"
}
fb() { # fb ARGS: forkbench ARGS, its exit code kept in $last
	"$FB" "$@"
	last=$?
	return $last
}
refused() { # refused PATTERN: the last fb exited 2 with one line on stderr (err) matching PATTERN
	[ "$last" -eq 2 ] && one_line err "$1"
}
# shellcheck disable=SC2034 # used by the scripts that source this
PY=/usr/bin/python3 # the machine's python with Debian's python3-* (sqlite3)

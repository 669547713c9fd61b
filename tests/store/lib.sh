# shellcheck shell=bash
# Shared by the store's shell tests: TAP lines, forkbench with its exit
# code kept, and the one-line-error check. Source it after setting FB.
n=0
failed=0
check() { # check DESCRIPTION CONDITION...
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		failed=$((failed + 1))
	fi
}
skip() { # skip WHY
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}
finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
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

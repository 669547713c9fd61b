# Shared by the engine's shell tests: TAP lines and the closing count.
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
# A check whose other half is not built yet (TAP's TODO): its result is
# printed, and a failure does not fail the test. Once it passes, make it a
# check.
todo() { # todo REASON DESCRIPTION CONDITION...
	local why=$1 what=$2
	shift 2
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $what # TODO $why (passes now: make it a check)"
	else
		echo "not ok $n - $what # TODO $why"
	fi
}
skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}
finish() {
	echo "1..$n"
	echo "$((n - failed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# shellcheck shell=bash
# The shell tests' TAP, the twin of tap.h: one copy for every test folder.
#   . "$(dirname "$0")/../lib/tap.sh"
#   check DESCRIPTION CMD...   ok/not ok by CMD's exit status
#   skip REASON                a skipped check that says why
#   skip DESCRIPTION REASON    the same, naming the check it stands for
#   todo REASON DESCRIPTION CMD...  a check whose other half is not built yet
#   finish                     the plan and a count; its status is the test's
# finish returns non-zero when a check failed, so a test ends with
# `finish` (or `finish; exit`) and ctest sees the failure.
n=0
failed=0
check() { # check DESCRIPTION CMD...
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
skip() { # skip REASON | skip DESCRIPTION REASON
	n=$((n + 1))
	if [ $# -ge 2 ]; then
		echo "ok $n - $1 # SKIP $2"
	else
		echo "ok $n # SKIP $1"
	fi
}
# A check whose other half is not built yet (TAP's TODO): its result is
# printed, and a failure does not fail the test. Once it passes, make it a
# check.
todo() { # todo REASON DESCRIPTION CMD...
	local why=$1 what=$2
	shift 2
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $what # TODO $why (passes now: make it a check)"
	else
		echo "not ok $n - $what # TODO $why"
	fi
}
finish() {
	echo "1..$n"
	echo "$((n - failed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
}

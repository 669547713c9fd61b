# shellcheck shell=bash
# The shell tests' TAP, the twin of tap.h: one copy for every test folder.
#   . "$(dirname "$0")/../lib/tap.sh"
#   check DESCRIPTION CMD...   ok/not ok by CMD's exit status
#   skip REASON                a skipped check that says why
#   skip DESCRIPTION REASON    the same, naming the check it stands for
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
finish() {
	echo "1..$n"
	echo "$((n - failed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
}

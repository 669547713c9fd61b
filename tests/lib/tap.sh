# shellcheck shell=bash
# The shell tests' TAP, the twin of tap.h: one copy for every test folder.
#   . "$(dirname "$0")/../lib/tap.sh"
#   check DESCRIPTION CMD...   ok/not ok by CMD's exit status
#   skip REASON                a skipped check that says why
#   skip DESCRIPTION REASON    the same, naming the check it stands for
#   finish                     the plan and a count; its status is the test's
#                              (first: every results file forkbench wrote
#                              under $tmp passes `$FB results`, written_pass)
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
# Files forkbench writes always pass its reader's rules (bench/results):
# every results file `forkbench run` wrote during the test, found under
# the test's $tmp as a forkbench-results JSON at the path its own run.argv
# gave --json (a test's edited copies sit elsewhere), is read by `$FB
# results`, one check for them all. finish calls it; a test without $FB
# or $tmp has none.
written_pass() {
	[ -n "${FB:-}" ] && [ -x "${FB:-}" ] && [ -n "${tmp:-}" ] && [ -d "${tmp:-}" ] || return 0
	command -v jq >/dev/null || return 0
	local f p count=0 bad=0
	while IFS= read -r -d '' f; do
		head -c 256 "$f" 2>/dev/null | grep -q '"forkbench-results"' || continue
		while IFS= read -r p; do
			[ -n "$p" ] || continue
			case $f in "$p" | */"${p#./}") ;; *) continue ;; esac
			count=$((count + 1))
			if ! "$FB" results "$f" >/dev/null 2>"$tmp/.written_pass.err"; then
				bad=$((bad + 1))
				echo "# $(head -c 400 "$tmp/.written_pass.err")"
			fi
			break
		done < <(jq -r '(.run.argv // []) as $a | range(0; $a | length) as $i |
			if $a[$i] == "--json" then $a[$i + 1] // empty
			elif ($a[$i] | startswith("--json=")) then $a[$i][7:] else empty end' "$f" 2>/dev/null)
	done < <(find "$tmp" -name '*.json' -type f -print0 2>/dev/null)
	rm -f "$tmp/.written_pass.err"
	[ "$count" -eq 0 ] ||
		check "each of the $count results files forkbench wrote here passes its reader's rules" test "$bad" -eq 0
}
finish() {
	written_pass
	echo "1..$n"
	echo "$((n - failed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
}

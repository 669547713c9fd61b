#!/bin/bash
# forkbench compare on small fixed inputs: golden markdown and JSON output,
# the exit code of a planted regression, and exit 2 with one line for each
# kind of bad input. Usage: test_cli.sh FORKBENCH [--regen]
set -u
FB=$1
cd "$(dirname "$0")/data" || exit 1
fail=0
n=0
check() { # check DESCRIPTION CONDITION...
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		fail=1
	fi
}

if [ "${2:-}" = --regen ]; then
	"$FB" compare --markdown base.json new.json >golden.md 2>/dev/null
	"$FB" compare --json base.json new.json >golden.json 2>/dev/null
	"$FB" compare --github-benchmark base.json new.json >golden-github.json 2>/dev/null
	echo "regenerated golden files"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$FB" compare --markdown base.json new.json >"$tmp/md" 2>"$tmp/err"
check "planted 12% regression exits 1" test $? -eq 1
check "markdown matches golden.md" diff -u golden.md "$tmp/md"
check "THP difference warned" grep -q "warning: THP enabled differs" "$tmp/err"
"$FB" compare --json base.json new.json >"$tmp/json" 2>/dev/null
check "json matches golden.json" diff -u golden.json "$tmp/json"
"$FB" compare --github-benchmark base.json new.json >"$tmp/gh" 2>/dev/null
check "github-benchmark matches golden-github.json" diff -u golden-github.json "$tmp/gh"
check "one-sided entries listed" grep -q "vfork rss=0 thp=off.*only in base" "$tmp/md"
check "only-new entry listed" grep -q "pthread rss=0 thp=off.*only in new" "$tmp/md"
"$FB" compare base.json base.json >"$tmp/aa" 2>&1
check "A/A exits 0" test $? -eq 0
"$FB" compare --point cow base.json new.json >"$tmp/cow" 2>&1
check "--point cow compares the cow point" grep -q "fork rss=64M thp=off.*slower" "$tmp/cow"
"$FB" compare --threshold 30% base.json new.json >/dev/null 2>&1
check "a 13% change is not a regression at --threshold 30%" test $? -eq 0

bad() { # bad FILE PATTERN [ARGS]: exit 2, one line naming the file
	local file=$1 pat=$2
	shift 2
	"$FB" compare "$@" base.json "$file" >/dev/null 2>"$tmp/bad"
	local rc=$?
	check "$file: exit 2 (got $rc)" test $rc -eq 2
	check "$file: one line '$pat'" bash -c "[ \$(wc -l <'$tmp/bad') -eq 1 ] && grep -q '^forkbench compare: $file: .*$pat' '$tmp/bad'"
}
bad truncated.json "not valid JSON"
bad version2.json "schema version 2"
bad notforkbench.json "not a forkbench results file"
bad missing.json "cannot read"
bad othercpu.json "different CPU"
"$FB" compare --force base.json othercpu.json >/dev/null 2>"$tmp/force"
check "--force compares other CPUs (exit 1 for the regression)" test $? -eq 1
check "--force still warns" grep -q "different CPUs" "$tmp/force"
"$FB" compare base.json >/dev/null 2>&1
check "one file is a usage error (exit 2)" test $? -eq 2
"$FB" compare --threshold 5x base.json new.json >/dev/null 2>&1
check "bad --threshold exits 2" test $? -eq 2
"$FB" compare --help | grep -q "Usage: forkbench compare"
check "--help" test $? -eq 0
# A kernel that breaks a creation: the entry ran in base and failed in new.
jq '.results[0].status = "failed"' base.json >"$tmp/broken.json"
"$FB" compare base.json "$tmp/broken.json" >"$tmp/out" 2>"$tmp/err"
check "an entry that failed in new is a regression (exit 1)" test $? -eq 1
check "... and says so" grep -q "1 entry ran in base but failed in new" "$tmp/err"
jq 'del(.results[2])' base.json >"$tmp/less.json"
"$FB" compare base.json "$tmp/less.json" >"$tmp/out" 2>"$tmp/err"
check "an entry missing from new alone is no regression (exit 0)" test $? -eq 0
check "... but is warned about" grep -q "1 entry of base is missing from new" "$tmp/err"

echo "1..$n"
exit $fail

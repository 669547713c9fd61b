#!/bin/bash
# forkbench compare on small fixed inputs (data/make_data.py): golden
# markdown and JSON output, runs as the unit (three runs a side, an outlier
# run named, a shift in the placement mix that is not a slowdown), one run
# a side held to the run-to-run allowance, and exit 2 with one line for each
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
	"$FB" compare --markdown runs/A -- runs/B >golden.md 2>/dev/null
	"$FB" compare --json runs/A -- runs/B >golden.json 2>/dev/null
	"$FB" compare --github-benchmark runs/A -- runs/B >golden-github.json 2>/dev/null
	echo "regenerated golden files"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$FB" compare --markdown runs/A -- runs/B >"$tmp/md" 2>"$tmp/err"
check "three runs a side, a planted 12% regression: exit 1" test $? -eq 1
check "markdown matches golden.md" diff -u golden.md "$tmp/md"
"$FB" compare --json runs/A -- runs/B >"$tmp/json" 2>/dev/null
check "json matches golden.json" diff -u golden.json "$tmp/json"
"$FB" compare --github-benchmark runs/A -- runs/B >"$tmp/gh" 2>/dev/null
check "github-benchmark matches golden-github.json" diff -u golden-github.json "$tmp/gh"
check "the regression is called slower" grep -q "fork rss=64M thp=off.*slower" "$tmp/md"
check "the slow boot is named, left out" grep -q "outlier run b-2.json at 1.6[0-9]*x" "$tmp/md"
check "a placement shift is no change" grep -q "fork rss=0 thp=off | .*no change" "$tmp/md"
check "... and is reported as a shift" grep -q "same CPU 3[0-9]% -> [67][0-9]%" "$tmp/md"
"$FB" compare runs/A runs/B >"$tmp/dirs" 2>&1
check "two directories are the two sides (exit 1)" test $? -eq 1
"$FB" compare runs/A3.json -- runs/B >"$tmp/a3" 2>&1
check "a file of three runs (run --runs 3) counts as three runs (exit 1)" test $? -eq 1
check "... the same ratio as three files" bash -c "grep -o 'fork rss=64M thp=off.*' '$tmp/dirs' | head -1 | awk '{print \$8}' | grep -qx \"\$(grep -o 'fork rss=64M thp=off.*' '$tmp/a3' | head -1 | awk '{print \$8}')\""
"$FB" compare runs/A -- runs/A >"$tmp/aa" 2>&1
check "A/A exits 0" test $? -eq 0
"$FB" compare base.json new.json >"$tmp/one" 2>"$tmp/err"
check "one run a side: a 12% change is within the run-to-run allowance (exit 0)" test $? -eq 0
check "... and says a verdict needs 3 runs per side" grep -q "a verdict needs 3 or more runs per side" "$tmp/one"
check "THP difference warned" grep -q "warning: THP enabled differs" "$tmp/err"
check "one-sided entries listed" grep -q "vfork rss=0 thp=off.*only in base" "$tmp/one"
check "only-new entry listed" grep -q "pthread rss=0 thp=off.*only in new" "$tmp/one"
"$FB" compare --allowance 10% base.json new.json >/dev/null 2>&1
check "one run a side, beyond --allowance 10%: exit 1" test $? -eq 1
"$FB" compare --point cow --allowance 10% base.json new.json >"$tmp/cow" 2>&1
check "--point cow compares the cow point" grep -q "fork rss=64M thp=off.*slower" "$tmp/cow"
"$FB" compare --threshold 30% runs/A runs/B >/dev/null 2>&1
check "a 12% change is not a regression at --threshold 30%" test $? -eq 0
"$FB" compare runs/A -- runs/busy.json runs/B/b-1.json runs/B/b-3.json >/dev/null 2>"$tmp/err"
check "a run on a busy machine is named" grep -q "runs/busy.json: the machine was busy (load 3.10" "$tmp/err"

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
"$FB" compare --force --allowance 10% base.json othercpu.json >/dev/null 2>"$tmp/force"
check "--force compares other CPUs (exit 1 for the regression)" test $? -eq 1
check "--force still warns" grep -q "different CPUs" "$tmp/force"
"$FB" compare base.json >/dev/null 2>&1
check "one file is a usage error (exit 2)" test $? -eq 2
"$FB" compare --threshold 5x base.json new.json >/dev/null 2>&1
check "bad --threshold exits 2" test $? -eq 2
"$FB" compare runs/A runs/icount.json >/dev/null 2>"$tmp/bad"
check "instruction time against wall-clock time: exit 2" test $? -eq 2
check "... in one line that says why" grep -q "in instruction time (icount): they cannot be compared" "$tmp/bad"
"$FB" compare runs/A runs/alien.json >/dev/null 2>"$tmp/bad"
check "no entry in common: exit 2" test $? -eq 2
check "... in one line" grep -q "no entry in common" "$tmp/bad"
"$FB" compare runs/A -- >/dev/null 2>"$tmp/bad"
check "an empty side: exit 2" test $? -eq 2
mkdir "$tmp/empty"
"$FB" compare runs/A "$tmp/empty" >/dev/null 2>"$tmp/bad"
check "a directory without results: exit 2 naming it" bash -c "grep -q 'no forkbench results JSON in this directory' '$tmp/bad'"
"$FB" compare --help | grep -q "Usage: forkbench compare"
check "--help" test $? -eq 0
# A kernel that breaks a creation: the entry ran in base and failed in new.
jq '.results[0].status = "failed"' runs/B/b-3.json >"$tmp/broken.json"
"$FB" compare runs/A -- runs/B/b-1.json runs/B/b-2.json "$tmp/broken.json" >"$tmp/out" 2>"$tmp/err"
check "an entry that failed in new is a regression (exit 1)" test $? -eq 1
check "... and says so" grep -q "1 entry ran in base but failed in new" "$tmp/err"
jq 'del(.results[2])' base.json >"$tmp/less.json"
"$FB" compare base.json "$tmp/less.json" >"$tmp/out" 2>"$tmp/err"
check "an entry missing from new alone is no regression (exit 0)" test $? -eq 0
check "... but is warned about" grep -q "1 entry of base is missing from new" "$tmp/err"

echo "1..$n"
exit $fail

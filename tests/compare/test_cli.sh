#!/bin/bash
# forkbench compare on small fixed inputs (data/make_data.py): golden
# markdown and JSON output, runs as the unit (three runs a side, an outlier
# run named, a shift in the placement mix that is not a slowdown), one run
# a side held to the run-to-run allowance, and exit 2 with one line for each
# kind of bad input. Usage: test_cli.sh FORKBENCH [--regen]
set -u
FB=$1
. "$(dirname "$0")/../lib/tap.sh"
cd "$(dirname "$0")/data" || exit 1

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
check "a placement shift is no verdict: inconclusive on the whole figures" grep -q "fork rss=0 thp=off | .*inconclusive ([0-9]* runs a side)" "$tmp/md"
check "... and is reported as a finding" grep -q "children on the parent's CPU 3[0-9]% -> [67][0-9]%.*a shift of placement, reported, never a verdict" "$tmp/md"
check "... with the weighted figure beside it, labelled" grep -q "weighted alike on both sides 1.00[0-9]" "$tmp/md"
check "the summary counts every word" grep -qx '\*\*1 slower\*\*, 0 faster, 0 no change, 1 inconclusive, 0 not judged; 2 outlier runs left out (named above).' "$tmp/md"
"$FB" compare --fail-on inconclusive --threshold 30% runs/A runs/B >/dev/null 2>"$tmp/err"
check "--fail-on inconclusive: exit 1 where only inconclusive rows are left" test $? -eq 1
check "... and says why" grep -q "inconclusive and .* not judged: --fail-on" "$tmp/err"
"$FB" compare --fail-on sometimes runs/A runs/B >/dev/null 2>"$tmp/err"
check "--fail-on with an unknown word: exit 2" test $? -eq 2
check "... in one line" bash -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'fail-on takes slower, inconclusive and not-judged' '$tmp/err'"
"$FB" compare --defaults icount >"$tmp/def"
check "--defaults icount prints instruction time's threshold and alpha" grep -qx "threshold 0.01" "$tmp/def"
check "... and what is flagged from" grep -qx "flagged_from 0.006" "$tmp/def"
"$FB" compare --defaults wall >"$tmp/def"
check "--defaults wall: 5%, allowance 100%" bash -c "grep -qx 'threshold 0.05' '$tmp/def' && grep -qx 'allowance 1' '$tmp/def'"
"$FB" compare --defaults sundial >/dev/null 2>"$tmp/err"
check "--defaults with an unknown clock: exit 2" test $? -eq 2
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
check "... and the row is not judged, never no change" grep -q "fork rss=64M thp=off .* not judged (3 runs a side)" "$tmp/one"
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
bad version5.json "schema version 5"
bad notforkbench.json "not a forkbench results file"
bad missing.json "cannot read"
bad othercpu.json "different CPU"
# What the reader refuses: each a file compare used to believe. Both
# orders exit 2 with one line: the file, the JSON path, the rule.
one_line_with() { # one_line_with TEXT FILE: FILE is one line, and holds TEXT
	[ "$(wc -l <"$2")" -eq 1 ] && grep -qF -- "$1" "$2"
}
invalid() { # invalid NAME JQ-FILTER PATTERN [SOURCE]: exit 2, one line naming the path
	local name=$1 filter=$2 pat=$3 src=${4:-base.json} f rc
	f="$tmp/$name.json"
	jq "$filter" "$src" >"$f" || return
	for order in "$f base.json" "base.json $f"; do
		# shellcheck disable=SC2086
		"$FB" compare $order >/dev/null 2>"$tmp/bad"
		rc=$?
		check "$name ($order): exit 2 (got $rc)" test $rc -eq 2
		check "$name: one line '$pat'" one_line_with "$f: $pat" "$tmp/bad"
	done
}
invalid negative '.results[0].points.roundtrip.samples_ns[3] = -5' \
	'.results[0].points.roundtrip.samples_ns[3]: -5 is negative'
invalid fraction '.results[0].points.create.samples_ns[0] = 1.5' \
	'.results[0].points.create.samples_ns[0]: 1.5 is not an integer'
invalid string-sample '.results[1].points.cow.samples_ns[2] = "12"' \
	'.results[1].points.cow.samples_ns[2]: a string where the schema has an integer'
invalid no-roundtrip 'del(.results[0].points.roundtrip)' \
	'.results[0].points.roundtrip: missing: an "ok" entry has its round trip'
invalid few-samples '.results[2].points.roundtrip.samples_ns |= .[:4]' \
	'.results[2].points.roundtrip.samples_ns: an "ok" entry needs 5 samples in every run for compare; run 0 has 4'
invalid weird-status '.results[1].status = "weird"' \
	".results[1].status: 'weird' is not one of ok, skipped, failed, incomplete"
invalid no-status 'del(.results[1].status)' '.results[1].status: missing'
invalid no-parameters 'del(.results[0].parameters)' '.results[0].parameters: missing'
invalid parameter-type '.results[0].parameters.rss_bytes = "64M"' \
	'.results[0].parameters.rss_bytes: a string where the schema has an integer'
invalid method '.results[0].parameters.method = "spoon"' \
	".results[0].parameters.method: 'spoon' is not one of fork"
invalid every-entry-twice '.results += .results' \
	".results[3].parameters: the same as .results[0]'s: an entry appears once"
invalid run-type '.run = []' '.run: an array where the schema has an object'
invalid partial-type '.run.partial = "no"' '.run.partial: a string where the schema has a boolean'
invalid no-label 'del(.run.label)' '.run.label: missing'
invalid runs-zero '.run.runs = 0' '.run.runs: 0 is not from 1 to 100'
invalid runs-type '.run.runs = "3"' '.run.runs: a string where the schema has an integer or null'
invalid load-negative '.run.load = {"others_share": -0.5, "steal_share": 0}' \
	'.run.load: others_share -0.5 is negative'
invalid context-type '.context = "x"' '.context: a string where the schema has an object'
invalid no-cpu-model 'del(.context.cpu.model)' '.context.cpu.model: missing'
invalid kernel-type '.context.kernel = 5' '.context.kernel: an integer where the schema has an object'
invalid mitigation-type '.context.mitigations.meltdown = 1' \
	'.context.mitigations.meltdown: an integer where the schema has a string or null'
invalid virtualized-type '.context.virtualization.virtualized = "yes"' \
	'.context.virtualization.virtualized: a string where the schema has a boolean'
invalid clock '.context.timing = {"clock": "tsc", "accel": null, "emulated": false}' \
	".context.timing.clock: 'tsc' is not one of wall, icount, model"
invalid run-of-sample-range '.results[0].run_of_sample[5] = 7' \
	'.results[0].run_of_sample[5]: 7 is not from 0 to 2' runs/A3.json
invalid run-of-sample-missing 'del(.results[1].run_of_sample)' \
	'.results[1].run_of_sample: missing: a file of 3 runs says the run of every sample' runs/A3.json
invalid run-of-sample-length '.results[0].run_of_sample |= .[:-1]' \
	'.results[0].run_of_sample: 119 run indexes for 120 samples: one per sample' runs/A3.json
invalid few-in-one-run '.results[0].run_of_sample = [0, 0, 0] + [range(3; 120) | 1 + (. % 2)]' \
	'.results[0].points.roundtrip.samples_ns: an "ok" entry needs 5 samples in every run for compare; run 0 has 3' \
	runs/A3.json
invalid cpus-lengths '.results[0].cpus.child |= .[:-1]' \
	'.results[0].cpus: 120 parent CPUs, 119 child CPUs: one of each per sample' runs/A3.json
invalid cpus-per-sample '.results[0].cpus.parent |= .[:-1] | .results[0].cpus.child |= .[:-1]' \
	'.results[0].cpus: 119 CPUs a side for 120 round trips: one per sample' runs/A3.json
invalid cpu-range '.results[0].cpus.parent[2] = -2' \
	'.results[0].cpus.parent[2]: -2 is not from -1' runs/A3.json
invalid quoted-key '.context.mitigations["a\nb"] = 5' \
	'.context.mitigations["a\u000ab"]: an integer'
# duplicate keys with conflicting values: jansson would keep the last one
sed '0,/"schema_version": 1,/s//"schema_version": 2, "schema_version": 1,/' base.json >"$tmp/dup.json"
"$FB" compare base.json "$tmp/dup.json" >/dev/null 2>"$tmp/bad"
check "duplicate schema_version: exit 2" test $? -eq 2
check "... one line naming it" grep -qx "forkbench compare: $tmp/dup.json: .schema_version: duplicate key: the object holds it twice (line 3)" "$tmp/bad"
sed '0,/"status": "ok",/s//"status": "weird", "status": "ok",/' base.json >"$tmp/dup2.json"
"$FB" compare "$tmp/dup2.json" base.json >/dev/null 2>"$tmp/bad"
check "a duplicate key in an entry: exit 2 naming its path" \
	grep -q "dup2.json: .results\[0\].status: duplicate key" "$tmp/bad"
sed 's/"partial": false,/"partial": false, "a\\nb": 1, "a\\nb": 2,/' base.json >"$tmp/dup3.json"
"$FB" compare base.json "$tmp/dup3.json" >/dev/null 2>"$tmp/bad"
check "a duplicate key with an escape: its path as jq reads it" \
	grep -qF 'dup3.json: .run["a\u000ab"]: duplicate key' "$tmp/bad"
sed 's/"duration_s": 1.0/"duration_s": NaN/' base.json >"$tmp/nan.json"
"$FB" compare base.json "$tmp/nan.json" >/dev/null 2>"$tmp/bad"
check "NaN: exit 2, not valid JSON at .run.duration_s" \
	grep -q "nan.json: .run.duration_s: not valid JSON" "$tmp/bad"
# What a newer writer may add within version 1 is not refused.
jq '.results[0].points.newpoint = {"samples_ns": [1]} | .run.extra = {"x": 1}' base.json >"$tmp/extra.json"
"$FB" compare base.json "$tmp/extra.json" >/dev/null 2>&1
check "an unknown point or field is read past (exit 0)" test $? -eq 0
"$FB" compare --force --allowance 10% base.json othercpu.json >/dev/null 2>"$tmp/force"
check "--force compares other CPUs (exit 1 for the regression)" test $? -eq 1
check "--force still warns" grep -q "different CPUs" "$tmp/force"
"$FB" compare base.json >/dev/null 2>&1
check "one file is a usage error (exit 2)" test $? -eq 2
"$FB" compare --threshold 5x base.json new.json >/dev/null 2>&1
check "bad --threshold exits 2" test $? -eq 2
# one boot a side in instruction time: 2% allowed with the guest's ASLR off, 10% with it on
slow() { # slow FILE ASLR PERCENT: runs/icount.json, every round trip PERCENT% slower
	jq --arg aslr "$2" --argjson f "$3" '.context.aslr = $aslr |
		.results[].points.roundtrip.samples_ns |= map(. * (100 + $f) / 100 | floor)' runs/icount.json >"$1"
}
jq '.context.aslr = "0"' runs/icount.json >"$tmp/ic-a0.json"
slow "$tmp/ic-b0.json" 0 10
"$FB" compare "$tmp/ic-a0.json" "$tmp/ic-b0.json" >"$tmp/ic0" 2>&1
check "one icount boot a side, ASLR off: a 10% change is beyond the 2% allowance (exit 1)" test $? -eq 1
slow "$tmp/ic-b2.json" 2 8
"$FB" compare runs/icount.json "$tmp/ic-b2.json" >"$tmp/ic2" 2>&1
check "one icount boot a side, ASLR on: 8% is within the 10% allowance (exit 0)" test $? -eq 0
check "... and the allowance is said" grep -q "10% run-to-run allowance of icount time" "$tmp/ic2"
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

finish

#!/usr/bin/env bash
# A run over every method writes JSON that validates against the schema,
# with consistent hyperfine-style fields, COW figures and CSV exports.
# Usage: json_schema.sh FORKBENCH SCHEMA
set -u
fb=$1
schema=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$fb" run --method all --rss 0,1M --thp off,on -n 20 --cow 0.5 --no-progress -q \
	--json "$tmp/r.json" --csv "$tmp/r.csv" --csv-samples "$tmp/s.csv"
check "the run exits 0" test $? -eq 0
/usr/bin/python3 - "$schema" "$tmp/r.json" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
PY
check "the JSON validates against $(basename "$schema")" test $? -eq 0
validate() {
	/usr/bin/python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])), cls=jsonschema.Draft202012Validator)' "$schema" "$1"
}
# The optional sections (counters, and trace where this machine allows it)
# are part of the contract too: plots and compare read them.
"$fb" run --method fork,thread --rss 0 -n 10 --counters default --trace=auto --no-progress -q \
	--json "$tmp/c.json" 2>/dev/null
check "a run with --counters and --trace=auto exits 0" test $? -eq 0
check "its counters section is there" test "$(jq -r '.results[0].counters.events | length' "$tmp/c.json")" -gt 0
validate "$tmp/c.json"
check "a run with counters and trace validates against $(basename "$schema")" test $? -eq 0
# --runs: every sample carries its run, and each run sampled as asked
"$fb" run --method fork,vfork --rss 0 -n 12 --runs 3 --no-progress -q --json "$tmp/runs.json" 2>/dev/null
check "a run with --runs 3 exits 0" test $? -eq 0
validate "$tmp/runs.json"
check "a run of three runs validates against $(basename "$schema")" test $? -eq 0
check "run.runs is 3 and all three finished" test "$(jq -r '[.run.runs, .run.runs_done] | @tsv' "$tmp/runs.json")" = "3	3"
check "run_of_sample: 12 samples in each of runs 0, 1, 2 per entry" \
	test "$(jq -r '[.results[] | .run_of_sample | group_by(.) | map(length) == [12, 12, 12]] | all' "$tmp/runs.json")" = true
check "each run warmed up anew (5 dropped a run)" \
	test "$(jq -r '[.results[].sampling.warmup_dropped] | unique | @csv' "$tmp/runs.json")" = "15"
check "the context says how time was measured" \
	test "$(jq -r '.context.timing.clock' "$tmp/runs.json")" = wall
# A point too thin for a CI says so: 24 samples, a probe in 8, leave
# child_start 3; its ci95 is null, its CSV cells empty, a warning names it,
# and roundtrip keeps its CI.
"$fb" run --method fork --rss 0 -n 24 --no-progress -q --json "$tmp/thin.json" --csv "$tmp/thin.csv" 2>/dev/null
check "a run of 24 samples exits 0" test $? -eq 0
validate "$tmp/thin.json"
check "it validates against $(basename "$schema")" test $? -eq 0
check "child_start from 3 probes has no ci95; roundtrip's brackets its median" \
	test "$(jq -r '.results[0].points | [.child_start.n, .child_start.summary.ci95 == null,
		(.roundtrip.summary | .ci95[0] <= .p50 and .p50 <= .ci95[1])] | @tsv' "$tmp/thin.json")" = "3	true	true"
check "a warning names it" \
	test "$(jq -r '[.results[0].warnings[] |
		select(startswith("too few samples for a 95% CI of the median (6): child_start 3"))] | length' "$tmp/thin.json")" -eq 1
check "its CSV row leaves ci_lo and ci_hi empty" \
	test "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
		$col["point"] == "child_start" { print "[" $col["ci_lo"] $col["ci_hi"] "]" }' "$tmp/thin.csv")" = "[]"
q() { jq -r "$1" "$tmp/r.json"; }
check "36 entries (9 methods x 2 sizes x 2 THP), all ok" test "$(q '[.results[] | select(.status == "ok")] | length')" -eq 36
check "every entry has 20 samples, of two kinds" \
	test "$(q '[.results[] | (.kind_of_sample | length == 20) and (.kind_of_sample | unique == [0, 1])] | all')" = true
check "each point holds one value per sample of its kind" \
	test "$(q '[.results[] | .kind_of_sample as $k | .points[] | (if .kind == "plain" then 0 else 1 end) as $i | .n == (.samples_ns | length) and .n == ([$k[] | select(. == $i)] | length)] | all')" = true
check "create and roundtrip come from plain samples, child_start and cow from probes" \
	test "$(q '[.results[].points | to_entries[] | "\(.key)=\(.value.kind)"] | unique | join(" ")')" = "child_start=probe cow=probe create=plain roundtrip=plain"
check "hyperfine median equals the roundtrip p50 in seconds" \
	test "$(q '[.results[] | (.median * 1e9 - .points.roundtrip.summary.p50) | fabs < 1] | all')" = true
check "times holds one round trip per plain sample" test "$(q '[.results[] | (.times | length) == .sampling.kinds.plain] | all')" = true
check "fork at 1M with --cow 0.5 writes 128 pages" \
	test "$(q '.results[] | select(.parameters.method == "fork" and .parameters.rss_bytes == 1048576 and .parameters.thp == "off") | .cow.pages')" -eq 128
check "vfork has no COW phase" test "$(q '[.results[] | select(.parameters.method == "vfork") | .cow == null] | length > 0 and all')" = true
check "child pids differ from the worker's pid (a plain pthread's tid is not known: 0)" \
	test "$(q '[.results[] | .pids.parent as $p | .parameters.method as $m | [.pids.children, .kind_of_sample] | transpose | (length == 20) and all(.[]; .[0] != $p and (.[0] > 0 or ($m == "pthread" and .[1] == 0)))] | all')" = true
check "every plain sample's child says its CPU, a raw thread's too" \
	test "$(q '[.results[] | [.cpus.child, .kind_of_sample] | transpose[] | select(.[1] == 0) | .[0] >= 0] | all')" = true
check "context names the kernel and the schema version" \
	test "$(q '[.schema_version, (.context.kernel.release | length > 0)] | @tsv')" = "4	true"
check "summary CSV has a row per entry and point" test "$(tail -n +2 "$tmp/r.csv" | wc -l)" -eq "$(q '[.results[].points | length] | add')"
check "samples CSV has a row per sample" test "$(tail -n +2 "$tmp/s.csv" | wc -l)" -eq "$(q '[.results[].points[].samples_ns | length] | add')"
finish

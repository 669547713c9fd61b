#!/usr/bin/env bash
# What a run prints and exports for people and for their tools:
#   - entries follow --method's order, then --rss and --thp as given;
#   - two runs that differ in any one parameter never share an entry name,
#     in the table, the flat CSV or compare's output;
#   - --label defaults to the kernel release, in the JSON too;
#   - --csv-entries is one flat row per entry with every parameter;
#   - warnings are one line a kind (the advice once), -v lists each, the
#     JSON keeps every one; the last line says where the results are;
#   - --unit, check --strict, list --json.
# Usage: run_output.sh FORKBENCH
set -u
fb=$1
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3

# -n 12: with --cow every other sample is a probe, and compare needs 5 of each kind a run
run() { "$fb" run -n 12 --warmup 1 --no-progress "$@"; }

# --- order and the default label
run --method vfork,fork --rss 1M,0 --thp on,off --json "$tmp/o.json" >"$tmp/o.txt" 2>"$tmp/o.err"
check "a run exits 0" test $? -eq 0
order=$(awk 'NR > 2 && NF > 3 && $1 !~ /^ / { print $1, $2, $3 } /^$/ { exit }' "$tmp/o.txt" | tr '\n' ';')
check "the table follows --method, then --rss and --thp as given (got $order)" \
	test "$order" = "vfork rss=1M thp=on;vfork rss=1M thp=off;vfork rss=0 thp=on;vfork rss=0 thp=off;fork rss=1M thp=on;fork rss=1M thp=off;fork rss=0 thp=on;fork rss=0 thp=off;"
check "... and so does the JSON" \
	test "$(jq -r '[.results[].id] | join(";")' "$tmp/o.json");" = "$order"
check "--label defaults to the kernel release, in the JSON" \
	test "$(jq -r .run.label "$tmp/o.json")" = "$(uname -r)"
check "the last line says where the results are" \
	test "$(tail -n 1 "$tmp/o.err")" = "forkbench run: 8 entries in $(tail -n 1 "$tmp/o.err" | sed 's/.* in \([0-9.]* s\);.*/\1/'); results in $tmp/o.json"

# --- one run per parameter, each differing from the first in that one
variants=("" "--parallel 2" "--vmas 2" "--fds 3" "--threads 1" "--cpu 0" "--child-cpu 0"
	"--shared" "--touch read" "--cow 0.5" "--cow 0.5 --cow-side parent")
if [ "$(awk '/^Hugepagesize:/ {print $2}' /proc/meminfo)" = 2048 ] &&
	[ "$(cat /proc/sys/vm/nr_hugepages)" -ge 2 ] 2>/dev/null; then
	variants+=("--hugetlb 2M")
fi
i=0
for v in "${variants[@]}"; do
	# shellcheck disable=SC2086
	run --method fork --rss 2M $v --json "$tmp/v$i.json" --csv-entries "$tmp/v$i.csv" \
		--csv "$tmp/s$i.csv" --label same >"$tmp/v$i.txt" 2>/dev/null
	check "a run with '${v:-the defaults}' exits 0" test $? -eq 0
	awk 'NR == 3 { sub(/ +[0-9]+ +[0-9.]+ .*/, ""); print }' "$tmp/v$i.txt" >>"$tmp/table-names"
	$py -c 'import csv, sys; print(next(csv.DictReader(open(sys.argv[1])))["entry"])' "$tmp/v$i.csv" >>"$tmp/csv-names"
	$py -c 'import csv, sys; print(next(csv.DictReader(open(sys.argv[1])))["entry"])' "$tmp/s$i.csv" >>"$tmp/summary-names"
	i=$((i + 1))
done
check "every parameter gives its own name in the table ($i runs)" \
	test "$(sort -u "$tmp/table-names" | wc -l)" -eq "$i"
check "... and in the flat CSV" test "$(sort -u "$tmp/csv-names" | wc -l)" -eq "$i"
check "... the table and the CSV name each entry alike" cmp -s "$tmp/table-names" "$tmp/csv-names"
check "... and so does the per-point CSV (--csv)" cmp -s "$tmp/table-names" "$tmp/summary-names"
# compare matches entries by parameters and names them by their id: one file
# that holds every variant's entry, compared with itself, has a row for each
# (its run lasted as long as theirs together: no sample outlasts it)
jq -n '[inputs] as $f | $f[0] + {results: ($f | map(.results[]))}
	| .run.duration_s = ($f | map(.run.duration_s) | add)' "$tmp"/v[0-9]*.json >"$tmp/all.json"
"$fb" compare "$tmp/all.json" "$tmp/all.json" >"$tmp/cmp.txt" 2>"$tmp/cmp.err"
rc=$?
[ $rc -eq 0 ] || echo "# compare: exit $rc: $(grep -v 'the machine was busy' "$tmp/cmp.err" | head -c 400)"
check "compare reads the file of every variant (exit $rc)" test $rc -eq 0
grep -oE '^fork rss=2M[^ ]*( [a-z-]+(=[^ ]+)?)*' "$tmp/cmp.txt" | sed 's/ *$//' >"$tmp/cmp-names"
check "... and names each row as the table does" \
	test "$(sort "$tmp/cmp-names")" = "$(sort "$tmp/table-names")"

# --- the flat CSV
$py - "$tmp/v0.csv" "$tmp/o.json" >"$tmp/csv-check" 2>&1 <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
want = ["run_id", "label", "entry", "method", "rss_bytes", "thp", "hugetlb_bytes", "touch", "vmas",
        "fds", "threads", "shared", "cow_fraction", "cow_side", "cpu", "child_cpu", "parallel",
        "status", "roundtrip_n", "roundtrip_p50_ns", "roundtrip_ci_lo_ns", "create_p50_ns"]
missing = [c for c in want if c not in rows[0]]
assert not missing, f"missing columns {missing}"
assert len(rows) == 1, f"{len(rows)} rows for one entry"
r = rows[0]
assert r["method"] == "fork" and r["rss_bytes"] == "2097152" and r["status"] == "ok", r
# -n 12 samples: plain ones carry roundtrip, probes child_start
assert int(r["roundtrip_n"]) + int(r["child_start_n"] or 0) == 12 and float(r["roundtrip_p50_ns"]) > 0, r
assert r["cow_p50_ns"] == "", "a point the entry lacks is an empty cell"
print("ok")
PY
check "the flat CSV loads with Python's csv, one row per entry, every parameter a column ($(tail -n 1 "$tmp/csv-check"))" \
	test "$(tail -n 1 "$tmp/csv-check")" = ok
"$fb" export --csv-entries "$tmp/export.csv" "$tmp/v0.json"
check "export --csv-entries writes the run's own flat CSV, byte for byte" cmp -s "$tmp/v0.csv" "$tmp/export.csv"

# --- warnings: --cow does not apply to vfork or thread, in 4 of the 6 entries
run --method vfork,thread,fork --rss 0,1M --cow 0.5 --json "$tmp/w.json" >"$tmp/w.txt" 2>/dev/null
check "one line for a kind of warning, with its entries and the advice once" \
	test "$(grep -c -- "--cow does not apply in 4 of 6 entries (all vfork, all thread): its child shares the parent's memory or exec()s; its entries are named without --cow" "$tmp/w.txt")" -eq 1
check "... the advice is not repeated" test "$(grep -c "shares the parent's memory" "$tmp/w.txt")" -eq 1
run --method vfork,thread,fork --rss 0,1M --cow 0.5 -v >"$tmp/wv.txt" 2>/dev/null
check "-v lists it for each entry" test "$(grep -c ": --cow does not apply to" "$tmp/wv.txt")" -eq 4
check "the JSON keeps it in every entry" \
	test "$(jq '[.results[].warnings[] | select(test("^--cow does not apply"))] | length' "$tmp/w.json")" -eq 4
# an entry --cow does not apply to is what it is without it: named and described so
check "vfork and thread are named without cow=, and their parameters say cow_fraction 0; fork keeps cow=0.5" \
	test "$(jq -r '[.results[] | "\(.parameters.method):\(.id | test("cow=")):\(.parameters.cow_fraction)"] | unique | join(" ")' "$tmp/w.json")" = "fork:true:0.5 thread:false:0 vfork:false:0"
run --method vfork,thread,fork --child-cpu 0 --json "$tmp/cc.json" >/dev/null 2>&1
check "--child-cpu likewise: only fork's entry is named with it and carries it" \
	test "$(jq -r '[.results[] | "\(.parameters.method):\(.id | test("child-cpu=")):\(.parameters.child_cpu)"] | join(" ")' "$tmp/cc.json")" = "vfork:false:-1 thread:false:-1 fork:true:0"

# --- --runs: the table shows how far the runs lie apart, and says which figure it is
run --method fork,vfork --runs 3 >"$tmp/runs.txt" 2>/dev/null
check "--runs 3: a 'runs SD' column, a figure in every row, and the line that says what it is" \
	test "$(sed -n 1p "$tmp/runs.txt" | grep -c 'runs SD')" -eq 1 -a \
	"$(awk 'NF == 0 { exit } NR > 2 && $1 ~ /fork/' "$tmp/runs.txt" | awk '$NF ~ /^[0-9]+\.[0-9][0-9]$/' | wc -l)" -eq 2 -a \
	"$(grep -c "^runs SD: the SD of the logs of the 3 finished runs' round-trip medians" "$tmp/runs.txt")" -eq 1
check "one run: no such column" test "$(grep -c 'runs SD' "$tmp/o.txt")" -eq 0

# --- units
run --method fork --unit ms >"$tmp/ms.txt" 2>/dev/null
check "--unit ms: the header says ms, the cells are bare numbers" \
	bash -c "sed -n 2p '$tmp/ms.txt' | grep -q 'p50 ms' && sed -n 3p '$tmp/ms.txt' | grep -Eq ' [0-9]+\.[0-9]{3} '"
run --method fork,vfork --rss 0,16M >"$tmp/auto.txt" 2>/dev/null
# the table ends at its first blank line: a warning for one entry below it
# names the entry and its times with units ("max 1200 us vs median 300 us")
check "auto: one unit a column, named in its header, and no cell with a unit of its own" \
	test "$(sed -n 2p "$tmp/auto.txt" | grep -oE '(p50 )?(us|ms)' | wc -l)" -eq 5 -a \
	"$(awk 'NF == 0 { exit } NR > 2' "$tmp/auto.txt" | grep -cE ' (us|ms) ')" -eq 0
"$fb" run --unit s >/dev/null 2>"$tmp/err"
check "--unit s is refused with exit 2 and one line" test $? -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1
"$fb" compare --unit ms "$tmp/v0.json" "$tmp/v0.json" >"$tmp/cmp-ms.txt" 2>/dev/null
check "compare --unit ms shows its medians in ms" grep -Eq ' [0-9]+\.[0-9]{3} ms ' "$tmp/cmp-ms.txt"

# --- --trace on a kernel without kernel-patch/: said once, not per entry
tracefs=$(awk '$3 == "tracefs" {print $2; exit}' /proc/self/mounts)
if [ "$(id -u)" -eq 0 ] && [ -n "$tracefs" ] && [ -d "$tracefs/events/task/task_newtask" ] &&
	[ ! -d "$tracefs/events/task/task_copy_process" ]; then
	run --method fork,vfork --rss 0,1M --trace -q 2>"$tmp/trace.err"
	check "--trace without the patch: exit 0, and one line says the phases need kernel-patch/" \
		test $? -eq 0 -a "$(grep -c 'kernel-patch/' "$tmp/trace.err")" -eq 1
else
	skip "--trace without the patch needs root, tracefs and a kernel without task_copy_process"
fi

# --- check --strict, list --json
"$fb" check >"$tmp/check.txt"
warns=$(tail -n 1 "$tmp/check.txt" | awk '{print $1}')
"$fb" check --strict >/dev/null
rc=$?
check "check --strict exits 1 exactly when a fact known to distort results is found ($warns here)" \
	test "$rc" -eq "$([ "$warns" -gt 0 ] && echo 1 || echo 0)"
"$fb" check --strict --json >/dev/null
check "... with --json too" test $? -eq "$rc"
"$fb" check --json >"$tmp/check.json"
$py - "$tmp/check.txt" "$tmp/check.json" >"$tmp/cols" 2>&1 <<'PY'
import json, sys
text = open(sys.argv[1]).read()
facts = {k: v for k, v in json.load(open(sys.argv[2])).items() if isinstance(v, dict) and "advice" in v}
cols = set()
for key, f in facts.items():
    # the advice starts in the same column on the fact's line or, after a long value, the next
    for line in text.splitlines():
        i = line.find(f["advice"])
        if i > 0 and line.endswith(f["advice"]):
            cols.add(i)
            break
    else:
        sys.exit(f"{key}: advice not found at the end of a line")
print(len(cols), "columns")
PY
check "check keeps its columns: every advice starts in one column ($(tail -n 1 "$tmp/cols"))" \
	test "$(tail -n 1 "$tmp/cols")" = "1 columns"
"$fb" list --json >"$tmp/list.json"
check "list --json: an array of the methods 'list' prints, each with whether it is supported" \
	test "$(jq -r '[.[] | select(has("supported")) | .name] | join(" ")' "$tmp/list.json")" = \
	"$("$fb" list | awk 'NR > 1 && $1 !~ /^$/ && /^[a-z]/ { print $1 }' | tr '\n' ' ' | sed 's/ $//')"
finish

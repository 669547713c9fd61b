#!/usr/bin/env bash
# harness/lean_table.py, lean-check's table, on rounds made up so that the
# answer is known: a forkbench whose children ran on the other CPU more
# often than the loop's, at the loop's cost in each placement, reads 1.000
# (its plain medians' ratio does not); one 10% slower in both placements
# reads 1.100 and is over its goal; a round lacking a placement leaves the
# one every round has; a pinned row keeps its plain median; probe samples
# count in no placement. Usage: lean_table.sh
set -u
. "$(dirname "$0")/../lib/tap.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$tmp" <<'EOF'
import json, sys
tmp = sys.argv[1]

def fb(path, same, same_ns, other, other_ns, probes=10):
    """forkbench's JSON, as much of it as lean_table reads: plain samples
    on CPU 0 whose children ran on 0 (same) or 1 (other), then probes."""
    times = [same_ns] * same + [other_ns] * other
    child = [0] * same + [1] * other + [1] * probes
    kinds = [0] * (same + other) + [1] * probes
    p50 = sorted(times)[len(times) // 2]
    json.dump({"results": [{"kind_of_sample": kinds,
                            "cpus": {"parent": [0] * len(kinds), "child": child},
                            "points": {"roundtrip": {"samples_ns": times,
                                                     "summary": {"p50": p50}}}}]},
              open(path, "w"))

mixed_loop = "80000 900 80000 100 140000"
with open(f"{tmp}/rounds.tsv", "w") as out:
    for r in range(7):
        # same cost per placement, the other CPU more often: only the mix moved
        fb(f"{tmp}/mix{r}.json", 300, 80000, 700, 140000)
        out.write(f"mix\tunpinned\t1.05\t{mixed_loop}\t{tmp}/mix{r}.json\n")
        # 10% slower in each placement, the loop's mix
        fb(f"{tmp}/slow{r}.json", 900, 88000, 100, 154000)
        out.write(f"slow\tunpinned\t1.05\t{mixed_loop}\t{tmp}/slow{r}.json\n")
        # one round of forkbench has 2 children on the other CPU: too few to weigh
        fb(f"{tmp}/gap{r}.json", 998 if r == 3 else 900, 83200, 2 if r == 3 else 100, 140000)
        out.write(f"gap\tunpinned\t1.05\t{mixed_loop}\t{tmp}/gap{r}.json\n")
        fb(f"{tmp}/pin{r}.json", 1000, 72000, 0, 0)
        out.write(f"pin\tpinned\t1.03\t71000 1000 71000 0 0\t{tmp}/pin{r}.json\n")
EOF
/usr/bin/python3 "$top/harness/lean_table.py" "$tmp/rounds.tsv" >"$tmp/out" 2>"$tmp/err"
rc=$?
sed 's/^/# /' "$tmp/out" "$tmp/err"
row() { awk -v m="$1" '$1 == m {print $5, $7, $8, $9, $NF}' "$tmp/out"; }
check "exit 1: a row is over its goal (got $rc)" test "$rc" -eq 1
check "a mix forkbench shifted, at the loop's cost per placement: 1.000, weighted, shares 0.90/0.30, plain medians 1.750 ($(row mix))" \
	test "$(row mix)" = "1.000 weighted 0.90/0.30 1.750 ok"
check "10% slower in both placements: 1.100 and over its goal ($(row slow))" \
	test "$(row slow)" = "1.100 weighted 0.90/0.90 1.100 OVER"
check "a round short of one placement leaves the placement every round has ($(row gap))" \
	test "$(row gap)" = "1.040 same-CPU 0.90/0.91 1.040 ok"
check "pinned, one placement: the plain median ($(row pin))" \
	test "$(row pin)" = "1.014 median 1.00/1.00 1.014 ok"
check "seven rounds give a CI (the first and last of seven equal ratios)" \
	grep -Eq '^mix .* 1\.000-1\.000 ' "$tmp/out"
printf 'fork\tpinned\t1.03\t71000 5\tnone.json\n' >"$tmp/bad.tsv"
/usr/bin/python3 "$top/harness/lean_table.py" "$tmp/bad.tsv" >/dev/null 2>"$tmp/err"
rc=$?
check "a loop line that is not 5 numbers: one line, not a table (exit $rc)" \
	test "$rc" -ne 0 -a "$rc" -ne 1 -a "$(wc -l <"$tmp/err")" -eq 1
finish

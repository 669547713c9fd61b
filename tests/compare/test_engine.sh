#!/bin/bash
# compare on the real engine: two halves of the same fork entry are not a
# regression (exit 0), and a planted slowdown is (exit 1): the second half
# with every sample made 50%, and 8%, slower. Usage: test_engine.sh FORKBENCH
#
# The issue's other example, the same configuration with a larger image
# (16 MiB) relabelled rss 0, is run and printed but not asserted: under the
# load of a shared machine the 16 MiB worker measured faster than the empty
# one in 1 of 6 tries here (the workers of a run are separate processes,
# placed and disturbed separately).
#
# The A/A pair is one entry's samples split by parity (samples 0,2,4,...
# against 1,3,5,...): the same worker, the same image, interleaved in time.
# Anything coarser is not an A/A pair on a shared machine. Measured here
# with other builds on the two cores: fork's median moved up to 3x between
# back-to-back runs, and two identical entries of one run (--rss 0,0K,
# separate workers) differed by 6-14% with p < 0.0001 in 2 of 6 tries.
# That is what ci/compare-kernels alternates and pools boots for. The error
# rates at the default threshold are proven by test_compare_stats.
set -u
FB=$1
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
check() {
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; fail=1; fi
}

"$FB" run --method fork --rss 0,16M --thp off -n 600 --quiet --no-progress \
	--json "$tmp/run.json" >/dev/null
check "engine run" test $? -eq 0

# a and b: entry 0's samples by parity; slow: b x 1.5; bigger: entry 1
# relabelled rss 0.
$PY - "$tmp" <<'PYEOF'
import copy, json, sys
d = json.load(open(sys.argv[1] + "/run.json"))
def write(name, e):
    out = copy.deepcopy(d)
    out["results"] = [e]
    json.dump(out, open(f"{sys.argv[1]}/{name}.json", "w"))
for name, parity in (("a", 0), ("b", 1)):
    e = copy.deepcopy(d["results"][0])
    for p in e["points"].values():
        p["samples_ns"] = p["samples_ns"][parity::2]
        p["summary"]["n"] = len(p["samples_ns"])
    write(name, e)
    if parity:
        for factor, out in ((1.5, "planted"), (1.08, "planted8")):
            s = copy.deepcopy(e)
            for p in s["points"].values():
                p["samples_ns"] = [int(x * factor) for x in p["samples_ns"]]
            write(out, s)
e = d["results"][1]
e["parameters"]["rss_bytes"] = 0
e["id"] = e["id"].replace("rss=16M", "rss=0")
write("bigger", e)
PYEOF

"$FB" compare "$tmp/a.json" "$tmp/b.json" >"$tmp/aa.txt" 2>&1
rc=$?
sed -n '/^fork/s/^/# /p' "$tmp/aa.txt"
check "A/A: the two halves of fork rss=0 are not a regression (exit $rc)" test $rc -eq 0

"$FB" compare "$tmp/a.json" "$tmp/planted.json" >"$tmp/planted.txt" 2>&1
rc=$?
sed -n '/^fork/s/^/# /p' "$tmp/planted.txt"
check "planted slowdown (x1.5) exits 1 (got $rc)" test $rc -eq 1
check "and is called slower" grep -q "fork rss=0 thp=off.*slower" "$tmp/planted.txt"
"$FB" compare --json "$tmp/a.json" "$tmp/planted.json" >"$tmp/planted-out.json" 2>/dev/null
check "JSON output parses and reports 1 slower" \
	$PY -c "import json,sys; d=json.load(open('$tmp/planted-out.json')); sys.exit(d['slower']!=1)"
"$FB" compare "$tmp/a.json" "$tmp/planted8.json" >"$tmp/planted8.txt" 2>&1
rc=$?
sed -n '/^fork/s/^/# /p' "$tmp/planted8.txt"
check "a planted slowdown of a few percent (x1.08) exits 1 (got $rc)" test $rc -eq 1
"$FB" compare "$tmp/a.json" "$tmp/bigger.json" 2>/dev/null | sed -n '/^fork/s/^/# 16 MiB image as rss 0 (not asserted): /p'
echo "1..$n"
exit $fail

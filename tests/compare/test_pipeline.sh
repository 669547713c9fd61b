#!/bin/bash
# ci/compare-kernels' control flow with a stand-in runner (the local
# forkbench instead of QEMU, see standin-runner.sh): boots alternate
# A,B,A,B; every boot's JSON, the pooled runs, the markdown report and the
# plots land in results/<date>-<A>-vs-<B>/; the exit code is 1 on a
# regression and 0 otherwise; bad usage is 2 and a failing boot 3.
# Usage: test_pipeline.sh FORKBENCH
set -u
FB=$1
HERE=$(cd "$(dirname "$0")" && pwd)
CK=$HERE/../../ci/compare-kernels
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
echo fast >"$tmp/fast-kernel"
echo slow >"$tmp/slow-kernel"
BIN=$(dirname "$FB")
# The stand-in's planted slowdown (x20) is far above the drift between runs seen
# on a loaded shared machine (up to 3.4x), so both directions are stable.
SUITE="run --method fork --rss 0 --thp off -n 60"
ck() {
	"$CK" --runner "$HERE/standin-runner.sh" --bin "$BIN" --forkbench "$FB" \
		--results "$tmp/results" --suite "$SUITE" "$@"
}

out=$(ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --rounds 2 2>"$tmp/log1")
rc=$?
check "B slower: exit 1 (got $rc)" test $rc -eq 1
check "run directory is results/<date>-<A>-vs-<B>" \
	bash -c "[[ '$out' == '$tmp/results/'????-??-??-fast-kernel-vs-slow-kernel ]]"
check "boots alternated A,B,A,B" \
	bash -c "grep -o 'booting [AB]' '$tmp/log1' | tr -d '\n' | grep -qx 'booting Abooting Bbooting Abooting B'"
for f in A-1 B-1 A-2 B-2 A B; do
	check "$f.json kept" test -s "$out/$f.json"
done
check "guest.json sidecars kept" test -s "$out/B-2.guest.json"
check "pooled A has both boots' samples" /usr/bin/python3 -c "
import json,sys
p=json.load(open('$out/A.json'))['results'][0]['points']['roundtrip']['samples_ns']
b=[len(json.load(open('$out/A-%d.json'%i))['results'][0]['points']['roundtrip']['samples_ns']) for i in (1,2)]
sys.exit(len(p)!=sum(b))"
check "report says regression" grep -q "verdict: regression" "$out/report.md"
check "report has the compare table" grep -q "fork rss=0 thp=off.*slower" "$out/report.md"
check "report has the A/A check" grep -q "1 of 1 slower entries survive the A/A check" "$out/report.md"
check "report links the plots" grep -q "plots/ratio.png" "$out/report.md"
check "ratio plot drawn" test -s "$out/plots/ratio.png"
check "compare.json written" grep -q '"slower": 1' "$out/compare.json"

out=$(ck --a "$tmp/slow-kernel" --b "$tmp/fast-kernel" --rounds 1 --no-plots 2>/dev/null)
rc=$?
check "B faster: exit 0 (got $rc)" test $rc -eq 0
check "one round: no A/A section" bash -c "! grep -q 'A/A check' '$out/report.md'"
check "no regression reported" grep -q "verdict: no regression" "$out/report.md"

# B's first boot slow, its second not: slower when pooled, but no more
# than B's own boots differ, so the A/A check does not count it. Every boot
# replays one engine run, so that the host's drift plays no part.
echo "slow once" >"$tmp/once-kernel"
out=$(STANDIN_REPLAY=$tmp/replay.json ck --a "$tmp/fast-kernel" --b "$tmp/once-kernel" --rounds 2 --no-plots 2>/dev/null)
rc=$?
check "slower within boot-to-boot noise: exit 0 (got $rc)" test $rc -eq 0
check "report says why" grep -q "within boot-to-boot noise" "$out/report.md"

out=$(ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --rounds 2 --order abba --no-plots 2>"$tmp/log3")
check "--order abba boots A,B,B,A" \
	bash -c "grep -o 'booting [AB]' '$tmp/log3' | tr -d '\n' | grep -qx 'booting Abooting Bbooting Bbooting A'"

# The same kernel on both sides, told apart by a runner option for B only
# (as --trace-event off against on is in the tracing-overhead benchmark).
out=$(ck --a "$tmp/fast-kernel" --b "$tmp/fast-kernel" --name-a off --name-b on \
	--runner-args-b "--factor 20" --rounds 2 --no-plots 2>/dev/null)
rc=$?
check "--runner-args-b reaches B's boots only: exit 1 (got $rc)" test $rc -eq 1
check "report names the side's runner arguments" grep -q 'runner `--factor 20`' "$out/report.md"
check "A's boots ran without them" bash -c "! grep -q 'fork rss=0 thp=off.*faster' '$out/report.md'"

# A's second boot reports another CPU, so A1 vs A2 cannot be compared:
# with no A/A ratio, nothing may explain B's slowdown away.
echo "othercpu" >"$tmp/othercpu-kernel"
out=$(ck --a "$tmp/othercpu-kernel" --b "$tmp/slow-kernel" --rounds 2 --no-plots 2>/dev/null)
rc=$?
check "an A/A pair that cannot be compared does not hide a regression: exit 1 (got $rc)" test $rc -eq 1
check "report says the regression counts for want of an A/A ratio" grep -q "an A/A pair could not be compared" "$out/report.md"

# Three rounds: every later boot is compared with the first.
out=$(ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --rounds 3 --no-plots 2>/dev/null)
check "three rounds: A/A pairs 1-2 and 1-3 on both sides" \
	bash -c "ls '$out'/aa-A-2.json '$out'/aa-A-3.json '$out'/aa-B-2.json '$out'/aa-B-3.json >/dev/null"

# Boots under different accelerators are refused, not pooled.
ck --a "$tmp/fast-kernel" --b "$tmp/fast-kernel" --runner-args-b "--accel kvm" --rounds 1 \
	--no-plots >/dev/null 2>"$tmp/log4"
rc=$?
check "boots under different accelerators: exit 3 (got $rc)" test $rc -eq 3
check "... saying why" grep -q "different accelerators" "$tmp/log4"

# Warm-up boots run first, are logged as such and are neither pooled nor compared.
out=$(ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --rounds 1 --warmup-boots 1 --no-plots 2>"$tmp/log5")
check "--warmup-boots 1: a warm-up boot of each kernel before round 1" \
	bash -c "grep -o 'warm-up 1/1: booting [AB]\\|round 1/1: booting [AB]' '$tmp/log5' | tr -d '\n' | grep -qx 'warm-up 1/1: booting Awarm-up 1/1: booting Bround 1/1: booting Around 1/1: booting B'"
check "... whose results stay apart" bash -c "[ -s '$out/boots/warmup-A-1/results.json' ] && [ ! -e '$out/A-2.json' ]"
check "... and the report says so" grep -q "after 1 warm-up boot" "$out/report.md"

ck --a "$tmp/fast-kernel" >/dev/null 2>&1
check "missing --b: exit 2" test $? -eq 2
"$CK" --runner false --bin "$BIN" --forkbench "$FB" --results "$tmp/results" \
	--a "$tmp/fast-kernel" --b "$tmp/slow-kernel" >/dev/null 2>&1
check "a failing boot: exit 3" test $? -eq 3
echo "1..$n"
exit $fail

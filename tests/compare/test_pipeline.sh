#!/bin/bash
# shellcheck disable=SC2016 # jq programs and backquotes are meant literally
# ci/compare-kernels with a stand-in runner (the local forkbench instead of
# QEMU, see standin-runner.sh): the build, boot and report steps, the
# one-command form that calls them (boots alternate A,B,A,B; every boot's
# JSON, its boot record, the markdown report and the plots land in
# results/<date>-<A>-vs-<B>/), a matrix-like run (each boot in a directory
# of its own, merged by report), and the refusals: mixed clock modes or
# accelerators, a tampered results file, boots of another plan, a kernel
# that is not the plan's. Exit codes: 1 on a regression, 0 otherwise, 2 bad
# usage or inconsistent input, 3 a failed boot or a refused mix.
#
# Cases with two or more boots per side need a forkbench compare that takes
# several runs per side (A1 A2 -- B1 B2); with one that does not, they are
# reported as skipped.
# Usage: test_pipeline.sh FORKBENCH
set -u
FB=$1
HERE=$(cd "$(dirname "$0")" && pwd)
CK=$HERE/../../ci/compare-kernels
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$HERE/../lib/tap.sh"
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP forkbench compare takes one run per side only"
}
command -v jq >/dev/null || { echo "1..0 # SKIP jq not installed"; exit 0; }
echo fast >"$tmp/fast-kernel"
echo slow >"$tmp/slow-kernel"
BIN=$(dirname "$FB")
# The stand-in's planted slowdown (x20) is far above the drift between runs
# seen on a loaded shared machine (up to 3.4x), so both directions are
# stable. Every boot replays one engine run (STANDIN_REPLAY), so the
# planted factors are the only difference between boots, and it is quick.
SUITE="run --method fork --rss 0 --thp off -n 60"
export STANDIN_REPLAY=$tmp/replay.json
# shellcheck disable=SC2086 # SUITE is a word list
"$BIN/forkbench" $SUITE --quiet --no-progress --json "$STANDIN_REPLAY" 2>/dev/null
# A compare that takes several runs per side writes schema 2 or later; an
# older one reads "--" as the end of its options.
MULTI=0
"$FB" compare --json "$STANDIN_REPLAY" "$STANDIN_REPLAY" -- "$STANDIN_REPLAY" "$STANDIN_REPLAY" \
	2>/dev/null | jq -e '.schema_version >= 2' >/dev/null 2>&1 && MULTI=1
# shellcheck disable=SC2317 # called through check
jqt() { jq -e "$@" >/dev/null; }
RUNNER="$HERE/standin-runner.sh"
ck() {
	"$CK" --runner "$RUNNER" --bin "$BIN" --forkbench "$FB" \
		--results "$tmp/results" --suite "$SUITE" "$@"
}

# ---- the one-command form, one round
out=$(ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --rounds 1 2>"$tmp/log1")
rc=$?
check "B slower: exit 1 (got $rc)" test $rc -eq 1
check "run directory is results/<date>-<A>-vs-<B>" \
	bash -c "[[ '$out' == '$tmp/results/'????-??-??-fast-kernel-vs-slow-kernel ]]"
for f in plan.json kernels/A/bzImage kernels/B/bzImage A-1.json B-1.json A-1.boot.json \
	B-1.boot.json B-1.guest.json compare.md compare.json github-benchmark.json report.md; do
	check "$f written" test -s "$out/$f"
done
check "no pooled runs any more" bash -c "[ ! -e '$out/A.json' ] && [ ! -e '$out/B.json' ]"
check "the plan names the kernels, their sha256, suite, clock, accel, runner args" \
	jqt --arg s "$(sha256sum "$tmp/slow-kernel" | cut -d' ' -f1)" --arg suite "$SUITE" \
	'.sides.B.sha256 == $s and .suite == $suite and .clock == "wall" and .accel == "auto" and (.sides.A | has("runner_args")) and (.id | length) == 16' \
	"$out/plan.json"
check "the boot record has the results' sha256, clock, accelerator" \
	jqt --arg s "$(sha256sum "$out/A-1.json" | cut -d' ' -f1)" \
	'.results_sha256 == $s and .clock == "wall" and .accel == "standin" and .side == "A" and .round == 1' \
	"$out/A-1.boot.json"
check "the guest's kernel command line carries the clock mode" \
	jqt '.context.kernel.cmdline | test("forkbench.clock=wall forkbench.accel=standin")' "$out/B-1.json"
check "report says regression" grep -q "verdict: regression" "$out/report.md"
check "report has the compare table" grep -q "fork rss=0 thp=off.*slower" "$out/report.md"
check "report names the clock mode" grep -q "clock: \*\*wall\*\*" "$out/report.md"
check "report links the plots" grep -q "plots/ratio.png" "$out/report.md"
check "ratio plot drawn" test -s "$out/plots/ratio.png"
check "github-benchmark output is JSON" jqt 'length > 0' "$out/github-benchmark.json"

out=$(ck --a "$tmp/slow-kernel" --b "$tmp/fast-kernel" --rounds 1 --no-plots 2>/dev/null)
rc=$?
check "B faster: exit 0 (got $rc)" test $rc -eq 0
check "no regression reported" grep -q "verdict: no regression" "$out/report.md"

# ---- several rounds: order of the boots, and every boot a run of its own
out=$(ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --rounds 2 --no-plots 2>"$tmp/log2")
rc=$?
check "boots alternated A,B,A,B" \
	bash -c "grep -o 'booting [AB]' '$tmp/log2' | tr -d '\n' | grep -qx 'booting Abooting Bbooting Abooting B'"
if [ $MULTI = 1 ]; then
	check "two rounds, B slower: exit 1 (got $rc)" test $rc -eq 1
	check "report lists both rounds" grep -q "A rounds 1 2 | B rounds 1 2" "$out/report.md"
else
	skip "two rounds, B slower: exit 1"
	skip "report lists both rounds"
	check "two rounds with a compare that takes one run per side: exit 3 (got $rc)" test $rc -eq 3
fi
ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --rounds 2 --order abba --no-plots >/dev/null 2>"$tmp/log3"
check "--order abba boots A,B,B,A" \
	bash -c "grep -o 'booting [AB]' '$tmp/log3' | tr -d '\n' | grep -qx 'booting Abooting Bbooting Bbooting A'"

# The same kernel on both sides, told apart by a runner option for B only
# (as --trace-event off against on is in the tracing-overhead benchmark).
out=$(ck --a "$tmp/fast-kernel" --b "$tmp/fast-kernel" --name-a off --name-b on \
	--runner-args-b "--factor 20" --rounds 1 --no-plots 2>/dev/null)
rc=$?
check "--runner-args-b reaches B's boots only: exit 1 (got $rc)" test $rc -eq 1
check "report names the side's runner arguments" grep -q 'runner `--factor 20`' "$out/report.md"
check "A's boots ran without them" bash -c "! grep -q 'fork rss=0 thp=off.*faster' '$out/report.md'"

# Warm-up boots run first, are logged as such and are never compared.
out=$(ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --rounds 1 --warmup-boots 1 --no-plots 2>"$tmp/log5")
check "--warmup-boots 1: a warm-up boot of each kernel before round 1" \
	bash -c "grep -o 'warm-up 1/1: booting [AB]\\|round 1/1: booting [AB]' '$tmp/log5' | tr -d '\n' | grep -qx 'warm-up 1/1: booting Awarm-up 1/1: booting Bround 1/1: booting Around 1/1: booting B'"
check "... whose results stay apart" \
	bash -c "[ -s '$out/boots/warmup-A-1/results.json' ] && [ ! -e '$out/warmup-A-1.boot.json' ] && [ ! -e '$out/A-2.json' ]"
check "... and the report says so" grep -q "after 1 warm-up boot" "$out/report.md"

# ---- refusals
# Boots under different accelerators are refused, not compared.
ck --a "$tmp/fast-kernel" --b "$tmp/fast-kernel" --runner-args-b "--accel kvm" --rounds 1 \
	--no-plots >/dev/null 2>"$tmp/log4"
rc=$?
check "boots under different accelerators: exit 3 (got $rc)" test $rc -eq 3
check "... saying why, in one line" bash -c "grep -q 'ran under accelerator standin, .* under kvm: there is no one accelerator' '$tmp/log4' && [ \$(grep -c 'no one accelerator' '$tmp/log4') = 1 ]"

ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --clock icount --accel kvm >/dev/null 2>"$tmp/log6"
rc=$?
check "--clock icount with --accel kvm: exit 2 (got $rc)" test $rc -eq 2
check "... in one line" test "$(wc -l <"$tmp/log6")" -eq 1

ck --a "$tmp/fast-kernel" >/dev/null 2>&1
check "missing --b: exit 2" test $? -eq 2
"$CK" --runner false --bin "$BIN" --forkbench "$FB" --results "$tmp/results" \
	--a "$tmp/fast-kernel" --b "$tmp/slow-kernel" >/dev/null 2>&1
check "a failing boot: exit 3" test $? -eq 3

# ---- the steps, as a CI matrix runs them: build once, every boot in a
# directory of its own (a job's artifact), one report over all of them.
m=$tmp/matrix
"$CK" build --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --suite "$SUITE" --clock icount \
	--out "$m/plan" 2>/dev/null
check "build: exit 0, a plan with both kernels" \
	bash -c "[ -s '$m/plan/plan.json' ] && [ -s '$m/plan/kernels/A/bzImage' ] && [ -s '$m/plan/kernels/B/bzImage' ]"
check "build: the plan says icount" jqt '.clock == "icount"' "$m/plan/plan.json"
rounds=1
[ $MULTI = 1 ] && rounds=2
for r in $(seq 1 $rounds); do
	for s in A B; do
		"$CK" boot --plan "$m/plan/plan.json" --runner "$RUNNER" --bin "$BIN" \
			--side $s --round "$r" "$m/dl/boot-$s-$r" 2>/dev/null
		check "boot $s-$r into a directory of its own: exit 0" test $? -eq 0
	done
done
check "boot: the runner got --clock icount" jqt '.clock == "icount"' "$m/dl/boot-A-1/A-1.boot.json"
check "boot: each directory carries the plan" test -s "$m/dl/boot-B-1/plan.json"
out=$("$CK" report --forkbench "$FB" --no-plots --out "$m/report" "$m/dl" 2>"$tmp/log7")
rc=$?
check "report over the matrix's directories: exit 1 (got $rc)" test $rc -eq 1
check "report gathers every boot and the plan" \
	bash -c "ls '$m/report'/[AB]-$rounds.json '$m/report'/[AB]-1.boot.json '$m/report/plan.json' >/dev/null"
check "report says regression" grep -q "verdict: regression" "$m/report/report.md"
check "report names icount" grep -q "clock: \*\*icount\*\*" "$m/report/report.md"
"$CK" report --forkbench "$FB" --no-plots "$m/dl/boot-A-1" "$m/dl/boot-B-1" >/dev/null 2>&1
check "report: several directories and no --out: exit 2" test $? -eq 2
"$CK" report --forkbench "$FB" --no-plots --out "$tmp/r1" "$m/dl/boot-A-1" >/dev/null 2>&1
check "report: a side with no boots: exit 2" test $? -eq 2
"$CK" report --forkbench "$FB" --no-plots --out "$tmp/r2" "$m/dl/boot-A-1" "$m/dl/boot-A-1" "$m/dl/boot-B-1" >/dev/null 2>&1
check "report: a boot given twice: exit 2" test $? -eq 2
"$CK" boot --plan "$m/plan/plan.json" --runner "$RUNNER" --bin "$BIN" --side A --round 1 "$m/dl/boot-A-1" >/dev/null 2>&1
check "boot: the same boot again into one directory: exit 2" test $? -eq 2
"$CK" boot --runner "$RUNNER" --bin "$BIN" --side A --round 1 "$tmp/noplan" >/dev/null 2>&1
check "boot: no plan: exit 2" test $? -eq 2
"$CK" boot --plan "$m/plan/plan.json" --runner "$RUNNER" --bin "$BIN" --side C --round 1 "$tmp/x" >/dev/null 2>&1
check "boot: --side C: exit 2" test $? -eq 2

# A results file that is not what its boot recorded is refused.
cp -r "$m/dl" "$tmp/tampered"
jq '.run.label = "edited"' "$tmp/tampered/boot-A-1/A-1.json" >"$tmp/t.json" && mv "$tmp/t.json" "$tmp/tampered/boot-A-1/A-1.json"
"$CK" report --forkbench "$FB" --no-plots --out "$tmp/r3" "$tmp/tampered" >/dev/null 2>"$tmp/log8"
rc=$?
check "report: a results file that does not match its sha256: exit 3 (got $rc)" test $rc -eq 3
check "... saying which" grep -q "A-1.json does not match the sha256" "$tmp/log8"

# A kernel that is not the plan's is not booted.
cp -r "$m/plan" "$tmp/plan2"
echo changed >>"$tmp/plan2/kernels/B/bzImage"
"$CK" boot --plan "$tmp/plan2/plan.json" --runner "$RUNNER" --bin "$BIN" --side B --round 1 "$tmp/b2" >/dev/null 2>"$tmp/log9"
rc=$?
check "boot: a kernel whose sha256 is not the plan's: exit 3 (got $rc)" test $rc -eq 3

# Boots of a wall-clock plan and of an icount plan never make one report.
"$CK" build --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --suite "$SUITE" --out "$tmp/wall" 2>/dev/null
"$CK" boot --runner "$RUNNER" --bin "$BIN" --side B --round 1 "$tmp/wall" 2>/dev/null
"$CK" report --forkbench "$FB" --no-plots --out "$tmp/r4" "$m/dl/boot-A-1" "$tmp/wall" >/dev/null 2>"$tmp/log10"
rc=$?
check "report: boots of mixed clock modes: exit 3 (got $rc)" test $rc -eq 3
check "... in one line saying why" bash -c "[ \$(wc -l <'$tmp/log10') = 1 ] && grep -q 'was timed in instruction time (icount), .* in wall-clock time: they cannot be compared' '$tmp/log10'"
# ... in the words compare itself refuses them with (bench/results decides both)
"$FB" compare "$m/dl/boot-A-1/A-1.json" "$tmp/wall/B-1.json" >/dev/null 2>"$tmp/log10c"
check "... the words of forkbench compare's refusal" \
	bash -c "[ \"\$(sed 's/^compare-kernels: report: //' '$tmp/log10')\" = \"\$(sed -n 's/^forkbench compare: //p' '$tmp/log10c')\" ]"
# Same clock, another plan (another suite): refused as well.
"$CK" build --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --suite "$SUITE --rss 0" --clock icount --out "$tmp/other" 2>/dev/null
"$CK" boot --runner "$RUNNER" --bin "$BIN" --side B --round 1 "$tmp/other" 2>/dev/null
"$CK" report --forkbench "$FB" --no-plots --out "$tmp/r5" "$m/dl/boot-A-1" "$tmp/other" >/dev/null 2>"$tmp/log11"
rc=$?
check "report: boots of different plans: exit 2 (got $rc)" test $rc -eq 2
finish

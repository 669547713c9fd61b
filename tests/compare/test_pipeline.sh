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

# ---- several kernel parameters per side, each kept whole
out=$(ck --a "$tmp/fast-kernel" --b "$tmp/fast-kernel" --name-a one --name-b two --rounds 1 --no-plots \
	--append-b forkbench_plant_top=5 --append-b forkbench_pad=xx \
	--runner-arg-b --append --runner-arg-b "x=1 y=2" 2>/dev/null)
check "--append-b twice and a --runner-arg-b with a space: the plan keeps each whole" \
	jqt '.sides.B.runner_args == ["--append", "forkbench_plant_top=5", "--append", "forkbench_pad=xx", "--append", "x=1 y=2"] and .sides.A.runner_args == []' "$out/plan.json"
check "... B's boots got all three, in order" \
	jqt '.context.kernel.cmdline | test(" forkbench_plant_top=5 forkbench_pad=xx x=1 y=2$")' "$out/B-1.json"
check "... A's boots none of them" jqt '.context.kernel.cmdline | test("forkbench_plant|x=1") | not' "$out/A-1.json"
check "... and the report shows them, quoted where a space is" \
	grep -qF "runner \`--append forkbench_plant_top=5 --append forkbench_pad=xx --append 'x=1 y=2'\`" "$out/report.md"

# ---- the default suite carries --trace where both kernels have the series
for k in patched-a patched-b; do
	mkdir -p "$tmp/$k"
	echo fast >"$tmp/$k/bzImage"
	printf 'kernel_release=6.1.192-forkbench\npatch=0001-fork-Add-task_copy_process-tracepoint.patch\n' >"$tmp/$k/build-info"
done
"$CK" build --a "$tmp/patched-a/bzImage" --b "$tmp/patched-b/bzImage" --out "$tmp/tr1" 2>/dev/null
check "both kernels with the series: the default suite has --trace, the runner's own events off" \
	jqt '(.suite | endswith(" --trace")) and .trace == true and .sides.A.runner_args[:2] == ["--trace-event", "off"] and .sides.B.runner_args[:2] == ["--trace-event", "off"]' "$tmp/tr1/plan.json"
"$CK" build --a "$tmp/fast-kernel" --b "$tmp/patched-b/bzImage" --out "$tmp/tr2" 2>"$tmp/log12"
check "a kernel without a known series: no --trace, and the log says which" \
	bash -c "jq -e '(.suite | test(\"--trace\") | not) and .trace == false' '$tmp/tr2/plan.json' >/dev/null && grep -q 'no tracepoint series known in A' '$tmp/log12'"
"$CK" build --a "$tmp/patched-a/bzImage" --b "$tmp/patched-b/bzImage" --suite "$SUITE" --out "$tmp/tr3" 2>/dev/null
check "a --suite of the user's own is kept as it is" jqt --arg s "$SUITE" '.suite == $s and .trace == false' "$tmp/tr3/plan.json"

# ---- A's boots reused across plans
echo "slow, another build" >"$tmp/slow-kernel-2"
first=$(ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --rounds 1 --no-plots 2>/dev/null)
out=$(ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel-2" --rounds 1 --no-plots --reuse "$first" 2>"$tmp/log13")
rc=$?
check "--reuse: another plan against the same A boots only B (exit 1 for B slower, got $rc)" \
	bash -c "[ $rc = 1 ] && grep -q 'A is .*A-1.boot.json (reused)' '$tmp/log13' && ! grep -q 'booting A' '$tmp/log13' && grep -q 'booting B' '$tmp/log13'"
check "... the reused boot says where it came from" \
	jqt --arg id "$(jq -r .id "$first/plan.json")" '.reused_from.plan_id == $id and .plan_id != $id' "$out/A-1.boot.json"
reused=$out
out=$(ck --a "$tmp/slow-kernel-2" --b "$tmp/fast-kernel" --rounds 1 --no-plots --reuse "$first" 2>"$tmp/log14")
check "--reuse: a boot of the same kind whichever side it had (first's A as B), none of another kernel" \
	bash -c "grep -q 'booting A' '$tmp/log14' && ! grep -q 'A is .*(reused)' '$tmp/log14' && grep -q 'B is .*A-1.boot.json (reused)' '$tmp/log14'"
"$CK" report --forkbench "$FB" --no-plots --out "$tmp/r8" "$first" "$reused" >/dev/null 2>"$tmp/log17"
rc=$?
check "report: a reused boot and its original are one boot: exit 2 (got $rc)" \
	bash -c "[ $rc = 2 ] && grep -q 'more than once' '$tmp/log17'"
if [ $MULTI = 1 ]; then
	# report over boots of two plans: the first plan's A records, the second's B
	"$CK" build --a "$tmp/fast-kernel" --b "$tmp/slow-kernel-2" --suite "$SUITE" --out "$tmp/p2" 2>/dev/null
	for r in 1 2; do "$CK" boot --runner "$RUNNER" --bin "$BIN" --side B --round $r "$tmp/p2" 2>/dev/null; done
	p1=$(ck --a "$tmp/fast-kernel" --b "$tmp/slow-kernel" --rounds 2 --no-plots 2>/dev/null)
	"$CK" report --forkbench "$FB" --no-plots --out "$tmp/r6" "$tmp/p2" "$p1/A-1.boot.json" "$p1/A-2.boot.json" \
		>/dev/null 2>"$tmp/log15"
	rc=$?
	check "report: A boots of another plan with the same kernel and suite: exit 1 (got $rc)" test $rc -eq 1
	check "... the report names them" grep -q "boots of other plans.*A-1 of plan $(jq -r .id "$p1/plan.json")" "$tmp/r6/report.md"
	"$CK" report --forkbench "$FB" --no-plots --out "$tmp/r7" "$tmp/p2" "$p1/A-1.boot.json" "$p1/B-1.boot.json" \
		>/dev/null 2>"$tmp/log16"
	rc=$?
	check "report: B boots of two kinds (two kernels): exit 2 (got $rc)" \
		bash -c "[ $rc = 2 ] && grep -q 'boots of side B differ' '$tmp/log16'"
else
	skip "report: A boots of another plan with the same kernel and suite"
	skip "... the report names them"
	skip "report: B boots of two kinds"
fi

# ---- report --point
"$CK" report --forkbench "$FB" --no-plots --point create --out "$tmp/r9" "$m/dl" >/dev/null 2>&1
rc=$?
check "report --point create: compare ran at create (exit $rc)" \
	bash -c "[ $rc -le 1 ] && jq -e '.point == \"create\"' '$tmp/r9/compare.json' >/dev/null && grep -q '^- point: create' '$tmp/r9/report.md'"
"$CK" report --forkbench "$FB" --no-plots --point middle --out "$tmp/r10" "$m/dl" >/dev/null 2>"$tmp/log18"
rc=$?
check "report --point middle: exit 2, in one line (got $rc)" \
	bash -c "[ $rc = 2 ] && [ \$(wc -l <'$tmp/log18') = 1 ]"

# ---- help: the values in force per clock come from forkbench compare
FORKBENCH=$FB "$CK" --help >"$tmp/help" 2>&1
if "$FB" compare --defaults icount >"$tmp/defaults" 2>/dev/null && [ -s "$tmp/defaults" ]; then
	check "help: compare's threshold and alpha for icount, as forkbench says them" \
		bash -c "grep 'icount: ' '$tmp/help' | grep -F '$(grep '^threshold ' "$tmp/defaults")' | grep -qF '$(grep '^alpha ' "$tmp/defaults")'"
else
	check "help: without compare --defaults, points to compare's own help" \
		grep -q "forkbench compare's defaults for the" "$tmp/help"
fi
check "help: no threshold or alpha of its own" bash -c "! grep -qE 'default 5%|default 0.05' '$tmp/help'"

# ---- the phase-delta plot, from a compare JSON that carries phases
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
	cat >"$tmp/phases.json" <<'JSON'
{"schema": "forkbench-compare", "schema_version": 3, "comparisons": [{"entries": [
 {"id": "fork rss=16M thp=off", "phases": {"where": "copy_mm", "summary": "copy_mm +45.3 us (+8.7%)",
  "rows": [{"phase": "copy_mm", "a_ns": 520000, "b_ns": 565300, "delta_ns": 45300, "ratio": 1.087,
            "ratio_ci95": [1.085, 1.089], "moved": true},
           {"phase": "total", "a_ns": 570000, "b_ns": 615300, "delta_ns": 45300, "ratio": 1.079,
            "ratio_ci95": [1.077, 1.081], "moved": true}]}}]}]}
JSON
	/usr/bin/python3 "$HERE/../../plots/phase_delta.py" --out "$tmp/pd" "$tmp/phases.json" 2>/dev/null
	check "phase_delta.py draws B - A per phase" test -s "$tmp/pd/phase_delta.png"
	/usr/bin/python3 "$HERE/../../plots/phase_delta.py" --out "$tmp/pd2" "$m/report/compare.json" 2>"$tmp/log19"
	check "... and nothing, saying why, without phases" \
		bash -c "[ ! -e '$tmp/pd2/phase_delta.png' ] && grep -q 'no entry carries phases' '$tmp/log19'"
else
	n=$((n + 1))
	echo "ok $n - phase_delta.py # SKIP matplotlib missing"
fi
finish

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-debug.sh - the patched kernel built with lockdep
# (PROVE_LOCKING), DEBUG_ATOMIC_SLEEP, DEBUG_PREEMPT (fully preemptible)
# and KASAN (kernel-patch/config/debug.config, on top of forkbench.config
# and selftests.config), booted under QEMU running the forkbench suite
# with the events on, the failure probe, and the process-creation
# selftests; the console must hold no BUG, WARNING, lockdep splat or
# KASAN report, and the trace must pass check-trace.sh.
#
# Usage: ci/kernel-debug.sh [--base 6.1|6.12] [--out DIR] [--timeout S]
#            [--bin DIR]
# Slow (a cold KASAN + lockdep build, and a TCG boot at KASAN speed):
# a separate job (weekly in ci/example-github-workflow.yml), never in
# ci/test.sh.  Exit 0 when silent, 1 when the console or the trace says
# otherwise or a step fails, 2 on bad usage, 3 when something is missing.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=kernel-debug.sh
BASE=6.1
OUT=
TIMEOUT=2400
BIN=$TOP/build-static/bench
SUITE="run --method fork,vfork,thread --rss 0,1M --thp off --iterations 100 --no-progress"
die() { local c=$1; shift; echo "$PROG: error: $*" >&2; exit "$c"; }
log() { echo "$PROG: $*" >&2; }
while [ $# -gt 0 ]; do
	case $1 in
	--base) BASE=${2:?}; shift 2 ;;
	--out) OUT=${2:?}; shift 2 ;;
	--timeout) TIMEOUT=${2:?}; shift 2 ;;
	--bin) BIN=${2:?}; shift 2 ;;
	-h | --help) awk 'NR > 2 && !/^#/ { exit } NR > 3' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die 2 "unknown argument '$1' (try --help)" ;;
	esac
done
case $BASE in 6.1 | 6.12) ;; *) die 2 "--base must be 6.1 or 6.12" ;; esac
[ -x "$BIN/forkbench" ] || die 3 "no static forkbench in $BIN: cmake -S . -B build-static -DFORKBENCH_STATIC=ON && cmake --build build-static"
OUT=${OUT:-$TOP/results/$(date -u +%Y-%m-%d)-debug-$BASE}
mkdir -p "$OUT"

t0=$(date +%s)
log "building the patched $BASE kernel with debug.config (lockdep, KASAN, ...)"
K=$("$TOP/kernel-patch/build-kernel.sh" --base "$BASE" \
	--config "$TOP/kernel-patch/config/selftests.config" \
	--config "$TOP/kernel-patch/config/debug.config" | tail -n 1) ||
	die 1 "the debug kernel did not build"
t1=$(date +%s)
log "building the selftests"
TESTS=$("$TOP/harness/qemu/selftests.sh" --base "$BASE" --build-only | tail -n 1) ||
	die 1 "the selftests did not build"
log "booting $K (timeout $TIMEOUT s)"
rm -rf "${OUT:?}/boot"
rc=0
"$TOP/harness/qemu/run-guest.sh" --kernel "$K" --bin "$BIN" --out "$OUT/boot" \
	--cmd "$SUITE" --trace-event on --fail-probe --selftests "$TESTS" \
	--mem 2G --timeout "$TIMEOUT" --clock-check off >"$OUT/run-guest.log" 2>&1 || rc=$?
t2=$(date +%s)
CONSOLE=$OUT/boot/console.log
[ -s "$CONSOLE" ] || die 1 "no console log (run-guest.sh exit $rc; see $OUT/run-guest.log)"
# What a reviewer looks for: any of these lines is a failure.
PATTERN='BUG:|WARNING:|Oops|KASAN|UBSAN|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|scheduling while atomic|using smp_processor_id\(\) in preemptible|Kernel panic|lockdep is turned off|INFO: task .* blocked'
bad=$(grep -E "$PATTERN" "$CONSOLE" || true)
verdict=0
{
	echo "# Debug kernel boot, $BASE ($(date -u +%Y-%m-%d))"
	echo
	echo "Command: \`ci/kernel-debug.sh --base $BASE\`"
	echo "Kernel: $K ($(grep -cE '^CONFIG_(PROVE_LOCKING|DEBUG_ATOMIC_SLEEP|DEBUG_PREEMPT|KASAN)=y' "$(dirname "$K")/config")/4 checkers on)"
	echo "Build $((t1 - t0)) s, boot and run $((t2 - t1)) s; run-guest.sh exit $rc."
	echo
	if [ -n "$bad" ]; then
		echo "Console: NOT SILENT"
		echo
		echo '```'
		echo "$bad" | head -n 40
		echo '```'
		verdict=1
	else
		echo "Console: silent (no line matches '$PATTERN')"
	fi
	echo
	if [ -f "$OUT/boot/trace.txt" ] &&
		# --max-gap 0.30: lockdep and KASAN slow the untimed steps (cgroup,
		# LSM, attach under tasklist_lock) more than the timed ones; the
		# 0.10 default is a figure for the benchmark kernels
		"$TOP/harness/qemu/check-trace.sh" --fail-probe --max-gap 0.30 "$OUT/boot/trace.txt" >"$OUT/check-trace.txt" 2>&1; then
		echo "check-trace.sh --fail-probe --max-gap 0.30: ok"
	else
		echo "check-trace.sh --fail-probe: FAILED (see check-trace.txt)"
		verdict=1
	fi
	if [ -f "$OUT/boot/selftests.txt" ]; then
		echo
		echo "Selftests on the debug kernel (rc per test):"
		echo
		grep '^==ST== end' "$OUT/boot/selftests.txt" | sed 's/^==ST== end /    /'
	fi
} >"$OUT/debug.md"
[ $rc = 0 ] || verdict=1
cat "$OUT/debug.md"
exit $verdict

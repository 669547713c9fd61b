#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# overhead.sh - what the copy_process tracepoint series costs: the same
# suite on three kernels in QEMU, compared pairwise with ci/compare-kernels
# (boots alternate A,B,A,B so drift hits both sides; every boot is one run
# for forkbench compare):
#   1. stock vs patched with the events off  (goal: indistinguishable, < 0.5%)
#   2. patched, events off vs events on      (goal: under 5%)
# Writes results/<date>-overhead-<base>[-icount]/ with both comparisons'
# directories and summary.md (each comparison's table).
#
# Usage: harness/qemu/overhead.sh [--base 6.1] [--rounds 3] [--suite "ARGS"]
#            [--clock wall|icount] [--accel tcg] [--guest-aslr auto|on|off]
#   --clock icount times in instruction time (TCG): the question "how many
#   more instructions does the series put on fork's path", free of the
#   host's load; wall (default) on KVM or bare metal gives real times.
# Needs what ci/compare-kernels needs (build/bench/forkbench on the host,
# build-static/bench for the guest, kernel-patch/build-kernel.sh).
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PROG=overhead.sh
BASE=6.1
ROUNDS=3
ACCEL=tcg
CLOCK=wall
ASLR=auto
SUITE="run --method fork,vfork,thread --rss 0,16M --thp off --iterations 2000 --no-progress"
die() { local c=$1; shift; echo "$PROG: $*" >&2; exit "$c"; }
while [ $# -gt 0 ]; do
	case $1 in
	--base) BASE=${2:?}; shift 2 ;;
	--rounds) ROUNDS=${2:?}; shift 2 ;;
	--suite) SUITE=${2:?}; shift 2 ;;
	--accel) ACCEL=${2:?}; shift 2 ;;
	--clock) CLOCK=${2:?}; shift 2 ;;
	--guest-aslr) ASLR=${2:?}; shift 2 ;;
	-h | --help) awk 'NR > 2 && !/^#/ { exit } NR > 3' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die 2 "unknown argument '$1' (try --help)" ;;
	esac
done
case $CLOCK in wall | icount) ;; *) die 2 "--clock must be wall or icount, got '$CLOCK'" ;; esac
case $ASLR in auto | on | off) ;; *) die 2 "--guest-aslr must be auto, on or off" ;; esac
[ "$CLOCK:$ACCEL" != icount:kvm ] || die 2 "--clock icount runs under TCG only: it cannot be combined with --accel kvm"
OUT=$TOP/results/$(date -u +%Y-%m-%d)-overhead-$BASE$([ "$CLOCK" = wall ] || echo "-$CLOCK")
mkdir -p "$OUT"
ck() {
	"$TOP/ci/compare-kernels" --results "$OUT" --rounds "$ROUNDS" --suite "$SUITE" \
		--clock "$CLOCK" --accel "$ACCEL" --no-plots "$@" | tail -n 1
}
# Both sides get the same runner arguments but for the trace events.
common="--guest-aslr $ASLR"
rc1=0 rc2=0
d1=$(ck --a "stock:$BASE" --b "$BASE" --name-a "stock-$BASE" --name-b "patched-off-$BASE" \
	--runner-args-a "$common --trace-event off" --runner-args-b "$common --trace-event off" \
	--threshold 0.5%) || rc1=$?
d2=$(ck --a "$BASE" --b "$BASE" --name-a "patched-off-$BASE" --name-b "patched-on-$BASE" \
	--runner-args-a "$common --trace-event off" --runner-args-b "$common --trace-event on" \
	--threshold 5%) || rc2=$?
{ [ -d "$d1" ] && [ -d "$d2" ]; } || die 3 "a comparison failed (exit $rc1, $rc2)"

{
	echo "# Tracepoint overhead on $BASE ($CLOCK clock, $ACCEL, guest ASLR $ASLR), $ROUNDS rounds each"
	echo
	echo "Suite: \`forkbench $SUITE\`. Every boot is one run of forkbench compare."
	case $CLOCK:$ACCEL in
	icount:*) echo "Instruction time: instructions on the kernel's code path, not cache or TLB misses or memory bandwidth." ;;
	wall:tcg) echo "TCG in real time: emulated timings, disturbed by the host's load." ;;
	esac
	echo
	echo "## stock vs patched, events off (goal < 0.5%): exit $rc1 ($(basename "$d1"))"
	echo
	sed 's/^#/##/' "$d1/compare.md"
	echo
	echo "## patched: events off vs on (goal < 5%): exit $rc2 ($(basename "$d2"))"
	echo
	sed 's/^#/##/' "$d2/compare.md"
} >"$OUT/summary.md"
echo "$OUT/summary.md"

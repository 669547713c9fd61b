#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# overhead.sh - what the copy_process tracepoint series costs: the same
# suite on three kernels in QEMU, compared pairwise with ci/compare-kernels
# (boots alternate A,B,A,B so drift hits both sides):
#   1. stock vs patched with the events off  (goal: indistinguishable, < 0.5%)
#   2. patched, events off vs events on      (goal: under 5%)
# Writes results/<date>-overhead-<base>/ with both comparisons' directories
# and summary.md (the ratios with their CIs, per entry).
#
# Usage: harness/qemu/overhead.sh [--base 6.1] [--rounds 3] [--suite "ARGS"] [--accel tcg]
# Needs what ci/compare-kernels needs (build/bench/forkbench on the host,
# build-static/bench for the guest, kernel-patch/build-kernel.sh).
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BASE=6.1
ROUNDS=3
ACCEL=tcg
SUITE="run --method fork,vfork,thread --rss 0,16M --thp off --iterations 2000 --no-progress"
while [ $# -gt 0 ]; do
	case $1 in
	--base) BASE=${2:?}; shift 2 ;;
	--rounds) ROUNDS=${2:?}; shift 2 ;;
	--suite) SUITE=${2:?}; shift 2 ;;
	--accel) ACCEL=${2:?}; shift 2 ;;
	-h | --help) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "overhead.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done
OUT=$TOP/results/$(date -u +%Y-%m-%d)-overhead-$BASE
mkdir -p "$OUT"
ck() {
	"$TOP/ci/compare-kernels" --results "$OUT" --rounds "$ROUNDS" --suite "$SUITE" \
		--no-plots "$@" | tail -n 1
}
# Both sides get the same runner arguments but for the trace events.
off="--accel $ACCEL --trace-event off"
on="--accel $ACCEL --trace-event on"
rc1=0 rc2=0
d1=$(ck --a "stock:$BASE" --b "$BASE" --name-a "stock-$BASE" --name-b "patched-off-$BASE" \
	--runner-args-a "$off" --runner-args-b "$off" --threshold 0.5%) || rc1=$?
d2=$(ck --a "$BASE" --b "$BASE" --name-a "patched-off-$BASE" --name-b "patched-on-$BASE" \
	--runner-args-a "$off" --runner-args-b "$on" --threshold 5%) || rc2=$?
[ -d "$d1" ] && [ -d "$d2" ] || { echo "overhead.sh: a comparison failed (exit $rc1, $rc2)" >&2; exit 3; }

table() { # the pooled comparison's entries: ratio and CI
	jq -r '.comparisons[0].entries[] | select(.ratio != null) | "| \(.id) | \(.base.median_ns / 1000 | . * 10 | round / 10) us | \(.ratio * 1000 | round / 1000) | \(.ratio_ci95[0] * 1000 | round / 1000)-\(.ratio_ci95[1] * 1000 | round / 1000) | \(.verdict) |"' "$1/compare.json"
}
{
	echo "# Tracepoint overhead on $BASE ($ACCEL), $ROUNDS rounds each"
	echo
	echo "Suite: \`forkbench $SUITE\`. Round-trip ratio B/A of the pooled boots with its 95% bootstrap CI."
	[ "$ACCEL" = tcg ] && echo "TCG: emulated timings; see the note at the end."
	echo
	echo "## stock vs patched, events off (goal < 0.5%): exit $rc1 ($(basename "$d1"))"
	echo
	echo "| entry | A p50 | B/A | 95% CI | verdict |"
	echo "|:--|--:|--:|--:|:--|"
	table "$d1"
	echo
	sed -n '/A\/A check/,$p' "$d1/report.md" | sed 's/^#/##/'
	echo
	echo "## patched: events off vs on (goal < 5%): exit $rc2 ($(basename "$d2"))"
	echo
	echo "| entry | A p50 | B/A | 95% CI | verdict |"
	echo "|:--|--:|--:|--:|:--|"
	table "$d2"
	echo
	sed -n '/A\/A check/,$p' "$d2/report.md" | sed 's/^#/##/'
} >"$OUT/summary.md"
echo "$OUT/summary.md"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# event-cost.sh - what each trace event costs a creation, in instruction
# time: boots one patched kernel under QEMU with -icount shift=0 (1 ns of
# guest time = 1 instruction) once per event setting, runs the same small
# suite, and prints the median round trip (and create) of each entry with
# the events off, with only the stock task_newtask, with only the
# series' task_copy_process(+_failed), and with all three.
#
# Usage: harness/qemu/event-cost.sh --kernel BZIMAGE --bin DIR --out DIR
#            [--iterations N] [--modes "off newtask copy on"]
#   --bin     static forkbench binaries for the guest (build-static/bench)
#   --out     results: one run-guest.sh directory per setting, and
#             event-cost.md with the table
#   --modes   settings to boot, the first is the reference: off, newtask,
#             copy, on, and newtask-nocmd, copy-nocmd, on-nocmd with
#             ftrace's record-cmd off (what saving comms costs every event)
# One boot per setting: two boots of one kernel agree to about 0.4% in
# instruction time (KERNEL-NOTES.md), well under the costs measured here.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=event-cost.sh
KERNEL=
BIN=
OUT=
ITER=2000
MODES="off newtask copy on"
die() { local c=$1; shift; echo "$PROG: error: $*" >&2; exit "$c"; }
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) KERNEL=${2:?}; shift 2 ;;
	--bin) BIN=${2:?}; shift 2 ;;
	--out) OUT=${2:?}; shift 2 ;;
	--iterations) ITER=${2:?}; shift 2 ;;
	--modes) MODES=${2:?}; shift 2 ;;
	-h | --help) awk 'NR > 2 && !/^#/ { exit } NR > 3' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die 2 "unknown argument '$1' (try --help)" ;;
	esac
done
[ -n "$KERNEL" ] || die 2 "--kernel is required"
[ -n "$BIN" ] || die 2 "--bin is required"
[ -n "$OUT" ] || die 2 "--out is required"
[ -r "$KERNEL" ] || die 3 "cannot read kernel '$KERNEL'"
case $ITER in '' | *[!0-9]*) die 2 "--iterations wants a number" ;; esac
command -v jq >/dev/null || die 3 "jq not found: install it with 'apt-get install jq'"
for m in $MODES; do
	case $m in off | newtask | copy | on | newtask-nocmd | copy-nocmd | on-nocmd) ;;
	*) die 2 "--modes: unknown setting '$m' (off, newtask, copy, on, or one of the last three with -nocmd)" ;;
	esac
done
mkdir -p "$OUT"

CMD="run --method fork,vfork,thread --rss 0 --thp off --iterations $ITER --no-progress"
for m in $MODES; do
	echo "$PROG: booting with events '$m'" >&2
	rm -rf "${OUT:?}/$m"
	"$HERE/run-guest.sh" --kernel "$KERNEL" --bin "$BIN" --out "$OUT/$m" \
		--clock icount --trace-event "${m%-nocmd}" \
		--trace-record-cmd "$(case $m in *-nocmd) echo off ;; *) echo on ;; esac)" \
		--timeout 900 --cmd "$CMD" >/dev/null ||
		die 1 "the boot with events '$m' failed (see $OUT/$m)"
done

# median_ns MODE ENTRY POINT: the entry's median of POINT in ns
median_ns() {
	jq -r --arg id "$2" --arg pt "$3" '.results[] | select(.id == $id) |
		if $pt == "roundtrip" then .median else (.points[$pt].samples_ns | sort |
			if length % 2 == 1 then .[length / 2 | floor] * 1e-9
			else (.[length / 2 - 1] + .[length / 2]) / 2 * 1e-9 end) end |
		. * 1e9 | round' "$OUT/$1/results.json"
}
first=${MODES%% *}
{
	echo "# Event cost in instruction time: $(basename "$(dirname "$KERNEL")")"
	echo
	echo "\`$PROG --kernel $KERNEL --iterations $ITER\`: one boot per setting,"
	echo "\`forkbench $CMD\` under \`-icount shift=0,sleep=off\` (1 ns = 1 instruction)."
	echo "Medians in ns (= instructions); in brackets the change against '$first'."
	echo
	printf '| entry | point |'
	for m in $MODES; do printf ' %s |' "$m"; done
	echo
	printf '|:--|:--|'
	for m in $MODES; do printf -- '--:|'; done
	echo
	for e in "fork rss=0 thp=off" "vfork rss=0 thp=off" "thread rss=0 thp=off"; do
		for pt in roundtrip create; do
			ref=$(median_ns "$first" "$e" "$pt")
			printf '| %s | %s |' "${e% thp=off}" "$pt"
			for m in $MODES; do
				v=$(median_ns "$m" "$e" "$pt")
				if [ "$m" = "$first" ]; then
					printf ' %s |' "$v"
				else
					printf ' %s (%+d, %+.1f%%) |' "$v" $((v - ref)) \
						"$(echo "($v - $ref) * 100 / $ref" | bc -l)"
				fi
			done
			echo
		done
	done
} >"$OUT/event-cost.md"
cat "$OUT/event-cost.md"

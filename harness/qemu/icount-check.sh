#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# icount-check.sh - do the guest's timings in instruction time really not
# depend on the host?  Boots one kernel with run-guest.sh --clock icount
# in three host states and compares the per-entry medians with the first:
#   idle   nothing of ours runs beside the boot
#   busy   one busy loop per host CPU runs beside it (every core taken)
#   pair   two boots at once (the power experiment runs icount boots so)
# and, with --wall, one wall-clock boot idle and one busy, for contrast.
# For every boot it records how busy the host's CPUs were (from
# /proc/stat, all processes, not only ours), and the guest's clock check
# (vDSO, system call, TSC and trace clock against a loop of known length).
#
# Usage: harness/qemu/icount-check.sh --kernel BZIMAGE [--bin DIR]
#            [--out DIR] [--suite "ARGS"] [--guest-aslr on|off] [--wall]
# Writes DIR/<state>/ (run-guest.sh's output per boot) and DIR/summary.md.
# Exit: 0 done (the summary says how far the medians moved), 2 bad usage,
# 3 a boot failed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
PROG=icount-check.sh
KERNEL=
BIN=$TOP/build-static/bench
OUT=/var/tmp/forkbench-icount-check/$(date -u +%Y%m%d-%H%M%S)
SUITE="run --method fork,vfork,thread --rss 0,16M --thp off --iterations 200 --no-progress"
WALL=0
ASLR=on
die() { local c=$1; shift; echo "$PROG: error: $*" >&2; exit "$c"; }
log() { echo "$PROG: $*" >&2; }
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) KERNEL=${2:?}; shift 2 ;;
	--bin) BIN=${2:?}; shift 2 ;;
	--out) OUT=${2:?}; shift 2 ;;
	--suite) SUITE=${2:?}; shift 2 ;;
	--wall) WALL=1; shift ;;
	--guest-aslr) ASLR=${2:?}; shift 2 ;;
	-h | --help) sed -n '4,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die 2 "unknown argument '$1' (try --help)" ;;
	esac
done
[ -n "$KERNEL" ] || die 2 "--kernel is required"
[ -f "$KERNEL" ] || die 2 "no kernel at $KERNEL"
case $ASLR in on | off) ;; *) die 2 "--guest-aslr must be on or off" ;; esac
command -v jq >/dev/null || die 3 "jq not found: install it with 'apt-get install jq'"
mkdir -p "$OUT"

BUSY=()
# The busy loops and any boot still running go with this script: every
# process below ours, by pid (run-guest.sh's own trap then stops QEMU).
# shellcheck disable=SC2317 # called by the trap
kill_tree() {
	local c
	for c in $(pgrep -P "$1"); do kill_tree "$c"; done
	kill "$1" 2>/dev/null || true
}
# shellcheck disable=SC2317
stop_all() {
	local c
	for c in $(pgrep -P $$); do kill_tree "$c"; done
	wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cpu_ticks() { awk '/^cpu / { idle = $5 + $6; t = 0; for (i = 2; i <= 9; i++) t += $i; print t, idle }' /proc/stat; }
busy_pct() { # busy_pct "T0 IDLE0" "T1 IDLE1": the host's CPUs, % busy
	echo "$1 $2" | awk '{ dt = $3 - $1; di = $4 - $2; printf "%.0f", (dt > 0 ? 100 * (dt - di) / dt : 0) }'
}
# boot NAME CLOCK: one boot into OUT/NAME, and OUT/NAME/host-load.txt
boot() {
	local name=$1 clock=$2 t0 t1
	t0=$(cpu_ticks)
	"$HERE/run-guest.sh" --kernel "$KERNEL" --bin "$BIN" --out "$OUT/$name" --clock "$clock" \
		--guest-aslr "$ASLR" --trace-event off --timeout 600 --cmd "$SUITE" >"$OUT/$name.log" 2>&1 ||
		{ tail -n 5 "$OUT/$name.log" >&2; die 3 "boot $name failed (log: $OUT/$name.log)"; }
	t1=$(cpu_ticks)
	echo "host_cpu_busy_pct=$(busy_pct "$t0" "$t1") loadavg=$(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/$name/host-load.txt"
	log "$name: $(cat "$OUT/$name/host-load.txt"), wall $(jq .host_wall_s "$OUT/$name/guest.json") s"
}
busy_on() {
	for _ in $(seq 1 "$(nproc)"); do
		(while :; do :; done) &
		BUSY+=($!)
	done
}
busy_off() {
	kill "${BUSY[@]}" 2>/dev/null || true
	wait "${BUSY[@]}" 2>/dev/null || true
	BUSY=()
}

log "kernel $KERNEL, suite: forkbench $SUITE; writing $OUT"
# Boots run in the background and are waited for, so that a signal stops
# this script (and, through the trap, the boot) at once.
boot idle icount &
wait $! || exit 3
busy_on
boot busy icount &
wait $! || exit 3
busy_off
boot pair-1 icount &
p1=$!
boot pair-2 icount &
p2=$!
wait $p1 || die 3 "a pair boot failed"
wait $p2 || die 3 "a pair boot failed"
states=(idle busy pair-1 pair-2)
if [ $WALL = 1 ]; then
	boot wall-idle wall &
	wait $! || exit 3
	busy_on
	boot wall-busy wall &
	wait $! || exit 3
	busy_off
	states+=(wall-idle wall-busy)
fi

# Per entry: round-trip and create medians of every boot, over the first
# boot of its clock mode.
med() { jq -r --arg p "$2" '.results[] | "\(.id)\t\(.points[$p].summary.p50 // "-")"' "$OUT/$1/results.json"; }
{
	echo "# Instruction time against host load"
	echo
	echo "Kernel \`$(jq -r .kernel_release "$OUT/idle/guest.json")\`, suite \`forkbench $SUITE\`, guest ASLR $ASLR, $(date -u +%Y-%m-%d)."
	echo "Host CPU busy (all processes, over the boot) and load average at its end:"
	echo
	for s in "${states[@]}"; do
		echo "- $s ($(jq -r .clock "$OUT/$s/guest.json")): $(cat "$OUT/$s/host-load.txt"), boot wall $(jq .host_wall_s "$OUT/$s/guest.json") s"
	done
	for point in roundtrip create; do
		echo
		echo "## $point medians (ns) and their ratio to the idle boot of the same clock mode"
		echo
		printf '| entry |'
		for s in "${states[@]}"; do printf ' %s |' "$s"; done
		echo
		printf '|:--|'
		for s in "${states[@]}"; do printf -- '--:|'; done
		echo
		med idle "$point" | while IFS=$'\t' read -r id _; do
			printf '| %s |' "$id"
			for s in "${states[@]}"; do
				ref=idle
				case $s in wall-*) ref=wall-idle ;; esac
				v=$(med "$s" "$point" | awk -F'\t' -v id="$id" '$1 == id { print $2 }')
				r=$(med "$ref" "$point" | awk -F'\t' -v id="$id" '$1 == id { print $2 }')
				if [ "$s" = "$ref" ]; then
					printf ' %.0f |' "$v"
				else
					awk -v v="$v" -v r="$r" 'BEGIN { printf " %.0f (%.4f) |", v, v / r }'
				fi
			done
			echo
		done
	done
	echo
	echo "## Clock check: ns (TSC: ticks) per instruction of a loop of known length"
	echo
	echo "| boot | clocksource | vDSO | syscall | trace clock | TSC | vDSO call ns | syscall ns |"
	echo "|:--|:--|--:|--:|--:|--:|--:|--:|"
	for s in "${states[@]}"; do
		jq -r --arg s "$s" '"| \($s) | \(.guest_clocksource) | \(.clock_check.vdso_ns_per_insn) | \(.clock_check.syscall_ns_per_insn) | \(.clock_check.trace_clock_ns_per_insn) | \(.clock_check.tsc_ticks_per_insn) | \(.clock_check.vdso_call_ns) | \(.clock_check.syscall_call_ns) |"' "$OUT/$s/guest.json"
	done
} >"$OUT/summary.md"
log "summary: $OUT/summary.md"
echo "$OUT/summary.md"

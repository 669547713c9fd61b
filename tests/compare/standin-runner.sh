#!/bin/bash
# A stand-in for harness/qemu/run-guest.sh, for testing ci/compare-kernels'
# control flow without QEMU: same arguments, and the same results.json and
# guest.json in --out, but forkbench runs here on the host.
#
# The "kernel" is a text file. If it says "slow", this boot plants a
# slowdown: every sample is multiplied by 20. A planted factor, not a bigger
# image: separate runs on a loaded shared machine were seen to differ by up
# to 3.4x, and the test is about control flow, not about the machine.
# If it says "once", only the first boot of this kernel is slow (x2):
# boot-to-boot noise that the pipeline's A/A check must see through.
# With STANDIN_REPLAY=FILE every boot replays one forkbench run (made on
# the first boot, kept in FILE), so that the factors are the only
# difference between boots: the host's own drift is then no part of it.
# --factor F plants a slowdown of F whatever the kernel says: it stands for
# a runner option given to one side only (compare-kernels --runner-args-b).
# --accel NAME is what guest.json says ran (default standin). --clock MODE
# is recorded as run-guest.sh does: in guest.json, and as forkbench.clock=
# and forkbench.accel= in the results' kernel command line, which
# forkbench in a guest reads into context.timing (so that is set too; an
# instruction-time clock as emulated, as only TCG has one). A kernel that
# says "othercpu" reports another CPU model on every boot but its first.
# --append PARAM (repeatable, as run-guest.sh's) ends up on the results'
# kernel command line after the clock mode, each whole; --trace-event is
# taken and ignored (this runner traces nothing).
set -euo pipefail
LIB=$(cd "$(dirname "$0")/../lib" && pwd) # results.jq
KERNEL='' BIN='' OUT='' CMD='' FACTOR='' ACCEL=standin CLOCK=wall APPEND=''
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) KERNEL=$2; shift 2 ;;
	--bin) BIN=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--cmd) CMD=$2; shift 2 ;;
	--factor) FACTOR=$2; shift 2 ;;
	--accel) ACCEL=$2; shift 2 ;;
	--clock) CLOCK=$2; shift 2 ;;
	--append) APPEND="$APPEND $2"; shift 2 ;;
	--trace-event) shift 2 ;;
	*) echo "standin-runner: unknown argument $1" >&2; exit 2 ;;
	esac
done
mkdir -p "$OUT"
if [ -n "${STANDIN_REPLAY:-}" ] && [ -s "$STANDIN_REPLAY" ]; then
	cp "$STANDIN_REPLAY" "$OUT/results.json"
else
	# shellcheck disable=SC2086 # CMD is a word list, as in the guest
	"$BIN/forkbench" $CMD --quiet --no-progress --json "$OUT/results.json"
	[ -z "${STANDIN_REPLAY:-}" ] || cp "$OUT/results.json" "$STANDIN_REPLAY"
fi
factor=1
grep -q slow "$KERNEL" && factor=20
if grep -q once "$KERNEL"; then
	boots=$(($(cat "$KERNEL.boots" 2>/dev/null || echo 0) + 1))
	echo $boots >"$KERNEL.boots"
	factor=1
	[ $boots = 1 ] && factor=2
fi
[ -z "$FACTOR" ] || factor=$FACTOR
if [ "$factor" != 1 ]; then
	jq -L "$LIB" --argjson f "$factor" 'include "results"; scale($f)' \
		"$OUT/results.json" >"$OUT/results.json.tmp"
	mv "$OUT/results.json.tmp" "$OUT/results.json"
fi
if grep -q othercpu "$KERNEL"; then
	boots=$(($(cat "$KERNEL.cpuboots" 2>/dev/null || echo 0) + 1))
	echo $boots >"$KERNEL.cpuboots"
	if [ "$boots" -gt 1 ]; then
		jq '.context.cpu.model = "Other CPU"' "$OUT/results.json" >"$OUT/results.json.tmp"
		mv "$OUT/results.json.tmp" "$OUT/results.json"
	fi
fi
jq --arg c "$CLOCK" --arg a "$ACCEL" --arg x "$APPEND" \
	'.context.kernel.cmdline += " forkbench.clock=\($c) forkbench.accel=\($a)\($x)"
	| .context.timing |= (.clock = $c | .accel = $a
		| .emulated = ($a == "tcg" or $c != "wall"))' \
	"$OUT/results.json" >"$OUT/results.json.tmp"
mv "$OUT/results.json.tmp" "$OUT/results.json"
printf '{"accel": "%s", "clock": "%s", "kernel": "%s"}\n' "$ACCEL" "$CLOCK" "$KERNEL" >"$OUT/guest.json"

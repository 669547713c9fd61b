#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/kernel-test.sh - the kernel side of forkbench's CI:
#   1. the tracepoint series applies to both Debian bases (6.1 and 6.12)
#      and has no checkpatch.pl errors;
#   2. the patched 6.1 kernel builds (kernel-patch/build-kernel.sh);
#   3. it boots under TCG and runs a tiny forkbench suite in the guest
#      (results JSON out through the second UART, checksum verified);
#   4. a task_copy_process event arrived for every created task, the
#      phases add up to the total, and a forced failure shows up as
#      task_copy_process_failed;
#   5. it boots in instruction time (run-guest.sh --clock icount), and
#      every clock the guest reads (vDSO, system call, trace clock)
#      counts 1 ns an instruction, with the vDSO in user space.
#
# Usage: ci/kernel-test.sh [--full] [BIN_DIR]
#   BIN_DIR  directory with the static forkbench, forkbench-worker and
#            forkbench-helper (cmake -DFORKBENCH_STATIC=ON).  Without it,
#            REPO/build-static/bench is used when it holds a static
#            forkbench, else a stand-in fork loop (harness/qemu/standin.c)
#            is built and the run says so loudly.
#   --full   also build the patched 6.1 kernel with CONFIG_TRACEPOINTS off
#            and the patched 6.12 kernel (about 10 more minutes each, cold).
# Environment: FORKBENCH_KERNEL_CACHE, FORKBENCH_KBUILD_DIR (see
# build-kernel.sh --help), FORKBENCH_CI_OUT (default /tmp/forkbench-kernel-ci).
#
# Installs what it needs with apt-get (Debian 12) when it is missing.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=kernel-test.sh
FULL=0
BIN=
while [ $# -gt 0 ]; do
	case $1 in
	--full) FULL=1; shift ;;
	-h | --help) sed -n '3,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "$PROG: error: unknown option '$1'" >&2; exit 2 ;;
	*) BIN=$1; shift ;;
	esac
done

OUT=${FORKBENCH_CI_OUT:-/tmp/forkbench-kernel-ci}
T0=$(date +%s)
step() { echo "==== [$(($(date +%s) - T0)) s] $*"; }
fail() { echo "$PROG: FAIL: $*" >&2; echo "==== kernel-test: FAILED after $(($(date +%s) - T0)) s" >&2; exit 1; }

# ------------------------------------------------------------ packages
step "checking packages"
PKGS=(make gcc libc6-dev flex bison bc perl patch xz-utils cpio libelf-dev libssl-dev
	ccache busybox-static qemu-system-x86 linux-source-6.1 linux-source-6.12)
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	SUDO=
	[ "$(id -u)" = 0 ] || SUDO=sudo
	command -v apt-get >/dev/null || fail "missing packages (${missing[*]}) and no apt-get"
	echo "installing: ${missing[*]}"
	$SUDO apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null || fail "apt-get install ${missing[*]} failed"
fi

mkdir -p "$OUT"
rm -rf "${OUT:?}"/*

# ------------------------------------------------------------ 1. series
for base in 6.1 6.12; do
	step "series $base: applies to /usr/src/linux-source-$base.tar.xz, checkpatch"
	d=$OUT/apply-$base
	mkdir -p "$d"
	top=linux-source-$base
	tar -xJf /usr/src/linux-source-$base.tar.xz -C "$d" \
		$top/Makefile $top/kernel/fork.c $top/include/trace/events/task.h \
		$top/scripts/checkpatch.pl $top/scripts/spelling.txt \
		$top/scripts/const_structs.checkpatch ||
		fail "cannot unpack the files the series touches from linux-source-$base"
	ver=$(awk '/^VERSION/ {v=$3} /^PATCHLEVEL/ {p=$3} /^SUBLEVEL/ {s=$3} END {print v "." p "." s}' "$d/$top/Makefile")
	n=0
	for p in "$REPO/kernel-patch/$base"/[0-9][0-9][0-9][0-9]-*.patch; do
		case $(basename "$p") in 0000-*) continue ;; esac
		patch -d "$d/$top" -p1 --batch --forward --dry-run <"$p" >"$d/patch.log" 2>&1 ||
			{ cat "$d/patch.log"; fail "$(basename "$p") does not apply to $ver"; }
		grep -q -i 'fuzz\|offset' "$d/patch.log" && echo "note: $(basename "$p"): $(grep -i -m1 'fuzz\|offset' "$d/patch.log")"
		patch -d "$d/$top" -p1 --batch --forward --quiet <"$p" >/dev/null || fail "$(basename "$p") failed to apply to $ver"
		cp_out=$(perl "$d/$top/scripts/checkpatch.pl" --no-tree --quiet "$p" 2>&1 || true)
		if echo "$cp_out" | grep -q '^ERROR'; then
			echo "$cp_out"
			fail "checkpatch.pl ($ver) reports errors in $(basename "$p")"
		fi
		n=$((n + 1))
	done
	[ $n -gt 0 ] || fail "no patches in kernel-patch/$base"
	echo "ok: $n patches apply to $ver cleanly, checkpatch.pl: no errors"
	rm -rf "$d"
done

# ------------------------------------------------------------ 2. build
step "building the patched 6.1 kernel"
KERNEL=$("$REPO/kernel-patch/build-kernel.sh" --base 6.1 | tail -1) || fail "the patched 6.1 kernel did not build"
[ -s "$KERNEL" ] || fail "build-kernel.sh printed no bzImage ($KERNEL)"
echo "ok: $KERNEL"
grep -q '^CONFIG_TRACEPOINTS=y' "$(dirname "$KERNEL")/config" || fail "the kernel has no CONFIG_TRACEPOINTS"

if [ $FULL = 1 ]; then
	step "building the patched 6.1 kernel with CONFIG_TRACEPOINTS off"
	"$REPO/kernel-patch/build-kernel.sh" --base 6.1 --no-tracepoints | tail -1 ||
		fail "the patched 6.1 kernel does not build without tracepoints"
	step "building the patched 6.12 kernel"
	"$REPO/kernel-patch/build-kernel.sh" --base 6.12 | tail -1 || fail "the patched 6.12 kernel did not build"
fi

# ------------------------------------------------------------ 3. guest
STANDIN=0
if [ -z "$BIN" ] && [ -x "$REPO/build-static/bench/forkbench" ] &&
	! ldd "$REPO/build-static/bench/forkbench" >/dev/null 2>&1; then
	BIN=$REPO/build-static/bench
fi
if [ -n "$BIN" ]; then
	[ -x "$BIN/forkbench" ] || fail "no forkbench in '$BIN'"
	# copy: a concurrent rebuild must not change the binaries under us
	mkdir -p "$OUT/bin"
	for f in forkbench forkbench-worker forkbench-helper; do
		[ -e "$BIN/$f" ] && cp "$BIN/$f" "$OUT/bin/"
	done
	CMD="run --method fork,vfork,thread --rss 0,1M --iterations 50 --no-progress"
	MIN_EVENTS=300 # 6 entries x 50 samples, warm-up not counted
else
	STANDIN=1
	echo "WARNING: no static forkbench given or found: using the stand-in fork loop (harness/qemu/standin.c)"
	mkdir -p "$OUT/bin"
	gcc -static -O2 -Wall -o "$OUT/bin/forkbench" "$REPO/harness/qemu/standin.c" ||
		fail "cannot build the stand-in (static libc: apt-get install libc6-dev)"
	CMD="run --iterations 200"
	MIN_EVENTS=200
fi

step "booting it under TCG: forkbench $CMD"
"$REPO/harness/qemu/run-guest.sh" --kernel "$KERNEL" --bin "$OUT/bin" --out "$OUT/guest" \
	--cmd "$CMD" --accel tcg --timeout 300 --trace-event on --fail-probe ||
	fail "the guest run failed"
grep -q '"accel": "tcg"' "$OUT/guest/guest.json" || fail "guest.json does not say tcg"
grep -q '"timing_note": "TCG: emulated timings' "$OUT/guest/guest.json" || fail "guest.json lacks the TCG timing note"
grep -q '"guest_clocksource": "tsc' "$OUT/guest/guest.json" ||
	fail "the guest did not run on the TSC clocksource: $(grep clocksource "$OUT/guest/guest.json")"
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT/guest/results.json" ||
		fail "results.json is not valid JSON"
fi
echo "ok: results.json came out intact ($(wc -c <"$OUT/guest/results.json") bytes, sha256 verified)"

# ------------------------------------------------------------ 4. events
step "checking the task_copy_process events"
"$REPO/harness/qemu/check-trace.sh" --min-events $MIN_EVENTS --comm forkbench \
	--max-gap 0.15 --fail-probe --summary "$OUT/trace-check.txt" "$OUT/guest/trace.txt" ||
	fail "the trace check failed (trace in $OUT/guest/trace.txt)"

# ------------------------------------------------------------ 5. icount
step "booting it in instruction time (--clock icount)"
"$REPO/harness/qemu/run-guest.sh" --kernel "$KERNEL" --bin "$OUT/bin" --out "$OUT/icount" \
	--cmd "$CMD" --clock icount --timeout 300 --trace-event off ||
	fail "the instruction-time guest run failed"
G=$OUT/icount/guest.json
grep -q '"clock": "icount"' "$G" || fail "guest.json does not say icount"
grep -q 'forkbench.clock=icount forkbench.accel=tcg' "$G" || fail "the kernel command line lacks forkbench.clock=icount"
if grep -q '"clock_check": {' "$G"; then
	# 1 ns an instruction at shift 0, plus the timer interrupts in the loop
	awk '/"clock_check"/ {
		n = split($0, f, /[,{}]/)
		for (i = 1; i <= n; i++) if (f[i] ~ /ns_per_insn/) {
			split(f[i], kv, ":"); if (kv[2] ~ /null/) continue; v = kv[2] + 0
			if (v < 1 || v > 1.05) { print "clock off instruction time:" f[i]; bad = 1 }
		}
		if ($0 !~ /"vdso_in_user_space": true/) { print "the vDSO falls back to the system call"; bad = 1 }
	} END { exit bad }' "$G" || fail "the guest's clocks do not follow instruction time ($G)"
	echo "ok: vDSO, system call and trace clock count instructions: $(grep -o '"clock_check": {[^}]*}' "$G")"
else
	echo "note: no clock check in the guest (no gcc?)"
fi

[ $STANDIN = 1 ] && echo "NOTE: the guest ran the stand-in, not forkbench"
step "kernel-test: PASSED in $(($(date +%s) - T0)) s (outputs in $OUT)"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-guest.sh - boot a kernel in QEMU with forkbench in an initramfs, run
# a suite there and bring the results out.  --help for usage.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=run-guest.sh

KERNEL=
BIN=
OUT=
SUITE=tiny
CMD=
TIMEOUT=600
TRACE=on
RECORD_CMD=on
SELFTESTS=
ACCEL=auto
MEM=3G
SMP=1
VERBOSE=0
KEEP=0
APPEND=
TSC_KHZ=auto
TSC_KHZ_SET=0
FAIL_PROBE=0
CLOCK=wall
ICOUNT_SHIFT=
CLOCK_CHECK=on
GUEST_ASLR=auto
MODEL_OPTS=
MODEL_WEIGHTS=

usage() {
	cat <<EOF
Usage: $PROG --kernel BZIMAGE --bin DIR --out DIR [options]

Boots BZIMAGE in qemu-system-x86_64 with an initramfs made of
busybox-static, a small /init and the static forkbench binaries of DIR,
runs a suite in the guest and writes into --out:
  results.json     the forkbench results (checked against the guest's sha256)
  guest.json       accelerator (kvm|tcg), clock mode, QEMU command line,
                   the guest's clocksource and clock check, kernel, timings
  trace.txt        the guest's trace buffer (task:* events) with --trace-event on
  forkbench.log    forkbench's output in the guest
  console.log      the guest console

Options:
  --kernel FILE        bzImage to boot (e.g. from kernel-patch/build-kernel.sh).
  --bin DIR            Directory with static forkbench, forkbench-worker and
                       forkbench-helper (forkbench is required, the others
                       are copied when present).
  --out DIR            Output directory (created).
  --suite NAME         Built-in suite: tiny (default), smoke, phases, overhead.
  --cmd "ARGS"         forkbench arguments instead of a suite; the runner adds
                       --json itself.  "none": do not run forkbench (with
                       --selftests).
  --selftests DIR      Copy DIR into the guest as /selftests and, after
                       forkbench, run /selftests/run.sh; its output comes
                       back as OUT/selftests.txt.
  --timeout S          Host-side limit for the whole guest run (default $TIMEOUT);
                       the guest watchdog fires 20 s before it.
  --trace-event on|off|copy|newtask
                       on (default): enable task:task_copy_process(_failed)
                       and task_newtask in the guest, capture the trace;
                       copy: only the two task_copy_process events;
                       newtask: only the stock task_newtask (to tell what
                       each costs); off: none.
  --trace-record-cmd on|off
                       ftrace's options/record-cmd (default on, as ftrace
                       has it): off stops ftrace saving the comm of every
                       task it switches to after an event, a cost shared
                       by all events (event-cost.sh uses it to tell apart).
  --clock wall|icount|model
                       How guest time relates to the host (default wall):
                       wall    the guest's clocks follow real time: KVM
                               where it works (the real figures), else TCG
                               (emulated, and slowed by the host's load);
                       icount  TCG in instruction time (-accel
                               tcg,thread=single -icount shift=S,sleep=off):
                               the guest's clocks advance 2^S ns for every
                               instruction it executes, so a timing is a
                               count of instructions on the code path,
                               the same whatever the host's load.  It sees
                               no cache or TLB misses, no memory bandwidth
                               and no real device latency: a code-path
                               regression detector, not a hardware figure.
                       model   icount, plus the cache model: a QEMU plugin
                               (harness/qemu/model/, built here with gcc)
                               counts instructions, accesses and the
                               misses of an L1i/L1d/L2/LLC/TLB model in
                               each sample's windows, and
                               forkbench-model-join (beside forkbench in
                               --bin) makes results.json a file timed
                               with the model (docs/model.md); the
                               guest's instruction-time file is kept as
                               results-icount.json, the plugin's counts
                               as model-windows.txt.  About 2.5x the
                               CPU time of an icount boot.
                       The kernel command line carries
                       forkbench.clock=MODE forkbench.accel=ACCEL, which
                       forkbench records with its results.
  --icount-shift S     The S of --clock icount (default 0: 1 ns an
                       instruction).
  --model-opt K=V,...  Plugin options for --clock model: the cache
                       geometry (l1i_size, l1i_assoc, l1d_size, l1d_assoc,
                       l2_size, l2_assoc, llc_size, llc_assoc, line,
                       tlb_entries, tlb_assoc; sizes take K, M, G).
  --model-weights SPEC Cycles a miss adds in the cost figure, e.g.
                       l2=40,llc=250 (forkbench-model-join --help).
  --accel auto|kvm|tcg auto (default): KVM when /dev/kvm works, else TCG.
                       --clock icount runs TCG only (kvm is an error).
  --guest-aslr auto|on|off
                       off passes norandmaps: every boot lays out
                       forkbench's memory alike.  Under --clock icount the
                       layout is the largest difference left between two
                       boots of one kernel (fork at rss 0: medians 190-202
                       us with ASLR, 175.9-176.5 us without).  auto
                       (default): off with --clock icount, on with wall.
  --mem SIZE           Guest memory (default $MEM).
  --smp N              Guest CPUs (default $SMP).
  --append "ARGS"      Extra kernel command line; repeatable, each one adds
                       to the ones before (--append a=1 --append b=2).
  --tsc-khz auto|off|N Under TCG the guest TSC ticks at the host's rate, but
                       the guest often fails to calibrate it against the
                       emulated PIT and falls back to jiffies.  auto
                       (default) passes tsc_early_khz= with the host's
                       frequency from /proc/cpuinfo when the host TSC is
                       constant; off passes nothing.  Not with --clock
                       icount, where the guest TSC counts instructions.
  --clock-check on|off Before the suite, time a loop of known length with
                       the guest's vDSO, system call, TSC and trace clock
                       (harness/qemu/clockcheck.c, built here with gcc
                       -static; default on): guest.json's clock_check says
                       which clocks follow instruction time.
  --fail-probe         After the run, lower threads-max in the guest so that
                       a few forks fail (shows task_copy_process_failed).
  --keep               Keep the temporary directory (initramfs, raw channel).
  -v, --verbose        Show the guest console while it runs.
  -h, --help           This help.

Suites:
  tiny      run --method fork,vfork,thread --rss 0,1M --iterations 50
  smoke     run --method fork,vfork,thread --rss 0,1M --thp off --iterations 200
  phases    run --method fork --rss 0,64M,1G --thp off,on --iterations 30
  overhead  run --method fork,vfork,thread --rss 0,16M --thp off --iterations 2000

Exit status: 0 when results came out intact and forkbench exited 0;
1 on a guest or forkbench failure (the console tail is printed);
2 on bad usage; 3 when a tool or file is missing.
EOF
}

die() { local c=$1; shift; echo "$PROG: error: $*" >&2; exit "$c"; }
log() { echo "$PROG: $*" >&2; }

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) KERNEL=${2:?}; shift 2 ;;
	--bin) BIN=${2:?}; shift 2 ;;
	--out) OUT=${2:?}; shift 2 ;;
	--suite) SUITE=${2:?}; CMD=; shift 2 ;;
	--cmd) CMD=${2:?}; shift 2 ;;
	--timeout) TIMEOUT=${2:?}; shift 2 ;;
	--trace-event) TRACE=${2:?}; shift 2 ;;
	--trace-record-cmd) RECORD_CMD=${2:?}; shift 2 ;;
	--selftests) SELFTESTS=${2:?}; shift 2 ;;
	--accel) ACCEL=${2:?}; shift 2 ;;
	--mem) MEM=${2:?}; shift 2 ;;
	--smp) SMP=${2:?}; shift 2 ;;
	# repeatable: each adds its words, so a caller can pass one parameter at a time
	--append) APPEND=${APPEND:+$APPEND }${2:?}; shift 2 ;;
	--tsc-khz) TSC_KHZ=${2:?}; TSC_KHZ_SET=1; shift 2 ;;
	--clock) CLOCK=${2:?}; shift 2 ;;
	--icount-shift) ICOUNT_SHIFT=${2:?}; shift 2 ;;
	--model-opt) MODEL_OPTS=${2:?}; shift 2 ;;
	--model-weights) MODEL_WEIGHTS=${2:?}; shift 2 ;;
	--clock-check) CLOCK_CHECK=${2:?}; shift 2 ;;
	--guest-aslr) GUEST_ASLR=${2:?}; shift 2 ;;
	--keep) KEEP=1; shift ;;
	--fail-probe) FAIL_PROBE=1; shift ;;
	-v | --verbose) VERBOSE=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) die 2 "unknown argument '$1' (try --help)" ;;
	esac
done

[ -n "$KERNEL" ] || die 2 "--kernel is required"
[ -n "$BIN" ] || die 2 "--bin is required"
[ -n "$OUT" ] || die 2 "--out is required"
[ -z "$SELFTESTS" ] || [ -x "$SELFTESTS/run.sh" ] || die 2 "--selftests: no executable run.sh in '$SELFTESTS'"
case $RECORD_CMD in on | off) ;; *) die 2 "--trace-record-cmd must be on or off" ;; esac
case $TRACE in on | off | copy | newtask) ;; *) die 2 "--trace-event must be on, off, copy or newtask" ;; esac
case $ACCEL in auto | kvm | tcg) ;; *) die 2 "--accel must be auto, kvm or tcg" ;; esac
case $TIMEOUT in '' | *[!0-9]*) die 2 "--timeout wants seconds" ;; esac
[ "$TIMEOUT" -ge 40 ] || die 2 "--timeout must be at least 40 s"
case $CLOCK_CHECK in on | off) ;; *) die 2 "--clock-check must be on or off" ;; esac
case $GUEST_ASLR in on | off) ;; auto) GUEST_ASLR=$([ "$CLOCK" = wall ] && echo on || echo off) ;; *) die 2 "--guest-aslr must be auto, on or off" ;; esac
[ "$CLOCK" = model ] || [ -z "$MODEL_OPTS$MODEL_WEIGHTS" ] || die 2 "--model-opt and --model-weights need --clock model"
case $CLOCK in
wall)
	[ -z "$ICOUNT_SHIFT" ] || die 2 "--icount-shift needs --clock icount"
	;;
icount | model)
	# Instruction time is a TCG feature: KVM runs the guest on the real CPU.
	[ "$ACCEL" != kvm ] || die 2 "--clock $CLOCK runs under TCG only: it cannot be combined with --accel kvm"
	ACCEL=tcg
	# The guest TSC counts instructions too; the host's rate would be wrong.
	case $TSC_KHZ_SET:$TSC_KHZ in 1:auto | 1:off | 0:*) TSC_KHZ=off ;;
	*) die 2 "--tsc-khz does not apply to --clock $CLOCK (the guest TSC counts instructions)" ;; esac
	# the join checks each window's instructions against the guest's 1 ns each
	if [ "$CLOCK" = model ] && [ "${ICOUNT_SHIFT:-0}" != 0 ]; then die 2 "--clock model runs with --icount-shift 0"; fi
	ICOUNT_SHIFT=${ICOUNT_SHIFT:-0}
	case $ICOUNT_SHIFT in [0-9] | 10) ;; *) die 2 "--icount-shift wants 0 to 10, got '$ICOUNT_SHIFT'" ;; esac
	;;
*) die 2 "--clock must be wall, icount or model, got '$CLOCK'" ;;
esac

if [ -z "$CMD" ]; then
	case $SUITE in
	tiny) CMD="run --method fork,vfork,thread --rss 0,1M --iterations 50 --no-progress" ;;
	smoke) CMD="run --method fork,vfork,thread --rss 0,1M --thp off --iterations 200 --no-progress" ;;
	phases) CMD="run --method fork --rss 0,64M,1G --thp off,on --iterations 30 --no-progress" ;;
	overhead) CMD="run --method fork,vfork,thread --rss 0,16M --thp off --iterations 2000 --no-progress" ;;
	*) die 2 "unknown suite '$SUITE' (tiny, smoke, phases, overhead)" ;;
	esac
fi

need() { command -v "$1" >/dev/null 2>&1 || die 3 "'$1' not found: install it with 'apt-get install $2'"; }
need qemu-system-x86_64 qemu-system-x86
need timeout coreutils
need base64 coreutils
need sha256sum coreutils
[ -r "$KERNEL" ] || die 3 "kernel '$KERNEL' not found"
[ -x "$BIN/forkbench" ] || die 3 "no executable forkbench in '$BIN'"
BUSYBOX=
for b in /bin/busybox /usr/bin/busybox; do [ -x $b ] && BUSYBOX=$b && break; done
[ -n "$BUSYBOX" ] || die 3 "busybox not found: install it with 'apt-get install busybox-static'"
is_static() { ! LC_ALL=C ldd "$1" >/dev/null 2>&1; }
is_static "$BUSYBOX" || die 3 "$BUSYBOX is dynamically linked: install 'busybox-static'"
for f in forkbench forkbench-worker forkbench-helper; do
	[ -e "$BIN/$f" ] || continue
	is_static "$BIN/$f" || die 3 "$BIN/$f is not statically linked (build with -DFORKBENCH_STATIC=ON)"
done
if [ "$CLOCK" = model ]; then
	[ -x "$BIN/forkbench-model-join" ] || die 3 "no forkbench-model-join in '$BIN' (cmake --build builds it beside forkbench)"
	need gcc gcc
fi

KERNEL=$(cd "$(dirname "$KERNEL")" && pwd)/$(basename "$KERNEL")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d /tmp/forkbench-guest.XXXXXX)
QPID=
TAILPID=
# Whatever ends this script (an error, ^C, a CI engine's SIGTERM), QEMU
# goes with it: timeout runs it in its own process group, so kill that.
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
		kill -TERM "$QPID" 2>/dev/null || true
		sleep 1
		kill -KILL -- "-$QPID" 2>/dev/null || kill -KILL "$QPID" 2>/dev/null || true
	fi
	if [ -n "$TAILPID" ]; then kill "$TAILPID" 2>/dev/null || true; fi
	if [ "$KEEP" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------ initramfs
ROOT=$TMP/root
mkdir -p "$ROOT"/{bin,dev,proc,sys,tmp,etc,out}
cp "$BUSYBOX" "$ROOT/bin/busybox"
for a in $("$BUSYBOX" --list); do
	[ "$a" = busybox ] || ln -sf busybox "$ROOT/bin/$a"
done
for f in forkbench forkbench-worker forkbench-helper; do
	[ -e "$BIN/$f" ] && cp "$BIN/$f" "$ROOT/bin/$f"
done
[ -z "$SELFTESTS" ] || cp -r "$SELFTESTS" "$ROOT/selftests"
cp "$HERE/guest-init.sh" "$ROOT/init"
chmod 755 "$ROOT/init"
WATCHDOG=$((TIMEOUT - 20))
{
	printf 'FB_ARGS=%q\n' "$CMD"
	echo "FB_TRACE=$TRACE"
	echo "FB_RECORD_CMD=$RECORD_CMD"
	echo "FB_SELFTESTS=$([ -n "$SELFTESTS" ] && echo 1 || echo 0)"
	echo "FB_WATCHDOG=$WATCHDOG"
	echo "FB_FAIL_PROBE=$FAIL_PROBE"
	echo "FB_CLOCK=$CLOCK"
} >"$ROOT/etc/forkbench-guest.conf"
if [ "$CLOCK_CHECK" = on ]; then
	if ! command -v gcc >/dev/null 2>&1; then
		log "note: no gcc: no clock check in the guest (apt-get install gcc libc6-dev)"
	elif ! gcc -static -O2 -o "$ROOT/bin/forkbench-clockcheck" "$HERE/clockcheck.c" 2>"$TMP/clockcheck.err"; then
		log "note: cannot build the clock check ($(head -n 1 "$TMP/clockcheck.err")): none in the guest"
	fi
fi

# The cache model's plugin, from its sources: a second with gcc, and it
# always matches the marks of this tree's forkbench.
MODEL_SO=
if [ "$CLOCK" = model ]; then
	MODEL_SO=$TMP/forkbench-model.so
	gcc -O2 -shared -fPIC -fvisibility=hidden -I"$HERE/model" -I"$HERE/../../bench" \
		-o "$MODEL_SO" "$HERE/model/forkbench-model.c" "$HERE/model/cache_model.c" \
		"$HERE/model/mark_decode.c" 2>"$TMP/model-build.err" ||
		die 3 "cannot build the model plugin: $(head -n 3 "$TMP/model-build.err")"
fi

INITRD=$TMP/initramfs.cpio
GEN=$(dirname "$KERNEL")/gen_init_cpio
if [ -x "$GEN" ]; then
	# gen_init_cpio makes /dev/console without root
	{
		echo "dir /dev 755 0 0"
		echo "nod /dev/console 600 0 0 c 5 1"
		(cd "$ROOT" && find . -mindepth 1 | sort) | while read -r p; do
			p=${p#./}
			[ "$p" = dev ] && continue
			if [ -L "$ROOT/$p" ]; then
				echo "slink /$p $(readlink "$ROOT/$p") 777 0 0"
			elif [ -d "$ROOT/$p" ]; then
				echo "dir /$p 755 0 0"
			else
				echo "file /$p $ROOT/$p $(stat -c %a "$ROOT/$p") 0 0"
			fi
		done
	} >"$TMP/initramfs.list"
	"$GEN" "$TMP/initramfs.list" >"$INITRD"
else
	need cpio cpio
	if [ "$(id -u)" = 0 ]; then mknod -m 600 "$ROOT/dev/console" c 5 1; fi
	(cd "$ROOT" && find . | sort | cpio -o -H newc --quiet -R 0:0) >"$INITRD"
fi

# ------------------------------------------------------------ boot
QEMU_VERSION=$(qemu-system-x86_64 --version | head -1)
CMDLINE="console=ttyS0 tsc=reliable panic=-1 oops=panic loglevel=6 rdinit=/init"
[ "$GUEST_ASLR" = on ] || CMDLINE="$CMDLINE norandmaps"
CONSOLE=$TMP/console.log
CHANNEL=$TMP/channel.raw
KVM_FAIL='failed to set MSR|KVM internal error|emulation failure|Could not access KVM|failed to initialize kvm|failed to initialize KVM|kvm_init_vcpu|KVM_CREATE_VM|No accelerator found'

# host_tsc_khz: the host TSC frequency when it is constant, else nothing
host_tsc_khz() {
	grep -qw constant_tsc /proc/cpuinfo || return 0
	awk -F: '/^cpu MHz/ { printf "%d\n", $2 * 1000 + 0.5; exit }' /proc/cpuinfo
}
case $TSC_KHZ in
auto) TSC_KHZ=$(host_tsc_khz) ;;
off) TSC_KHZ= ;;
*[!0-9]*) die 2 "--tsc-khz wants auto, off or a number" ;;
esac

# boot_once ACCEL LIMIT: run QEMU; sets RC and QEMU_CMDLINE; returns 0
# when the channel says done
boot_once() {
	local accel=$1 limit=$2 a cmdline=$CMDLINE q
	if [ "$accel" = kvm ]; then
		a=(-accel kvm -cpu host)
	elif [ "$CLOCK" = icount ] || [ "$CLOCK" = model ]; then
		# single-threaded TCG: -icount needs it; sleep=off: an idle guest
		# jumps to its next timer instead of waiting for real time
		# shellcheck disable=SC2054 # the commas belong to the values
		a=(-accel tcg,thread=single -cpu max -icount "shift=$ICOUNT_SHIFT,sleep=off")
		[ "$CLOCK" = icount ] || a+=(-plugin "$MODEL_SO,out=$TMP/model-windows.txt${MODEL_OPTS:+,$MODEL_OPTS}")
	else
		# shellcheck disable=SC2054 # the comma belongs to -accel's value
		a=(-accel tcg,thread=multi -cpu max)
		[ -n "$TSC_KHZ" ] && cmdline="$cmdline tsc_early_khz=$TSC_KHZ"
	fi
	# forkbench records /proc/cmdline: this is how its results know the mode
	# (a model boot's guest runs in instruction time: the join makes the
	# model file).  The --append parameters go after it: forkbench keeps the
	# first 1023 bytes, and a long one must not push the mode out of them.
	cmdline="$cmdline forkbench.clock=${CLOCK/model/icount} forkbench.accel=$accel"
	[ -z "$APPEND" ] || cmdline="$cmdline $APPEND"
	: >"$CONSOLE"
	: >"$CHANNEL"
	q=(qemu-system-x86_64 "${a[@]}"
		-m "$MEM" -smp "$SMP" -nodefaults -nographic -no-reboot
		-kernel "$KERNEL" -initrd "$INITRD" -append "$cmdline"
		-serial "file:$CONSOLE" -serial "file:$CHANNEL"
		-monitor none)
	QEMU_CMDLINE=$(printf '%q ' "${q[@]}")
	QEMU_CMDLINE=${QEMU_CMDLINE% }
	timeout -k 5 "$limit" "${q[@]}" >"$TMP/qemu.out" 2>&1 &
	QPID=$!
	if [ $VERBOSE = 1 ]; then
		tail -n +1 -f "$CONSOLE" >&2 &
		TAILPID=$!
	fi
	local started
	started=$(date +%s)
	while kill -0 $QPID 2>/dev/null; do
		if [ "$accel" = kvm ]; then
			# KVM that dies inside the guest leaves QEMU hanging: watch for it
			if grep -qE "$KVM_FAIL" "$TMP/qemu.out" "$CONSOLE" 2>/dev/null; then
				log "KVM failed: $(grep -hE -m1 "$KVM_FAIL" "$TMP/qemu.out" "$CONSOLE" | head -1)"
				kill $QPID 2>/dev/null || true
				break
			fi
			if [ $(($(date +%s) - started)) -gt 90 ] && ! grep -q 'forkbench-guest: init started' "$CONSOLE"; then
				log "KVM guest did not reach /init in 90 s"
				kill $QPID 2>/dev/null || true
				break
			fi
		fi
		sleep 0.5
	done
	RC=0
	wait "$QPID" || RC=$?
	QPID=
	if [ -n "$TAILPID" ]; then
		kill "$TAILPID" 2>/dev/null || true
		TAILPID=
	fi
	grep -q '^==FB== done' "$CHANNEL"
}

ACCEL_USED=
ACCEL_NOTE=
t_start=$(date +%s.%N)
if [ "$ACCEL" != tcg ]; then
	if [ -w /dev/kvm ] && [ -r /dev/kvm ]; then
		log "trying KVM"
		if boot_once kvm "$TIMEOUT"; then
			ACCEL_USED=kvm
		elif grep -qE "$KVM_FAIL" "$TMP/qemu.out" "$CONSOLE" 2>/dev/null ||
			! grep -q 'forkbench-guest: init started' "$CONSOLE"; then
			ACCEL_NOTE="KVM failed ($(grep -hE -m1 "$KVM_FAIL" "$TMP/qemu.out" "$CONSOLE" | head -1 | cut -c1-120 || echo 'no /init')); fell back to TCG"
			[ "$ACCEL" = kvm ] && die 1 "KVM requested but it failed: $ACCEL_NOTE"
			log "$ACCEL_NOTE"
			cp "$CONSOLE" "$OUT/console-kvm-failed.log"
		else
			ACCEL_USED=kvm # the guest ran under KVM but failed: report that
		fi
	else
		[ "$ACCEL" = kvm ] && die 3 "KVM requested but /dev/kvm is missing or not accessible"
		ACCEL_NOTE="/dev/kvm missing or not accessible; used TCG"
		log "$ACCEL_NOTE"
	fi
fi
if [ -z "$ACCEL_USED" ]; then
	if [ "$CLOCK" != wall ]; then
		log "booting under TCG in instruction time (-icount shift=$ICOUNT_SHIFT,sleep=off)${MODEL_SO:+, with the cache model}"
	else
		log "booting under TCG (-accel tcg -cpu max): emulated timings"
	fi
	t_start=$(date +%s.%N)
	boot_once tcg "$TIMEOUT" || true
	ACCEL_USED=tcg
fi
t_end=$(date +%s.%N)
log "accelerator: $ACCEL_USED"
cp "$CONSOLE" "$OUT/console.log"

fail() {
	echo "---- last lines of the guest console ($OUT/console.log) ----" >&2
	tail -n 30 "$CONSOLE" >&2
	[ -s "$TMP/qemu.out" ] && { echo "---- qemu ----" >&2; tail -n 10 "$TMP/qemu.out" >&2; }
	die 1 "$*"
}

if [ "$CLOCK" = model ]; then
	cp "$TMP/model-windows.txt" "$OUT/model-windows.txt" 2>/dev/null ||
		fail "the model plugin wrote no windows (QEMU: $(head -n 1 "$TMP/qemu.out" 2>/dev/null))"
fi

[ "$RC" = 124 ] || [ "$RC" = 137 ] && [ ! -s "$CHANNEL" ] && fail "QEMU killed after the ${TIMEOUT} s host timeout"
grep -q '^==FB== hello' "$CHANNEL" || fail "no data on the results channel (guest did not reach /init?)"
grep -q '^==FB== done' "$CHANNEL" || fail "results channel incomplete (guest crashed or was killed; QEMU rc=$RC)"

# ------------------------------------------------------------ unpack
tr -d '\r' <"$CHANNEL" >"$TMP/channel.txt"
extract() { # extract NAME: decode into $OUT/NAME, verify; 1 if absent
	local name=$1 hdr want size got
	hdr=$(grep -m1 "^==FB== begin $name " "$TMP/channel.txt") || return 1
	want=$(echo "$hdr" | sed -n 's/.* sha256=\([0-9a-f]*\).*/\1/p')
	size=$(echo "$hdr" | sed -n 's/.* size=\([0-9]*\).*/\1/p')
	sed -n "/^==FB== begin $name /,/^==FB== end $name\$/p" "$TMP/channel.txt" |
		sed '1d;$d' | base64 -d >"$OUT/$name.tmp" ||
		fail "cannot decode $name from the results channel"
	got=$(sha256sum "$OUT/$name.tmp" | cut -d' ' -f1)
	[ "$got" = "$want" ] ||
		fail "$name: checksum mismatch (guest $want, host $got, size $size)"
	mv "$OUT/$name.tmp" "$OUT/$name"
}
extract guest-info.txt || true
extract forkbench.log || true
RESULTS_SHA=
if extract results.json; then
	RESULTS_SHA=$(sha256sum "$OUT/results.json" | cut -d' ' -f1)
fi
TRACE_GOT=no
if [ "$TRACE" != off ] && extract trace.txt; then TRACE_GOT=yes; fi
extract trace-overrun.txt || true
if [ -n "$SELFTESTS" ]; then
	extract selftests.txt || fail "the guest sent no selftests.txt (see $OUT/console.log)"
fi
GUEST_RC=$(sed -n 's/^==FB== status rc=\([0-9]*\).*/\1/p' "$TMP/channel.txt" | tail -1)

gi() { sed -n "s/^$1=//p" "$OUT/guest-info.txt" 2>/dev/null | head -1; }
jstr() { # JSON string
	printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr -d '\000-\037')"
}
BOOT_S=$(gi boot_uptime_s)
RUN_S=$(gi run_uptime_s)
WALL_S=$(echo "$t_end $t_start" | awk '{ printf "%.1f", $1 - $2 }')
jnum() { # a JSON number, or null
	case $1 in '' | *[!0-9.]* | *.*.*) echo null ;; *) echo "$1" ;; esac
}
# The clock check: every clock's reading of the loop, per instruction.
# Under icount all of them read 2^shift ns an instruction (plus the timer
# interrupts inside the loop); under wall they read the emulation speed.
CC_INSNS=$(gi cc_loop_insns)
per_insn() { # per_insn VALUE: VALUE / the loop's instructions
	[ -n "$1" ] && [ -n "$CC_INSNS" ] && awk -v v="$1" -v n="$CC_INSNS" 'BEGIN { printf "%.4f", v / n }'
}
CLOCK_CHECK_JSON=null
if [ -n "$CC_INSNS" ]; then
	CLOCK_CHECK_JSON=$(
		printf '{"loop_instructions": %s, ' "$CC_INSNS"
		printf '"vdso_ns_per_insn": %s, ' "$(jnum "$(per_insn "$(gi cc_vdso_ns)")")"
		printf '"syscall_ns_per_insn": %s, ' "$(jnum "$(per_insn "$(gi cc_syscall_ns)")")"
		printf '"trace_clock_ns_per_insn": %s, ' "$(jnum "$(per_insn "$(gi cc_trace_ns)")")"
		printf '"tsc_ticks_per_insn": %s, ' "$(jnum "$(per_insn "$(gi cc_tsc_ticks)")")"
		printf '"vdso_call_ns": %s, "syscall_call_ns": %s, ' "$(jnum "$(gi cc_vdso_call_ns)")" "$(jnum "$(gi cc_syscall_call_ns)")"
		printf '"vdso_in_user_space": %s}' "$([ "$(gi cc_vdso_in_user)" = yes ] && echo true || echo false)"
	)
fi
{
	echo "{"
	echo "  \"accel\": $(jstr "$ACCEL_USED"),"
	[ -n "$ACCEL_NOTE" ] && echo "  \"accel_note\": $(jstr "$ACCEL_NOTE"),"
	echo "  \"clock\": $(jstr "$CLOCK"),"
	echo "  \"icount_shift\": $(jnum "$ICOUNT_SHIFT"),"
	if [ "$CLOCK" = model ]; then
		echo "  \"timing_note\": \"TCG instruction time (icount shift=0) with a cache and TLB model (forkbench-model plugin): results.json holds the model's counts per sample and a cost figure from uncalibrated weights, results-icount.json the guest's instruction time; not hardware figures\","
	elif [ "$CLOCK" = icount ]; then
		echo "  \"timing_note\": \"TCG instruction time (icount shift=$ICOUNT_SHIFT): guest time counts instructions on the code path, not cache or TLB misses, memory bandwidth or device latency; a code-path regression detector, not hardware figures\","
	elif [ "$ACCEL_USED" = tcg ]; then
		echo "  \"timing_note\": \"TCG: emulated timings, not hardware figures\","
	fi
	echo "  \"qemu_cmdline\": $(jstr "$QEMU_CMDLINE"),"
	echo "  \"kernel\": $(jstr "$KERNEL"),"
	echo "  \"kernel_release\": $(jstr "$(gi kernel_release)"),"
	echo "  \"kernel_version\": $(jstr "$(gi kernel_version)"),"
	echo "  \"kernel_cmdline\": $(jstr "$(gi cmdline)"),"
	echo "  \"qemu_version\": $(jstr "$QEMU_VERSION"),"
	echo "  \"guest_cpu_model\": $(jstr "$(gi cpu_model)"),"
	echo "  \"guest_cpus\": ${SMP},"
	echo "  \"guest_mem\": $(jstr "$MEM"),"
	echo "  \"guest_clocksource\": $(jstr "$(gi clocksource)"),"
	echo "  \"guest_clocksource_at_end\": $(jstr "$(gi run_clocksource)"),"
	echo "  \"guest_clocksources_available\": $(jstr "$(gi clocksources_available)"),"
	echo "  \"guest_trace_clock\": $(jstr "$(gi trace_clock)"),"
	echo "  \"guest_tsc_mhz\": $(jnum "$(gi tsc_mhz)"),"
	echo "  \"clock_check\": $CLOCK_CHECK_JSON,"
	echo "  \"guest_slowdown\": $(jnum "$(gi slowdown)"),"
	echo "  \"guest_aslr\": $(jstr "$GUEST_ASLR"),"
	echo "  \"tsc_early_khz\": $(jstr "$TSC_KHZ"),"
	echo "  \"guest_thp\": $(jstr "$(gi thp_enabled)"),"
	echo "  \"forkbench_args\": $(jstr "$CMD"),"
	echo "  \"trace_event\": $(jstr "$(gi trace_event)"),"
	echo "  \"trace_captured\": $([ $TRACE_GOT = yes ] && echo true || echo false),"
	echo "  \"results_sha256\": $(jstr "$RESULTS_SHA"),"
	echo "  \"guest_exit_status\": ${GUEST_RC:-null},"
	echo "  \"boot_to_init_s\": ${BOOT_S:-null},"
	echo "  \"guest_uptime_at_end_s\": ${RUN_S:-null},"
	echo "  \"host_wall_s\": ${WALL_S}"
	echo "}"
} >"$OUT/guest.json"

[ -n "$RESULTS_SHA" ] || [ "$CMD" = none ] || fail "forkbench wrote no results.json in the guest (exit status ${GUEST_RC:-?}; see $OUT/forkbench.log)"
[ "${GUEST_RC:-1}" = 0 ] || fail "forkbench exited with status ${GUEST_RC:-?} in the guest (see $OUT/forkbench.log)"
if [ "$CLOCK" = model ] && [ -n "$RESULTS_SHA" ]; then
	# results.json becomes the file timed with the model; the guest's stays beside it
	mv "$OUT/results.json" "$OUT/results-icount.json"
	"$BIN/forkbench-model-join" --results "$OUT/results-icount.json" --windows "$OUT/model-windows.txt" \
		${MODEL_WEIGHTS:+--weights "$MODEL_WEIGHTS"} --out "$OUT/results.json" ||
		fail "cannot join the model's windows to the results (see the line above)"
fi
log "results: $OUT/results.json (sha256 verified), accel $ACCEL_USED, clock $CLOCK, boot ${BOOT_S:-?} s, guest run to ${RUN_S:-?} s uptime, wall ${WALL_S} s"
case $(gi clocksource) in
tsc*) ;;
*) log "WARNING: guest clocksource is '$(gi clocksource)', not tsc: its timings are coarse (see --tsc-khz)" ;;
esac
if [ "$CLOCK" != wall ]; then
	log "note: instruction time: counts instructions on the code path, not hardware figures"
	# Every clock forkbench or the trace reads must count instructions.
	v=$(gi cc_vdso_ns)
	if [ -n "$v" ]; then
		bad=$(awk -v n="$CC_INSNS" -v s="$ICOUNT_SHIFT" -v a="$v" -v b="$(gi cc_syscall_ns)" -v c="$(gi cc_trace_ns)" 'BEGIN {
			want = 2 ^ s
			if (a / n < want || a / n > want * 1.05) printf "vDSO %.3f ", a / n
			if (b != "" && (b / n < want || b / n > want * 1.05)) printf "syscall %.3f ", b / n
			if (c != "" && (c / n < want || c / n > want * 1.05)) printf "trace %.3f ", c / n
		}')
		[ -z "$bad" ] || log "WARNING: clocks not in instruction time (ns per instruction, want $((1 << ICOUNT_SHIFT))): $bad"
		[ "$(gi cc_vdso_in_user)" = yes ] || log "WARNING: the vDSO's clock_gettime costs as much as the system call: it falls back to the kernel"
	fi
elif [ "$ACCEL_USED" = tcg ]; then
	log "note: TCG: emulated timings, not hardware figures"
fi
exit 0

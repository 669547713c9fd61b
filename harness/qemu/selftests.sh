#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests.sh - the kernel's own process-creation selftests, stock
# against patched: builds tools/testing/selftests/{clone3,pidfd,
# pid_namespace} as static binaries from the same kernel source, builds
# the stock and the patched kernel of each base with
# kernel-patch/config/selftests.config on top of forkbench.config, boots
# each under QEMU (run-guest.sh --selftests), and prints pass / fail /
# skip per test and base.  Fails (exit 1) when a test passes on stock and
# fails on patched; failures on both are reported, with the test's last
# lines, not hidden.
#
# Usage: harness/qemu/selftests.sh [--base 6.1|6.12|all] [--out DIR]
#            [--kernel-stock BZIMAGE --kernel-patched BZIMAGE] [--timeout S]
#   --out     where the boots and selftests.md go
#             (default results/<date>-selftests)
#   --kernel-stock/--kernel-patched  use these kernels (one base only)
#             instead of building them
#   --bin     static forkbench for the guest's initramfs
#             (default build-static/bench)
#   --build-only  only build the selftests of the one --base and print
#             the directory to pass to run-guest.sh --selftests
# Not part of ci/test.sh: two kernel builds per base.  Needs what
# build-kernel.sh needs, plus static libc and libcap (libcap-dev).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
PROG=selftests.sh
BASES="6.1 6.12"
OUT=
KSTOCK=
KPATCHED=
TIMEOUT=900
BIN=
BUILD_ONLY=0
WORK=${FORKBENCH_SELFTESTS_DIR:-/var/tmp/forkbench-selftests}
SUITES="clone3 pidfd pid_namespace"
die() { local c=$1; shift; echo "$PROG: error: $*" >&2; exit "$c"; }
log() { echo "$PROG: $*" >&2; }
while [ $# -gt 0 ]; do
	case $1 in
	--base) case ${2:?--base needs a value} in all) BASES="6.1 6.12" ;; 6.1 | 6.12) BASES=$2 ;;
		*) die 2 "--base must be 6.1, 6.12 or all" ;; esac; shift 2 ;;
	--out) OUT=${2:?}; shift 2 ;;
	--kernel-stock) KSTOCK=${2:?}; shift 2 ;;
	--kernel-patched) KPATCHED=${2:?}; shift 2 ;;
	--timeout) TIMEOUT=${2:?}; shift 2 ;;
	--bin) BIN=${2:?}; shift 2 ;;
	--build-only) BUILD_ONLY=1; shift ;;
	-h | --help) awk 'NR > 2 && !/^#/ { exit } NR > 3' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die 2 "unknown argument '$1' (try --help)" ;;
	esac
done
if [ -n "$KSTOCK$KPATCHED" ]; then
	{ [ -r "$KSTOCK" ] && [ -r "$KPATCHED" ]; } || die 2 "--kernel-stock and --kernel-patched go together and must be readable"
	[ "$(echo "$BASES" | wc -w)" = 1 ] || die 2 "--kernel-stock/--kernel-patched need one --base"
fi
[ -e /usr/lib/x86_64-linux-gnu/libcap.a ] || die 3 "static libcap not found: install it with 'apt-get install libcap-dev'"
command -v gcc >/dev/null || die 3 "gcc not found: install it with 'apt-get install gcc libc6-dev'"
OUT=${OUT:-$TOP/results/$(date -u +%Y-%m-%d)-selftests}
[ $BUILD_ONLY = 1 ] || mkdir -p "$OUT"
BIN=${BIN:-$TOP/build-static/bench}
[ $BUILD_ONLY = 1 ] || [ -x "$BIN/forkbench" ] || die 3 "no static forkbench in $BIN: cmake -S . -B build-static -DFORKBENCH_STATIC=ON && cmake --build build-static"

# build_tests BASE: static selftests of BASE in $WORK/BASE/tests (with run.sh)
build_tests() {
	local base=$1 d=$WORK/$1 t
	if [ ! -f "$d/src/Makefile" ]; then
		log "$base: unpacking /usr/src/linux-source-$base.tar.xz"
		rm -rf "$d" && mkdir -p "$d"
		tar -xf "/usr/src/linux-source-$base.tar.xz" -C "$d" ||
			die 3 "cannot unpack /usr/src/linux-source-$base.tar.xz (apt-get install linux-source-$base)"
		mv "$d"/linux-source-* "$d/src"
	fi
	if [ ! -d "$d/hdr/usr/include/linux" ]; then
		log "$base: exporting the UAPI headers"
		make -s -C "$d/src" O="$d/hdr" ARCH=x86_64 headers >"$d/headers.log" 2>&1 ||
			die 1 "$base: 'make headers' failed (see $d/headers.log)"
	fi
	rm -rf "$d/tests" && mkdir -p "$d/tests"
	for t in $SUITES; do
		log "$base: building selftests/$t (static)"
		mkdir -p "$d/tests/$t"
		make -s -C "$d/src/tools/testing/selftests/$t" OUTPUT="$d/tests/$t" \
			KHDR_INCLUDES="-isystem $d/hdr/usr/include" LDFLAGS=-static \
			>"$d/build-$t.log" 2>&1 || die 1 "$base: selftests/$t did not build (see $d/build-$t.log)"
		find "$d/tests/$t" -type f ! -perm -u+x -delete
	done
	# the guest side: every binary with a limit (generous: pidfd_poll_test
	# took over 120 s on a KASAN kernel under TCG), framed for the host
	cat >"$d/tests/run.sh" <<'EOF'
#!/bin/sh
for t in */*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	echo "==ST== begin $t"
	(cd "$(dirname "$t")" && timeout 600 "./$(basename "$t")") 2>&1
	echo "==ST== end $t rc=$?"
done
EOF
	chmod +x "$d/tests/run.sh"
}

# verdict FILE TEST: pass, skip or fail (with the TAP counts)
verdict() {
	awk -v t="$2" '
		$0 == "==ST== begin " t { on = 1; ok = nok = skip = 0; next }
		on && index($0, "==ST== end " t " rc=") == 1 {
			rc = substr($0, length("==ST== end " t " rc=") + 1)
			v = rc == 0 ? "pass" : rc == 4 ? "skip" : "fail"
			if (rc == 143 || rc == 124) v = "fail (timeout)"
			printf "%s (ok %d, not ok %d, skip %d; rc %s)\n", v, ok, nok, skip, rc
			found = 1; exit
		}
		on && /^ok .*# SKIP/ { skip++; next }
		on && /^ok / { ok++ }
		on && /^not ok / { nok++ }
		END { if (!found) print "missing" }' "$1"
}

if [ $BUILD_ONLY = 1 ]; then
	[ "$(echo "$BASES" | wc -w)" = 1 ] || die 2 "--build-only needs one --base"
	build_tests "$BASES"
	echo "$WORK/$BASES/tests"
	exit 0
fi

rc=0
{
	echo "# Process-creation selftests, stock against patched ($(date -u +%Y-%m-%d))"
	echo
	echo "\`harness/qemu/selftests.sh\`: tools/testing/selftests/{$(echo "$SUITES" | tr ' ' ,)} built static from"
	echo "each base's own source, run as root in the QEMU guest (TCG) on the stock and"
	echo "the patched kernel, both with forkbench.config + selftests.config."
	echo "A test that passes on stock and fails on patched fails this check."
} >"$OUT/selftests.md"
for BASE in $BASES; do
	build_tests "$BASE"
	if [ -n "$KSTOCK" ]; then
		ks=$KSTOCK kp=$KPATCHED
	else
		log "$BASE: building the stock and the patched kernel with selftests.config"
		ks=$("$TOP/kernel-patch/build-kernel.sh" --base "$BASE" --stock --config "$TOP/kernel-patch/config/selftests.config" | tail -n 1) ||
			die 1 "$BASE: the stock kernel did not build"
		kp=$("$TOP/kernel-patch/build-kernel.sh" --base "$BASE" --config "$TOP/kernel-patch/config/selftests.config" | tail -n 1) ||
			die 1 "$BASE: the patched kernel did not build"
	fi
	for side in stock patched; do
		k=$ks
		[ $side = stock ] || k=$kp
		log "$BASE: booting the $side kernel"
		rm -rf "$OUT/$BASE-$side"
		"$HERE/run-guest.sh" --kernel "$k" --bin "$BIN" --out "$OUT/$BASE-$side" \
			--cmd none --selftests "$WORK/$BASE/tests" --trace-event off \
			--mem 1G --timeout "$TIMEOUT" >/dev/null 2>"$OUT/$BASE-$side.log" ||
			die 1 "$BASE: the $side boot failed (see $OUT/$BASE-$side.log)"
	done
	{
		echo
		echo "## $BASE ($(sed -n 's/^kernel_release=//p' "$OUT/$BASE-stock/guest-info.txt") vs $(sed -n 's/^kernel_release=//p' "$OUT/$BASE-patched/guest-info.txt"))"
		echo
		echo "| test | stock | patched |"
		echo "|:--|:--|:--|"
	} >>"$OUT/selftests.md"
	for t in $(cd "$WORK/$BASE/tests" && ls -d */* | sort); do
		vs=$(verdict "$OUT/$BASE-stock/selftests.txt" "$t")
		vp=$(verdict "$OUT/$BASE-patched/selftests.txt" "$t")
		echo "| $t | $vs | $vp |" >>"$OUT/selftests.md"
		case $vs:$vp in
		pass*:pass* | skip*:skip* | skip*:pass*) ;;
		pass*:*)
			echo "$PROG: REGRESSION on $BASE: $t passes on stock, on patched: $vp" >&2
			rc=1 ;;
		*)
			# not a regression, but never hidden: say why
			if [ "${vs%% *}" != pass ] && [ "${vs%% *}" != skip ]; then
				{
					echo
					echo "$t on $BASE fails on stock too; its last lines there:"
					echo
					awk -v t="$t" '$0 == "==ST== begin " t { on = 1; next } on && /^==ST== end / { exit } on' \
						"$OUT/$BASE-stock/selftests.txt" | grep -E 'not ok|#|rc=|error|fail' | tail -n 6 | sed 's/^/    /'
				} >>"$OUT/selftests.md.notes"
			fi ;;
		esac
	done
	for side in stock patched; do
		bad=$(grep -E 'BUG:|WARNING:|Oops|KASAN|possible recursive locking|circular locking|sleeping function called' \
			"$OUT/$BASE-$side/console.log" | head -n 3 || true)
		[ -z "$bad" ] || { echo; echo "$BASE $side console: $bad"; } >>"$OUT/selftests.md"
	done
done
if [ -f "$OUT/selftests.md.notes" ]; then
	{ echo; echo "## Failures on stock too"; cat "$OUT/selftests.md.notes"; } >>"$OUT/selftests.md"
	rm -f "$OUT/selftests.md.notes"
fi
cat "$OUT/selftests.md"
[ $rc = 0 ] || echo "$PROG: a test that passes on stock fails on patched" >&2
exit $rc

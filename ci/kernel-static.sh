#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-static.sh - the static checks a maintainer runs on the series,
# for each base: checkpatch.pl; sparse (C=2) and W=1 on the objects the
# series touches (kernel/fork.o, and fs/exec.o which includes
# trace/events/task.h), stock against patched, failing on any warning the
# series adds; and the same objects compiled under configs that change
# copy_process(): tracing compiled out, NUMA + cgroups + audit + LSM +
# lockdep, and PREEMPT_RT where the base has it (6.12).  Not part of ci/test.sh: it needs sparse
# and takes some minutes a base.
#
# Usage: ci/kernel-static.sh [--base 6.1|6.12|all] [--work-dir DIR] [--keep]
# Writes a report to stdout; exit 0 when clean, 1 when the series adds a
# warning or an object does not compile, 2 on bad usage, 3 when a tool or
# the source is missing.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=kernel-static.sh
BASES="6.1 6.12"
WORK=${FORKBENCH_KSTATIC_DIR:-/var/tmp/forkbench-kstatic}
KEEP=0
die() { local c=$1; shift; echo "$PROG: error: $*" >&2; exit "$c"; }
log() { echo "$PROG: $*" >&2; }
while [ $# -gt 0 ]; do
	case $1 in
	--base) case ${2:?--base needs a value} in all) BASES="6.1 6.12" ;; 6.1 | 6.12) BASES=$2 ;;
		*) die 2 "--base must be 6.1, 6.12 or all" ;; esac; shift 2 ;;
	--work-dir) WORK=${2:?}; shift 2 ;;
	--keep) KEEP=1; shift ;;
	-h | --help) awk 'NR > 2 && !/^#/ { exit } NR > 3' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die 2 "unknown argument '$1' (try --help)" ;;
	esac
done
command -v sparse >/dev/null || die 3 "sparse not found: install it with 'apt-get install sparse'"
for t in make gcc flex bison bc perl xz patch; do
	command -v $t >/dev/null || die 3 "'$t' not found (see kernel-patch/README.md for the build packages)"
done

OBJS="kernel/fork.o fs/exec.o"
rc=0
# Options that add code to copy_process() or to what it calls; each must
# take, or the check would pass on a config that never built that code.
WIDE="CONFIG_DEBUG_KERNEL=y CONFIG_NUMA=y CONFIG_CGROUPS=y CONFIG_MEMCG=y CONFIG_AUDIT=y CONFIG_AUDITSYSCALL=y
CONFIG_SECURITY=y CONFIG_PROVE_LOCKING=y CONFIG_DEBUG_ATOMIC_SLEEP=y CONFIG_NAMESPACES=y CONFIG_USER_NS=y
CONFIG_PID_NS=y CONFIG_CHECKPOINT_RESTORE=y CONFIG_NET=y"

# build_objs DIR CONFIG-LINES... : configure DIR's objects and build $OBJS
# with C=2 W=1; the warnings (file:line stripped of the line number) go
# to stdout.
build_objs() {
	local tree=$1 obj=$2
	shift 2
	mkdir -p "$obj"
	cp "$CONFIG" "$obj/.config"
	printf '%s\n' "$@" | tr ' ' '\n' | sed '/^$/d' >>"$obj/.config"
	make -s -C "$tree" O="$obj" ARCH=x86_64 olddefconfig >/dev/null 2>&1 || return 1
	local w
	for w in "$@"; do
		for o in $w; do
			case $o in
			*=n) ! grep -q "^${o%=n}=[ym]" "$obj/.config" || { echo "OPTION-DID-NOT-TAKE $o"; return 0; } ;;
			*) grep -qx "$o" "$obj/.config" || { echo "OPTION-DID-NOT-TAKE $o"; return 0; } ;;
			esac
		done
	done
	make -s -C "$tree" O="$obj" ARCH=x86_64 -j"$(nproc)" prepare >/dev/null 2>&1 || return 1
	# C=2 checks the objects even when they are up to date
	make -C "$tree" O="$obj" ARCH=x86_64 C=2 W=1 $OBJS 2>&1 >/dev/null |
		grep -E 'warning|error' | sed -E 's/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/' | sort -u
	return "${PIPESTATUS[0]}"
}

# restore_stock: the files the series touches, as the tarball has them
restore_stock() {
	(cd "$D/pristine" && cp --parents kernel/fork.c include/trace/events/task.h "$SRC/")
	rm -f "$SRC"/kernel/fork.c.{orig,rej} "$SRC"/include/trace/events/task.h.{orig,rej}
}

for BASE in $BASES; do
	TARBALL=/usr/src/linux-source-$BASE.tar.xz
	[ -r "$TARBALL" ] || die 3 "$TARBALL not found: install it with 'apt-get install linux-source-$BASE'"
	D=$WORK/$BASE
	SERIES=("$TOP/kernel-patch/$BASE"/000[1-9]-*.patch)
	if [ ! -f "$D/src/Makefile" ] || [ ! -f "$D/pristine/kernel/fork.c" ]; then
		log "unpacking $TARBALL"
		rm -rf "$D" && mkdir -p "$D/unpack"
		tar -xf "$TARBALL" -C "$D/unpack"
		mv "$D"/unpack/linux-source-* "$D/src" && rmdir "$D/unpack"
		# the files the series touches, to go back to stock from any state
		mkdir -p "$D/pristine"
		(cd "$D/src" && cp --parents kernel/fork.c include/trace/events/task.h "$D/pristine/")
	fi
	SRC=$D/src
	restore_stock
	# the benchmark config, as build-kernel.sh makes it
	CONFIG=$D/forkbench.config.full
	if [ ! -s "$CONFIG" ]; then
		mkdir -p "$D/cfg"
		make -s -C "$SRC" O="$D/cfg" ARCH=x86_64 tinyconfig >/dev/null 2>&1
		(cd "$SRC" && scripts/kconfig/merge_config.sh -m -O "$D/cfg" "$D/cfg/.config" \
			"$TOP/kernel-patch/config/forkbench.config") >/dev/null 2>&1
		make -s -C "$SRC" O="$D/cfg" ARCH=x86_64 olddefconfig >/dev/null 2>&1
		cp "$D/cfg/.config" "$CONFIG"
	fi
	echo "## $BASE"
	echo
	echo "checkpatch.pl:"
	if out=$(cd "$SRC" && scripts/checkpatch.pl -q "${SERIES[@]}" 2>&1); then
		echo "  clean (0 errors, 0 warnings)"
	else
		echo "$out" | sed 's/^/  /'
		echo "  NOT CLEAN"; rc=1
	fi
	# --strict adds CHECKs; the TRACE_EVENT() macro layout every trace
	# header uses draws some of them, so they are counted, not failed on.
	echo "  --strict: $( (cd "$SRC" && scripts/checkpatch.pl --strict -q "${SERIES[@]}" 2>&1) |
		grep -c '^CHECK:') CHECKs (alignment and '(' at line end inside TRACE_EVENT())"
	for variant in forkbench notrace wide $([ "$BASE" = 6.12 ] && echo rt); do
		case $variant in
		forkbench) extra=() ;;
		# the series with tracing compiled out: the marks must vanish cleanly
		notrace) extra=("CONFIG_FTRACE=n CONFIG_TRACING=n CONFIG_EVENT_TRACING=n CONFIG_TRACEPOINTS=n") ;;
		wide) extra=("$WIDE") ;;
		rt) extra=("CONFIG_EXPERT=y CONFIG_PREEMPT_RT=y $WIDE") ;;
		esac
		log "$BASE $variant: stock objects"
		stock=$(build_objs "$SRC" "$D/obj-$variant" "${extra[@]}") || { echo "  $variant: stock objects do not build"; rc=1; continue; }
		log "$BASE $variant: patched objects"
		for p in "${SERIES[@]}"; do patch -d "$SRC" -p1 --batch --quiet <"$p"; done
		patched=$(build_objs "$SRC" "$D/obj-$variant" "${extra[@]}") || { echo "  $variant: patched objects do not build"; rc=1; }
		restore_stock
		new=$(comm -13 <(echo "$stock") <(echo "$patched") | sed '/^$/d')
		echo
		echo "sparse (C=2) + W=1 on $OBJS, config '$variant'$([ ${#extra[@]} -eq 0 ] || echo " (+ $(echo "${extra[*]}" | tr '\n' ' '))"):"
		echo "  stock: $(echo "$stock" | sed '/^$/d' | wc -l) warnings; patched: $(echo "$patched" | sed '/^$/d' | wc -l); new with the series: $(echo "$new" | sed '/^$/d' | wc -l)"
		if echo "$stock$patched" | grep -q OPTION-DID-NOT-TAKE; then
			echo "  an option did not take: $(echo "$stock$patched" | grep OPTION-DID-NOT-TAKE | head -1)"
			rc=1
		fi
		if [ -n "$new" ]; then
			echo "$new" | sed 's/^/  NEW: /'
			rc=1
		fi
	done
	echo
done
[ $KEEP = 1 ] || rm -rf "$WORK"/*/obj-*
exit $rc

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh - build a small x86-64 kernel for forkbench, with or
# without the copy_process tracepoint series, and cache the bzImage.
#
# Run with --help for usage.  Progress goes to stderr; the last line on
# stdout is the path of the bzImage.

set -euo pipefail

SCRIPT_VERSION=1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=build-kernel.sh
ORIG_ARGS=("$@")

BASE=6.1
SRC=
SERIES_BASE=
STOCK=0
FRAGMENTS=("$HERE/config/forkbench.config")
NO_TRACEPOINTS=0
EXTRA=()
CACHE_DIR=${FORKBENCH_KERNEL_CACHE:-/var/tmp/forkbench-kernels}
WORK_DIR=${FORKBENCH_KBUILD_DIR:-/var/tmp/forkbench-kbuild}
JOBS=$(nproc 2>/dev/null || echo 2)
FORCE=0
VERBOSE=0

usage() {
	cat <<EOF
Usage: $PROG [options]

Build an x86-64 bzImage for forkbench from a tinyconfig base plus the
config fragment in kernel-patch/config/, with the copy_process tracepoint
series of kernel-patch/<base>/ applied (unless --stock).

Options:
  --base 6.1|6.12      Debian linux-source package to unpack from
                       /usr/src/linux-source-<base>.tar.xz (default 6.1).
  --src DIR            Use this kernel source tree instead of the tarball.
                       The series is applied to it in place (unless it is
                       already applied, or --stock); objects go to the work
                       dir, never into DIR.  The base is taken from its
                       Makefile; a tree that is neither 6.1 nor 6.12 gets
                       the nearer series (6.1/ before 6.2, where the mm
                       counters became per-CPU, 6.12/ from 6.2 on).  If
                       kernel/fork.c already has the events (the series
                       applied by hand after a hunk failed), it is used
                       as it is.
  --series 6.1|6.12    With --src: which series to apply.
  --stock              Do not apply the series (the A side of an A/B).
  --config FRAG        Add another config fragment after the default one
                       (repeatable; later fragments win).
  --no-tracepoints     Also turn FTRACE, TRACING and TRACEPOINTS off
                       (compile test of the series without tracepoints).
  --extra-patch FILE   Apply FILE on top of the series (or of the stock
                       tree with --stock); repeatable, applied in order,
                       part of the cache key.  For test-only patches such
                       as kernel-patch/test/slowdown-<base>.patch, which
                       are never part of the series.
  --cache-dir DIR      Where finished kernels are kept
                       (default \$FORKBENCH_KERNEL_CACHE or
                       /var/tmp/forkbench-kernels).
  --work-dir DIR       Where sources are unpacked and built
                       (default \$FORKBENCH_KBUILD_DIR or
                       /var/tmp/forkbench-kbuild).
  -j N                 Parallel jobs (default: nproc = $JOBS).
  --force              Rebuild even if the cache has this kernel.
  -v, --verbose        Show the build output instead of logging it.
  -h, --help           This help.

The result is cached by base (and source), patch series hash, config hash
and compiler: building again with nothing changed prints the cached
bzImage at once.  Next to it: config, gen_init_cpio (for initramfs
packing) and build-info.

Exit status: 0 on success; 1 on a build/config failure; 2 on bad usage;
3 when a package, the source or disk space is missing; 4 when the series
does not apply.
EOF
}

die() { # die CODE message
	local code=$1
	shift
	echo "$PROG: error: $*" >&2
	exit "$code"
}
T_START=$(date +%s)
log() { echo "$PROG: [$(($(date +%s) - T_START)) s] $*" >&2; }

while [ $# -gt 0 ]; do
	case $1 in
	--base) BASE=${2:?--base needs a value}; shift 2 ;;
	--base=*) BASE=${1#*=}; shift ;;
	--src) SRC=${2:?--src needs a directory}; shift 2 ;;
	--src=*) SRC=${1#*=}; shift ;;
	--stock) STOCK=1; shift ;;
	--series) SERIES_BASE=${2:?--series needs 6.1 or 6.12}; shift 2 ;;
	--config) FRAGMENTS+=("${2:?--config needs a file}"); shift 2 ;;
	--config=*) FRAGMENTS+=("${1#*=}"); shift ;;
	--no-tracepoints) NO_TRACEPOINTS=1; shift ;;
	--extra-patch) EXTRA+=("${2:?--extra-patch needs a file}"); shift 2 ;;
	--extra-patch=*) EXTRA+=("${1#*=}"); shift ;;
	--cache-dir) CACHE_DIR=${2:?--cache-dir needs a directory}; shift 2 ;;
	--cache-dir=*) CACHE_DIR=${1#*=}; shift ;;
	--work-dir) WORK_DIR=${2:?--work-dir needs a directory}; shift 2 ;;
	--work-dir=*) WORK_DIR=${1#*=}; shift ;;
	-j) JOBS=${2:?-j needs a number}; shift 2 ;;
	-j*) JOBS=${1#-j}; shift ;;
	--force) FORCE=1; shift ;;
	-v | --verbose) VERBOSE=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) echo "$PROG: error: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done

case $JOBS in '' | *[!0-9]*) die 2 "-j wants a number, got '$JOBS'" ;; esac

# ---------------------------------------------------------------- tools
need_cmd() { # need_cmd COMMAND APT-PACKAGE
	command -v "$1" >/dev/null 2>&1 ||
		die 3 "'$1' not found: install it with 'apt-get install $2'"
}
need_cmd make make
need_cmd gcc gcc
need_cmd flex flex
need_cmd bison bison
need_cmd bc bc
need_cmd perl perl
need_cmd xz xz-utils
need_cmd patch patch
need_cmd sha256sum coreutils
need_cmd flock util-linux
[ -e /usr/include/libelf.h ] || [ -e /usr/include/gelf.h ] ||
	die 3 "libelf headers not found (objtool needs them): install them with 'apt-get install libelf-dev'"
[ "$(uname -m)" = x86_64 ] || die 3 "this script builds x86-64 kernels on an x86-64 host (this is $(uname -m))"

for i in "${!FRAGMENTS[@]}"; do
	f=${FRAGMENTS[i]}
	[ -f "$f" ] && [ -r "$f" ] || die 2 "config fragment '$f' not readable"
	# absolute: merge_config.sh runs inside the source tree
	FRAGMENTS[i]=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
done
for i in "${!EXTRA[@]}"; do
	{ [ -f "${EXTRA[i]}" ] && [ -r "${EXTRA[i]}" ]; } || die 2 "extra patch '${EXTRA[i]}' not readable"
	EXTRA[i]=$(cd "$(dirname "${EXTRA[i]}")" && pwd)/$(basename "${EXTRA[i]}")
done

free_mb() { # free MB on the filesystem holding $1 (created if needed)
	mkdir -p "$1" && df -Pm "$1" | awk 'NR == 2 { print $4 }'
}

sha() { sha256sum | cut -c1-16; }

# ---------------------------------------------------------------- source
TARBALL=
if [ -n "$SRC" ]; then
	{ [ -f "$SRC/Makefile" ] && [ -f "$SRC/kernel/fork.c" ]; } ||
		die 3 "--src '$SRC' is not a kernel source tree (no Makefile or kernel/fork.c)"
	SRC=$(cd "$SRC" && pwd)
	KVER=$(make -s -C "$SRC" kernelversion 2>/dev/null) ||
		die 3 "cannot read the kernel version of '$SRC'"
	BASE=$(echo "$KVER" | cut -d. -f1,2)
	if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
		SRC_ID="git:$(git -C "$SRC" rev-parse HEAD):$( (git -C "$SRC" diff HEAD; git -C "$SRC" status --porcelain) | sha)"
	else
		SRC_ID=  # not a git tree: no way to tell it changed, so no cache
	fi
else
	case $BASE in
	6.1 | 6.12) ;;
	*) die 2 "--base must be 6.1 or 6.12 (or use --src DIR), got '$BASE'" ;;
	esac
	TARBALL=/usr/src/linux-source-$BASE.tar.xz
	[ -r "$TARBALL" ] ||
		die 3 "$TARBALL not found: install it with 'apt-get install linux-source-$BASE'"
	SRC_ID="tarball:$TARBALL:$(stat -c '%s:%Y' "$TARBALL")"
fi

SERIES_DIR=$HERE/$BASE
if [ -n "$SRC" ]; then
	if [ -n "$SERIES_BASE" ]; then
		case $SERIES_BASE in 6.1 | 6.12) ;; *) die 2 "--series must be 6.1 or 6.12, got '$SERIES_BASE'" ;; esac
		SERIES_DIR=$HERE/$SERIES_BASE
	elif [ ! -d "$SERIES_DIR" ]; then
		# get_mm_rss() became approximate in 6.2 (per-CPU rss_stat):
		# the 6.12 series sums the counters exactly.
		if [ "$(printf '%s\n' "$BASE" 6.2 | sort -V | head -1)" = 6.2 ]; then
			SERIES_DIR=$HERE/6.12
		else
			SERIES_DIR=$HERE/6.1
		fi
		log "no series made for $KVER: using $(basename "$SERIES_DIR")/ (--series to choose)"
	fi
elif [ -n "$SERIES_BASE" ]; then
	die 2 "--series goes with --src"
fi
SERIES=()
if [ $STOCK = 0 ]; then
	[ -d "$SERIES_DIR" ] || die 3 "no patch series for base $BASE in $SERIES_DIR (use --stock?)"
	for p in "$SERIES_DIR"/[0-9][0-9][0-9][0-9]-*.patch; do
		case $(basename "$p") in 0000-*) continue ;; esac
		[ -f "$p" ] && SERIES+=("$p")
	done
	[ ${#SERIES[@]} -gt 0 ] || die 3 "no patches in $SERIES_DIR"
	SERIES_HASH=$(cat "${SERIES[@]}" | sha)
	VARIANT=p$SERIES_HASH
	LOCALVERSION=-forkbench
else
	VARIANT=stock
	LOCALVERSION=-stock
fi
# Extra patches make another variant (and so another cache entry and
# another uname -r); with none, names and cache keys are as before.
if [ ${#EXTRA[@]} -gt 0 ]; then
	EXTRA_HASH=$(cat "${EXTRA[@]}" | sha)
	VARIANT=$VARIANT+x$EXTRA_HASH
	LOCALVERSION=$LOCALVERSION-x$(echo "$EXTRA_HASH" | cut -c1-8)
fi
# Everything applied to the tree, in order: the series, then the extras.
TO_APPLY=("${SERIES[@]}" "${EXTRA[@]}")

# The config: every fragment, plus the generated no-tracepoints one.
GEN_FRAG=
if [ $NO_TRACEPOINTS = 1 ]; then
	GEN_FRAG=$(mktemp /tmp/forkbench-notp.XXXXXX.config)
	trap 'rm -f "$GEN_FRAG"' EXIT
	cat >"$GEN_FRAG" <<'EOF'
# CONFIG_FTRACE is not set
# CONFIG_ENABLE_DEFAULT_TRACERS is not set
# CONFIG_TRACING is not set
# CONFIG_EVENT_TRACING is not set
# CONFIG_TRACEPOINTS is not set
EOF
	FRAGMENTS+=("$GEN_FRAG")
fi
CONFIG_HASH=$(cat "${FRAGMENTS[@]}" | sha)
CC_ID=$(gcc --version | head -1)
BUILD_ID=$(printf '%s\n' "v$SCRIPT_VERSION" "$BASE" "$SRC_ID" "$VARIANT" "$CONFIG_HASH" "$CC_ID" | sha)
NAME=$BASE-$VARIANT-c$CONFIG_HASH-$BUILD_ID
OUT=$CACHE_DIR/$NAME

if [ -n "$SRC_ID" ] && [ $FORCE = 0 ] && [ -s "$OUT/bzImage" ] && [ -f "$OUT/build-info" ]; then
	log "cached: $OUT (base $BASE, $VARIANT, config $CONFIG_HASH)"
	echo "$OUT/bzImage"
	exit 0
fi

# ---------------------------------------------------------------- disk
[ "$(free_mb "$WORK_DIR")" -ge 3000 ] ||
	die 3 "low disk space: $WORK_DIR has $(free_mb "$WORK_DIR") MB free, a build needs about 3000 MB"
[ "$(free_mb "$CACHE_DIR")" -ge 100 ] ||
	die 3 "low disk space: $CACHE_DIR has $(free_mb "$CACHE_DIR") MB free, need 100 MB"

mkdir -p "$WORK_DIR"
exec 9>"$WORK_DIR/$BASE.lock"
flock 9 # one build per base at a time: they share the source tree

# apply_patches DIR PATCH...: apply each to DIR, or die 4 naming the patch.
apply_patches() {
	local dir=$1 p out
	shift
	for p in "$@"; do
		if ! out=$(patch -d "$dir" -p1 --forward --batch --dry-run <"$p" 2>&1); then
			die 4 "patch $(basename "$p") does not apply to $dir: $(echo "$out" | grep -m1 -iE 'fail|reject|malformed|can.t find|reversed' || echo "$out" | tail -1) (to fix it by hand: 'patch -d $dir -p1 --merge <$p', resolve the conflict markers, then run this again; kernel-patch/README.md, 'Your own tree')"
		fi
		patch -d "$dir" -p1 --forward --batch --quiet <"$p" >/dev/null ||
			die 4 "patch $(basename "$p") failed to apply to $dir"
	done
}

if [ -z "$SRC" ]; then
	TREE=$WORK_DIR/$BASE/src
	STATE=$WORK_DIR/$BASE/state # "stock" or the series hash now applied
	APPLIED=$WORK_DIR/$BASE/applied # copies of the applied patches
	if [ ! -f "$TREE/Makefile" ] || [ ! -f "$STATE" ] || [ "$(cat "$STATE")" = unpacking ]; then
		rm -rf "$WORK_DIR/$BASE/src" "$WORK_DIR/$BASE/unpack"
		mkdir -p "$WORK_DIR/$BASE/unpack"
		echo unpacking >"$STATE"
		log "unpacking $TARBALL"
		# --touch: files dated now, newer than any object left in the
		# object dirs by an earlier tree, so make rebuilds what changed
		tar --touch -xf "$TARBALL" -C "$WORK_DIR/$BASE/unpack" ||
			die 3 "cannot unpack $TARBALL (disk full?)"
		mv "$WORK_DIR/$BASE/unpack"/linux-source-* "$TREE"
		rmdir "$WORK_DIR/$BASE/unpack"
		echo stock >"$STATE"
	fi
	if [ "$(cat "$STATE")" != "$VARIANT" ]; then
		if [ "$(cat "$STATE")" != stock ]; then
			log "reverting the previously applied series"
			reverted=1
			# last patch first: later patches may touch the same lines
			applied=("$APPLIED"/*.patch)
			for ((i = ${#applied[@]} - 1; i >= 0; i--)); do
				p=${applied[i]}
				{ [ -f "$p" ] && patch -d "$TREE" -p1 -R --batch --quiet <"$p" >/dev/null; } ||
					{ reverted=0; break; }
			done
			[ -d "$APPLIED" ] || reverted=0
			if [ $reverted = 0 ]; then
				log "revert failed; unpacking afresh"
				rm -rf "$TREE" "$STATE"
				exec 9>&-
				exec "$0" "${ORIG_ARGS[@]}"
			fi
			echo stock >"$STATE"
		fi
		if [ ${#TO_APPLY[@]} -gt 0 ]; then
			[ ${#SERIES[@]} -eq 0 ] || log "applying ${#SERIES[@]} patches from $SERIES_DIR"
			[ ${#EXTRA[@]} -eq 0 ] || log "applying extra patches: $(printf '%s ' "${EXTRA[@]##*/}")"
			apply_patches "$TREE" "${TO_APPLY[@]}"
			rm -rf "$APPLIED"
			mkdir -p "$APPLIED"
			[ ${#SERIES[@]} -eq 0 ] || cp "${SERIES[@]}" "$APPLIED/"
			# named to sort after the series: the revert above goes by name
			for i in "${!EXTRA[@]}"; do
				cp "${EXTRA[i]}" "$APPLIED/x$(printf '%02d' "$i")-$(basename "${EXTRA[i]%.patch}").patch"
			done
			echo "$VARIANT" >"$STATE"
		fi
	fi
	OBJ=$WORK_DIR/$BASE/obj-c$CONFIG_HASH
else
	TREE=$SRC
	if [ ${#TO_APPLY[@]} -gt 0 ]; then
		if cat "${TO_APPLY[@]}" | patch -d "$TREE" -p1 -R --batch --dry-run >/dev/null 2>&1; then
			log "series and extra patches already applied in $TREE"
		elif [ ${#EXTRA[@]} -eq 0 ] && grep -q 'trace_task_copy_process(' "$TREE/kernel/fork.c"; then
			# not the series byte for byte: applied by hand
			log "kernel/fork.c in $TREE already has the events: using it as it is"
		else
			log "applying ${#SERIES[@]} patches from $SERIES_DIR and ${#EXTRA[@]} extra patches to $TREE"
			apply_patches "$TREE" "${TO_APPLY[@]}"
		fi
	fi
	OBJ=$WORK_DIR/src-$(echo "$SRC" | sha)/obj-c$CONFIG_HASH
fi
mkdir -p "$OBJ"

# ---------------------------------------------------------------- config
export KBUILD_BUILD_USER=forkbench KBUILD_BUILD_HOST=forkbench
MAKE=(make -C "$TREE" O="$OBJ" ARCH=x86_64 LOCALVERSION="$LOCALVERSION")
if command -v ccache >/dev/null 2>&1; then
	MAKE+=(CC="ccache gcc")
	export CCACHE_BASEDIR=$WORK_DIR CCACHE_NOHASHDIR=true
	log "using ccache"
fi
LOG=$OBJ/build.log
: >"$LOG"
run() { # run make quietly into the log (or verbosely)
	if [ $VERBOSE = 1 ]; then
		"${MAKE[@]}" "$@" 2>&1 | tee -a "$LOG" >&2
		return "${PIPESTATUS[0]}"
	fi
	"${MAKE[@]}" "$@" >>"$LOG" 2>&1
}
fail_log() {
	echo "---- last lines of $LOG ----" >&2
	tail -n 25 "$LOG" >&2
	die 1 "$*"
}

log "configuring: tinyconfig + $(printf '%s ' "${FRAGMENTS[@]##*/}")"
run tinyconfig || fail_log "make tinyconfig failed"
(cd "$TREE" && scripts/kconfig/merge_config.sh \
	-m -O "$OBJ" "$OBJ/.config" "${FRAGMENTS[@]}") >>"$LOG" 2>&1 ||
	fail_log "merge_config.sh failed"
run olddefconfig || fail_log "make olddefconfig failed"

# Every option the fragments ask for must have taken (later ones win).
missing=$(awk '
	FNR == NR { have[$0] = 1; next }
	/^CONFIG_[A-Za-z0-9_]+=/ { s = $0; sub(/=.*/, "", s); want[s] = $0; order[++n] = s; next }
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ { want[$2] = "n"; order[++n] = $2; next }
	END {
		for (i = 1; i <= n; i++) {
			s = order[i]
			if (done[s]++) continue
			if (want[s] == "n") {
				if ((s "=y") in have || (s "=m") in have) print s "=n"
			} else if (!(want[s] in have)) print want[s]
		}
	}' "$OBJ/.config" "${FRAGMENTS[@]}")
if [ -n "$missing" ]; then
	die 1 "config options did not take (unmet dependencies?): $(echo "$missing" | tr '\n' ' ')"
fi

# ---------------------------------------------------------------- build
log "building bzImage in $OBJ with -j$JOBS (log: $LOG)"
t0=$(date +%s)
run -j"$JOBS" bzImage || fail_log "kernel build failed"
t1=$(date +%s)
KREL=$(cat "$OBJ/include/config/kernel.release")
log "built $KREL in $((t1 - t0)) s"

mkdir -p "$OUT.tmp"
cp "$OBJ/arch/x86/boot/bzImage" "$OUT.tmp/bzImage"
cp "$OBJ/.config" "$OUT.tmp/config"
[ -x "$OBJ/usr/gen_init_cpio" ] && cp "$OBJ/usr/gen_init_cpio" "$OUT.tmp/"
{
	echo "kernel_release=$KREL"
	echo "base=$BASE"
	echo "source=${SRC_ID:-$SRC (not a git tree)}"
	echo "variant=$VARIANT"
	if [ $STOCK = 0 ]; then
		for p in "${SERIES[@]}"; do echo "patch=$(basename "$p")"; done
	fi
	for p in "${EXTRA[@]}"; do echo "extra_patch=$p sha256=$(sha256sum <"$p" | cut -d' ' -f1)"; done
	echo "config_hash=$CONFIG_HASH"
	for f in "${FRAGMENTS[@]}"; do echo "fragment=$f"; done
	echo "no_tracepoints=$NO_TRACEPOINTS"
	echo "compiler=$CC_ID"
	echo "build_seconds=$((t1 - t0))"
	echo "built_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$OUT.tmp/build-info"
rm -rf "$OUT"
mv "$OUT.tmp" "$OUT"
echo "$OUT/bzImage"

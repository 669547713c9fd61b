#!/usr/bin/env bash
# lean-check in instruction time. Runs the three sides of
# harness/lean-check.sh (the floor, the loop that reads placements, and
# forkbench) in a QEMU guest booted with -icount, where a guest nanosecond
# is one instruction, so that the table does not move with the host's
# load; then lean-check prints the table of those runs (FROM=) through
# forkbench compare. The guest has one CPU and every run is pinned to it,
# as in lean-check's pinned half. It counts the code path only: no cache or
# TLB misses, no memory bandwidth (docs/lean-check.md).
#
# Usage: harness/qemu/lean-icount.sh --kernel BZIMAGE --bin DIR --out DIR [options]
#   --bin DIR          a static build's bench/ (cmake -DFORKBENCH_STATIC=ON):
#                      forkbench, its worker and helper, the loops, loop-results
#   --out DIR          where the runs are kept (METHOD.pinned/SIDE.ROUND.json)
#   --rounds R         alternating rounds (default 6)
#   --samples N        samples per run (default 300)
#   --methods "M..."   as lean-check's METHODS (default: all nine and fork@64M)
#   --guest-aslr on|off  (default on: each run draws its layout, as on a host)
#   --timeout S        for the whole guest run (default 3600)
# Exit: lean-check's (0, 1 over a goal, 3 a failed run), 2 on bad usage.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kernel='' bin='' out='' rounds=6 samples=300 aslr=on timeout=3600
methods="fork fork@64M vfork thread pthread posix_spawn fork_exec vfork_exec pidfd pidfd_open"
usage() { echo "lean-icount: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2:?}; shift 2 ;;
	--bin) bin=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	--rounds) rounds=${2:?}; shift 2 ;;
	--samples) samples=${2:?}; shift 2 ;;
	--methods) methods=${2:?}; shift 2 ;;
	--guest-aslr) aslr=${2:?}; shift 2 ;;
	--timeout) timeout=${2:?}; shift 2 ;;
	*) usage "unknown argument '$1' (see the head of $0)" ;;
	esac
done
[ -n "$kernel" ] && [ -n "$bin" ] && [ -n "$out" ] || usage "--kernel, --bin and --out are required"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || usage "--rounds must be a positive number, not '$rounds'"
[[ $samples =~ ^[1-9][0-9]*$ ]] && [ "$samples" -ge 40 ] || usage "--samples must be a number from 40, not '$samples'"
for b in forkbench loop-results floor-fork minimal-fork-static; do
	[ -x "$bin/$b" ] || usage "$bin/$b is missing: build with -DFORKBENCH_STATIC=ON"
done
for m in $methods; do
	case $m in fork | fork@64M | vfork | thread | pthread | posix_spawn | fork_exec | vfork_exec | pidfd | pidfd_open) ;;
	*) usage "--methods: no method '$m'" ;;
	esac
done
mkdir -p "$out" || usage "cannot create $out"
[ -z "$(find "$out" -maxdepth 1 -name '*.pinned' | head -1)" ] || usage "$out holds runs already: give an empty directory"
guest=$(mktemp -d)
trap 'rm -rf "$guest"' EXIT
cp "$bin"/floor-* "$bin"/minimal-* "$bin/loop-results" "$guest/"
printf 'ROUNDS=%s\nSAMPLES=%s\nMETHODS="%s"\n' "$rounds" "$samples" "$methods" >"$guest/lean.conf"

# The guest's side of it, in busybox sh: the sides as lean-check.sh runs
# them pinned (its loop_of and params_of), in its six orders, each run's
# results file sent back on stdout between markers.
cat >"$guest/run.sh" <<'EOF'
#!/bin/sh
cd "$(dirname "$0")"
. ./lean.conf
H=/bin/forkbench-helper
params() { case $1 in fork@64M) echo "--rss 64M --thp off" ;; *) echo "--rss 0" ;; esac; }
loop() {
	d=$(echo "${2%@*}" | tr _ -)
	case $1:$2 in
	floor:fork) echo "./floor-fork" ;;
	floor:fork@64M) echo "./floor-fork 64" ;;
	placement:fork) echo "./minimal-fork-static" ;;
	placement:fork@64M) echo "./minimal-fork-static --rss 64" ;;
	floor:posix_spawn | floor:fork_exec | floor:vfork_exec) echo "./floor-$d $H" ;;
	placement:posix_spawn | placement:fork_exec | placement:vfork_exec) echo "./minimal-$d $H --cpu" ;;
	*) echo "./$1-$d" | sed 's|^./placement-|./minimal-|' ;;
	esac
}
orders="floor,placement,fb fb,floor,placement placement,fb,floor floor,fb,placement placement,floor,fb fb,placement,floor"
for r in $(seq "$ROUNDS"); do
	turn=0
	for m in $METHODS; do
		k=$(((r + turn) % 6 + 1))
		for side in $(echo "$orders" | cut -d' ' -f$k | tr , ' '); do
			f=/tmp/$m.$side.$r.json
			if [ "$side" = fb ]; then
				# shellcheck disable=SC2046
				taskset -c 0 /bin/forkbench run -m "${m%@*}" $(params "$m") -n "$SAMPLES" --cpu 0 \
					-q --no-progress --json "$f" >/dev/null 2>/tmp/err || { echo "==FAILED $m $side"; cat /tmp/err; }
			else
				# shellcheck disable=SC2046
				set -- $(loop "$side" "$m")
				b=$1
				shift
				taskset -c 0 "$b" "$SAMPLES" "$@" >/tmp/s || echo "==FAILED $m $side"
				# shellcheck disable=SC2046
				taskset -c 0 ./loop-results --method "${m%@*}" $(params "$m") --cpu 0 --label "${b#./}" \
					--json "$f" </tmp/s || echo "==FAILED $m $side loop-results"
			fi
			echo "==FILE $m.pinned/$side.$r.json"
			cat "$f"
			echo
			echo "==END"
			rm -f "$f"
		done
		turn=$((turn + 1))
	done
done
EOF
chmod +x "$guest/run.sh"

"$here/run-guest.sh" --kernel "$kernel" --bin "$bin" --out "$out/guest" --clock icount \
	--guest-aslr "$aslr" --trace-event off --cmd none --selftests "$guest" --timeout "$timeout" ||
	{ echo "lean-icount: the guest run failed (see $out/guest)" >&2; exit 3; }
if grep -q '^==FAILED' "$out/guest/selftests.txt"; then
	echo "lean-icount: a run failed in the guest:" >&2
	grep -A3 '^==FAILED' "$out/guest/selftests.txt" | head -8 >&2
	exit 3
fi
# Each run's file, as lean-check keeps them.
awk -v out="$out" '
	/^==FILE / { f = out "/" $2; d = f; sub(/\/[^\/]*$/, "", d); system("mkdir -p \"" d "\""); next }
	/^==END/ { close(f); f = ""; next }
	f != "" && NF { print > f }' "$out/guest/selftests.txt"
want=$((rounds * 3 * $(wc -w <<<"$methods")))
got=$(find "$out" -path '*.pinned/*.json' ! -name 'compare-*' | wc -l)
[ "$got" -eq "$want" ] || { echo "lean-icount: $got of $want results files came back from the guest" >&2; exit 3; }
echo "In instruction time: QEMU -icount, kernel $(basename "$(dirname "$kernel")"), guest ASLR $aslr, one CPU"
METHODS=$methods PLACES=pinned FROM=$out "$here/../lean-check.sh" "$(dirname "$bin")"

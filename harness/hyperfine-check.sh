#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# hyperfine-check.sh: forkbench's posix_spawn and fork_exec round trips
# beside what hyperfine (-N, no shell) measures for the same static helper.
# hyperfine times spawn + exec + exit + wait plus its own bookkeeping, so
# forkbench should read lower by about that overhead, and never higher.
#
# Usage: harness/hyperfine-check.sh [BUILD_DIR] (default: build)
#   RUNS=N      samples per tool (default 1000)
#   CPU=N       pin both tools to CPU N (taskset); unset: not pinned
#   KEEP=DIR    keep the JSON exports in DIR
set -euo pipefail

build=${1:-build}
runs=${RUNS:-1000}
fb=$build/bench/forkbench
helper=$build/bench/forkbench-helper

die() { echo "hyperfine-check: $*" >&2; exit 2; }
command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install hyperfine)"
command -v jq >/dev/null || die "jq is not installed (apt-get install jq)"
[ -x "$fb" ] && [ -x "$helper" ] || die "no $fb or $helper: build first (cmake --build $build)"

out=${KEEP:-$(mktemp -d)}
mkdir -p "$out"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
pin=()
[ -z "${CPU:-}" ] || pin=(taskset -c "$CPU")

# The helper maps a shared page from the descriptor named in argv[1] and
# writes its start time there (bench/helper.c). Give it one: fd 3, opened
# read-write by this shell without O_CLOEXEC, is inherited by hyperfine
# and by every child it spawns.
page=$out/shared-page
truncate -s 4096 "$page"
exec 3<>"$page"

hf() { # name, extra hyperfine options..., command
	local name=$1; shift
	"${pin[@]}" hyperfine -N --style none --warmup 50 --runs "$runs" \
		--export-json "$out/$name.json" "$@" >/dev/null 2>"$out/$name.err" ||
		die "hyperfine failed: $(cat "$out/$name.err")"
}
echo "hyperfine-check: $runs runs each; kernel $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"
hf helper "$helper 3"
# The smallest command hyperfine can time: the same static binary with no
# argument exits 2 at once (-i accepts that). What hyperfine reports for it,
# minus what forkbench's posix_spawn round trip of the helper costs, is a
# lower bound of hyperfine's own overhead per run.
hf empty -i "$helper"
"${pin[@]}" "$fb" run --method posix_spawn,fork_exec --rss 0 -n "$runs" \
	--json "$out/forkbench.json" >"$out/forkbench.out" 2>&1 ||
	die "forkbench run failed: $(tail -3 "$out/forkbench.out")"

# microseconds, from hyperfine (seconds) or forkbench (ns)
hfq() { jq -r ".results[0].$2 * 1e6" "$out/$1.json"; }
fbq() {
	jq -r --arg m "$1" '.results[] | select(.parameters.method == $m)
		| .points.roundtrip.summary.'"$2"' / 1000' "$out/forkbench.json"
}
declare -A med min
med[helper]=$(hfq helper median); min[helper]=$(hfq helper min)
med[empty]=$(hfq empty median); min[empty]=$(hfq empty min)
med[posix_spawn]=$(fbq posix_spawn p50); min[posix_spawn]=$(fbq posix_spawn min)
med[fork_exec]=$(fbq fork_exec p50); min[fork_exec]=$(fbq fork_exec min)

overhead=$(awk -v e="${med[empty]}" -v p="${med[posix_spawn]}" 'BEGIN { printf "%.1f", e - p }')
printf '\n%-40s %12s %12s %14s\n' "what (round trip)" "median us" "min us" "vs hyperfine"
row() {
	awk -v n="$1" -v m="$2" -v mi="$3" -v h="${med[helper]}" 'BEGIN {
		printf "%-40s %12.1f %12.1f %+13.1f\n", n, m, mi, m - h }'
}
row "hyperfine -N: forkbench-helper 3" "${med[helper]}" "${min[helper]}"
row "hyperfine -N: forkbench-helper (empty)" "${med[empty]}" "${min[empty]}"
row "forkbench posix_spawn" "${med[posix_spawn]}" "${min[posix_spawn]}"
row "forkbench fork_exec" "${med[fork_exec]}" "${min[fork_exec]}"
echo
echo "hyperfine's own overhead, estimated (empty command - forkbench posix_spawn): ${overhead} us"

status=0
for m in posix_spawn fork_exec; do
	if awk -v f="${med[$m]}" -v h="${med[helper]}" 'BEGIN { exit !(f > h) }'; then
		cat <<-LOUD

		!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
		!!! forkbench $m reads HIGHER than hyperfine: ${med[$m]} us > ${med[helper]} us
		!!! forkbench should time less than hyperfine (no bookkeeping of its own).
		!!! Check the load (forkbench check), pin with CPU=N, rerun; if it
		!!! persists, forkbench's timed region holds something it should not.
		!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
		LOUD
		status=1
	fi
done
[ $status -ne 0 ] || echo "OK: forkbench reads lower than hyperfine for posix_spawn and fork_exec."
exit $status

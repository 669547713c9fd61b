#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# hyperfine-check.sh: forkbench's posix_spawn and fork_exec round trips
# beside what hyperfine (-N, no shell) measures for the same static helper,
# with a bare loop (bench/baseline/minimal_spawn.c) as the floor for both.
#
# hyperfine times spawn + exec + exit + wait plus its own bookkeeping, so
# hyperfine's own overhead is estimated as hyperfine minus the bare
# posix_spawn loop, independently of forkbench. forkbench must read lower
# than hyperfine, and its own excess over the bare loop must stay below
# hyperfine's overhead; if not, this says so loudly and exits 1.
# The three tools run in interleaved rounds so that drift hits all alike.
#
# Usage: harness/hyperfine-check.sh [BUILD_DIR] (default: build)
#   RUNS=N      samples per tool in all (default 1000)
#   ROUNDS=N    interleaved rounds (default 5)
#   CPU=N       pin every tool to CPU N (taskset); unset: not pinned
#   KEEP=DIR    keep the raw exports in DIR
set -euo pipefail

build=${1:-build}
runs=${RUNS:-1000}
rounds=${ROUNDS:-5}
fb=$build/bench/forkbench
helper=$build/bench/forkbench-helper
bare=$build/bench/minimal-spawn

die() { echo "hyperfine-check: $*" >&2; exit 2; }
command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install hyperfine)"
command -v jq >/dev/null || die "jq is not installed (apt-get install jq)"
for b in "$fb" "$helper" "$bare"; do
	[ -x "$b" ] || die "no $b: build first (cmake --build $build)"
done
case $runs$rounds in *[!0-9]*) die "RUNS and ROUNDS must be numbers" ;; esac
per=$((runs / rounds))
[ "$per" -ge 10 ] || die "RUNS/ROUNDS must be at least 10 (got $runs/$rounds)"

out=${KEEP:-$(mktemp -d)}
mkdir -p "$out"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
pin=()
[ -z "${CPU:-}" ] || pin=(taskset -c "$CPU")

# Every tool runs the helper without arguments: it then only exits
# (bench/worker/helper.c), as in forkbench's plain samples, whose round
# trips are the ones compared here (--points create,roundtrip: no probes).

echo "hyperfine-check: $rounds interleaved rounds of $per runs per tool; kernel $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$out/hyperfine.ns"; : >"$out/bare_spawn.ns"; : >"$out/bare_fork_exec.ns"
: >"$out/posix_spawn.ns"; : >"$out/fork_exec.ns"
for r in $(seq "$rounds"); do
	"${pin[@]}" hyperfine -N --style none --warmup 20 --runs "$per" \
		--export-json "$out/hyperfine-$r.json" "$helper" >/dev/null 2>"$out/hyperfine.err" ||
		die "hyperfine failed: $(head -n 1 "$out/hyperfine.err")"
	jq -r '.results[0].times[] * 1e9 | floor' "$out/hyperfine-$r.json" >>"$out/hyperfine.ns"
	"${pin[@]}" "$bare" "$per" "$helper" >>"$out/bare_spawn.ns" ||
		die "minimal-spawn failed"
	"${pin[@]}" "$bare" --fork "$per" "$helper" >>"$out/bare_fork_exec.ns" ||
		die "minimal-spawn --fork failed"
	"${pin[@]}" "$fb" run --method posix_spawn,fork_exec --rss 0 -n "$per" \
		--points create,roundtrip -q --no-progress \
		--json "$out/forkbench-$r.json" >"$out/forkbench.out" 2>&1 ||
		die "forkbench run failed: $(tail -n 1 "$out/forkbench.out")"
	for m in posix_spawn fork_exec; do
		jq -r --arg m $m '.results[] | select(.parameters.method == $m)
			| .points.roundtrip.samples_ns[]' "$out/forkbench-$r.json" >>"$out/$m.ns"
	done
done

# median and min in microseconds of a file of ns, one per line
stat_us() { sort -g "$1" | awk '{v[NR] = $1} END {
	m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "%.1f %.1f %d\n", m / 1000, v[1] / 1000, NR }'; }
declare -A med min n
for k in hyperfine bare_spawn bare_fork_exec posix_spawn fork_exec; do
	read -r med[$k] min[$k] n[$k] < <(stat_us "$out/$k.ns")
done
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

printf '\n%-44s %7s %11s %11s %14s\n' "round trip of forkbench-helper" "n" "median us" "min us" "- bare loop"
row() { # label key bare-key
	printf '%-44s %7d %11.1f %11.1f %+14.1f\n' "$1" "${n[$2]}" "${med[$2]}" "${min[$2]}" \
		"$(sub "${med[$2]}" "${med[$3]}")"
}
row "hyperfine -N (Rust Command: posix_spawn)" hyperfine bare_spawn
row "bare loop: posix_spawn + waitpid" bare_spawn bare_spawn
row "forkbench posix_spawn" posix_spawn bare_spawn
row "bare loop: fork + execve + waitpid" bare_fork_exec bare_fork_exec
row "forkbench fork_exec" fork_exec bare_fork_exec
overhead=$(sub "${med[hyperfine]}" "${med[bare_spawn]}")
echo
echo "hyperfine's own overhead, estimated (hyperfine - bare posix_spawn loop): $overhead us per run"
echo "forkbench should read lower than hyperfine by about that much: hyperfine - forkbench posix_spawn = $(sub "${med[hyperfine]}" "${med[posix_spawn]}") us"

status=0
loud() {
	cat <<-LOUD

	!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
	!!! $1
	!!! forkbench should time less than hyperfine (no bookkeeping of its own).
	!!! Check the load (forkbench check), pin with CPU=N, rerun; if it
	!!! persists, forkbench's timed region holds something it should not.
	!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
	LOUD
	status=1
}
gt "${med[posix_spawn]}" "${med[hyperfine]}" &&
	loud "forkbench posix_spawn reads HIGHER than hyperfine: median ${med[posix_spawn]} us > ${med[hyperfine]} us"
# The fastest runs are shown, not judged: one lucky run decides a minimum.
gt "${min[posix_spawn]}" "${min[hyperfine]}" &&
	echo "note: forkbench posix_spawn's fastest run (${min[posix_spawn]} us) is above hyperfine's (${min[hyperfine]} us)"
# fork_exec is another path than hyperfine's (fork copies the page tables
# vfork-style spawning shares), so it is held against its own bare loop:
# its excess over that loop must stay below hyperfine's overhead.
for m in posix_spawn fork_exec; do
	b=bare_spawn
	[ $m = fork_exec ] && b=bare_fork_exec
	excess=$(sub "${med[$m]}" "${med[$b]}")
	gt "$overhead" 0 && gt "$excess" "$overhead" &&
		loud "forkbench $m adds $excess us over its bare loop, more than hyperfine's own overhead ($overhead us)"
done
if ! gt "$overhead" 0; then
	echo "WARNING: hyperfine read no higher than the bare loop ($overhead us): the machine is too noisy to estimate its overhead; pin with CPU=N and raise RUNS"
	status=1
fi
[ $status -ne 0 ] || echo "OK: forkbench reads lower than hyperfine, and adds less over a bare loop than hyperfine does."
exit $status

#!/usr/bin/env bash
# The worker's shared mapping (the probes' page and a batch's rows) goes
# only to the forked children that use it: a probe's child of fork, pidfd
# and pidfd_open. A plain child, and an exec method's child, never has it
# (madvise MADV_DONTFORK): one VMA less for its fork to copy and its exit
# to tear down. child_maps stops each child the worker forks before it
# runs anything of its own and reads its /proc/PID/maps; the worker's own
# maps say the mapping was there to be kept out. No timing.
# Usage: shared_mapping.sh FORKBENCH CHILD_MAPS NO_ORPHANS
set -u
fb=$1
child_maps=$2
no_orphans=$3
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# LeakSanitizer's exit check attaches with ptrace, which a traced process cannot
export ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0

# traced NAME OUT.json RUN-ARGS...: runs forkbench under child_maps; its line in $tmp/line
traced() {
	local name=$1 json=$2
	shift 2
	"$no_orphans" "$child_maps" "$name" "$fb" run -q --no-progress --json "$tmp/$json" "$@" \
		>"$tmp/line" 2>"$tmp/err"
	rc=$?
}
if ! traced forkbench-shared probe.json -m fork -n 10 && grep -q "cannot trace" "$tmp/err"; then
	echo "# SKIP: $(cat "$tmp/err")"
	exit 77
fi
# the line child_maps printed, for a check's description and comparison
line() { cat "$tmp/line"; }
q() { jq -r "$2" "$tmp/$1"; }

for m in fork pidfd pidfd_open; do
	traced forkbench-shared "$m.json" -m $m -n 40 --warmup 0
	check "$m: exits 0, nothing left behind" test "$rc" -eq 0
	want="forked 40 with $(q "$m.json" '.results[0].sampling.kinds.probe') without $(q "$m.json" '.results[0].sampling.kinds.plain') workers 1 with 1"
	check "$m: the $(q "$m.json" '.results[0].sampling.kinds.probe') probes' children have the mapping, no plain child has it ($(line))" \
		test "$(line)" = "$want"
	check "$m: the probes still say when their children started" \
		test "$(q "$m.json" '.results[0].points.child_start.n')" = 5
done

traced forkbench-shared plain.json -m fork -n 30 --warmup 0 --points roundtrip
check "--points roundtrip: no child has it ($(line))" \
	test "$(line)" = "forked 30 with 0 without 30 workers 1 with 1"
traced forkbench-shared probes.json -m fork,pidfd -n 30 --warmup 0 --points child_start
check "--points child_start: every child has it ($(line))" \
	test "$(line)" = "forked 60 with 60 without 0 workers 1 with 1"

# An exec'd helper maps the memfd through its descriptor, which no madvise touches.
traced forkbench-shared exec.json -m fork_exec -n 30 --warmup 0 --points child_start
check "fork_exec's probes: the forked child does not have it ($(line))" \
	test "$(line)" = "forked 30 with 0 without 30 workers 1 with 1"
check "... and the helper it exec'd still wrote its start time" \
	test "$(q exec.json '.results[0].points.child_start.n')" = 30

# The methods whose child shares the parent's mm copy nothing, and are untouched.
traced forkbench-shared shared_mm.json -m vfork,thread,pthread,posix_spawn,vfork_exec -n 40 --warmup 0
check "vfork, thread, pthread, posix_spawn, vfork_exec: exit 0, nothing forked by copy ($(line))" \
	test "$rc" -eq 0 -a "$(line)" = "forked 0 with 0 without 0 workers 1 with 1"
check "... each with its 35 round trips and 5 child starts" \
	test "$(q shared_mm.json '[.results[] | [.points.roundtrip.n, .points.child_start.n]] | unique | @json')" = "[[35,5]]"

for side in child parent; do
	traced forkbench-shared "cow-$side.json" -m fork,pidfd_open --rss 1M --cow 0.5 --cow-side $side -n 20 --warmup 0
	check "--cow --cow-side $side: exits 0, the probes' children have it, the others not ($(line))" \
		test "$rc" -eq 0 -a "$(line)" = "forked 40 with 20 without 20 workers 1 with 1"
	check "... and every probe timed its COW phase" \
		test "$(q "cow-$side.json" '[.results[].points.cow.n] | @csv')" = "10,10"
done

traced forkbench-shared parallel.json -m fork --parallel 2 -n 40 --warmup 0
check "--parallel 2: each creator keeps it from its plain children ($(line))" \
	test "$rc" -eq 0 -a "$(line)" = "forked 80 with 10 without 70 workers 2 with 2"

# RLIMIT_FSIZE too small for a batch's rows in the memfd: they go into a
# shared anonymous mapping of their own (/dev/zero in maps), which no child touches.
if command -v prlimit >/dev/null; then
	prlimit --fsize=100000 "$no_orphans" "$child_maps" /dev/zero "$fb" run -q --no-progress \
		-m fork -n 40 --warmup 0 >"$tmp/line" 2>"$tmp/err"
	rc=$?
	check "RLIMIT_FSIZE: the rows apart in the worker, in no child ($(line))" \
		test "$rc" -eq 0 -a "$(line)" = "forked 40 with 0 without 40 workers 1 with 1"
	prlimit --fsize=100000 "$no_orphans" "$child_maps" forkbench-shared "$fb" run -q --no-progress \
		-m fork -n 40 --warmup 0 >"$tmp/line" 2>"$tmp/err"
	rc=$?
	check "RLIMIT_FSIZE: the probes' page still in the probes' children alone ($(line))" \
		test "$rc" -eq 0 -a "$(line)" = "forked 40 with 5 without 35 workers 1 with 1"
else
	skip "RLIMIT_FSIZE: rows apart" "needs prlimit"
	skip "RLIMIT_FSIZE: probes' page" "needs prlimit"
fi
finish

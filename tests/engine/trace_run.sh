#!/usr/bin/env bash
# forkbench run --trace: exactly one task_newtask and one sched_process_fork
# per creation, joined to its sample by pid, and the tracing instance gone
# after a normal and an interrupted run. Needs root and a mounted tracefs.
# Usage: trace_run.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
tracefs=$(awk '$3 == "tracefs" {print $2; exit}' /proc/self/mounts)
if [ "$(id -u)" -ne 0 ] || [ -z "$tracefs" ]; then
	echo "# SKIP: needs root and a mounted tracefs (mount -t tracefs nodev /sys/kernel/tracing)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Instances left behind: forkbench-PID-N whose run is gone, not counting
# those already there when the test began. A live run's instance (another
# forkbench on this machine, a parallel test) is not ours to count.
left_behind() {
	local d p
	for d in "$tracefs"/instances/forkbench-*; do
		[ -d "$d" ] || continue
		p=${d##*/forkbench-}
		p=${p%%-*}
		kill -0 "$p" 2>/dev/null || echo "${d##*/}"
	done | sort
}
left_behind >"$tmp/stale-before"
ours() { left_behind | comm -13 "$tmp/stale-before" - | wc -l; }

"$no_orphans" "$fb" run --method fork,vfork,thread,pthread,posix_spawn,pidfd --rss 0,16M -n 40 --trace \
	-q --no-progress --json "$tmp/t.json"
check "a traced run exits 0" test $? -eq 0
q() { jq -r "$1" "$tmp/t.json"; }
check "the trace was active" test "$(q '.run.trace.active')" = true
check "every sample has exactly one task_newtask, joined by its pid" \
	test "$(q '[.results[] | .trace.samples_with_one_newtask == .sampling.n] | all')" = true
check "every sample has exactly one sched_process_fork" \
	test "$(q '[.results[] | .trace.events_per_sample.sched_process_fork | all(. == 1)] | all')" = true
check "the kernel saw each task born after the call began" \
	test "$(q '[.results[] | .trace.newtask_after_call_ns.min > 0] | all')" = true
check "no tracing instance is left after a normal run" test "$(ours)" -eq 0

# Many creators at once (192 workers): every one's events must still pass
# the instance's creator filter, or samples silently lose their events.
"$no_orphans" "$fb" run --method vfork --parallel 64 --rss 0,4K,8K -n 2 --warmup 0 --trace \
	-q --no-progress --json "$tmp/p.json" 2>/dev/null
check "a traced run with 64 creators per image exits 0" test $? -eq 0
check "with 192 creators, every sample still has its task_newtask" \
	test "$(jq -r '[.results[] | .trace.samples_with_one_newtask == .sampling.n and .sampling.n == 128] | all' "$tmp/p.json")" = true

"$fb" run --method fork --time 60 --trace -q --json "$tmp/i.json" 2>"$tmp/progress" &
pid=$!
# Interrupt once samples are being taken (opening the trace is slow under ASan).
for _ in $(seq 120); do
	grep -qE ', [1-9][0-9]* samples' "$tmp/progress" && break
	sleep 0.5
done
kill -INT $pid
wait $pid
check "an interrupted traced run exits 130" test $? -eq 130
check "no tracing instance is left after SIGINT" test "$(ours)" -eq 0
check "its partial results carry the joined events" \
	test "$(jq '[.results[] | .trace.samples_with_one_newtask == .sampling.n and .sampling.n > 0] | all' "$tmp/i.json")" = true
# SIGKILL leaves the instance (nothing runs in a killed process): check
# lists it while its run is dead, not while it lives, and --clean-trace
# removes it.
"$fb" run --method fork --time 60 --trace -q --json "$tmp/k.json" 2>"$tmp/progress" &
pid=$!
for _ in $(seq 120); do
	grep -qE ', [1-9][0-9]* samples' "$tmp/progress" && break
	sleep 0.5
done
"$fb" check >"$tmp/check-live"
check "a live traced run's instance is not called stale" \
	test -z "$(grep trace-instances "$tmp/check-live")"
kill -KILL $pid
wait $pid 2>/dev/null
check "SIGKILL leaves the run's tracing instance behind" \
	test -d "$tracefs/instances/forkbench-$pid-0"
"$fb" check >"$tmp/check"
check "forkbench check lists it, as a warning that says how to remove it" \
	grep -q "^warn trace-instances .*forkbench-$pid-0.*forkbench check --clean-trace" "$tmp/check"
check "... and check --json too" \
	test "$("$fb" check --json | jq -r '.stale_trace_instances | index("forkbench-'$pid'-0") != null')" = true
"$fb" check --clean-trace >"$tmp/clean" 2>&1
rc=$?
check "check --clean-trace removes it (exit 0) and says so" \
	test "$rc" -eq 0 -a ! -d "$tracefs/instances/forkbench-$pid-0" -a \
	-n "$(grep "^removed the tracing instance forkbench-$pid-0" "$tmp/clean")"
"$fb" check --clean-trace >"$tmp/clean" 2>&1
check "... and then finds none" grep -q "^no tracing instance left by a killed run" "$tmp/clean"
finish

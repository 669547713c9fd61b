#!/usr/bin/env bash
# A worker killed under a run (as the OOM killer kills: SIGKILL) is named
# with the signal and the likely cause, the run exits 1, the results are
# kept in a file marked partial, and nothing is left behind: forkbench is
# its workers' subreaper and reaps what a killed one left.
# Usage: worker_killed.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# an entry long enough to be killed in
"$no_orphans" "$fb" run --method fork --rss 0 --time 20 --no-progress -q --json "$tmp/r.json" \
	>/dev/null 2>"$tmp/err" &
pid=$!
worker=""
for _ in $(seq 1 100); do
	# no_orphans, its forkbench, and that one's worker
	fbpid=$(pgrep -P $pid | head -n 1)
	[ -n "$fbpid" ] && worker=$(pgrep -P "$fbpid" -f forkbench-worker | head -n 1)
	[ -n "$worker" ] && break
	sleep 0.05
done
sleep 0.3
[ -n "$worker" ] && kill -KILL "$worker"
wait $pid
rc=$?
echo "# worker $worker killed: exit $rc: $(head -c 300 "$tmp/err")"
check "a worker was found to kill" test -n "$worker"
check "the run exits 1, and leaves nothing behind (no_orphans: 99 if it did)" test $rc -eq 1
check "the message names SIGKILL and the likely cause" \
	grep -q "was killed by SIGKILL.*: out of memory? (the OOM killer, or a memory cgroup's limit" "$tmp/err"
check "the results are kept, marked partial, the error recorded" \
	jq -e '.run.partial == true and (.run.error | test("killed by SIGKILL"))' "$tmp/r.json"
finish

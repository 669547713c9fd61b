#!/usr/bin/env bash
# A limit a run runs into is named as measured, with its value: RLIMIT_AS
# (refused up front when one image cannot fit, else named where the
# mapping failed), RLIMIT_NPROC of a user other than root, and the
# cgroup's pids.max (refused up front when the workers cannot start, and
# named when other tasks fill the cgroup during the run).
# Usage: limit_messages.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
cg=""
cleanup() {
	[ -n "$cg" ] && { cat "$cg/cgroup.procs" 2>/dev/null | xargs -r kill -9 2>/dev/null; sleep 0.2; rmdir "$cg" 2>/dev/null; }
	rm -rf "$tmp"
}
trap cleanup EXIT
quick=(run -q --no-progress --method fork -n 20)

# one line on stderr (the machine's facts aside), exit 3, matching PATTERN
said() { # said ERRFILE RC PATTERN
	test "$2" -eq 3 -a "$(grep -v "('forkbench check' says what to do)" "$1" | grep -c .)" -eq 1 &&
		grep -qE "$3" "$1"
}

# RLIMIT_AS (a sanitizer build cannot run under one at all)
if command -v prlimit >/dev/null && prlimit --as=$((1 << 30)) "$fb" list >/dev/null 2>&1; then
	prlimit --as=$((20 << 20)) "$no_orphans" "$fb" "${quick[@]}" --rss 64M 2>"$tmp/as.err"
	rc=$?
	echo "# --rss 64M under RLIMIT_AS 20 MiB -> exit $rc: $(tail -n 1 "$tmp/as.err")"
	check "an image beyond RLIMIT_AS is refused up front, naming it" \
		said "$tmp/as.err" "$rc" "^forkbench run: --rss 64M is more than RLIMIT_AS \(20M\) lets a worker map; raise 'ulimit -v'"
	prlimit --as=$((17 << 20)) "$no_orphans" "$fb" "${quick[@]}" --rss 16M 2>"$tmp/as2.err"
	rc=$?
	echo "# --rss 16M under RLIMIT_AS 17 MiB -> exit $rc: $(tail -n 1 "$tmp/as2.err")"
	check "an image that fits RLIMIT_AS alone but not beside the worker: the limit named where the mapping failed" \
		said "$tmp/as2.err" "$rc" "Cannot allocate memory \(RLIMIT_AS=17 MiB leaves no room for 1[68]\.[0-9] MiB more: [0-9.]+ MiB are mapped\); raise 'ulimit -v'"
else
	skip "RLIMIT_AS: no prlimit, or a build (ASan) that cannot run under one"
	skip "RLIMIT_AS at the mapping"
fi

# RLIMIT_NPROC holds for a user other than root
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$fb" --version >/dev/null 2>&1; then
	as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups prlimit)
	# LeakSanitizer cannot stop the world in a process that changed uid.
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 "${as_nobody[@]}" --nproc=1 "$fb" "${quick[@]}" 2>"$tmp/nproc.err"
	rc=$?
	echo "# RLIMIT_NPROC 1 -> exit $rc: $(tail -n 1 "$tmp/nproc.err")"
	check "RLIMIT_NPROC=1: refused up front, naming the limit and what the run needs" \
		said "$tmp/nproc.err" "$rc" "need 2 more processes but RLIMIT_NPROC=1 leaves 0; raise 'ulimit -u'"
else
	skip "RLIMIT_NPROC needs root, setpriv, and a build the user nobody can run"
fi

# The cgroup's pids.max: a cgroup of our own in the pids hierarchy (v1's
# pids mount, or v2 with the pids controller), where we may make one.
pids_root=""
if [ -w /sys/fs/cgroup/pids ]; then
	pids_root=/sys/fs/cgroup/pids
elif grep -qw pids /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null && [ -w /sys/fs/cgroup ]; then
	pids_root=/sys/fs/cgroup
fi
if [ -n "$pids_root" ] && mkdir "$pids_root/forkbench-test.$$" 2>/dev/null &&
	[ -w "$pids_root/forkbench-test.$$/pids.max" ]; then
	cg=$pids_root/forkbench-test.$$
	in_cg() { sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$cg" "$@"; }
	echo 2 >"$cg/pids.max"
	in_cg "$fb" "${quick[@]}" 2>"$tmp/pids.err"
	rc=$?
	echo "# pids.max 2 -> exit $rc: $(tail -n 1 "$tmp/pids.err")"
	check "pids.max 2: refused up front, naming the cgroup's file and its values" \
		said "$tmp/pids.err" "$rc" "need 2 more tasks but the cgroup's pids.max leaves 1 \($cg/pids.max is 2, pids.current 1\)"
	# Room for the run at its start; then other tasks fill the cgroup (a
	# task moved in is not held to pids.max: only forks are).
	echo 5 >"$cg/pids.max"
	# LeakSanitizer's exit-time tracer is a task the full cgroup cannot start
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 \
		in_cg "$fb" run -q --no-progress --method fork --time 20 --json "$tmp/pids.json" 2>"$tmp/pids2.err" &
	runner=$!
	sleep 1
	for _ in 1 2 3 4; do # not jobs of ours: the cleanup kills them without a word
		sh -c 'sleep 60 >/dev/null 2>&1 & echo $!' >"$cg/cgroup.procs"
	done
	wait "$runner"
	rc=$?
	echo "# the cgroup filled during the run -> exit $rc: $(tail -n 1 "$tmp/pids2.err")"
	check "the cgroup filled during the run: exit 3, the fork's EAGAIN put on the cgroup's pids.max, with its values" \
		said "$tmp/pids2.err" "$rc" "fork failed: Resource temporarily unavailable \(the cgroup's pids.max (is reached|refused forks): $cg/pids.max is 5.*\); raise the cgroup's pids.max"
	check "... and what finished is kept" \
		test "$(jq -r '[.run.partial, (.results[0].sampling.n > 0)] | @tsv' "$tmp/pids.json" 2>/dev/null)" = "true	true"
else
	skip "the cgroup's pids.max needs a pids hierarchy we may make a cgroup in"
	skip "pids.max filled during the run"
	skip "what finished is kept"
fi
finish

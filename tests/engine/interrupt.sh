#!/usr/bin/env bash
# SIGINT and SIGTERM stop a run after the current sample: exit 130/143, the
# JSON and CSV hold what finished, marked partial, and nothing is left behind.
# Usage: interrupt.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for sig in INT TERM; do
	"$no_orphans" "$fb" run --method fork,thread --rss 0,16M --time 60 -q \
		--json "$tmp/$sig.json" --csv "$tmp/$sig.csv" 2>"$tmp/$sig.err" &
	reaper=$!
	fb_pid=""
	for _ in $(seq 50); do
		fb_pid=$(pgrep -P "$reaper" -x forkbench)
		[ -n "$fb_pid" ] && break
		sleep 0.1
	done
	# once samples are being taken (progress shows after 2 s)
	for _ in $(seq 120); do
		grep -qE ', [1-9][0-9]* samples' "$tmp/$sig.err" && break
		sleep 0.5
	done
	kill -s "$sig" "$fb_pid"
	wait "$reaper"
	rc=$?
	want=$([ $sig = INT ] && echo 130 || echo 143)
	echo "# SIG$sig -> exit $rc: $(tail -n 1 "$tmp/$sig.err")"
	check "SIG$sig: exit $want and nothing left behind" test "$rc" -eq "$want"
	check "SIG$sig: JSON written, partial, interrupted_by SIG$sig" \
		test "$(jq -r '[.run.partial, .run.interrupted_by] | @tsv' "$tmp/$sig.json" 2>/dev/null)" = "true	SIG$sig"
	check "SIG$sig: the samples that finished are kept" \
		test "$(jq '[.results[].sampling.n] | add' "$tmp/$sig.json" 2>/dev/null)" -gt 0
	check "SIG$sig: CSV written" test "$(wc -l <"$tmp/$sig.csv")" -gt 1
done

# ^C in a terminal signals the whole process group: the exec'd helpers die
# of it too, and that must read as an interruption, not as a failed method.
# (LeakSanitizer's exit-time tracer would be a child of a helper that ^C
# kills mid-check, orphaned for init to reap: not ours, so leaks are not
# checked here.)
if command -v setsid >/dev/null; then
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 setsid "$fb" run --method fork_exec,vfork_exec,posix_spawn --rss 0 --time 60 -q \
		--json "$tmp/pg.json" 2>"$tmp/pg.err" &
	pg=$!
	for _ in $(seq 120); do
		grep -qE ', [1-9][0-9]* samples' "$tmp/pg.err" && break
		sleep 0.5
	done
	kill -s INT -- "-$pg"
	wait "$pg"
	rc=$?
	for _ in $(seq 20); do # a zombie of ours reparented to init takes init a moment
		[ -z "$(pgrep -s "$pg")" ] && break
		sleep 0.25
	done
	echo "# SIGINT to the process group -> exit $rc: $(tail -n 1 "$tmp/pg.err")"
	check "SIGINT to the process group: exit 130" test "$rc" -eq 130
	check "SIGINT to the process group: no entry is marked failed" \
		test "$(jq -r '[.results[] | select(.status == "failed")] | length' "$tmp/pg.json" 2>/dev/null)" = 0
	check "SIGINT to the process group: partial, interrupted_by SIGINT" \
		test "$(jq -r '[.run.partial, .run.interrupted_by] | @tsv' "$tmp/pg.json" 2>/dev/null)" = "true	SIGINT"
	check "SIGINT to the process group: nothing of the session is left" \
		test -z "$(pgrep -s "$pg")"
else
	skip "the process-group test needs setsid"
fi
finish

#!/usr/bin/env bash
# Nothing measured is lost when `run --runs 3` is interrupted: SIGINT or
# SIGTERM at random moments of runs 1, 2 and 3 (at least TRIALS_PER_RUN
# each). Every file says how many runs finished (run.runs_done), those
# runs are whole (exactly -n samples of every entry), the cut run is the
# one numbered runs_done and really is cut, and the file is marked partial.
# compare and store add must then use the finished runs.
# Usage: interrupt_runs.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

N=300		     # samples of every entry in a run (-n)
TRIALS_PER_RUN=${TRIALS_PER_RUN:-7}
MAX_TRIALS=$((TRIALS_PER_RUN * 3 * 4))
args=(run --method fork,vfork,thread --rss 0 -n "$N" --runs 3 -q --no-progress)

now() { date +%s.%N; }

# Whether process $1 catches SIGINT and SIGTERM (/proc/PID/status SigCgt,
# bits 1 and 14), with builtins alone: a poll must cost little beside a run.
catches() {
	local key mask=""
	while read -r key value; do
		[ "$key" = SigCgt: ] && mask=$value && break
	done <"/proc/$1/status" 2>/dev/null
	[ -n "$mask" ] && (((0x$mask >> 1) & 1)) && (((0x$mask >> 14) & 1))
}

# The child of process $1 (no_orphans runs forkbench as its one child).
# The file has no newline: read then fails but still reads.
child_of() {
	local kids=""
	{ read -r kids _ <"/proc/$1/task/$1/children"; } 2>/dev/null
	[ -n "$kids" ] && echo "$kids"
}

# One whole run first: how long three runs take here, to aim the signals.
t0=$(now)
"$fb" "${args[@]}" --json "$tmp/whole.json" 2>"$tmp/whole.err"
rc=$?
t1=$(now)
check "an uninterrupted --runs 3 finishes whole (exit $rc)" \
	test "$rc" -eq 0 -a "$(jq -r '[.run.partial, .run.runs_done] | @tsv' "$tmp/whole.json" 2>/dev/null)" = "false	3"
span=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
echo "# three runs take $span s here"

# The file's own contract, printed where it is broken. Prints nothing when it holds.
contract() { # contract FILE SIGNAL
	jq -r --argjson n "$N" --arg sig "$2" '
		.run as $r | $r.runs_done as $d |
		(if $r.partial != true then "not marked partial" else empty end),
		(if $r.interrupted_by != $sig then "interrupted_by is \($r.interrupted_by)" else empty end),
		(if $r.runs != 3 then "run.runs is \($r.runs), not as asked" else empty end),
		(if ($d | type) != "number" or $d < 0 or $d > 3 then "runs_done is \($d)" else empty end),
		([.results[] | select(.status != "skipped")] as $e |
		 ($e[] | .id as $id | (.run_of_sample // []) as $rs |
		  (if ($rs | length) != (.kind_of_sample | length) then "\($id): run_of_sample is not one per sample" else empty end),
		  (if ($rs | map(select(. > $d)) | length) > 0 then "\($id): samples of a run after the cut one (\($d))" else empty end),
		  (range(0; $d) as $k | ($rs | map(select(. == $k)) | length) as $c |
		   if $c != $n then "\($id): finished run \($k) holds \($c) samples, not \($n)" else empty end)),
		 (if $d < 3 and ([$e[] | (.run_of_sample // []) | map(select(. == $d)) | length] | all(. == $n))
		  then "run \($d) is whole but not counted in runs_done" else empty end))
	' "$1" 2>&1
}

declare -A cut=([1]=0 [2]=0 [3]=0 [after]=0)
trials=0 broken=0 refused_compare=0 refused_store=0 finished=0
while [ "$trials" -lt "$MAX_TRIALS" ]; do
	# aim at the run cut least so far, somewhere inside it
	target=1
	for k in 2 3; do
		[ "${cut[$k]}" -lt "${cut[$target]}" ] && target=$k
	done
	[ "${cut[$target]}" -ge "$TRIALS_PER_RUN" ] && break
	delay=$(awk -v s="$span" -v k="$target" -v u="$RANDOM" \
		'BEGIN { printf "%.3f", s * ((k - 1) + u / 32768) / 3 }')
	sig=$([ $((trials % 2)) -eq 0 ] && echo INT || echo TERM)
	f=$tmp/t$trials.json
	t0=$(now)
	"$no_orphans" "$fb" "${args[@]}" --json "$f" 2>"$tmp/t$trials.err" &
	reaper=$!
	# from the moment forkbench catches the signals (before that, one kills
	# a process that has not started: nothing of it to keep)
	fb_pid=""
	for _ in $(seq 500); do
		fb_pid=$(child_of "$reaper") && catches "$fb_pid" && break
		sleep 0.002
	done
	# the delay counts from the launch, as the span it is a share of does
	left=$(awk -v a="$t0" -v d="$delay" -v b="$(now)" 'BEGIN { x = a + d - b; printf "%.3f", (x > 0 ? x : 0) }')
	sleep "$left"
	[ -n "$fb_pid" ] && kill -s "$sig" "$fb_pid" 2>/dev/null
	wait "$reaper"
	rc=$?
	err=$tmp/t$trials.err
	trials=$((trials + 1))
	if [ "$rc" -eq 0 ]; then
		# the signal came after the run ended: aim by this run's length from now on
		cut[after]=$((cut[after] + 1))
		span=$(awk -v a="$t0" -v b="$(now)" -v s="$span" 'BEGIN { x = b - a; printf "%.3f", (x < s ? x : 0.9 * s) }')
		continue
	fi
	want=$([ $sig = INT ] && echo 130 || echo 143)
	done_runs=$(jq -r '.run.runs_done' "$f" 2>/dev/null)
	case $done_runs in
	0 | 1 | 2) cut[$((done_runs + 1))]=$((cut[$((done_runs + 1))] + 1)) ;;
	*) cut[after]=$((cut[after] + 1)) ;;
	esac
	why=$(contract "$f" "SIG$sig")
	if [ "$rc" -ne "$want" ] || [ -n "$why" ]; then
		broken=$((broken + 1))
		echo "# trial $trials, SIG$sig after $delay s: exit $rc (want $want): $why $(tail -n 1 "$err")"
	fi
	# every finished run usable: compare the file with itself, and store it
	if [ "${done_runs:-0}" -ge 1 ] 2>/dev/null; then
		finished=$((finished + 1))
		if ! "$fb" compare --json "$f" "$f" >"$tmp/c$trials.json" 2>"$tmp/c$trials.err"; then
			refused_compare=$((refused_compare + 1))
			[ "$refused_compare" -le 1 ] && echo "# trial $trials (runs_done $done_runs): $(head -n 1 "$tmp/c$trials.err")"
		fi
		if ! "$fb" store add --store "$tmp/store$trials.db" "$f" >/dev/null 2>"$tmp/s$trials.err"; then
			refused_store=$((refused_store + 1))
			[ "$refused_store" -le 1 ] && echo "# trial $trials (runs_done $done_runs): $(head -n 1 "$tmp/s$trials.err")"
		fi
	fi
done
echo "# $trials trials: cut in run 1: ${cut[1]}, run 2: ${cut[2]}, run 3: ${cut[3]}, after the end: ${cut[after]}"
check "each of runs 1, 2 and 3 was cut at least $TRIALS_PER_RUN times" \
	test "${cut[1]}" -ge "$TRIALS_PER_RUN" -a "${cut[2]}" -ge "$TRIALS_PER_RUN" -a "${cut[3]}" -ge "$TRIALS_PER_RUN"
check "every interrupted file keeps its contract: exit 130/143, partial, runs_done whole runs, the cut run numbered runs_done ($broken of $trials broken)" \
	test "$broken" -eq 0
check "compare X X takes the $finished files with a finished run ($refused_compare refused)" \
	test "$refused_compare" -eq 0 -a "$finished" -gt 0
check "store add takes the $finished files with a finished run ($refused_store refused)" \
	test "$refused_store" -eq 0 -a "$finished" -gt 0
finish

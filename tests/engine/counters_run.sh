#!/usr/bin/env bash
# forkbench run --counters: every event is either counted (a number per
# sample) or carries its state (unsupported, denied) with null: never a
# zero that was not counted. And the COW phase of --cow 1 on 64 MiB faults
# once per page written, within 1%.
# Usage: counters_run.sh FORKBENCH
set -u
fb=$1
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$fb" run --method fork,thread --rss 64M --thp off -n 20 --cow 1 --counters default -q --no-progress \
	--json "$tmp/c.json" 2>"$tmp/err"
check "a counted run exits 0" test $? -eq 0
echo "# $(cat "$tmp/err")"
q() { jq -r "$1" "$tmp/c.json"; }
check "each event is counted with a number per sample, or not counted with null and its state" \
	test "$(q '[.results[].counters.events[] | (.state == "counted" and (.samples | all(type == "number"))) or (.state != "counted" and .samples == null and .summary == null)] | all')" = true
check "page-faults and task-clock are counted (software events)" \
	test "$(q '[.results[].counters.events | .["page-faults"].state, .["task-clock"].state] | unique | @csv')" = '"counted"'
# With no PMU (a VM), the hardware half must say so, never read 0.
if [ "$(q '.context.pmu')" = false ]; then
	check "no PMU: cycles is recorded as unsupported, with null" \
		test "$(q '[.results[].counters.events.cycles | .state == "unsupported" and .samples == null] | all')" = true
fi
pages=$(q '.results[] | select(.parameters.method == "fork") | .cow.pages')
median() { jq -r "[.results[] | select(.parameters.method == \"fork\") | $1 | map(select(. != null))] | .[0] | sort | .[length / 2 | floor]" "$2"; }
within1() { test "$(echo "($1 - $2)^2 <= ($2 / 100)^2" | bc)" -eq 1; }
faults=$(median .cow.faults "$tmp/c.json")
ctr=$(median '.counters.cow.events["page-faults"].samples' "$tmp/c.json")
echo "# --cow 1 on 64M, child side: $pages pages written, median $faults minor faults (getrusage), $ctr page-faults (perf)"
check "the COW phase faults once per page written, within 1% (getrusage)" within1 "$faults" "$pages"
check "the child's page-faults counter over its COW writes is within 1% of the pages written" within1 "$ctr" "$pages"
check "the thread has no COW counts (it shares the mm)" \
	test "$(q '.results[] | select(.parameters.method == "thread") | .counters.cow')" = null

"$fb" run --method fork --rss 64M --thp off -n 10 --cow 1 --cow-side parent --counters page-faults \
	-q --no-progress --json "$tmp/p.json" 2>/dev/null
check "a counted run with --cow-side parent exits 0" test $? -eq 0
ctr=$(median '.counters.cow.events["page-faults"].samples' "$tmp/p.json")
echo "# --cow 1 on 64M, parent side: $ctr page-faults (perf)"
check "the parent's page-faults counter over its COW writes is within 1% of the pages written" within1 "$ctr" "$pages"

"$fb" run --method fork -n 5 --counters no-such-event -q 2>"$tmp/err"
rc=$?
echo "# $(cat "$tmp/err")"
check "an unknown event is a usage error (exit 2, one line)" test "$rc" -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1
finish

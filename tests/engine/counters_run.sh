#!/usr/bin/env bash
# forkbench run --counters: every event is either counted (a number per
# sample) or carries its state (unsupported, denied) with null: never a
# zero that was not counted. And the COW phase of --cow 1 on 64 MiB faults
# once per page written, within 1%.
# Usage: counters_run.sh FORKBENCH
set -u
fb=$1
. "$(dirname "$0")/lib.sh"
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
check "fork's create point takes more task-clock than a thread's" \
	test "$(q '[.results[] | .counters.events["task-clock"].summary.p50] | .[0] > .[1]')" = true
pages=$(q '.results[] | select(.parameters.method == "fork") | .cow.pages')
faults=$(q '.results[] | select(.parameters.method == "fork") | .cow.faults | sort | .[length / 2 | floor]')
echo "# --cow 1 on 64M: $pages pages written, median $faults minor faults in the COW phase"
check "the COW phase faults once per page written, within 1%" \
	test "$(echo "($faults - $pages)^2 <= ($pages / 100)^2" | bc)" -eq 1

"$fb" run --method fork -n 5 --counters no-such-event -q 2>"$tmp/err"
rc=$?
echo "# $(cat "$tmp/err")"
check "an unknown event is a usage error (exit 2, one line)" test "$rc" -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1
finish

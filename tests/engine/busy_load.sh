#!/usr/bin/env bash
# A run is called busy from the CPU time other tasks took while it sampled
# (run.load), not from the load average at its start, which counts the
# run before it: back-to-back runs, as compare asks for, must not mark
# each other busy. -q keeps stderr to errors: no facts line.
# Usage: busy_load.sh FORKBENCH
set -u
fb=$1
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
burners=()
cleanup() {
	[ ${#burners[@]} -gt 0 ] && kill "${burners[@]}" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
cpus=$(nproc)

# The file's load fact is the run's own judgement: warn exactly when others
# and the hypervisor took more than a quarter of the CPUs' time.
agrees() {
	test "$(jq -r '(.run.load.others_share + .run.load.steal_share > 0.25) ==
		(.context.environment.load.level == "warn")' "$1" 2>/dev/null)" = true
}

# Two runs back to back.
for i in 1 2; do
	"$fb" run --method fork,vfork --rss 0 -n 2000 --no-progress --json "$tmp/b$i.json" \
		>/dev/null 2>"$tmp/b$i.err"
done
echo "# load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $cpus CPUs; the second run says: $(jq -r .context.environment.load.value "$tmp/b2.json")"
check "the second of two back-to-back runs judges its load from its own sampling" \
	test "$(jq -r '.context.environment.load.value | startswith("others took ")' "$tmp/b2.json")" = true
check "... its load fact agrees with run.load (busy above 25% of the CPUs' time)" agrees "$tmp/b2.json"
check "no run names the load average at its start as a reason to distrust it" \
	test -z "$(grep -hE 'load: [0-9.]+ [0-9.]+ [0-9.]+ on' "$tmp/b1.err" "$tmp/b2.err")"

# Other work during the sampling: a busy loop on every CPU.
for _ in $(seq "$cpus"); do
	sh -c 'while :; do :; done' &
	burners+=($!)
done
"$fb" run --method fork,vfork --rss 0 -n 2000 --no-progress --json "$tmp/busy.json" \
	>/dev/null 2>"$tmp/busy.err"
kill "${burners[@]}" 2>/dev/null
wait "${burners[@]}" 2>/dev/null
burners=()
echo "# with $cpus busy loops: $(grep 'load:' "$tmp/busy.err")"
check "a busy loop on every CPU while sampling: the run is called busy on stderr, with what to do" \
	grep -q "^forkbench run: load: others took [0-9]*% of $cpus CPUs' time while sampling.*: busy machine: .*stop it or wait" "$tmp/busy.err"
check "... and in the file (load fact warn, agreeing with run.load)" \
	test "$(jq -r .context.environment.load.level "$tmp/busy.json")" = warn
agrees "$tmp/busy.json" || echo "# the busy run's load fact disagrees with run.load"

# -q: only errors on stderr
"$fb" run -q --method fork -n 50 --no-progress >/dev/null 2>"$tmp/q.err"
check "-q prints no facts line, nor a closing line" test ! -s "$tmp/q.err"
finish

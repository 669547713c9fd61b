#!/usr/bin/env bash
# --parallel 2: two creators at once, each in its own worker, every child
# created and reaped, per-creator percentiles and an aggregate rate.
# Usage: parallel.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$no_orphans" "$fb" run --method fork,thread,pidfd,posix_spawn --parallel 2 -n 50 -q --no-progress \
	--json "$tmp/p.json"
check "--parallel 2 exits 0 and leaves nothing behind" test $? -eq 0
q() { jq -r "$1" "$tmp/p.json"; }
check "every entry has 2 x 50 samples" test "$(q '[.results[].sampling.n] | unique | @csv')" = "100"
check "two creators per entry, each with half the plain samples' round trips" \
	test "$(q '[.results[] | .sampling.kinds.plain as $p | .parallel.per_creator | length == 2 and all(.roundtrip.n * 2 == $p)] | all')" = true
check "100 distinct child pids per process-creating entry" \
	test "$(q '[.results[] | select(.parameters.method != "thread") | .pids.children | unique | length] | unique | @csv')" = "100"
check "an aggregate creation rate is reported" test "$(q '[.results[].parallel.creations_per_s > 0] | all')" = true

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && command -v prlimit >/dev/null; then
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 prlimit --nproc=6:6 setpriv --reuid=65534 \
		--regid=65534 --clear-groups "$fb" run --method fork --parallel 4 -n 10 2>"$tmp/err"
	rc=$?
	echo "# $(cat "$tmp/err")"
	check "--parallel beyond RLIMIT_NPROC is refused up front with exit 3" \
		test "$rc" -eq 3 -a -n "$(grep 'RLIMIT_NPROC=6' "$tmp/err")"
	# Room for one image's two creators, not for three images' at once.
	others=$(ps -u 65534 -L --no-headers 2>/dev/null | wc -l)
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 prlimit --nproc=$((others + 8)) setpriv --reuid=65534 \
		--regid=65534 --clear-groups "$fb" run --method fork --parallel 2 --rss 0,4K,8K -n 10 2>"$tmp/err"
	rc=$?
	echo "# $(cat "$tmp/err")"
	check "--parallel counts every image that lives at once against RLIMIT_NPROC (exit 3)" \
		test "$rc" -eq 3 -a -n "$(grep 'over 3 image(s) at once' "$tmp/err")"
else
	skip "the RLIMIT_NPROC refusal needs root, setpriv and prlimit (it runs as nobody)"
	skip "the RLIMIT_NPROC refusal over several images"
fi
finish

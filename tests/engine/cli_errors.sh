#!/usr/bin/env bash
# Every input error a user can cause: one line on stderr, the documented
# exit code, and no child or zombie left (no_orphans checks as subreaper).
# Usage: cli_errors.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() { # expect CODE PATTERN ARGS...
	local code=$1 pattern=$2
	shift 2
	"$no_orphans" "$fb" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$? lines
	lines=$(wc -l <"$tmp/err")
	echo "# forkbench $* -> exit $rc: $(head -c 300 "$tmp/err")"
	check "'$*' exits $code with one line matching '$pattern'" \
		test "$rc" -eq "$code" -a "$lines" -eq 1 -a -n "$(grep -E -- "$pattern" "$tmp/err")"
}

expect 2 "unknown unit" run --rss 12Q
expect 2 "plain non-negative" run --rss -1M
expect 2 "not a number" run --rss 0x10
# every list option refuses an empty element alike, wherever it is
for list in "--method=fork,,vfork" "--method=fork," "--method=,fork" "--rss=1M,,2M" "--rss=0," \
	"--thp=off,,on" "--thp=on," "--counters=page-faults,,cycles" "--counters=page-faults, ,cycles" \
	"--counters=,page-faults"; do
	expect 2 "^forkbench run: ${list%%=*} list '.*' has an empty element" run "$list" -n 5
done
expect 2 "--method needs a value" run --method ''
expect 2 "unknown method 'frok'" run --method frok
expect 2 "unknown or lacks its value" run --bogus
# what the user typed is quoted: a newline in it stays on the one line
expect 2 "unknown method 'fo\\\\nrk'" run --method $'fo\nrk'
expect 2 "needs a whole number" run --iterations 1.5
expect 2 "needs at least 1" run --iterations 0
expect 2 "fraction between 0 and 1" run --cow 2
expect 2 "off, on or system" run --thp maybe
expect 2 "2M or 1G" run --hugetlb 4M
expect 2 "unexpected argument" run stray
expect 2 "unknown command" frobnicate
expect 2 "^forkbench help: unknown command 'nosuch'" help nosuch
expect 2 "^forkbench help: one command at a time" help run list
for cmd in run list check compare export; do
	"$fb" help "$cmd" >"$tmp/help" 2>&1
	rc=$?
	"$fb" "$cmd" --help >"$tmp/own" 2>&1
	check "'help $cmd' exits 0 with what '$cmd --help' prints" \
		test "$rc" -eq 0 -a -n "$(grep "^Usage: forkbench $cmd" "$tmp/help")" -a "$(cat "$tmp/help")" = "$(cat "$tmp/own")"
done
expect 3 "more than the memory available" run --rss 100T
# Each creator builds its own image: two of 60% of MemAvailable do not fit.
avail_mb=$(awk '/^MemAvailable:/ {print int($2 / 1024)}' /proc/meminfo)
expect 3 "each of --parallel 2 creators is more than the memory available" \
	run --rss "$((avail_mb * 6 / 10))M" --parallel 2 -n 1
expect 3 "does not exist" run --cpu 1000
expect 4 "cannot write --json /nonexistent-dir/x.json" run --json /nonexistent-dir/x.json
expect 4 "it is a directory" run --csv /tmp
# root passes access() almost anywhere: the output is probed with a real file
expect 4 "cannot write --json /proc/x.json" run --json /proc/x.json -n 5
expect 4 "Not a directory" run --json /etc/passwd/x.json -n 5

# A method this install lacks (the exec methods need forkbench-helper) is
# skipped: said on stderr too, and when every method asked for is skipped
# the run measured nothing and exits 3 with the reasons.
mkdir "$tmp/nohelper"
cp "$fb" "$(dirname "$fb")/forkbench-worker" "$tmp/nohelper/"
"$no_orphans" "$tmp/nohelper/forkbench" run --method fork,posix_spawn -n 5 -q --no-progress \
	--json "$tmp/skip.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
echo "# one of two methods skipped -> exit $rc: $(grep skipped "$tmp/err")"
check "a skipped method is said on stderr, once, with the reason (exit 0)" \
	test "$rc" -eq 0 -a "$(grep -c "^forkbench run: skipped posix_spawn (the helper .* cannot be run" "$tmp/err")" -eq 1
"$no_orphans" "$tmp/nohelper/forkbench" run --method posix_spawn,fork_exec --rss 0,1M -n 5 -q --no-progress \
	--json "$tmp/skip2.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
echo "# every method skipped -> exit $rc: $(tail -n 1 "$tmp/err")"
check "every method skipped: exit 3, one line with each method's reason" \
	test "$rc" -eq 3 -a "$(grep -c "^forkbench run: nothing was measured: every method asked for was skipped: posix_spawn (.*), fork_exec (.*)" "$tmp/err")" -eq 1 \
	-a "$(grep -c skipped "$tmp/err")" -eq 1
check "... and the results say so (exit_code 3, the error)" \
	test "$(jq -r '"\(.run.exit_code) \(.run.error | startswith("nothing was measured"))"' "$tmp/skip2.json")" = "3 true"

# An empty hugetlb pool: ask for one page more than is free.
pool=/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages
if [ -r "$pool" ]; then
	need=$(($(cat "$pool") + 1))
	expect 3 "hugetlb pages but the pool has" run --method fork --hugetlb 2M --rss $((need * 2))M -n 5
else
	skip "this kernel has no 2M hugetlb pool"
fi

# An image that cannot be built (address space capped below it): its
# entries fail with the reason, and are not "incomplete".
# (AddressSanitizer reserves terabytes of address space: no cap fits it.)
if command -v prlimit >/dev/null && ! ldd "$fb" 2>/dev/null | grep -q libasan; then
	prlimit --as=600000000 "$no_orphans" "$fb" run --method fork,vfork --rss 1G -n 5 -q --no-progress \
		--json "$tmp/as.json" >/dev/null 2>"$tmp/err"
	rc=$?
	echo "# --rss 1G under a 600 MB address-space cap -> exit $rc: $(tail -n 1 "$tmp/err")"
	check "an image that cannot be built: exit 3, its entries failed with the reason" \
		test "$rc" -eq 3 -a "$(jq -r '[.results[] | .status == "failed" and (.reason | test("could not be built"))] | all' "$tmp/as.json")" = true
else
	skip "the address-space cap needs prlimit and a build without AddressSanitizer"
fi

# pthread_create's EAGAIN under a low RLIMIT_AS: no room for the thread's
# stack, not RLIMIT_NPROC (which is finite here, and not reached: root).
stack_kb=$(ulimit -s)
if command -v prlimit >/dev/null && ! ldd "$fb" 2>/dev/null | grep -q libasan &&
	[ "$stack_kb" != unlimited ] && [ "$stack_kb" -ge 8192 ]; then
	prlimit --nproc=4096:4096 --as=$((36 << 20)) "$no_orphans" "$fb" run --method pthread --rss 32M \
		-n 5 -q --no-progress --json "$tmp/pt.json" >/dev/null 2>"$tmp/err"
	rc=$?
	echo "# pthread under a 36 MiB address-space cap -> exit $rc: $(tail -n 1 "$tmp/err")"
	check "pthread_create's EAGAIN under RLIMIT_AS exits 3 naming RLIMIT_AS, not RLIMIT_NPROC" \
		test "$rc" -eq 3 -a -n "$(grep "pthread_create failed: .*(RLIMIT_AS=36 MiB leaves no room for a thread's $stack_kb KiB stack" "$tmp/err")" \
		-a -z "$(grep RLIMIT_NPROC "$tmp/err")"
	check "... and the entry failed with that reason" \
		test "$(jq -r '.results[0].reason | test("RLIMIT_AS=36 MiB")' "$tmp/pt.json")" = true
else
	skip "the RLIMIT_AS test needs prlimit, a build without AddressSanitizer and an 8 MiB stack limit"
	skip "RLIMIT_AS reason"
fi

# RLIMIT_NOFILE reached by pidfd_open while a --cow-side parent child waits
# to be released: the run must end with the error, not hang reaping it.
# The most --fds that the image can hold leaves no descriptor for the pidfd.
if command -v prlimit >/dev/null; then
	for fds in $(seq 62 -1 40); do
		# LeakSanitizer's tracer, forked as the worker exits, cannot open
		# /proc/PID/task when the worker holds every descriptor, and is left
		# behind: a sanitizer's own process, not forkbench's.
		ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 \
		timeout 60 prlimit --nofile=64:64 "$no_orphans" "$fb" run --method pidfd_open --rss 1M \
			--cow 0.5 --cow-side parent --fds "$fds" -n 5 -q --no-progress >"$tmp/out" 2>"$tmp/err"
		rc=$?
		grep -q 'cannot open descriptor' "$tmp/err" || break
	done
	echo "# RLIMIT_NOFILE=64 with --fds $fds -> exit $rc: $(tail -n 1 "$tmp/err")"
	check "pidfd_open out of descriptors exits 3 naming RLIMIT_NOFILE, without hanging" \
		test "$rc" -eq 3 -a -n "$(grep 'pidfd_open failed.*RLIMIT_NOFILE=64' "$tmp/err")"
else
	skip "RLIMIT_NOFILE test needs prlimit"
fi

# RLIMIT_NPROC reached mid-run: as an unprivileged user whose limit leaves
# room for forkbench, its worker and two idle threads, but not one child.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && command -v prlimit >/dev/null; then
	chmod 1777 "$tmp"
	others=$(ps -u 65534 -L --no-headers 2>/dev/null | wc -l)
	limit=$((others + 5)) # no_orphans, forkbench, its worker, two threads
	# LeakSanitizer cannot stop the world in a process that changed uid.
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 prlimit --nproc=$limit:$limit setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$no_orphans" "$fb" run --method fork --threads 2 -n 50 --json "$tmp/nproc.json" \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	echo "# RLIMIT_NPROC=$limit -> exit $rc: $(cat "$tmp/err")"
	check "RLIMIT_NPROC reached mid-run exits 3 naming the limit" \
		test "$rc" -eq 3 -a -n "$(grep 'RLIMIT_NPROC=' "$tmp/err")"
	check "the results of that run are written and marked partial" \
		test "$(jq -r '.run.partial' "$tmp/nproc.json" 2>/dev/null)" = true
else
	skip "RLIMIT_NPROC test needs root, setpriv and prlimit (it runs as nobody)"
	skip "RLIMIT_NPROC partial results"
fi
finish

#!/usr/bin/env bash
# forkbench without its worker or helper: `run` says so in one line that
# names every path looked at, exits 3 and starts nothing; `list` marks the
# methods that cannot run, with the reason.
# Usage: finding_binaries.sh FORKBENCH NO_ORPHANS
set -u
fb=$1
no_orphans=$2
bindir=$(dirname "$fb")
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# forkbench alone in a directory: neither the installed layout nor the
# build tree's has a worker
mkdir "$tmp/alone"
cp "$fb" "$tmp/alone/"
"$no_orphans" "$tmp/alone/forkbench" run --method fork --rss 0,1M -n 5 --json "$tmp/r.json" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
echo "# without the worker -> exit $rc: $(cat "$tmp/err")"
check "no worker: run exits 3" test "$rc" -eq 3
check "no worker: one line on stderr, nothing on stdout" \
	test "$(wc -l <"$tmp/err")" -eq 1 -a ! -s "$tmp/out"
check "no worker: the line names both paths looked at" \
	grep -qF "forkbench-worker not found (looked for $tmp/alone/../libexec/forkbench/forkbench-worker, $tmp/alone/forkbench-worker)" "$tmp/err"
check "no worker: nothing sampled, no results written" test ! -e "$tmp/r.json"

"$tmp/alone/forkbench" list >"$tmp/out" 2>"$tmp/err"
rc=$?
check "no worker: list still exits 0" test "$rc" -eq 0
check "no worker: list says it once on stderr" grep -q "forkbench-worker not found" "$tmp/err"
# (a method this kernel lacks stays "skipped": that reason comes first)
methods=$(awk 'NR > 1 && /^[a-z]/ && !/^[a-z_]+ +skipped / {print $1}' "$tmp/out" | wc -l)
cannot=$(grep -c '^[a-z_]* *cannot run ' "$tmp/out")
echo "# $cannot of the $methods methods this kernel has cannot run"
check "no worker: list marks every method 'cannot run'" test "$methods" -gt 0 -a "$cannot" -eq "$methods"
check "no worker: with the reason" grep -q "because forkbench-worker was not found" "$tmp/out"

# the worker but no helper: only the exec methods cannot run
cp "$bindir/forkbench-worker" "$tmp/alone/"
"$tmp/alone/forkbench" list >"$tmp/out" 2>"$tmp/err"
cannot=$(awk '/^[a-z]/ && / cannot run / {print $1}' "$tmp/out" | sort | tr '\n' ' ')
echo "# without the helper, cannot run: $cannot"
check "no helper: list marks exactly the exec methods" \
	test "$cannot" = "fork_exec posix_spawn vfork_exec "
check "no helper: with the reason" grep -q "because forkbench-helper was not found" "$tmp/out"
check "no helper: fork is still supported" grep -q "^fork  *supported " "$tmp/out"

# the installed layout: bin/forkbench finds libexec/forkbench/forkbench-worker
mkdir -p "$tmp/prefix/bin" "$tmp/prefix/libexec/forkbench"
cp "$fb" "$tmp/prefix/bin/"
cp "$bindir/forkbench-worker" "$bindir/forkbench-helper" "$tmp/prefix/libexec/forkbench/"
"$no_orphans" "$tmp/prefix/bin/forkbench" run --method fork,posix_spawn -n 5 -q --no-progress \
	--json "$tmp/r.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
echo "# installed layout -> exit $rc"
check "installed layout: the worker and helper are found in libexec/forkbench" \
	test "$rc" -eq 0 -a -s "$tmp/r.json"
check "installed layout: no method skipped" test -z "$(grep skipped "$tmp/err")"

# through a symlink elsewhere (as /usr/local/bin/forkbench -> an install):
# the search starts from the executable, not from the link
mkdir "$tmp/links"
ln -s "$tmp/prefix/bin/forkbench" "$tmp/links/forkbench"
"$tmp/links/forkbench" list >"$tmp/out" 2>"$tmp/err"
check "through a symlink: every method can run" test -z "$(grep 'cannot run' "$tmp/out")" -a ! -s "$tmp/err"
finish

#!/usr/bin/env bash
# harness/hyperfine-check.sh really runs all five timings (hyperfine, the two
# bare loops, forkbench's posix_spawn and fork_exec) for every run asked,
# and gives its verdict as 0 or 1, never a usage error. Which verdict is a
# timing, so it is reported here, not asserted.
# Usage: hyperfine_check.sh BUILD_DIR
set -u
build=$1
. "$(dirname "$0")/../lib/tap.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v hyperfine >/dev/null; then
	echo "# SKIP: hyperfine is not installed"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
RUNS=40 ROUNDS=2 KEEP=$tmp "$top/harness/hyperfine-check.sh" "$build" >"$tmp/out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/out"
check "it gives a verdict (exit 0 or 1, got $rc)" test $rc -le 1
for row in "hyperfine -N" "bare loop: posix_spawn" "forkbench posix_spawn" "bare loop: fork + execve" "forkbench fork_exec"; do
	check "'$row' is timed 40 times" test "$(grep "^$row" "$tmp/out" | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) {print $i; exit}}')" = 40
done
check "hyperfine's export of each round is kept" test -s "$tmp/hyperfine-2.json"
check "the overhead estimate is printed" grep -q "hyperfine's own overhead, estimated" "$tmp/out"
RUNS=5 ROUNDS=2 "$top/harness/hyperfine-check.sh" "$build" >/dev/null 2>"$tmp/err"
check "too few runs per round is a usage error (exit 2, one line)" test $? -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1
finish

#!/usr/bin/env bash
# An output that cannot be written once sampling is over (a full disk, a
# file size limit) loses nothing: the run exits 4, says why on one line,
# and names the file that keeps its results JSON, every sample in it:
# in $TMPDIR, else beside the output that failed. When that cannot be
# written either, the line says so, and no temporary file is left.
# Usage: output_fallback.sh FORKBENCH
set -u
fb=$1
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/keep" "$tmp/out"
N=400
args=(run -q --no-progress --method fork,vfork --rss 0 -n "$N")

# The file the last line of an error output names as keeping the results.
kept_in() { sed -n 's/.*; the results are kept in \([^ ]*\).*/\1/p' "$1" | tail -n 1; }

# A kept file holds the run whole: both entries with every sample, and the failure.
whole() { # whole FILE OUTPUT
	test "$(jq -r --arg out "$2" '[(.results | length), ([.results[].sampling.n] | add),
		.run.exit_code, (.run.error | contains("cannot write " + $out))] | @tsv' "$1" 2>/dev/null)" \
		= "2	$((2 * N))	4	true"
}

# /dev/full: every write fails with ENOSPC, no privilege needed.
TMPDIR=$tmp/keep "$fb" "${args[@]}" --json /dev/full 2>"$tmp/devfull.err"
rc=$?
echo "# --json /dev/full -> exit $rc: $(tail -n 1 "$tmp/devfull.err")"
kept=$(kept_in "$tmp/devfull.err")
check "--json /dev/full: exit 4" test "$rc" -eq 4
check "the line names the device and ENOSPC" grep -q "cannot write /dev/full: No space left on device" "$tmp/devfull.err"
check "the results are kept in \$TMPDIR, named on stderr" test -n "$kept" -a "$(dirname "$kept")" = "$tmp/keep"
check "the kept file holds every sample and says what failed" whole "$kept" /dev/full

# $TMPDIR unusable too: said, and nothing is left behind.
TMPDIR=$tmp/none "$fb" "${args[@]}" --json /dev/full 2>"$tmp/nowhere.err"
rc=$?
echo "# and no \$TMPDIR -> exit $rc: $(tail -n 1 "$tmp/nowhere.err")"
check "no place to keep them: exit 4, and the line says they could not be kept" \
	test "$rc" -eq 4 -a "$(grep -c "nor could the results be kept in $tmp/none" "$tmp/nowhere.err")" -eq 1

# A CSV that fails beside a JSON that was written: the JSON is named.
"$fb" "${args[@]}" --json "$tmp/out/r.json" --csv /dev/full 2>"$tmp/csv.err"
rc=$?
echo "# --csv /dev/full beside --json -> exit $rc: $(tail -n 1 "$tmp/csv.err")"
check "a CSV that fails: exit 4, and the line names the JSON that keeps the results" \
	test "$rc" -eq 4 -a "$(kept_in "$tmp/csv.err")" = "$tmp/out/r.json"

# RLIMIT_FSIZE: the limit is named, and no half-written file stays.
(
	ulimit -f 16
	TMPDIR=$tmp/keep exec "$fb" "${args[@]}" --json "$tmp/out/big.json"
) 2>"$tmp/fsize.err"
rc=$?
echo "# ulimit -f 16 -> exit $rc: $(tail -n 1 "$tmp/fsize.err")"
check "RLIMIT_FSIZE: exit 4, and the line names the limit" \
	test "$rc" -eq 4 -a "$(grep -c "File too large (RLIMIT_FSIZE is 16384 bytes" "$tmp/fsize.err")" -eq 1
check "RLIMIT_FSIZE: no temporary or half-written file is left" \
	test -z "$(find "$tmp/out" "$tmp/keep" -name 'big.json*' -o -name '*.tmp.*' -o -newer "$tmp/devfull.err" -name 'forkbench-*')"

# A really full file system (a small tmpfs in a mount namespace of our own,
# where that is allowed): the results go to $TMPDIR.
mkdir "$tmp/full"
if unshare -m true 2>/dev/null; then
	unshare -m sh -c 'mount -t tmpfs -o size=16k tmpfs "$1" && shift && TMPDIR=$1 && shift && export TMPDIR && exec "$@"' \
		sh "$tmp/full" "$tmp/keep" "$fb" "${args[@]}" --json "$tmp/full/r.json" 2>"$tmp/tmpfs.err"
	rc=$?
	echo "# --json on a full tmpfs -> exit $rc: $(tail -n 1 "$tmp/tmpfs.err")"
	kept=$(kept_in "$tmp/tmpfs.err")
	check "a full file system: exit 4, ENOSPC said" \
		test "$rc" -eq 4 -a "$(grep -c "cannot write $tmp/full/r.json: No space left on device" "$tmp/tmpfs.err")" -eq 1
	check "a full file system: every sample kept in \$TMPDIR" whole "$kept" "$tmp/full/r.json"
else
	skip "unshare -m is not allowed here: no tmpfs of our own to fill"
fi
finish

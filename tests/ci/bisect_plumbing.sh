#!/bin/bash
# shellcheck disable=SC2016 # awk programs are meant literally
# ci/bisect-kernel's plumbing without kernels: a git history of stand-in
# "kernels" (standin-builder.sh: a file that says how slow it is) booted
# by a stand-in runner (forkbench on the host, every boot a replay of one
# run, the planted factor the only difference between boots).  It checks
# the decisions (the commit that planted the slowdown is named, within
# ceil(log2 N) + 1 steps plus the skips; a commit that does not build and
# one that does not boot are skipped, exit 125 to git), the good end's
# boots reused by every step, the tree left as it was, no process left,
# and the exit codes: 4 when the ends do not differ, 3 when an end does
# not build, 2 for every misuse.
# Usage: bisect_plumbing.sh FORKBENCH
set -u
FB=$1
HERE=$(cd "$(dirname "$0")" && pwd)
BK=$HERE/../../ci/bisect-kernel
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
[ -z "${KEEP:-}" ] || echo "# KEEP: the work stays in $tmp"
n=0
fail=0
check() {
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; fail=1; fi
}
command -v jq >/dev/null || { echo "1..0 # SKIP jq not installed"; exit 0; }
command -v git >/dev/null || { echo "1..0 # SKIP git not installed"; exit 0; }
BIN=$(dirname "$FB")
export STANDIN_KERNELS=$tmp/kernels STANDIN_REPLAY=$tmp/replay.json
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid
# fixed dates: the same commit ids, so git picks the same commits after a skip
export GIT_AUTHOR_DATE="@1793491200 +0000" GIT_COMMITTER_DATE="@1793491200 +0000"
SUITE="run --method fork --rss 0 --thp off -n 60 --no-progress"
# shellcheck disable=SC2086 # SUITE is a word list
"$FB" $SUITE --quiet --json "$STANDIN_REPLAY" 2>/dev/null || { echo "1..0 # SKIP forkbench cannot run here"; exit 0; }
# Every child on its parent's CPU in the replayed run: compare weighs the
# two placements alike, and on a loaded host the few children that ran on
# another CPU, slow and scattered, would give identical runs a spread
# that hides even a factor of 2. The test is about bisect's decisions.
jq '.results |= map(if .cpus.parent then .cpus.child = .cpus.parent else . end)' "$STANDIN_REPLAY" >"$tmp/r.json" &&
	mv "$tmp/r.json" "$STANDIN_REPLAY"

# history TREE N SPEC...: a repository of N commits on a base; SPEC is
# K=SPEED, the speed file from commit K on (until the next SPEC's K).
history() {
	local tree=$1 count=$2 i s
	shift 2
	mkdir -p "$tree/kernel"
	git -C "$tree" init -q -b main
	echo 'VERSION = 6' >"$tree/Makefile"
	echo '/* fork */' >"$tree/kernel/fork.c"
	echo 1 >"$tree/speed"
	git -C "$tree" add -A
	git -C "$tree" commit -q -m base
	for i in $(seq 1 "$count"); do
		echo "/* harmless change $i */" >>"$tree/kernel/fork.c"
		for s in "$@"; do [ "${s%%=*}" = "$i" ] && echo "${s#*=}" >"$tree/speed"; done
		git -C "$tree" commit -q -a -m "change $i"
	done
}
bk() {
	"$BK" --runner "$HERE/standin-kernel-runner.sh" --builder "$HERE/standin-builder.sh" \
		--bin "$BIN" --forkbench "$FB" --suite "$SUITE" "$@"
}
rev() { git -C "$1" rev-parse "$2"; }

# ---- 16 commits: the slowdown (x2) planted by commit 11, commit 8 does
# not build, 12 does not boot (both go back to speed 2 after them)
T=$tmp/tree
history "$T" 16 11=2 8=broken 9=1 12=noboot 13=2
git -C "$T" checkout -q -b topic
planted=$(git -C "$T" rev-list --reverse main | sed -n 12p)
rc=0
bk --src "$T" --good main~16 --bad main --out "$tmp/b1" >"$tmp/b1.out" 2>"$tmp/b1.err" || rc=$?
check "bisect exits 0 when it names a commit (exit $rc)" [ $rc = 0 ]
check "it names the commit that planted the slowdown" grep -qx "first_bad=$planted" "$tmp/b1.out"
check "the ends' threshold is half their change (ratio 2: 0.5)" \
	grep -q "threshold 0.500000" "$tmp/b1.err"
check "the entry bisected is the suite's" grep -q "entry \`fork rss=0 thp=off\`" "$tmp/b1/bisect.md"
steps=$(($(wc -l <"$tmp/b1/steps.tsv") - 1))
skips=$(awk -F'\t' '$4 == "skip"' "$tmp/b1/steps.tsv" | wc -l)
check "$steps steps, $skips skipped: within ceil(log2 16) + 1 = 5 plus the skips" [ $((steps - skips)) -le 5 ]
check "commit 8 (the midpoint, tested first) does not build: skipped" \
	awk -F'\t' -v c="$(rev "$T" main~8)" '$2 == c && $3 == "does not build" && $4 == "skip" { f = 1 } END { exit !f }' "$tmp/b1/steps.tsv"
check "commit 12 does not boot: skipped" \
	awk -F'\t' -v c="$(rev "$T" main~4)" '$2 == c && $3 == "does not boot" && $4 == "skip" { f = 1 } END { exit !f }' "$tmp/b1/steps.tsv"
check "good and bad answers match the planted speeds" \
	awk -F'\t' 'NR > 1 && $4 != "skip" && !(($3 == "slower" && $4 == "bad") || ($3 == "no change" && $4 == "good")) { bad = 1 } END { exit bad }' "$tmp/b1/steps.tsv"
check "the good end was booted once, 3 times, and no step booted it again" \
	[ "$(find "$tmp/b1" -name 'A-[0-9].json' | wc -l)" = 3 ] && [ -z "$(find "$tmp/b1/steps" -name 'A-*.json')" ]
check "the report gives the first bad commit's compare table" grep -q '^fork rss=0 thp=off .* slower' "$tmp/b1/bisect.md"
check "the tree is back on its branch" [ "$(git -C "$T" symbolic-ref --short HEAD)" = topic ]
check "the tree is clean (the applied series taken out)" [ -z "$(git -C "$T" status --porcelain)" ]
check "no bisection is left open" [ ! -e "$T/.git/BISECT_START" ]
# shellcheck disable=SC2317 # called through check
no_process() { ! pgrep -f -- "$tmp/" >/dev/null; }
check "no process of the run is left" no_process

# ---- the ends do not differ: nothing to bisect, exit 4
T2=$tmp/same
history "$T2" 4
rc=0
bk --src "$T2" --good main~4 --bad main --out "$tmp/b2" >/dev/null 2>"$tmp/b2.err" || rc=$?
check "ends that do not differ: exit 4 (got $rc)" [ $rc = 4 ]
check "... with one line that says so" grep -q "nothing to bisect" "$tmp/b2.err"
check "... and the tree back where it was" [ "$(git -C "$T2" rev-parse HEAD)" = "$(rev "$T2" main)" ]

# ---- the bad end does not build: exit 3
T3=$tmp/broken
history "$T3" 4 4=broken
rc=0
bk --src "$T3" --good main~4 --bad main --out "$tmp/b3" >/dev/null 2>"$tmp/b3.err" || rc=$?
check "a bad end that does not build: exit 3 (got $rc)" [ $rc = 3 ]
check "... naming it" grep -q "the bad end .* does not build" "$tmp/b3.err"
check "... and the tree clean" [ -z "$(git -C "$T3" status --porcelain)" ]

# ---- misuse: one line on stderr and exit 2, the tree untouched
# shellcheck disable=SC2317 # called through check
one_line() { [ "$(wc -l <"$tmp/m.err")" = 1 ] && grep -q -- "$1" "$tmp/m.err"; }
misuse() { # misuse WHAT PATTERN ARGS...: exit 2 and PATTERN in one line
	local what=$1 pat=$2 rc=0
	shift 2
	bk "$@" >/dev/null 2>"$tmp/m.err" || rc=$?
	check "$what: exit 2 (got $rc)" [ $rc = 2 ]
	check "$what: one line that says '$pat'" one_line "$pat"
}
misuse "no --src" "--src TREE is required" --good a --bad b
misuse "no --bad" "--bad REV are required" --src "$T2" --good main
misuse "a tree that is not git" "not the top of a git work tree" --src "$tmp" --good a --bad b
misuse "an unknown revision" "no commit 'nosuch'" --src "$T2" --good nosuch --bad main
misuse "good after bad" "not an ancestor" --src "$T2" --good main --bad main~2
misuse "good = bad" "the same commit" --src "$T2" --good main --bad main
misuse "a bad --point" "--point must be" --src "$T2" --good main~1 --bad main --point nope
misuse "--boots 0" "--boots wants a positive number" --src "$T2" --good main~1 --bad main --boots 0
misuse "--jobs 0" "--jobs wants a positive number" --src "$T2" --good main~1 --bad main --jobs 0
misuse "a threshold of 150%" "--threshold must lie between" --src "$T2" --good main~1 --bad main --threshold 150%
misuse "an unknown option" "unknown argument '--frobnicate'" --src "$T2" --frobnicate
echo "/* local edit */" >>"$T2/kernel/fork.c"
misuse "a tree with uncommitted changes" "uncommitted changes" --src "$T2" --good main~1 --bad main
git -C "$T2" checkout -q -- kernel/fork.c
git -C "$T2" bisect start main main~2 >/dev/null 2>&1
misuse "a tree in the middle of a bisect" "middle of a git bisect" --src "$T2" --good main~1 --bad main
git -C "$T2" bisect reset >/dev/null 2>&1
# the suite's entries are known once the ends ran: the progress lines come first
rc=0
bk --src "$T" --good main~16 --bad main --entry "nosuch rss=0" --out "$tmp/b4" >/dev/null 2>"$tmp/m.err" || rc=$?
check "an entry not in the suite: exit 2 (got $rc)" [ $rc = 2 ]
check "... saying which entries there are" grep -q "'nosuch rss=0' is not an entry of the suite (entries: fork rss=0 thp=off)" "$tmp/m.err"

echo "1..$n"
exit $fail

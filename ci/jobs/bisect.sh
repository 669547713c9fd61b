#!/bin/bash
# bisect.sh - the weekly bisect: the commits of the kernel tree BISECT_TREE
# (a git URL or a path; branch BISECT_BRANCH, default its HEAD) from the
# last commit older than a week (BISECT_GOOD overrides) to the branch's
# head (BISECT_BAD overrides), with ci/bisect-kernel, into bisect/.
# Nothing to do while BISECT_TREE is empty, or when the week brought no
# commit.  The job fails when bisect names a commit: a slowdown arrived
# this week, and the summary names it.  No slowdown between the ends
# (bisect-kernel exit 4) is a green week.  BISECT_SUITE, if set, is
# bisect-kernel's --suite; BISECT_ARGS more of its options (a word list).
. "$(dirname "$0")/lib.sh"
sum() { echo "$*" >>"$GITHUB_STEP_SUMMARY"; log "$*"; }
if [ -z "${BISECT_TREE:-}" ]; then
	sum "bisect: no kernel tree (set BISECT_TREE in the workflow's env): nothing to do"
	exit 0
fi
tree=${BISECT_WORK:-$TOP/.bisect-tree}
rm -rf "$tree"
branch=()
[ -z "${BISECT_BRANCH:-}" ] || branch=(--branch "$BISECT_BRANCH")
git clone -q "${branch[@]}" "$BISECT_TREE" "$tree" || die 3 "cannot clone $BISECT_TREE"
bad=${BISECT_BAD:-$(git -C "$tree" rev-parse HEAD)}
good=${BISECT_GOOD:-$(git -C "$tree" rev-list -1 --before="7 days ago" HEAD)}
[ -n "$good" ] || { sum "bisect: the tree has no commit older than a week: nothing to compare with"; exit 0; }
if [ "$(git -C "$tree" rev-parse "$good")" = "$(git -C "$tree" rev-parse "$bad")" ]; then
	sum "bisect: no commit in the range (good = bad = $good): nothing to do"
	exit 0
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target forkbench forkbench-worker forkbench-helper >/dev/null
cmake -S . -B build-static -DFORKBENCH_STATIC=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-static -j"$(nproc)" >/dev/null
rm -rf bisect
rc=0
suite=()
[ -z "${BISECT_SUITE:-}" ] || suite=(--suite "$BISECT_SUITE")
# shellcheck disable=SC2086 # BISECT_ARGS is a word list
ci/bisect-kernel --src "$tree" --good "$good" --bad "$bad" --out bisect "${suite[@]}" ${BISECT_ARGS:-} >bisect.out || rc=$?
case $rc in
0)
	cat bisect/bisect.md >>"$GITHUB_STEP_SUMMARY"
	echo "::error::the first slow commit: $(sed -n 's/^first_bad=//p' bisect.out)"
	exit 1
	;;
4) sum "bisect: $good..$bad: no entry slower at the head than a week ago" ;;
*) die "$rc" "ci/bisect-kernel failed (exit $rc)" ;;
esac

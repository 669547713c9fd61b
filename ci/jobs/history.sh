#!/bin/bash
# history.sh - decide whether github-action-benchmark keeps this run's
# figures (step output ready=true|false), creating the gh-pages branch on
# its first use: the action stops when the branch does not exist.
# The history is kept for pushes to the default branch only: a pull
# request's figures are not the project's history, and a fork's token
# could not push them.
. "$(dirname "$0")/lib.sh"
ready() { echo "ready=$1" >>"$GITHUB_OUTPUT"; log "$2"; exit 0; }
ev=${GITHUB_EVENT_PATH:-}
default=$( [ -f "$ev" ] && jq -r '.repository.default_branch // "main"' "$ev" || echo main)
[ "$GITHUB_EVENT_NAME" = push ] || ready false "kept for pushes only (this is $GITHUB_EVENT_NAME)"
[ "${GITHUB_REF:-}" = "refs/heads/$default" ] || ready false "kept for the default branch $default only (this is ${GITHUB_REF:-?})"
[ -s report/github-benchmark.json ] || ready false "no report/github-benchmark.json"
if git ls-remote --exit-code --heads origin gh-pages >/dev/null 2>&1; then
	ready true "gh-pages exists"
fi
# A first page and nothing else: github-action-benchmark adds its data and
# index.html to it. The checkout's credentials push it.
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp" 2>/dev/null || rm -rf "$tmp"' EXIT
git worktree add --detach "$tmp" >/dev/null 2>&1 || die 3 "git worktree add failed"
(
	cd "$tmp"
	git checkout -q --orphan gh-pages
	git rm -rq --cached . >/dev/null 2>&1 || true
	find . -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
	printf '# forkbench history\n\ngithub-action-benchmark keeps the figures of every push to %s in dev/bench/.\n' "$default" >README.md
	git add README.md
	git -c user.name="forkbench CI" -c user.email="forkbench-ci@users.noreply.github.com" \
		commit -q -m "Start the forkbench history"
	git push -q origin gh-pages
) || die 3 "could not create gh-pages (does the job have contents: write?)"
ready true "gh-pages created"

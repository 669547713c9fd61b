#!/bin/bash
# comment.sh - the report as a comment on the pull request, where the
# token can write: a pull request from a branch of this repository.  A
# fork's pull request gets a read-only token; its report is the job
# summary and the artifact, and this step stays green.  A comment the
# API refuses all the same (a repository that made tokens read-only) is a
# warning, not a failure: the report is not lost.
. "$(dirname "$0")/lib.sh"
[ "$GITHUB_EVENT_NAME" = pull_request ] || { log "not a pull request: no comment"; exit 0; }
[ -f report/report.md ] || { log "no report/report.md: nothing to post"; exit 0; }
ev=${GITHUB_EVENT_PATH:-}
[ -f "$ev" ] || die 2 "GITHUB_EVENT_PATH does not name the event file"
head=$(jq -r '.pull_request.head.repo.full_name // ""' "$ev")
base=$(jq -r '.repository.full_name // ""' "$ev")
number=$(jq -r '.pull_request.number' "$ev")
if [ "$head" != "$base" ]; then
	echo "The report is this job's summary and the artifact forkbench-compare-${GITHUB_RUN_ID:-local}: a pull request from a fork ($head) gets a token that cannot comment." >>"$GITHUB_STEP_SUMMARY"
	log "pull request from the fork $head: report in the summary and the artifact, no comment"
	exit 0
fi
if [ -z "${GH_TOKEN:-}" ]; then
	echo "::warning::no GH_TOKEN: the report is in the summary and the artifact only"
	exit 0
fi
if ! gh pr comment "$number" --repo "$base" --body-file report/report.md; then
	echo "::warning::the comment was refused (a read-only token?): the report is in the summary and the artifact"
fi

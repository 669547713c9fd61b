#!/bin/bash
# Checks what a ci/workflow-local.sh run of the example workflow did
# (its --work DIR/run: log.json, the jobs' workspaces, the bare remote),
# against what issue 22 found broken: the kernel cache filled inside the
# workspace, /dev/kvm asked for only by wall-clock boots, gh-pages there
# before github-action-benchmark, a fork's pull request green with its
# report in the job summary, the verdict read from compare's JSON.
# Usage: check_workflow_run.sh RUN_DIR push|fork    (TAP on stdout)
set -u
RUN=$1 KIND=$2
L=$RUN/log.json
n=0
fail=0
check() {
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; fail=1; fi
}
# shellcheck disable=SC2317 # called through check
jqt() { jq -e "$@" "$L" >/dev/null; }
[ -f "$L" ] || { echo "not ok 1 - no $L"; exit 1; }
check "every job that ran passed" jqt '.result == "success"'
check "build, 4 boots and report ran, in that order" \
	jqt '[.jobs[] | select(.result != "skipped") | .job] == ["build", "boot", "boot", "boot", "boot", "report"]'
check "the weekly jobs are skipped outside the schedule" \
	jqt '[.jobs[] | select(.job == "kernel-checks" or .job == "kernel-debug" or .job == "bisect") | .result] == ["skipped", "skipped", "skipped"]'
check "every job's first step after the checkout is ci/jobs/setup.sh" \
	jqt '[.jobs[] | select(.result != "skipped") | .steps[1].what | startswith("ci/jobs/setup.sh ")] | all'
check "every run: step is one call of a ci/jobs script" \
	jqt '[.jobs[].steps[]? | select(.what != null and (.what | startswith("uses: ") | not)) | .what | test("^ci/jobs/[a-z-]+\\.sh( [a-z-]+)?$")] | all'
check "instruction-time boots ask for no /dev/kvm" \
	jqt '[.jobs[] | select(.job == "boot") | .container.options // "" | contains("kvm") | not] | all'
if jq -e '.sides.A.spec | startswith("/")' "$RUN/artifacts/plan/plan.json" >/dev/null; then
	n=$((n + 1))
	echo "ok $n - the kernel cache is saved with files in it # SKIP stand-in kernels: nothing is built"
else
	check "the kernel cache path lies in the workspace and is saved with files in it" \
		jqt '[.jobs[] | select(.job == "build") | .caches[] | select(.path == ".kernel-cache") | .files_at_save > 0] == [true]'
fi
ws=$(ls -d "$RUN"/jobs/*-build/ws)
check "setup.sh pointed FORKBENCH_KERNEL_CACHE into the workspace" \
	grep -qx "FORKBENCH_KERNEL_CACHE=$ws/.kernel-cache" "$RUN"/jobs/*-build/files/env-2
check "safe.directory set for the workspace" \
	grep -q "directory = $ws" "$RUN"/jobs/*-build/home/.gitconfig
check "the verdict step read compare's JSON" grep -q '^verdict: slower 0' "$RUN"/jobs/*-report/step-*.log
case $KIND in
push)
	check "gh-pages exists after the report (bootstrapped on first use)" \
		git -C "$RUN/remote.git" show-ref -q --verify refs/heads/gh-pages
	check "github-action-benchmark's step ran, on gh-pages" \
		jqt '[.jobs[] | select(.job == "report") | .steps[] | select(.name | startswith("Keep the history")) | .outcome] == ["success"]'
	;;
fork)
	check "no history from a pull request" \
		jqt '[.jobs[] | select(.job == "report") | .steps[] | select(.name | startswith("Keep the history")) | .outcome] == ["skipped"]'
	check "no gh-pages pushed from a pull request" \
		sh -c "! git -C '$RUN/remote.git' show-ref -q --verify refs/heads/gh-pages"
	check "the fork's report is in the job summary, said so" \
		grep -q 'a pull request from a fork (someone/forkbench) gets a token that cannot comment' "$RUN"/jobs/*-report/summary.md
	;;
*) echo "usage: check_workflow_run.sh RUN_DIR push|fork" >&2; exit 2 ;;
esac
echo "1..$n"
exit $fail

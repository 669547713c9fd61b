#!/bin/bash
# workflow-local.sh - run ci/example-github-workflow.yml's jobs here, in the
# order and with the semantics of GitHub's runners (ci/workflow_local.py:
# a fresh workspace and checkout per job, artifacts between jobs, caches,
# expressions, step outputs and the job summary), so that the workflow's
# steps are proven by running them, not by reading them.
#
# Usage: ci/workflow-local.sh [--tiny | --standin] [options]
#   --tiny        a tiny suite, 2 rounds, A and B both the patched 6.1 kernel
#                 that kernel-patch/build-kernel.sh cached (ci/test.sh built
#                 it; a cold cache builds it, about 10 min), in instruction
#                 time: the boots are real QEMU boots
#   --standin     as --tiny, with stand-in kernels and the stand-in runner of
#                 tests/compare (forkbench on this host, no QEMU, no kernel)
#   --event E     push (default), pull_request, schedule, workflow_dispatch
#   --fork        with --event pull_request: a pull request from a fork
#   --input K=V   a workflow_dispatch input (with --event workflow_dispatch)
#   --set K=V     override the workflow's env K (the only change to it)
#   --only JOB    run JOB only (repeatable; jobs it needs are not run)
#   --cache P=DIR stand DIR in for the cache of path P (default with --tiny:
#                 .kernel-cache=$FORKBENCH_KERNEL_CACHE or /var/tmp/forkbench-kernels)
#   --work DIR    where the jobs run, kept (default: a new directory in $TMPDIR,
#                 removed unless a job fails or --keep)
#   --keep, -v/--verbose (every step's output on the terminal)
# Without --tiny or --standin the workflow runs as written: its full suite,
# 3 rounds, and A = stock:6.1 (a kernel build of its own).
# Exit: 0 every job passed, 1 a job failed, 2 bad usage or a workflow that
# uses what is not emulated, 3 a tool missing.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
PROG=workflow-local
die() { local c=$1; shift; echo "$PROG: $*" >&2; exit "$c"; }
PY=/usr/bin/python3
[ -x $PY ] || die 3 "no $PY: install it with 'apt-get install python3'"
if ! $PY -c 'import yaml' 2>/dev/null; then
	{ [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; } || die 3 "PyYAML missing: install it with 'apt-get install python3-yaml'"
	echo "$PROG: installing python3-yaml" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-yaml >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-yaml >/dev/null; } ||
		die 3 "apt-get install python3-yaml failed"
fi
command -v git >/dev/null || die 3 "git not found: install it with 'apt-get install git'"

preset='' work='' keep=0 args=()
TINY_SUITE="run --method fork,vfork --rss 0 --thp off --iterations 30 --no-progress"
while [ $# -gt 0 ]; do
	case $1 in
	--tiny | --standin) preset=${1#--}; shift ;;
	--event | --input | --set | --cache | --only) args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
	--fork) args+=("$1"); shift ;;
	--work) work=${2:?--work needs a directory}; keep=1; shift 2 ;;
	--keep) keep=1; shift ;;
	-v | --verbose) args+=(--verbose); shift ;;
	-h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
	*) die 2 "unknown argument '$1' (try --help)" ;;
	esac
done
if [ -n "$work" ]; then
	[ ! -e "$work" ] || die 2 "--work $work exists: give a new directory"
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/forkbench-workflow-local.XXXXXX")
fi
work=$(cd "$work" && pwd)
pre=()
case $preset in
tiny)
	pre=(--set ROUNDS=2 --set "SUITE=$TINY_SUITE" --set KERNEL_A=6.1 --set KERNEL_B=6.1
		--cache ".kernel-cache=${FORKBENCH_KERNEL_CACHE:-/var/tmp/forkbench-kernels}")
	;;
standin)
	mkdir -p "$work/standin"
	echo fast >"$work/standin/kernel-a"
	echo fast >"$work/standin/kernel-b"
	export FORKBENCH_RUNNER=$TOP/tests/compare/standin-runner.sh
	pre=(--set ROUNDS=2 --set "SUITE=$TINY_SUITE" --set "KERNEL_A=$work/standin/kernel-a"
		--set "KERNEL_B=$work/standin/kernel-b" --set RUNNER_ARGS=)
	;;
esac
rc=0
t0=$(date +%s)
$PY "$HERE/workflow_local.py" --workflow "$HERE/example-github-workflow.yml" --repo "$TOP" \
	--work "$work/run" "${pre[@]}" "${args[@]}" || rc=$?
echo "$PROG: $(($(date +%s) - t0)) s${preset:+ ($preset)}"
if [ $rc = 0 ] && [ $keep = 0 ]; then
	rm -rf "$work"
else
	echo "$PROG: the jobs' workspaces and logs are in $work/run" >&2
fi
exit $rc

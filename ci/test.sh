#!/usr/bin/env bash
# The test command: formatting, a -Werror build with every test, the same
# tests under ASan and UBSan, a minute of fuzzing per target, and the
# kernel patch's build-and-boot check.
# Set FORKBENCH_SKIP_KERNEL=1 to leave out the kernel part (about 10 min).
set -eu
cd "$(dirname "$0")/.."
harness/setup.sh
jobs=$(nproc)

# The trace tests need tracefs; CI machines have it built in but not mounted.
if [ "$(id -u)" -eq 0 ] && ! awk '$3 == "tracefs" {f=1} END {exit !f}' /proc/self/mounts; then
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || echo "ci: cannot mount tracefs; the trace tests will skip" >&2
fi

echo "== clang-format (kernel style, .clang-format)"
files=$(git ls-files '*.c' '*.h' | grep -v '^kernel-patch/' || true)
[ -z "$files" ] || clang-format --dry-run --Werror $files

echo "== the example workflow: actionlint (ci/lint-workflow.sh)"
ci/lint-workflow.sh

echo "== build with -Werror and run the tests"
cmake -S . -B build-ci -DFORKBENCH_WERROR=ON >/dev/null
cmake --build build-ci -j"$jobs" >/dev/null
(cd build-ci && ctest --output-on-failure -j1)

echo "== build with ASan and UBSan and run the tests"
cmake -S . -B build-ci-asan -DFORKBENCH_WERROR=ON -DFORKBENCH_SANITIZE=ON >/dev/null
cmake --build build-ci-asan -j"$jobs" >/dev/null
(cd build-ci-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 ctest --output-on-failure -j1)

# Each fuzz target for a bounded time, from its corpus in tests/fuzz/, under
# ASan and UBSan (clang, libFuzzer); any finding fails. A longer run is
# tests/fuzz/run.sh TARGET SECONDS.
echo "== fuzz each target for ${FORKBENCH_FUZZ_SECONDS:-60} s (tests/fuzz/run.sh)"
FUZZ_BUILD=build-ci-fuzz tests/fuzz/run.sh all "${FORKBENCH_FUZZ_SECONDS:-60}"

if [ "${FORKBENCH_SKIP_KERNEL:-0}" != 1 ] && [ -x ci/kernel-test.sh ]; then
	echo "== kernel patch: apply, build, boot under QEMU, check the phase events"
	cmake -S . -B build-ci-static -DFORKBENCH_STATIC=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-ci-static -j"$jobs" >/dev/null
	ci/kernel-test.sh build-ci-static/bench
fi
# The example workflow's jobs, run here as a runner would run them
# (ci/workflow-local.sh): a push with a tiny suite, booting the kernel the
# step above built in instruction time (stand-in boots without it), then
# a fork's pull request with stand-in boots. Both runs are checked
# against what a broken workflow did (tests/ci/check_workflow_run.sh).
wl=$(mktemp -d)
wl_mode=--tiny
[ "${FORKBENCH_SKIP_KERNEL:-0}" != 1 ] || wl_mode=--standin
echo "== the example workflow, run here: a push (ci/workflow-local.sh $wl_mode)"
# one ccache for both runs: the second's static build is mostly hits
ci/workflow-local.sh $wl_mode --work "$wl/push" --cache ".ccache=$wl/ccache"
tests/ci/check_workflow_run.sh "$wl/push/run" push
echo "== the example workflow, run here: a fork's pull request (ci/workflow-local.sh --standin)"
ci/workflow-local.sh --standin --event pull_request --fork --work "$wl/fork" --cache ".ccache=$wl/ccache"
tests/ci/check_workflow_run.sh "$wl/fork/run" fork
echo "== the example workflow, run here: the weekly bisect job with no tree (ci/workflow-local.sh --only bisect)"
ci/workflow-local.sh --event schedule --only bisect --work "$wl/weekly"
grep -q 'no kernel tree .*: nothing to do' "$wl"/weekly/run/jobs/*-bisect/summary.md
rm -rf "$wl"
echo "== all tests passed"

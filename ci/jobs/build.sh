#!/bin/bash
# build.sh - the build job: the static forkbench (the guest's binaries and
# the report's compare) into guest-bin/, both kernels and the plan into
# plan/ (ci/compare-kernels build), and the boot matrix's rounds as the
# step output "rounds".  Reads KERNEL_A, KERNEL_B, CLOCK, SUITE,
# RUNNER_ARGS and ROUNDS (the workflow's env).
. "$(dirname "$0")/lib.sh"
for v in KERNEL_A KERNEL_B CLOCK SUITE ROUNDS; do
	[ -n "${!v:-}" ] || die 2 "$v is not set (the workflow's env sets it)"
done
case $ROUNDS in *[!0-9]* | 0) die 2 "ROUNDS must be a positive number, got '$ROUNDS'" ;; esac
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-static -DFORKBENCH_STATIC=ON -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build build-static -j"$(nproc)" >/dev/null
rm -rf plan guest-bin
ci/compare-kernels build --a "$KERNEL_A" --b "$KERNEL_B" --out plan \
	--clock "$CLOCK" --suite "$SUITE" --runner-args "${RUNNER_ARGS:-}"
mkdir -p guest-bin
cp build-static/bench/forkbench build-static/bench/forkbench-worker \
	build-static/bench/forkbench-helper guest-bin/
echo "rounds=[$(seq -s, 1 "$ROUNDS")]" >>"$GITHUB_OUTPUT"
log "plan $(jq -r .id plan/plan.json), $ROUNDS round(s) a side"

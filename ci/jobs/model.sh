#!/bin/bash
# model.sh - the weekly cache-model comparison: KERNEL_A against KERNEL_B,
# three boots a side in instruction time with the cache-model plugin
# (ci/compare-kernels --clock model, docs/model.md), into model/ (the run
# directory: report.md, compare.json, every boot's JSON). It sees what
# instruction time cannot: a change that touches more memory with few
# more instructions. Weekly, not on every push: a model boot costs about
# 2.5x the CPU of an instruction-time boot. Fails the job where compare
# finds B slower, from compare's JSON (verdict.sh), never its table.
# Reads KERNEL_A, KERNEL_B, MODEL_SUITE and RUNNER_ARGS (the workflow's env).
. "$(dirname "$0")/lib.sh"
for v in KERNEL_A KERNEL_B MODEL_SUITE; do
	[ -n "${!v:-}" ] || die 2 "$v is not set (the workflow's env sets it)"
done
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache)
# the static build holds forkbench-model-join beside forkbench: the runner joins with it
cmake -S . -B build-static -DFORKBENCH_STATIC=ON -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build build-static -j"$(nproc)" >/dev/null
rm -rf model
mkdir -p model
rc=0
dir=$(ci/compare-kernels --a "$KERNEL_A" --b "$KERNEL_B" --rounds 3 --clock model \
	--suite "$MODEL_SUITE" --runner-args "${RUNNER_ARGS:-}" --results model \
	--bin build-static/bench --forkbench build-static/bench/forkbench | tail -n 1) || rc=$?
[ -n "$dir" ] && [ -s "$dir/compare.json" ] || die 3 "compare-kernels --clock model wrote no compare.json (exit $rc)"
cat "$dir/report.md" >>"$GITHUB_STEP_SUMMARY" 2>/dev/null || true
# verdict.sh reads report/compare.json
rm -rf report
ln -s "$dir" report
"$(dirname "$0")/verdict.sh"

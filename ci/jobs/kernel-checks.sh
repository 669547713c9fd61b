#!/bin/bash
# kernel-checks.sh - the weekly static checks and selftests of the series,
# stock against patched, into kernel-checks/ (static.md, selftests/).
. "$(dirname "$0")/lib.sh"
cmake -S . -B build-static -DFORKBENCH_STATIC=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-static -j"$(nproc)" >/dev/null
mkdir -p kernel-checks
rc=0
ci/kernel-static.sh --base all | tee kernel-checks/static.md || rc=1
harness/qemu/selftests.sh --base all --out kernel-checks/selftests || rc=1
cat kernel-checks/static.md kernel-checks/selftests/selftests.md >>"$GITHUB_STEP_SUMMARY" 2>/dev/null || true
exit $rc

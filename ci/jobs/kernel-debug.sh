#!/bin/bash
# kernel-debug.sh - the patched kernel of BASE with lockdep, KASAN and
# friends running the suite; the console must stay silent (into debug/).
. "$(dirname "$0")/lib.sh"
case ${BASE:-} in 6.1 | 6.12) ;; *) die 2 "BASE must be 6.1 or 6.12, got '${BASE:-}'" ;; esac
cmake -S . -B build-static -DFORKBENCH_STATIC=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-static -j"$(nproc)" >/dev/null
rc=0
ci/kernel-debug.sh --base "$BASE" --out debug || rc=$?
cat debug/debug.md >>"$GITHUB_STEP_SUMMARY" 2>/dev/null || true
exit $rc

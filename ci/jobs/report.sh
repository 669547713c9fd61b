#!/bin/bash
# report.sh - compare every boot under boots/ (ci/compare-kernels report,
# which runs forkbench compare --json and --markdown) into report/, and
# put the report in the job summary.  A regression is not this step's
# failure: verdict.sh fails the job after the report is posted and kept;
# this step fails only when there is no comparison at all.
. "$(dirname "$0")/lib.sh"
chmod +x guest-bin/* 2>/dev/null || true
[ -d boots ] || die 2 "no boots/ (the boot jobs' artifacts)"
rc=0
ci/compare-kernels report --forkbench guest-bin/forkbench --out report boots || rc=$?
[ -f report/report.md ] && cat report/report.md >>"$GITHUB_STEP_SUMMARY"
[ $rc -le 1 ] || die 3 "no comparison (compare-kernels report exit $rc)"
[ -s report/compare.json ] || die 3 "compare-kernels report wrote no compare.json"
log "report: report/report.md (compare exit $rc)"

#!/bin/bash
# verdict.sh - fail the job when forkbench compare found B slower than A,
# from report/compare.json: schema 3's "verdicts" (slower, and
# inconclusive with FAIL_ON_INCONCLUSIVE=1), or schema 2's counts; an
# entry that ran in A but failed in B fails as well.  Never the table's
# text.
. "$(dirname "$0")/lib.sh"
j=report/compare.json
[ -s "$j" ] || die 3 "no $j: the report step did not compare"
slower=$(jq '.verdicts.slower // .slower // 0' "$j")
failed=$(jq '.failed_in_new // ([.comparisons[]?.entries[]? | select(.in == "failed in new")] | length)' "$j")
inconclusive=$(jq '.verdicts.inconclusive // 0' "$j")
rows=$(jq -r 'def rows: if .comparisons then [.comparisons[].entries[]] else (.entries // .rows // []) end;
	[rows[] | select(.verdict == "slower") | "\(.id) x\(.ratio * 1000 | round / 1000)"] | join(", ")' "$j")
log "slower $slower, failed in B $failed, inconclusive $inconclusive"
if [ "$slower" -gt 0 ] || [ "$failed" -gt 0 ]; then
	echo "::error::kernel B is slower than kernel A: ${rows:-see the report} (failed in B: $failed)"
	exit 1
fi
if [ "${FAIL_ON_INCONCLUSIVE:-0}" = 1 ] && [ "$inconclusive" -gt 0 ]; then
	echo "::error::$inconclusive entr(y/ies) inconclusive, and FAIL_ON_INCONCLUSIVE=1"
	exit 1
fi

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-trace.sh - check the task_copy_process events in a guest trace
# (trace.txt written by run-guest.sh --trace-event on).  --help for usage.

set -euo pipefail
PROG=check-trace.sh

MIN_EVENTS=1
COMM='forkbench'
MAX_GAP=0.10
FAIL_PROBE=0
SUMMARY=

usage() {
	cat <<EOF
Usage: $PROG [options] TRACE.TXT

Checks, on the text of the guest's trace buffer:
  1. the buffer did not overrun (when trace-overrun.txt sits next to it);
  2. every task:task_newtask has exactly one task:task_copy_process for the
     same child pid, and no task_copy_process is without its task_newtask;
  3. at least --min-events task_copy_process events come from tasks whose
     comm starts with --comm (the benchmark's own creations);
  4. no event's phases add up to more than its total_ns, and the median of
     (sum of the 11 phases) / total_ns is at least 1 - --max-gap (the rest
     is the untimed steps of copy_process: limits, perf, audit, LSM,
     semundo, copy_io, pidfd, cgroup, attach);
  5. with --fail-probe: a task_copy_process_failed event with error=-11
     and phase=limits is present (run-guest.sh --fail-probe makes one).
Prints a summary (per comm: count, medians of total and of each phase's
share, copy_mm share by mm_pages) and exits 1 if a check fails.

Options:
  --min-events N   (default $MIN_EVENTS)
  --comm PREFIX    (default $COMM)
  --max-gap F      (default $MAX_GAP)
  --fail-probe     check 5
  --summary FILE   also write the summary there
EOF
}

while [ $# -gt 0 ]; do
	case $1 in
	--min-events) MIN_EVENTS=${2:?}; shift 2 ;;
	--comm) COMM=${2:?}; shift 2 ;;
	--max-gap) MAX_GAP=${2:?}; shift 2 ;;
	--fail-probe) FAIL_PROBE=1; shift ;;
	--summary) SUMMARY=${2:?}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	-*) echo "$PROG: error: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# = 1 ] || { usage >&2; exit 2; }
TRACE=$1
[ -r "$TRACE" ] || { echo "$PROG: error: cannot read '$TRACE'" >&2; exit 2; }

rc=0
OVERRUN=$(dirname "$TRACE")/trace-overrun.txt
if [ -f "$OVERRUN" ] && grep -qE 'overrun: [1-9]' "$OVERRUN"; then
	echo "FAIL: the trace buffer overran, events were lost: $(tr '\n' ' ' <"$OVERRUN")"
	rc=1
fi

out=$(awk -v comm="$COMM" -v min_events="$MIN_EVENTS" -v max_gap="$MAX_GAP" \
	-v fail_probe="$FAIL_PROBE" '
function field(name,    i, kv) {
	for (i = 1; i <= NF; i++)
		if (index($i, name "=") == 1)
			return substr($i, length(name) + 2)
	return ""
}
function median(arr, n,    i, j, t, tmp) {
	if (n == 0) return 0
	for (i = 1; i <= n; i++) tmp[i] = arr[i]
	for (i = 2; i <= n; i++) {	# insertion sort: n is small
		t = tmp[i]
		for (j = i - 1; j >= 1 && tmp[j] > t; j--) tmp[j + 1] = tmp[j]
		tmp[j + 1] = t
	}
	return (n % 2) ? tmp[(n + 1) / 2] : (tmp[n / 2] + tmp[n / 2 + 1]) / 2
}
BEGIN {
	nph = split("dup_task_struct copy_creds sched_fork copy_files copy_fs copy_sighand copy_signal copy_mm copy_namespaces copy_thread alloc_pid", ph, " ")
	fail = 0
}
/: task_newtask: / {
	pid = field("pid"); newtask[pid]++; n_new++
	next
}
/: task_copy_process_failed: / {
	n_failed++
	if (field("error") == "-11" && field("phase") == "limits") probe_ok = 1
	failed_lines = failed_lines "  " substr($0, index($0, "task_copy_process_failed:")) "\n"
	next
}
/: task_copy_process: / {
	pid = field("pid"); cp[pid]++; n_cp++
	task = $1; sub(/-[0-9]+$/, "", task)
	total = field("total_ns") + 0
	sum = 0
	for (i = 1; i <= nph; i++) { v[i] = field(ph[i] "_ns") + 0; sum += v[i] }
	if (total <= 0 || sum > total) {
		bad_sum++
		if (bad_sum <= 3) printf "FAIL: phases add up to more than total_ns (sum %d > total %d): %s\n", sum, total, $0
		fail = 1
	}
	r = (total > 0) ? sum / total : 0
	all_ratio[++n_all] = r
	if (index(task, comm) != 1) next
	ratio[++n] = r
	tot[n] = total
	for (i = 1; i <= nph; i++) share[i, n] = (total > 0) ? v[i] / total : 0
	pages = field("mm_pages") + 0
	b = (pages == 0) ? "0 (CLONE_VM or none)" : (pages < 1024 ? "<4MiB" : (pages < 262144 ? "4MiB-1GiB" : ">=1GiB"))
	bn[b]++; bmm[b, bn[b]] = (total > 0) ? v[8] / total : 0; btot[b, bn[b]] = total
	bpgt[b, bn[b]] = field("mm_pgtable_bytes") + 0; bpg[b, bn[b]] = pages
}
END {
	printf "events: %d task_copy_process, %d task_newtask, %d task_copy_process_failed\n", n_cp, n_new, n_failed
	missing = 0; extra = 0
	for (p in newtask) if (cp[p] != newtask[p]) { missing++; if (missing <= 3) printf "FAIL: child pid %s: %d task_newtask but %d task_copy_process\n", p, newtask[p], cp[p] + 0 }
	for (p in cp) if (!(p in newtask)) { extra++; if (extra <= 3) printf "FAIL: task_copy_process for pid %s without task_newtask\n", p }
	if (n_new == 0) { print "FAIL: no task_newtask events at all (tracing not enabled?)"; fail = 1 }
	if (missing || extra) fail = 1
	else if (n_new > 0) printf "ok: every one of the %d created tasks has its task_copy_process event\n", n_new
	if (n < min_events) { printf "FAIL: only %d task_copy_process events from \"%s*\" tasks, expected at least %d\n", n, comm, min_events; fail = 1 }
	else printf "ok: %d events from \"%s*\" tasks (at least %d expected)\n", n, comm, min_events
	if (!bad_sum && n_all > 0) printf "ok: in all %d events the phases add up to no more than total_ns\n", n_all
	m = median(ratio, n)
	for (i = 1; i <= n; i++) t2[i] = tot[i]
	printf "sum of phases / total_ns over %d benchmark events: median %.3f (untimed steps %.1f%%), median total %.0f ns\n", n, m, (1 - m) * 100, median(t2, n)
	if (n > 0 && m < 1 - max_gap) { printf "FAIL: median sum/total %.3f is below %.3f\n", m, 1 - max_gap; fail = 1 }
	else if (n > 0) printf "ok: median sum/total %.3f >= %.3f\n", m, 1 - max_gap
	if (n > 0) {
		printf "median share of total per phase:"
		for (i = 1; i <= nph; i++) { for (k = 1; k <= n; k++) s1[k] = share[i, k]; printf " %s=%.1f%%", ph[i], 100 * median(s1, n) }
		printf "\n"
	}
	for (b in bn) {
		for (k = 1; k <= bn[b]; k++) { s2[k] = bmm[b, k]; s3[k] = btot[b, k]; s4[k] = bpgt[b, k]; s5[k] = bpg[b, k] }
		printf "mm_pages %s: %d events, median total %.0f ns, median copy_mm share %.1f%%, median mm_pages %d, median mm_pgtable_bytes %d\n", b, bn[b], median(s3, bn[b]), 100 * median(s2, bn[b]), median(s5, bn[b]), median(s4, bn[b])
		delete s2; delete s3; delete s4; delete s5
	}
	if (n_failed) printf "failed creations:\n%s", failed_lines
	if (fail_probe) {
		if (probe_ok) print "ok: the failure probe produced task_copy_process_failed error=-11 phase=limits"
		else { print "FAIL: no task_copy_process_failed error=-11 phase=limits from the failure probe"; fail = 1 }
	}
	exit fail
}' "$TRACE") || rc=1
echo "$out"
[ -n "$SUMMARY" ] && echo "$out" >"$SUMMARY"
exit $rc

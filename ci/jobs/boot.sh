#!/bin/bash
# boot.sh - one boot of the matrix: side SIDE, round ROUND of the plan in
# plan/, with the guest binaries of guest-bin/, into boot-SIDE-ROUND/.
. "$(dirname "$0")/lib.sh"
case ${SIDE:-} in A | B) ;; *) die 2 "SIDE must be A or B, got '${SIDE:-}'" ;; esac
case ${ROUND:-} in '' | *[!0-9]*) die 2 "ROUND must be a number, got '${ROUND:-}'" ;; esac
[ -f plan/plan.json ] || die 2 "no plan/plan.json (the build job's artifact)"
# artifacts lose the executable bit
chmod +x guest-bin/* plan/kernels/*/gen_init_cpio 2>/dev/null || true
ci/compare-kernels boot --plan plan/plan.json --bin guest-bin \
	--side "$SIDE" --round "$ROUND" "boot-$SIDE-$ROUND"

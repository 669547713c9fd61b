# shellcheck shell=bash
# What the ci/jobs scripts share: where they are, the GitHub Actions files
# they write (each falls back to /dev/null outside a runner, so that every
# script also runs by hand), and one way to fail.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JOB=$(basename "$0" .sh)
cd "$TOP"
: "${GITHUB_WORKSPACE:=$TOP}" "${GITHUB_ENV:=/dev/null}" "${GITHUB_OUTPUT:=/dev/null}"
: "${GITHUB_STEP_SUMMARY:=/dev/null}" "${GITHUB_EVENT_NAME:=push}"
die() { local c=$1; shift; echo "::error::$JOB: $*" >&2; exit "$c"; }
log() { echo "$JOB: $*" >&2; }

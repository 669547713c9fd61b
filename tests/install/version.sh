#!/usr/bin/env bash
# -V and --version: "forkbench VERSION (git COMMIT)", the same either way.
# Usage: version.sh FORKBENCH VERSION
set -u
fb=$1
version=$2
. "$(dirname "$0")/../engine/lib.sh"

short=$("$fb" -V)
rc=$?
long=$("$fb" --version)
echo "# -V: $short"
check "-V exits 0" test "$rc" -eq 0
check "-V and --version print the same" test "$short" = "$long"
check "it names the version and the git commit" \
	grep -Eq "^forkbench ${version//./\\.} \(git ([0-9a-f]{12}(-dirty)?|unknown)\)$" <<<"$short"
if git -C "$(dirname "$0")" rev-parse --short=12 HEAD >/dev/null 2>&1; then
	head=$(git -C "$(dirname "$0")" rev-parse --short=12 HEAD)
	check "the commit is this checkout's" grep -q "(git $head" <<<"$short"
fi
check "'forkbench --help' mentions -V" bash -c "'$fb' --help | grep -q -- '-V, --version'"
finish

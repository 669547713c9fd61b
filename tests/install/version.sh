#!/usr/bin/env bash
# -V and --version: "forkbench VERSION (git COMMIT)", the same either way.
# Usage: version.sh FORKBENCH VERSION
set -u
fb=$1
version=$2
. "$(dirname "$0")/../lib/tap.sh"

short=$("$fb" -V)
rc=$?
long=$("$fb" --version)
echo "# -V: $short"
check "-V exits 0" test "$rc" -eq 0
check "-V and --version print the same" test "$short" = "$long"
check "it names the version and the git commit" \
	grep -Eq "^forkbench ${version//./\\.} \(git ([0-9a-f]{12}(-dirty)?|unknown)\)$" <<<"$short"
# built from this checkout: its commit is HEAD or one before it (a commit
# made since the build does not make the binary wrong)
if git -C "$(dirname "$0")" rev-parse HEAD >/dev/null 2>&1; then
	commit=$(sed -E 's/.*\(git ([0-9a-f]+)(-dirty)?\)$/\1/' <<<"$short")
	check "the commit is this checkout's HEAD or an ancestor of it" \
		git -C "$(dirname "$0")" merge-base --is-ancestor "$commit" HEAD
fi
check "'forkbench --help' mentions -V" bash -c "'$fb' --help | grep -q -- '-V, --version'"
finish

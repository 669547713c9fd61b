#!/usr/bin/env bash
# The .deb CPack builds (without installing it, which needs root; that is
# harness/deb-check.sh): named forkbench, its Depends computed by
# dpkg-shlibdeps from what forkbench links, and holding what
# `cmake --install` installs, under /usr.
# Usage: deb_package.sh BUILD_DIR
set -u
build=$1
. "$(dirname "$0")/../lib/tap.sh"
command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null ||
	{ echo "1..0 # SKIP no dpkg-deb or dpkg-shlibdeps (dpkg-dev)"; exit 77; }
out=$build/test-deb
rm -rf "$out"
trap 'rm -rf "$out"' EXIT

cpack -G DEB -B "$out" --config "$build/CPackConfig.cmake" >"$build/test-deb.log" 2>&1
rc=$?
check "cpack -G DEB builds the package" test "$rc" -eq 0
deb=$(ls "$out"/forkbench_*_amd64.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { sed 's/^/# /' "$build/test-deb.log"; finish; exit; }
echo "# $(basename "$deb"): Depends: $(dpkg-deb -f "$deb" Depends)"

check "the package is named forkbench" test "$(dpkg-deb -f "$deb" Package)" = forkbench
check "it has a maintainer and a description" \
	test -n "$(dpkg-deb -f "$deb" Maintainer)" -a -n "$(dpkg-deb -f "$deb" Description)"
# every shared library forkbench links directly comes from a package Depends names
depends=$(dpkg-deb -f "$deb" Depends)
owner() { # the package that holds a library ldd resolved (usrmerge: either path)
	local so=$1
	{ dpkg -S "$so" || dpkg -S "$(readlink -f "$so")" || dpkg -S "${so#/usr}"; } 2>/dev/null |
		head -n 1 | cut -d: -f1
}
libs=0
while read -r so; do
	pkg=$(owner "$so")
	[ -n "$pkg" ] || continue # not from a package: nothing to depend on
	libs=$((libs + 1))
	check "Depends names $pkg (for $so)" grep -Eq "(^|, )$pkg( |,|$)" <<<"$depends"
done < <(
	# the libraries forkbench itself names (NEEDED), where ldd finds them;
	# theirs in turn are their packages' to depend on
	needed=$(readelf -d "$build/bench/forkbench" | awk '/\(NEEDED\)/ {gsub(/[][]/, "", $5); print $5}')
	ldd "$build/bench/forkbench" 2>/dev/null |
		awk -v needed="$needed" 'BEGIN {split(needed, n, "\n"); for (i in n) want[n[i]] = 1}
			$2 == "=>" && $3 ~ /^\// && ($1 in want) {print $3}')
[ "$libs" -gt 0 ] || skip "forkbench is static: no shared library to depend on"
dpkg-deb -c "$deb" | awk '{print $6}' >"$out/files"
for f in ./usr/bin/forkbench ./usr/libexec/forkbench/forkbench-worker \
	./usr/libexec/forkbench/forkbench-helper ./usr/share/forkbench/schema/results-v1.json \
	./usr/share/forkbench/plots/draw.sh ./usr/share/bash-completion/completions/forkbench; do
	check "it holds $f" grep -qx "$f" "$out/files"
done
if [ -e "$build/bench/cli/forkbench.1.gz" ]; then
	check "it holds the man page" grep -qx ./usr/share/man/man1/forkbench.1.gz "$out/files"
else
	skip "no man page: scdoc was not found"
fi
for f in ./usr/share/doc/forkbench/copyright ./usr/share/doc/forkbench/changelog.Debian.gz \
	./usr/share/lintian/overrides/forkbench; do
	check "it holds what Debian wants: $f" grep -qx "$f" "$out/files"
done
check "nothing outside /usr" test -z "$(grep -v '^\./usr/' "$out/files")"
finish

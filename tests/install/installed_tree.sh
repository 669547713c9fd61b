#!/usr/bin/env bash
# `cmake --install` into a prefix under the build tree, then forkbench run
# from there, from another directory: it must find its worker and helper
# in libexec/forkbench, and still find them once the prefix has moved.
# Usage: installed_tree.sh BUILD_DIR NO_ORPHANS MAN_PAGE_BUILT(0|1)
set -u
build=$1
no_orphans=$2
man_built=$3
. "$(dirname "$0")/../lib/tap.sh"
root=$build/test-install
prefix=$root/prefix
rm -rf "$root"
mkdir -p "$root/elsewhere"
trap 'rm -rf "$root"' EXIT

cmake --install "$build" --prefix "$prefix" >"$root/install.log" 2>&1
rc=$?
check "cmake --install into $prefix" test "$rc" -eq 0
[ "$rc" -eq 0 ] || sed 's/^/# /' "$root/install.log"

check "bin holds forkbench, and only it" test "$(ls "$prefix/bin")" = forkbench
check "the worker and helper are in libexec/forkbench" \
	test -x "$prefix/libexec/forkbench/forkbench-worker" -a -x "$prefix/libexec/forkbench/forkbench-helper"
check "the results schema is in share/forkbench/schema" test -s "$prefix/share/forkbench/schema/results-v1.json"
check "draw.sh is in share/forkbench/plots, runnable" test -x "$prefix/share/forkbench/plots/draw.sh"
for py in "$prefix"/share/forkbench/plots/*.py; do
	check "plots/$(basename "$py") is runnable (the README runs store_trend.py by its path)" test -x "$py"
done
check "the README and the manual it links are in share/doc/forkbench" \
	test -s "$prefix/share/doc/forkbench/README.md" -a -s "$prefix/share/doc/forkbench/docs/compare.md"
check "the Debian-only files stay out of a plain install" \
	test ! -e "$prefix/share/lintian" -a ! -e "$prefix/share/doc/forkbench/copyright"
check "the bash completion is in share/bash-completion/completions" \
	test -s "$prefix/share/bash-completion/completions/forkbench"
if [ "$man_built" = 1 ]; then
	check "forkbench(1) is in share/man/man1" test -s "$prefix/share/man/man1/forkbench.1.gz"
	check "man finds it there" bash -c "MANPATH='$prefix/share/man' man -w forkbench | grep -q '$prefix'"
else
	skip "no man page: scdoc was not found"
	skip "no man page: scdoc was not found"
fi

cd "$root/elsewhere" || exit 1
runs() { # runs NAME FORKBENCH: list and a tiny run, from elsewhere
	local name=$1 fb=$2
	"$fb" list >list.out 2>list.err
	check "$name: list exits 0 and every method can run" \
		test $? -eq 0 -a -z "$(grep 'cannot run' list.out)" -a ! -s list.err
	"$no_orphans" "$fb" run --method fork,posix_spawn --rss 0,1M -n 5 -q --no-progress \
		--json out.json >run.out 2>run.err
	local rc=$?
	echo "# $name: run -> exit $rc"
	check "$name: a tiny run exits 0 and writes its results" test "$rc" -eq 0 -a -s out.json
	check "$name: posix_spawn ran (the helper was found)" test -z "$(grep skipped run.err)"
}
runs installed "$prefix/bin/forkbench"

# the plots draw from where they are installed, with forkbench on the PATH
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null && command -v gnuplot >/dev/null; then
	PATH=$prefix/bin:$PATH "$prefix/share/forkbench/plots/draw.sh" out.json --out plots \
		>draw.log 2>&1
	rc=$?
	pngs=(plots/*.png)
	echo "# draw.sh -> exit $rc, ${#pngs[@]} PNGs"
	check "installed draw.sh draws PNGs of the run" test "$rc" -eq 0 -a -n "$(ls plots/*.png 2>/dev/null)"
	for py in "$prefix"/share/forkbench/plots/*.py; do
		"$py" --help >py.out 2>&1
		check "installed $(basename "$py") --help runs by its #! line" test $? -eq 0 -a -s py.out
	done
else
	skip "no matplotlib or gnuplot for draw.sh"
fi

# a moved prefix: the path from bin to libexec is relative
mv "$prefix" "$root/moved"
runs moved "$root/moved/bin/forkbench"
finish

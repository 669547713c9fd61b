#!/usr/bin/env bash
# deb-check.sh - build forkbench's .deb with CPack, install it, use it,
# remove it, and check that the removal left nothing behind.
#
#   harness/deb-check.sh [--fresh] [BUILD_DIR]
#
# BUILD_DIR (default: build-deb) is configured with CMAKE_INSTALL_PREFIX
# /usr and built; `cpack -G DEB` writes forkbench_VERSION-1_amd64.deb
# there. Then, on this machine: dpkg -i; forkbench -V, list, a short run
# (fork, --rss 0,1M) from a directory outside the tree, the man page and
# the completion as installed; dpkg -r; every file dpkg -L listed is gone;
# lintian, when installed, finds no error in the package.
# --fresh does the same in a new Debian 12 (bookworm) minbase chroot made
# with debootstrap from this machine's Debian mirror, where apt-get
# installs the .deb with the Depends dpkg-shlibdeps computed and nothing
# else: what a fresh Debian 12 lacks, the package must pull in.
# Needs root (dpkg -i). Exit: 0 all good, 1 a check failed, 2 bad usage.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FRESH=0
BUILD=
for a in "$@"; do
	case $a in
	--fresh) FRESH=1 ;;
	-h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "deb-check: unknown option $a (see --help)" >&2; exit 2 ;;
	*) BUILD=$a ;;
	esac
done
BUILD=${BUILD:-$ROOT/build-deb}
[ "$(id -u)" -eq 0 ] || { echo "deb-check: needs root (dpkg -i)" >&2; exit 2; }

failed=0
ok() { echo "ok - $*"; }
bad() { echo "FAILED - $*"; failed=1; }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

echo "== building the package in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_INSTALL_PREFIX=/usr >"$BUILD.log" 2>&1 &&
	cmake --build "$BUILD" -j2 >>"$BUILD.log" 2>&1 &&
	(cd "$BUILD" && rm -f forkbench_*.deb && cpack -G DEB) >>"$BUILD.log" 2>&1 ||
	{ echo "deb-check: the build or cpack failed, see $BUILD.log" >&2; exit 1; }
deb=$(ls "$BUILD"/forkbench_*_amd64.deb)
echo "$deb"
dpkg-deb -f "$deb" Package Version Depends Maintainer | sed 's/^/  /'
if command -v lintian >/dev/null; then # Debian's package checker, when installed
	lintian --allow-root "$deb" >"$BUILD/lintian.log" 2>&1
	sed 's/^/  lintian: /' "$BUILD/lintian.log"
	check "lintian finds no error in the package" sh -c "! grep -q '^E:' '$BUILD/lintian.log'"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# install, use, remove, in a root dir ("/" or a chroot): $run runs a command there
use_and_remove() {
	local where=$1
	shift
	local -a run=("$@")
	echo "== $where: install"
	if [ "${run[*]}" = "" ]; then
		dpkg -i "$deb" >"$tmp/install.log" 2>&1
	else
		cp "$deb" "$CHROOT/tmp/forkbench.deb"
		"${run[@]}" apt-get install -y -q /tmp/forkbench.deb >"$tmp/install.log" 2>&1
	fi
	check "$where: the package installs" test $? -eq 0 || { sed 's/^/  /' "$tmp/install.log"; return; }
	# what apt pulled in for it (the chroot): the Depends at work
	grep '^Setting up' "$tmp/install.log" | awk '{print $3}' | tr '\n' ' ' | sed 's/^./  installed: &/;s/ $/\n/'

	"${run[@]}" dpkg -L forkbench >"$tmp/files"
	"${run[@]}" sh -c 'cd /tmp && forkbench -V' | sed 's/^/  /'
	check "$where: forkbench list: every method can run" \
		sh -c "! ${run[*]} forkbench list | grep -q 'cannot run'"
	"${run[@]}" sh -c 'cd /tmp && forkbench run --method fork --rss 0,1M --no-progress' \
		>"$tmp/run.out" 2>"$tmp/run.err"
	local rc=$?
	sed 's/^/  /' "$tmp/run.out" "$tmp/run.err"
	check "$where: forkbench run --method fork --rss 0,1M from /tmp exits 0" test "$rc" -eq 0
	check "$where: man forkbench finds the page" \
		sh -c "${run[*]} man -w forkbench | grep -qx /usr/share/man/man1/forkbench.1.gz"
	"${run[@]}" env MANPAGER=cat MANWIDTH=80 man forkbench 2>/dev/null | sed -n '1,4p' | sed 's/^/  /'
	check "$where: the completion is where bash-completion loads it" \
		"${run[@]}" bash -c '. /usr/share/bash-completion/completions/forkbench && complete -p forkbench >/dev/null'
	echo "== $where: dpkg -r forkbench"
	"${run[@]}" dpkg -r forkbench >"$tmp/remove.log" 2>&1
	check "$where: the package is removed" test $? -eq 0
	local left=0 f
	while IFS= read -r f; do
		f=${CHROOT:-}$f
		# a directory other packages' files are in stays, as it should;
		# forkbench's own (/usr/share/forkbench...) must go, whatever is in them
		if [[ $f != *forkbench* ]] && [ -d "$f" ] && [ -n "$(ls -A "$f")" ]; then
			continue
		elif [ -e "$f" ]; then
			echo "  left: ${f#"${CHROOT:-}"}"
			left=1
		fi
	done <"$tmp/files"
	check "$where: nothing of the $(wc -l <"$tmp/files") paths dpkg -L listed is left" test "$left" -eq 0
	check "$where: dpkg no longer knows the package" \
		sh -c "! ${run[*]} dpkg-query -W -f='\${Status}' forkbench 2>/dev/null | grep -q installed"
}

if dpkg-query -W -f='${Status}' forkbench 2>/dev/null | grep -q "install ok installed"; then
	echo "deb-check: forkbench is already installed here; 'dpkg -r forkbench' first" >&2
	exit 2
fi
CHROOT=
use_and_remove "this machine"

if [ "$FRESH" = 1 ]; then
	command -v debootstrap >/dev/null || apt-get install -y -q debootstrap >/dev/null 2>&1
	mirror=$(awk '/^URIs:/ && $2 ~ /debian$/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null)
	mirror=${mirror:-http://deb.debian.org/debian}
	CHROOT=$tmp/bookworm
	echo "== a fresh Debian 12: debootstrap --variant=minbase bookworm from $mirror"
	if debootstrap --variant=minbase bookworm "$CHROOT" "$mirror" >"$tmp/debootstrap.log" 2>&1; then
		mount -t proc proc "$CHROOT/proc"
		trap 'umount "$CHROOT/proc" 2>/dev/null; rm -rf "$tmp"' EXIT
		chroot "$CHROOT" apt-get install -y -q man-db >/dev/null 2>&1 # what `man forkbench` needs
		use_and_remove "fresh Debian 12" chroot "$CHROOT"
	else
		tail -n 5 "$tmp/debootstrap.log" | sed 's/^/  /'
		bad "debootstrap could not make a Debian 12 chroot"
	fi
fi
[ "$failed" -eq 0 ] && echo "deb-check: all good" || echo "deb-check: some checks failed"
exit "$failed"

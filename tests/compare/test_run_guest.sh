#!/bin/bash
# harness/qemu/run-guest.sh against a stand-in QEMU (a script first on the
# PATH that writes what a guest would on the results channel): the kernel
# command line it is given, with --append once, twice, and with a value
# that holds spaces. No kernel is booted.
# Usage: test_run_guest.sh
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
RG=$HERE/../../harness/qemu/run-guest.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$HERE/../lib/tap.sh"
jqt() { jq -e "$@" >/dev/null; }
command -v jq >/dev/null || { echo "1..0 # SKIP jq not installed"; exit 0; }
bb=
for b in /bin/busybox /usr/bin/busybox; do [ -x $b ] && bb=$b && break; done
[ -n "$bb" ] || { echo "1..0 # SKIP busybox not installed"; exit 0; }
command -v cpio >/dev/null || { echo "1..0 # SKIP cpio not installed"; exit 0; }

# The stand-in QEMU: takes -append and the second -serial file, and
# answers on that channel as guest-init.sh does, its guest-info carrying
# the command line it was given.
mkdir -p "$tmp/path" "$tmp/bin"
cat >"$tmp/path/qemu-system-x86_64" <<'EOF'
#!/bin/bash
[ "${1:-}" = --version ] && { echo "QEMU emulator version 0.0 (stand-in)"; exit 0; }
append='' serials=()
while [ $# -gt 0 ]; do
	case $1 in
	-append) append=$2; shift 2 ;;
	-serial) serials+=("${2#file:}"); shift 2 ;;
	*) shift ;;
	esac
done
ch=${serials[1]}
send() { # send NAME FILE
	echo "==FB== begin $1 sha256=$(sha256sum <"$2" | cut -d' ' -f1) size=$(wc -c <"$2")"
	base64 "$2"
	echo "==FB== end $1"
}
d=$(mktemp -d)
printf 'cmdline=%s\nclocksource=tsc\n' "$append" >"$d/guest-info.txt"
echo '{"schema": "forkbench-results"}' >"$d/results.json"
{
	echo "==FB== hello"
	send guest-info.txt "$d/guest-info.txt"
	send results.json "$d/results.json"
	echo "==FB== status rc=0"
	echo "==FB== done"
} >"$ch"
rm -rf "$d"
EOF
chmod +x "$tmp/path/qemu-system-x86_64"
printf '#!/bin/sh\nexit 0\n' >"$tmp/bin/forkbench"
chmod +x "$tmp/bin/forkbench"
echo kernel >"$tmp/bzImage"
rg() { PATH=$tmp/path:$PATH "$RG" --kernel "$tmp/bzImage" --bin "$tmp/bin" --clock-check off --timeout 40 --cmd "run" "$@"; }

rg --out "$tmp/one" --append forkbench_plant_top=5 >/dev/null 2>"$tmp/log1"
rc=$?
check "one --append: exit 0 (got $rc)" test $rc -eq 0
check "... on the command line" jqt '.kernel_cmdline | test(" forkbench_plant_top=5( |$)")' "$tmp/one/guest.json"

check "... after the clock mode, which a long parameter must not push out of the 1023 bytes forkbench keeps" \
	jqt '.kernel_cmdline | test("forkbench[.]clock=wall forkbench[.]accel=[a-z]+ forkbench_plant_top=5")' "$tmp/one/guest.json"

rg --out "$tmp/two" --append forkbench_plant_top=5 --append forkbench_pad=xx >/dev/null 2>"$tmp/log2"
check "two --append: both on the command line, in order" \
	jqt '.kernel_cmdline | test(" forkbench_plant_top=5 forkbench_pad=xx( |$)")' "$tmp/two/guest.json"

rg --out "$tmp/three" --append "a=1 b=2" --append c=3 >/dev/null 2>"$tmp/log3"
check "an --append of two words and one of one: all three" \
	jqt '.kernel_cmdline | test(" a=1 b=2 c=3( |$)")' "$tmp/three/guest.json"

rg --out "$tmp/none" >/dev/null 2>"$tmp/log4"
check "no --append: none of them" jqt '.kernel_cmdline | test("forkbench_plant|a=1") | not' "$tmp/none/guest.json"
finish

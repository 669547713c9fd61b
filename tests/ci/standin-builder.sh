#!/bin/bash
# A stand-in for kernel-patch/build-kernel.sh --src, for testing
# ci/bisect-kernel without building kernels: called as
#   standin-builder.sh --src TREE [--stock]
# it reads TREE/speed ("1", "2", ...: the factor the stand-in runner
# plants; "broken": the build fails; "noboot": the kernel does not boot),
# writes a "kernel" file that says so into $STANDIN_KERNELS, and prints
# its path last, as build-kernel.sh prints the bzImage.  Like
# build-kernel.sh it changes the tree in place (it "applies the series" to
# kernel/fork.c), so that bisect-kernel must put the tree back before git
# checks out the next commit.
set -euo pipefail
TREE=''
while [ $# -gt 0 ]; do
	case $1 in
	--src) TREE=$2; shift 2 ;;
	--stock) shift ;;
	*) echo "standin-builder: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -f "$TREE/speed" ] || { echo "standin-builder: $TREE has no speed file" >&2; exit 1; }
echo "series applied" >>"$TREE/kernel/fork.c"
speed=$(cat "$TREE/speed")
if [ "$speed" = broken ]; then
	echo "standin-builder: kernel/fork.c: error: this commit does not build" >&2
	exit 1
fi
sha=$(git -C "$TREE" rev-parse HEAD)
mkdir -p "$STANDIN_KERNELS"
k=$STANDIN_KERNELS/$sha.kernel
printf 'commit=%s\nspeed=%s\n' "$sha" "$speed" >"$k"
echo "standin-builder: built $sha" >&2
echo "$k"

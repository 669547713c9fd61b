#!/bin/bash
# The stand-in runner of tests/compare (forkbench on the host, no QEMU),
# with the factor a stand-in kernel (standin-builder.sh) names: its
# "speed=F" line becomes --factor F, and "speed=noboot" fails the boot.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
args=("$@") kernel=''
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	*) shift ;;
	esac
done
speed=$(sed -n 's/^speed=//p' "$kernel")
if [ "$speed" = noboot ]; then
	echo "standin-kernel-runner: the guest did not reach /init" >&2
	exit 1
fi
exec "$HERE/../compare/standin-runner.sh" "${args[@]}" --factor "$speed"

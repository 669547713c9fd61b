#!/bin/bash
# setup.sh ROLE - every job's first step after actions/checkout:
#  1. trust the workspace for git: the container's root does not own the
#     checkout, and without this git (the gh-pages step, forkbench's
#     version, github-action-benchmark) stops at "dubious ownership";
#  2. install the Debian packages the job's role needs (only the missing);
#  3. point the kernel cache and ccache into the workspace: a container
#     job sees the workspace at /__w/..., which only $GITHUB_WORKSPACE
#     inside the job knows, and actions/cache saves only what lies there.
# ROLE: build, boot, report, kernel-checks, kernel-debug, bisect, model.
. "$(dirname "$0")/lib.sh"
role=${1:-}
git config --global --add safe.directory "$GITHUB_WORKSPACE"

build=(build-essential cmake pkg-config jq libjansson-dev libsqlite3-dev libpfm4-dev
	libtracefs-dev libtraceevent-dev flex bison bc perl patch libelf-dev libssl-dev
	cpio xz-utils ccache)
boot=(jq procps qemu-system-x86 busybox-static gcc libc6-dev cpio)
case $role in
build) pkgs=("${build[@]}" linux-source-6.1 linux-source-6.12) ;;
boot) pkgs=("${boot[@]}") ;;
report) pkgs=(jq procps gh python3-matplotlib gnuplot-nox) ;;
kernel-checks) pkgs=("${build[@]}" "${boot[@]}" sparse libcap-dev linux-source-6.1 linux-source-6.12) ;;
kernel-debug) pkgs=("${build[@]}" "${boot[@]}" libcap-dev linux-source-6.1 linux-source-6.12) ;;
bisect) pkgs=("${build[@]}" "${boot[@]}" git linux-source-6.1) ;;
model) pkgs=("${build[@]}" "${boot[@]}" linux-source-6.1 linux-source-6.12 python3-matplotlib gnuplot-nox) ;;
*) die 2 "usage: setup.sh build|boot|report|kernel-checks|kernel-debug|bisect|model (got '$role')" ;;
esac
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || die 3 "missing packages (${missing[*]}): run as root, or install them"
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die 3 "apt-get install ${missing[*]} failed"
fi

case $role in
build | kernel-checks | kernel-debug | bisect | model)
	{
		echo "FORKBENCH_KERNEL_CACHE=$GITHUB_WORKSPACE/.kernel-cache"
		echo "CCACHE_DIR=$GITHUB_WORKSPACE/.ccache"
		# paths relative to the workspace: hits across checkouts
		echo "CCACHE_BASEDIR=$GITHUB_WORKSPACE"
		echo "CCACHE_MAXSIZE=2G"
		echo "CCACHE_COMPRESS=1"
	} >>"$GITHUB_ENV"
	log "kernel cache $GITHUB_WORKSPACE/.kernel-cache, ccache $GITHUB_WORKSPACE/.ccache"
	;;
esac
log "ready for $role ($(git -C "$GITHUB_WORKSPACE" rev-parse --short HEAD 2>/dev/null || echo 'no git'))"

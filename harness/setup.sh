#!/usr/bin/env bash
# Installs the Debian 12 packages forkbench builds, tests and plots with.
# Idempotent and quiet: it installs only what is missing. Needs root.
set -eu
packages=(
	build-essential cmake pkg-config clang-format jq bc util-linux procps
	libjansson-dev  # the results JSON (writer and readers)
	libsqlite3-dev  # the results store (forkbench store): one file, transactions, locking
	libpfm4-dev     # counter names to perf_event_attr encodings
	libtracefs-dev libtraceevent-dev # tracepoints through tracefs
	python3-jsonschema # the schema test
	gnuplot-nox python3-matplotlib # plots
	hyperfine       # the cross-check
	clang libclang-rt-14-dev # the fuzz targets (libFuzzer, tests/fuzz)
	scdoc           # builds the man page forkbench(1) from bench/cli/forkbench.1.scd
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "setup: missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

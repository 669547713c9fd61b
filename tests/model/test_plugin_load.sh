#!/bin/sh
# The plugin against the QEMU that runs it: qemu-system-x86_64 loads it
# (its API version and symbols match), it writes its header and closing
# line, and it refuses a bad geometry and a missing out= with one line.
# Skipped (77) without qemu-system-x86_64.
set -u
PLUGIN=$1
command -v qemu-system-x86_64 >/dev/null 2>&1 || { echo "1..0 # SKIP no qemu-system-x86_64"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fail=0
ok() { # ok COND DESC
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=$((fail + 1)); fi
}
qemu() { # qemu PLUGIN-ARGS: a machine without CPUs, quit at once from the monitor
	echo quit | timeout 30 qemu-system-x86_64 -M none -display none -accel tcg,thread=single \
		-icount shift=0,sleep=off -monitor stdio -plugin "$PLUGIN$1" >"$T/qemu.out" 2>&1
}
qemu ",out=$T/w.txt,l2_size=2M,llc_assoc=8"
ok $? "QEMU loads the plugin and exits"
head -n 1 "$T/w.txt" 2>/dev/null | grep -qx '# forkbench-model 1'
ok $? "it writes its format line"
grep -q '^# geometry .* l2=2097152/16/64 llc=16777216/8/64 ' "$T/w.txt" 2>/dev/null
ok $? "with the geometry asked for"
grep -q '^# end windows=0 abandoned=0 stray=0 dropped=0 ' "$T/w.txt" 2>/dev/null
ok $? "and its closing line at exit"
refused() { # refused PLUGIN-ARGS MESSAGE: QEMU fails to load it, with the plugin's line
	! qemu "$1" && grep -q "$2" "$T/qemu.out"
}
refused ",out=$T/x.txt,l2_size=3M" 'forkbench-model: l2: .*power of two'
ok $? "a 3 MiB 16-way L2 is refused, naming the level"
refused "" 'forkbench-model: out=FILE is required'
ok $? "no out= is refused"
refused ",out=$T/y.txt,l1d_ways=4" 'forkbench-model: bad option l1d_ways=4'
ok $? "an unknown option is refused"
echo "1..$n"
echo "# $((n - fail)) passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# forkbench-model-join's command line: usage errors exit 2 with one line,
# unreadable inputs exit 1, --help exits 0.
set -u
BIN=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
n=0
check() { # check WANT_RC DESC CMD...
	want=$1 desc=$2
	shift 2
	n=$((n + 1))
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = "$want" ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc (exit $rc, want $want): $(head -c 300 "$T/err")"
		fail=$((fail + 1))
	fi
}
echo '{}' >"$T/r.json"
printf '# forkbench-model 1\n' >"$T/w.txt"
check 0 "--help" "$BIN" --help
check 2 "no arguments" "$BIN"
check 2 "a bad weight" "$BIN" --weights l9=1 --results "$T/r.json" --windows "$T/w.txt" --out "$T/o.json"
check 1 "a missing windows file" "$BIN" --results "$T/r.json" --windows "$T/none" --out "$T/o.json"
check 1 "a windows file without geometry" "$BIN" --results "$T/r.json" --windows "$T/w.txt" --out "$T/o.json"
check 1 "--print of a file not timed with the model" "$BIN" --print "$T/r.json"
n=$((n + 1))
if [ ! -e "$T/o.json" ]; then
	echo "ok $n - nothing written on failure"
else
	echo "not ok $n - output written on failure"
	fail=$((fail + 1))
fi
echo "1..$n"
echo "# $((n - fail)) passed, $fail failed"
[ $fail = 0 ]

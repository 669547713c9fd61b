#!/bin/bash
# Every plotting path runs headless and writes a non-empty PNG of the
# expected pixel size, plus its SVG: one run, a comparison (ratio plot),
# phase data under TCG (phases plot, TCG in the title), a real engine run
# (gnuplot from forkbench's own CSV), and a bad input (exit 2).
# Usage: test_plots.sh FORKBENCH
set -u
FB=$1
HERE=$(cd "$(dirname "$0")" && pwd)
DRAW=$HERE/../../plots/draw.sh
D=$HERE/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY # headless: matplotlib must not need a display
n=0
fail=0
check() {
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; fail=1; fi
}
# png_is FILE W H: a PNG of W x H pixels, from its IHDR chunk.
png_is() {
	[ -s "$1" ] && [ -s "${1%.png}.svg" ] &&
		[ "$(od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%d %d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')" = "$2 $3" ]
}

"$DRAW" "$D/base.json" --out "$tmp/one" --forkbench "$FB" >/dev/null 2>"$tmp/one.err"
check "one run: draw.sh exits 0" test $? -eq 0
for p in latency_vs_rss distribution cow_per_page; do
	check "one run: $p.png is 1000x600, with an SVG" png_is "$tmp/one/$p.png" 1000 600
done
check "one run: gnuplot latency vs RSS 1000x600" png_is "$tmp/one/gp_latency_vs_rss-base.png" 1000 600
check "one run: gnuplot COW per page 1000x600" png_is "$tmp/one/gp_cow_per_page-base.png" 1000 600
check "one run: no ratio plot" test ! -e "$tmp/one/ratio.png"
check "one run: phases skipped with a note" grep -q "no entry has phase data" "$tmp/one.err"

"$DRAW" "$D/base.json" "$D/new.json" --out "$tmp/two" --forkbench "$FB" >/dev/null 2>&1
check "comparison: draw.sh exits 0 despite the regression" test $? -eq 0
check "comparison: ratio.png 1000x600" png_is "$tmp/two/ratio.png" 1000 600
check "comparison: compare.json written" grep -q '"slower": 1' "$tmp/two/compare.json"

"$DRAW" "$D/phases-tcg.json" --out "$tmp/tcg" --forkbench "$FB" >/dev/null 2>&1
check "phases: phases.png 1000x600" png_is "$tmp/tcg/phases.png" 1000 600
check "TCG named in the titles" grep -q "TCG emulation" "$tmp/tcg/phases.svg"

# A real run, with forkbench's own CSV next to its JSON.
"$FB" run --method fork,vfork --rss 0,1M --thp off,on -n 20 --cow 0.5 --quiet --no-progress \
	--json "$tmp/real.json" --csv "$tmp/real.csv" >/dev/null 2>&1
"$DRAW" "$tmp/real.json" --out "$tmp/real" --forkbench "$FB" >/dev/null 2>&1
check "real run: draw.sh exits 0" test $? -eq 0
check "real run: latency_vs_rss.png 1000x600" png_is "$tmp/real/latency_vs_rss.png" 1000 600
check "real run: gnuplot latency 1000x600" png_is "$tmp/real/gp_latency_vs_rss-real.png" 1000 600
check "real run: COW per page 1000x600" png_is "$tmp/real/cow_per_page.png" 1000 600

"$DRAW" "$D/truncated.json" --out "$tmp/bad" >/dev/null 2>&1
check "corrupt input: exit 2" test $? -eq 2
"$DRAW" --out "$tmp/bad" >/dev/null 2>&1
check "no input: exit 2" test $? -eq 2
echo "1..$n"
exit $fail

#!/bin/bash
# Every plotting path runs headless and writes a non-empty PNG of the
# expected pixel size, plus its SVG: one run, a comparison (ratio plot),
# phase data under TCG (phases plot, TCG in the title), a real engine run
# (gnuplot from forkbench's own CSV), and a bad input (exit 2). What can be
# checked without eyes is checked from the SVGs' text: run names, the
# ratio plot's cut, one-sided entries, the untimed phase remainder, every
# method in the CDF, one gnuplot COW line per (method, THP), PARTIAL.
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
# has FILE TEXT: FILE (an SVG) contains TEXT, as is.
has() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }

"$DRAW" "$D/base.json" --out "$tmp/one" --forkbench "$FB" >/dev/null 2>"$tmp/one.err"
check "one run: draw.sh exits 0" test $? -eq 0
for p in latency_vs_rss distribution cow_per_page; do
	check "one run: $p.png is 1000x600, with an SVG" png_is "$tmp/one/$p.png" 1000 600
done
# Named by the run's label.
check "one run: gnuplot latency vs RSS 1000x600" png_is "$tmp/one/gp_latency_vs_rss-kernel-a.png" 1000 600
check "one run: gnuplot COW per page 1000x600" png_is "$tmp/one/gp_cow_per_page-kernel-a.png" 1000 600
check "one run: no ratio plot" test ! -e "$tmp/one/ratio.png"
check "one run: phases skipped with a note" grep -q "no entry has phase data" "$tmp/one.err"

"$DRAW" "$D/base.json" "$D/new.json" --out "$tmp/two" --forkbench "$FB" >/dev/null 2>&1
check "comparison: draw.sh exits 0 despite the regression" test $? -eq 0
check "comparison: ratio.png 1000x600" png_is "$tmp/two/ratio.png" 1000 600
check "comparison: compare.json written" grep -q '"schema_version": 2' "$tmp/two/compare.json"
# The dashed lines are where compare flags a change: 0.6 of the 5% threshold.
check "ratio: cut drawn at compare's +3%, not the 5% threshold" has "$tmp/two/ratio.svg" " +3%"
check "ratio: the plot's fallback cut is compare_stats.c's FB_CMP_CUT" test \
	"$(sed -n 's/^#define FB_CMP_CUT //p' "$HERE/../../bench/compare/compare_stats.c")" = \
	"$(sed -n 's/^FB_CMP_CUT = //p' "$HERE/../../plots/forkbench_plots.py")"
check "ratio: one-sided entries shown" has "$tmp/two/ratio.svg" "only in base"
check "ratio: ... on both sides" has "$tmp/two/ratio.svg" "only in new"
check "comparison: both runs' gnuplot figures" png_is "$tmp/two/gp_latency_vs_rss-kernel-b.png" 1000 600

# Two run directories, each with a results.json of the same label (A/A):
# named by their directories, nothing overwritten.
mkdir -p "$tmp/runs/2026-01-01-a" "$tmp/runs/2026-01-02-b"
cp "$D/base.json" "$tmp/runs/2026-01-01-a/results.json"
cp "$D/base.json" "$tmp/runs/2026-01-02-b/results.json"
"$DRAW" "$tmp/runs/2026-01-01-a" "$tmp/runs/2026-01-02-b" --out "$tmp/dirs" --forkbench "$FB" >/dev/null 2>&1
check "two run dirs: draw.sh exits 0" test $? -eq 0
check "two run dirs: gnuplot of the first" png_is "$tmp/dirs/gp_latency_vs_rss-2026-01-01-a.png" 1000 600
check "two run dirs: gnuplot of the second" png_is "$tmp/dirs/gp_latency_vs_rss-2026-01-02-b.png" 1000 600
check "two run dirs: distinct CSV exports" test -s "$tmp/dirs/csv/2026-01-01-a.csv" -a -s "$tmp/dirs/csv/2026-01-02-b.csv"
check "two run dirs: titles name both" has "$tmp/dirs/latency_vs_rss.svg" "2026-01-01-a vs 2026-01-02-b"
check "two run dirs: no 'results vs results'" lacks "$tmp/dirs/latency_vs_rss.svg" "results vs results"

# A partial run says so in its titles, matplotlib's and gnuplot's.
sed 's/"partial": false/"partial": true/' "$D/base.json" >"$tmp/partial.json"
"$DRAW" "$tmp/partial.json" --out "$tmp/partial" --forkbench "$FB" >/dev/null 2>&1
check "partial run: draw.sh exits 0" test $? -eq 0
check "partial run: PARTIAL in the matplotlib title" has "$tmp/partial/distribution.svg" "PARTIAL run"
check "partial run: PARTIAL in the gnuplot title" has "$tmp/partial/gp_latency_vs_rss-kernel-a.svg" "PARTIAL run"

"$DRAW" "$D/phases-tcg.json" --out "$tmp/tcg" --forkbench "$FB" >/dev/null 2>&1
check "phases: phases.png 1000x600" png_is "$tmp/tcg/phases.png" 1000 600
check "TCG named in the titles" has "$tmp/tcg/phases.svg" "TCG emulation"
# The fixture has the engine's layout (phases.phases.<name>.summary, total
# among them): the remainder is drawn, and the share row.
check "phases: nested layout read (copy_sighand drawn)" has "$tmp/tcg/phases.svg" "copy_sighand"
check "phases: untimed remainder drawn" has "$tmp/tcg/phases.svg" "other (untimed steps)"
check "phases: share of total row" has "$tmp/tcg/phases.svg" "% of total"
"$DRAW" "$D/phases-tcg.json" "$tmp/partial.json" --out "$tmp/tcg2" --forkbench "$FB" >/dev/null 2>&1
check "phases, two runs: phases.png 1000x600" png_is "$tmp/tcg2/phases.png" 1000 600

# A real run, with forkbench's own CSV next to its JSON (labelled: a run's
# label, which defaults to the kernel release, names its gnuplot figures).
methods="fork vfork thread posix_spawn pidfd"
"$FB" run --method "${methods// /,}" --rss 0,1M --thp off,on -n 20 --cow 0.5 --quiet --no-progress \
	--label real --json "$tmp/real.json" --csv "$tmp/real.csv" >/dev/null 2>&1
"$DRAW" "$tmp/real.json" --out "$tmp/real" --forkbench "$FB" >/dev/null 2>&1
check "real run: draw.sh exits 0" test $? -eq 0
check "real run: latency_vs_rss.png 1000x600" png_is "$tmp/real/latency_vs_rss.png" 1000 600
check "real run: gnuplot latency 1000x600" png_is "$tmp/real/gp_latency_vs_rss-real.png" 1000 600
check "real run: COW per page 1000x600" png_is "$tmp/real/cow_per_page.png" 1000 600
check "real run: gnuplot COW per page 1000x600" png_is "$tmp/real/gp_cow_per_page-real.png" 1000 600
check "real run: distribution.png 1000x600" png_is "$tmp/real/distribution.png" 1000 600
for m in $methods; do
	check "real run: CDF panel for $m" has "$tmp/real/distribution.svg" "<!-- $m -->"
done
for s in "fork, THP off" "fork, THP on" "pidfd, THP off" "pidfd, THP on"; do
	check "real run: gnuplot COW line '$s'" has "$tmp/real/gp_cow_per_page-real.svg" "$s"
done
"$DRAW" "$tmp/real.json" --point cow --out "$tmp/cow" --forkbench "$FB" >/dev/null 2>"$tmp/cow.err"
check "--point cow: draw.sh exits 0" test $? -eq 0
check "--point cow: latency_vs_rss.png 1000x600" png_is "$tmp/cow/latency_vs_rss.png" 1000 600
check "--point cow: distribution of cow" has "$tmp/cow/distribution.svg" "distribution of cow latency"
"$DRAW" "$D/base.json" "$D/new.json" --point cow --out "$tmp/cow2" --forkbench "$FB" >/dev/null 2>&1
check "--point cow, comparison: ratio.png 1000x600" png_is "$tmp/cow2/ratio.png" 1000 600
"$DRAW" "$D/base.json" --point nonsense --out "$tmp/bad" >/dev/null 2>&1
check "unknown --point: exit 2" test $? -eq 2

"$DRAW" "$D/truncated.json" --out "$tmp/bad" >/dev/null 2>&1
check "corrupt input: exit 2" test $? -eq 2
"$DRAW" --out "$tmp/bad" >/dev/null 2>&1
check "no input: exit 2" test $? -eq 2
echo "1..$n"
exit $fail

#!/bin/bash
# The figures and who draws them (plots/README.md): every figure is made
# from a real results file (a run of the engine here, the kept 6.1 vs 6.12
# boots for A vs B, the kept patched-kernel run for phases), headless, as a
# PNG of the expected pixel size with its SVG; no figure is drawn by both
# matplotlib and gnuplot; no two labels of a figure overlap (the script's
# own check, on stderr); the terminal plot prints its axes and series; a
# missing or corrupt input is one line on stderr and exit 2. What can be
# checked without eyes is checked from the SVGs' text.
# Where matplotlib or gnuplot is genuinely absent its checks are skipped
# (TAP "# SKIP", saying which); with neither, the test exits 77 (skipped).
# Usage: test_plots.sh FORKBENCH
set -u
FB=$1
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$HERE/../..
DRAW=$TOP/plots/draw.sh
TERM_PLOT=$TOP/plots/terminal.sh
D=$HERE/data
AB=$TOP/tests/data/icount-6.1-vs-6.12
PHASES=$TOP/tests/data/phases-patched-6.1-tcg.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$HERE/../lib/tap.sh"
unset DISPLAY # headless: matplotlib must not need a display
MPL=1 GP=1
PY=${FORKBENCH_PYTHON:-/usr/bin/python3}
"$PY" -c "import matplotlib" 2>/dev/null || MPL=0
command -v gnuplot >/dev/null || GP=0
if [ $MPL = 0 ] && [ $GP = 0 ]; then
	echo "1..0 # SKIP neither matplotlib (python3-matplotlib) nor gnuplot is installed; harness/setup.sh installs both"
	exit 77
fi
# mpl WHAT CMD...: a matplotlib check, skipped without matplotlib; gp likewise.
mpl() { if [ $MPL = 1 ]; then check "$@"; else skip "$1" "python3-matplotlib is not installed"; fi; }
gp() { if [ $GP = 1 ]; then check "$@"; else skip "$1" "gnuplot is not installed"; fi; }
# png_is FILE W H: a PNG of W x H pixels, from its IHDR chunk, and its SVG.
png_is() {
	[ -s "$1" ] && [ -s "${1%.png}.svg" ] &&
		[ "$(od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%d %d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')" = "$2 $3" ]
}
has() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }
no_overlap() { ! grep -q "labels overlap" "$1"; }
# one_line_exit2 PREFIX CMD...: exit 2 and exactly one line on stderr, PREFIX first.
one_line_exit2() {
	local prefix=$1 rc=0
	shift
	"$@" >/dev/null 2>"$tmp/err" || rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^$prefix" "$tmp/err"
}

# --- A real run of the engine: every per-run figure, from its own files.
methods="fork vfork thread posix_spawn pidfd"
mkdir -p "$tmp/run"
"$FB" run --method "${methods// /,}" --rss 0,1M --thp off,on -n 20 --cow 0.5 --quiet --no-progress \
	--label real --json "$tmp/run/results.json" --csv "$tmp/run/summary.csv" >/dev/null 2>&1
check "real run: results and summary CSV written" test -s "$tmp/run/results.json" -a -s "$tmp/run/summary.csv"
"$DRAW" "$tmp/run" --out "$tmp/real" --forkbench "$FB" >/dev/null 2>"$tmp/real.err"
check "real run: draw.sh exits 0" test $? -eq 0
mpl "real run: latency_vs_rss.png 1000x600, with an SVG" png_is "$tmp/real/latency_vs_rss.png" 1000 600
for p in "fork-like" "exec-like" "vfork and threads"; do
	mpl "real run: latency vs RSS has the '$p' panel" has "$tmp/real/latency_vs_rss.svg" "$p"
done
mpl "real run: latency vs RSS, THP off and on in the legend" has "$tmp/real/latency_vs_rss.svg" "THP on"
# The unit follows the table's rule from the run's own medians (a slow
# machine or a sanitizer build can pass 10 ms): µs up to 10 ms, then ms.
largest=$(awk -f "$TOP/plots/csv_rows.awk" -v cols=p50 -v where=point=roundtrip "$tmp/run/summary.csv" | sort -n | tail -1)
unit=$(awk -v m="${largest:-0}" 'BEGIN { print (m > 10e6 ? "ms" : "us") }')
mpl "real run: latency vs RSS in the unit of the rule ($unit; largest median ${largest:-?} ns)" \
	has "$tmp/real/latency_vs_rss.svg" "($([ "$unit" = us ] && echo µs || echo ms), log scale)"
mpl "real run: distribution.png 1000x600" png_is "$tmp/real/distribution.png" 1000 600
for m in $methods; do
	mpl "real run: CDF panel for $m" has "$tmp/real/distribution.svg" "<!-- $m -->"
done
mpl "real run: 20 samples an entry are drawn as dots, and said so" has "$tmp/real/distribution.svg" "one dot per sample"
mpl "real run: no overlapping labels" no_overlap "$tmp/real.err"
gp "real run: gnuplot points 1000x600" png_is "$tmp/real/gp_points-real.png" 1000 600
for p in create child_start roundtrip; do
	gp "real run: gnuplot points has $p" has "$tmp/real/gp_points-real.svg" "$p"
done
gp "real run: gnuplot COW per page 1000x600" png_is "$tmp/real/gp_cow_per_page-real.png" 1000 600
for s in "fork, THP off" "fork, THP on" "pidfd, THP off" "pidfd, THP on"; do
	gp "real run: gnuplot COW line '$s'" has "$tmp/real/gp_cow_per_page-real.svg" "$s"
done
# Each figure has one tool: matplotlib no longer draws COW, gnuplot no
# longer draws latency vs RSS as a file.
check "one tool a figure: no matplotlib cow_per_page" test ! -e "$tmp/real/cow_per_page.png"
check "one tool a figure: no gnuplot latency_vs_rss file" \
	test -z "$(find "$tmp/real" -name 'gp_latency*' -print -quit)"
check "one run: no ratio plot" test ! -e "$tmp/real/ratio.png"

# --unit, on the plots' side.
"$DRAW" "$tmp/run/results.json" --unit ms --out "$tmp/ms" --forkbench "$FB" >/dev/null 2>&1
check "--unit ms: draw.sh exits 0" test $? -eq 0
mpl "--unit ms: latency vs RSS in ms" has "$tmp/ms/latency_vs_rss.svg" "(ms, log scale)"
mpl "--unit ms: distribution in ms" has "$tmp/ms/distribution.svg" "(ms, log scale"
gp "--unit ms: gnuplot points in ms" has "$tmp/ms/gp_points-real.svg" "(ms, log scale)"
check "--unit s: one line, exit 2" one_line_exit2 "draw.sh: --unit s" \
	"$DRAW" "$tmp/run/results.json" --unit s --out "$tmp/bad"

# A run against a copy of itself: 20 matched entries, one line each.
cp "$tmp/run/results.json" "$tmp/again.json"
"$DRAW" "$tmp/run/results.json" "$tmp/again.json" --out "$tmp/self" --forkbench "$FB" >/dev/null 2>"$tmp/self.err"
mpl "run vs itself: ratio.png drawn" test -s "$tmp/self/ratio.png"
mpl "run vs itself: every entry a row" test "$(grep -c '<!-- ×1.000' "$tmp/self/ratio.svg")" -eq 20
mpl "run vs itself: no overlapping labels" no_overlap "$tmp/self.err"

# --- The terminal plot: from the run directory, its CSV or its JSON.
if [ $GP = 1 ]; then
	"$TERM_PLOT" "$tmp/run" >"$tmp/term.txt" 2>"$tmp/term.err"
	check "terminal: exits 0" test $? -eq 0
	for s in "fork, THP off" "fork, THP on" "vfork, THP off" "thread, THP off" "posix_spawn, THP off"; do
		check "terminal: series '$s'" has "$tmp/term.txt" "$s"
	done
	# its unit by the same rule, over the five series it draws
	tunit=$(awk -f "$TOP/plots/csv_rows.awk" -v cols=method,thp,p50 -v where=point=roundtrip "$tmp/run/summary.csv" |
		awk -F, '($1 == "fork" || $2 == "off") && $1 ~ /^(fork|vfork|thread|posix_spawn)$/ && $3 > m { m = $3 }
			END { print (m > 10e6 ? "ms" : "us") }')
	tlabel=$([ "$tunit" = us ] && echo µs || echo ms) # one spelling in every figure
	check "terminal: title names the point and unit ($tlabel)" has "$tmp/term.txt" "median roundtrip latency ($tlabel, log scale) vs parent RSS"
	check "terminal: x axis labels the sizes" grep -qE '^ +0 +1M *$' "$tmp/term.txt"
	check "terminal: x axis drawn" grep -qE '^ +[0-9.]+ \+-{20,}\+' "$tmp/term.txt"
	check "terminal: y axis has tick labels" test "$(grep -cE '^ +[0-9.]+ [+|]' "$tmp/term.txt")" -ge 2
	check "terminal: x axis named" has "$tmp/term.txt" "parent RSS"
	"$TERM_PLOT" --all --unit ms --point create "$tmp/run/results.json" --forkbench "$FB" >"$tmp/term2.txt" 2>&1
	check "terminal: from the JSON, --all --unit ms --point create" has "$tmp/term2.txt" "median create latency (ms, log scale)"
	check "terminal: --all draws pidfd too" has "$tmp/term2.txt" "pidfd, THP on"
	check "terminal: missing input, one line, exit 2" one_line_exit2 "terminal.sh: $tmp/nope: no such file" \
		"$TERM_PLOT" "$tmp/nope"
	check "terminal: corrupt JSON, one line, exit 2" one_line_exit2 "terminal.sh: " "$TERM_PLOT" "$D/truncated.json" --forkbench "$FB"
	check "terminal: not a forkbench CSV, one line, exit 2" one_line_exit2 "terminal.sh: .*no column" \
		"$TERM_PLOT" "$D/golden.md"
	head -c 300 "$tmp/run/summary.csv" >"$tmp/cut.csv"
	check "terminal: a CSV cut short, one line, exit 2" one_line_exit2 "terminal.sh: " "$TERM_PLOT" "$tmp/cut.csv"
	check "terminal: no input, one line, exit 2" one_line_exit2 "terminal.sh: no input" "$TERM_PLOT"
	check "terminal: bad --unit, one line, exit 2" one_line_exit2 "terminal.sh: --unit" "$TERM_PLOT" --unit s "$tmp/run"
	# A summary whose labels outrun a pipe's 64 KiB: a reader that stops at
	# the first line would leave their writer to die of SIGPIPE (exit 141).
	{
		head -1 "$tmp/run/summary.csv"
		for _ in $(seq 400); do tail -n +2 "$tmp/run/summary.csv"; done
	} >"$tmp/big.csv"
	"$TERM_PLOT" "$tmp/big.csv" >"$tmp/term3.txt" 2>&1
	rc=$?
	check "terminal: a summary of $(wc -l <"$tmp/big.csv") rows is drawn (exit $rc)" \
		test "$rc" -eq 0 -a "$(grep -c 'parent RSS' "$tmp/term3.txt")" -ge 1
else
	skip "terminal plot" "gnuplot is not installed"
fi

# --- A vs B from the kept boots of stock 6.1 vs 6.12 (instruction time,
# three boots a side, with the compare.json of the directory).
"$DRAW" "$AB" --out "$tmp/ab" --forkbench "$FB" >/dev/null 2>"$tmp/ab.err"
check "A vs B: draw.sh exits 0" test $? -eq 0
mpl "A vs B: ratio.png 1000x600" png_is "$tmp/ab/ratio.png" 1000 600
mpl "A vs B: latency vs RSS has both sides on one axes" \
	has "$tmp/ab/latency_vs_rss.svg" "A: 6.1.192-stock"
mpl "A vs B: ... B too" has "$tmp/ab/latency_vs_rss.svg" "B: 6.12.117-stock"
mpl "A vs B: the boots are pooled per side, not a panel each" lacks "$tmp/ab/latency_vs_rss.svg" "A-2"
mpl "A vs B: ratio of fork at 1G with 4K pages" has "$tmp/ab/ratio.svg" "×1.204"
mpl "A vs B: medians beside it, in the unit that fits" has "$tmp/ab/ratio.svg" "73.06 ms → 87.94 ms"
mpl "A vs B: the cut at compare's 0.6%" has "$tmp/ab/ratio.svg" " +0.6%"
mpl "A vs B: no overlapping labels" no_overlap "$tmp/ab.err"
check "A vs B: the kept directory is left as it was" test -z "$(git -C "$TOP" status --porcelain -- "$AB" 2>/dev/null)"

# The same boots given as files: A-N against B-N, two sides of three runs,
# never A-1 against each of the other five.
"$DRAW" "$AB"/A-?.json "$AB"/B-?.json --out "$tmp/ab6" --forkbench "$FB" >/dev/null 2>"$tmp/ab6.err"
check "A-N and B-N files: draw.sh exits 0" test $? -eq 0
check "A-N and B-N files: one comparison of three runs a side" test \
	"$(jq -c '[(.comparisons | length), (.comparisons[0].base.files | length), (.comparisons[0].new.files | length)]' \
		"$tmp/ab6/compare.json")" = "[1,3,3]"
mpl "A-N and B-N files: a row per entry (4), not per boot and entry" \
	test "$(grep -c '<!-- ×' "$tmp/ab6/ratio.svg")" -eq 4
mpl "A-N and B-N files: two sides on the latency axes" has "$tmp/ab6/latency_vs_rss.svg" "B: 6.12.117-stock"
# '--' separates the sides whatever the files are called.
cp "$AB/A-1.json" "$tmp/one.json"
cp "$AB/A-2.json" "$tmp/two.json"
"$DRAW" "$tmp/one.json" "$tmp/two.json" -- "$AB/B-1.json" "$AB/B-2.json" --out "$tmp/dd" --forkbench "$FB" \
	>/dev/null 2>"$tmp/dd.err"
check "'--': draw.sh exits 0" test $? -eq 0
check "'--': the files before it are side A, after it side B" test \
	"$(jq -c '[(.comparisons | length), (.comparisons[0].base.files | length), (.comparisons[0].new.files | length)]' \
		"$tmp/dd/compare.json")" = "[1,2,2]"
check "'--' with nothing after it: one line, exit 2" one_line_exit2 "draw.sh: no results after '--'" \
	"$DRAW" "$tmp/one.json" -- --out "$tmp/bad"
check "'--' twice: one line, exit 2" one_line_exit2 "draw.sh: '--' given twice" \
	"$DRAW" "$tmp/one.json" -- "$tmp/two.json" -- "$AB/B-1.json" --out "$tmp/bad"
# A ratio's CI from one run a side can span decades: written out, never 1e+21.
jq '.comparisons[0].entries[0].ratio_ci95 = [1.5e-25, 1.64e21]' "$AB/compare.json" >"$tmp/wide.json"
"$PY" "$TOP/plots/forkbench_plots.py" --out "$tmp/wide" --compare "$tmp/wide.json" "$AB"/[AB]-?.json >/dev/null 2>&1
mpl "ratio: a CI of 1.64e21 is written 1.64×10²¹" has "$tmp/wide/ratio.svg" "1.64×10²¹"
mpl "ratio: no value label in e-notation" bash -c "! grep -E '<!-- .*[0-9]e[+-][0-9]' '$tmp/wide/ratio.svg'"

# --- Phases from the patched 6.1 kernel's run (TCG).
"$DRAW" "$PHASES" --out "$tmp/ph" --forkbench "$FB" >/dev/null 2>"$tmp/ph.err"
check "phases: draw.sh exits 0" test $? -eq 0
mpl "phases: phases.png 1000x600" png_is "$tmp/ph/phases.png" 1000 600
mpl "phases: TCG named in the title" has "$tmp/ph/phases.svg" "TCG emulation"
mpl "phases: copy_mm drawn" has "$tmp/ph/phases.svg" "copy_mm"
mpl "phases: what the timed phases leave of the total is said" has "$tmp/ph/phases.svg" "of the total"
mpl "phases: medians on a log axis" has "$tmp/ph/phases.svg" "log scale: the small phases stay visible"
# Five decades on one axis: each tick says its own unit, none reads 0.0001 ms.
mpl "phases: ticks in ns ..." has "$tmp/ph/phases.svg" "100 ns"
mpl "phases: ... and in ms" has "$tmp/ph/phases.svg" "1 ms"
mpl "phases: no tick of 0.0001" lacks "$tmp/ph/phases.svg" "0.0001"
mpl "phases: colour is the image, not a method's hue" has "$tmp/ph/phases.svg" "image (colour)"
mpl "phases: no overlapping labels" no_overlap "$tmp/ph.err"
mpl "stock run: phases skipped with a note" grep -q "no entry has phase data" "$tmp/real.err"

# --- Synthetic files for what real ones lack: one-sided entries, a partial
# run, two run directories of one label, the cut from compare_stats.c.
"$DRAW" "$D/base.json" "$D/new.json" --out "$tmp/two" --forkbench "$FB" >/dev/null 2>"$tmp/two.err"
check "comparison: draw.sh exits 0 despite the regression" test $? -eq 0
check "comparison: compare.json written" grep -q '"schema": "forkbench-compare"' "$tmp/two/compare.json"
mpl "ratio: one-sided entries listed below, not plotted" has "$tmp/two/ratio.svg" "measured on one side only"
mpl "ratio: ... the base's" has "$tmp/two/ratio.svg" "vfork rss=0 thp=off: only in A: kernel-a"
mpl "ratio: ... the new one's" has "$tmp/two/ratio.svg" "pthread rss=0 thp=off: only in B: kernel-b"
mpl "ratio: cut drawn at compare's +3%, not the 5% threshold" has "$tmp/two/ratio.svg" " +3%"
mpl "ratio: no overlapping labels" no_overlap "$tmp/two.err"
check "ratio: the plot's fallback cut is compare_stats.c's FB_CMP_CUT" test \
	"$(sed -n 's/^#define FB_CMP_CUT //p' "$TOP/bench/compare/compare_stats.c")" = \
	"$(sed -n 's/^FB_CMP_CUT = //p' "$TOP/plots/fbplots/ratio.py")"
gp "comparison: both runs' gnuplot figures" png_is "$tmp/two/gp_points-kernel-b.png" 1000 600

mkdir -p "$tmp/runs/2026-01-01-a" "$tmp/runs/2026-01-02-b"
cp "$D/base.json" "$tmp/runs/2026-01-01-a/results.json"
cp "$D/base.json" "$tmp/runs/2026-01-02-b/results.json"
"$DRAW" "$tmp/runs/2026-01-01-a" "$tmp/runs/2026-01-02-b" --out "$tmp/dirs" --forkbench "$FB" >/dev/null 2>&1
check "two run dirs: draw.sh exits 0" test $? -eq 0
gp "two run dirs: gnuplot of the first" png_is "$tmp/dirs/gp_points-2026-01-01-a.png" 1000 600
gp "two run dirs: gnuplot of the second" png_is "$tmp/dirs/gp_points-2026-01-02-b.png" 1000 600
mpl "two run dirs: titles name both" has "$tmp/dirs/latency_vs_rss.svg" "2026-01-01-a vs B: 2026-01-02-b"
mpl "two run dirs: no 'results vs results'" lacks "$tmp/dirs/latency_vs_rss.svg" "results vs results"

# Values between 1 and 10 ms stay in µs, and a bar's label reads 1515, not
# 1.51e+03 (gnuplot's %g).
jq '(.results[].points[].samples_ns) |= map(. * 15)' "$D/base.json" >"$tmp/slow.json"
"$DRAW" "$tmp/slow.json" --out "$tmp/slow" --forkbench "$FB" >/dev/null 2>&1
gp "gnuplot points: fork's round trip of 1.5 ms labelled 1515 (µs)" has "$tmp/slow/gp_points-kernel-a.svg" ">1515<"
gp "gnuplot points: no label in e-notation" bash -c "! grep -qE '>[0-9.]+e[+-][0-9]+<' '$tmp/slow/gp_points-kernel-a.svg'"
mpl "distribution: colour is the image, THP the line" \
	bash -c "grep -q 'image (colour)' '$tmp/slow/distribution.svg' && grep -q 'THP (line; dot marker)' '$tmp/slow/distribution.svg'"

sed 's/"partial": false/"partial": true/' "$D/base.json" >"$tmp/partial.json"
"$DRAW" "$tmp/partial.json" --out "$tmp/partial" --forkbench "$FB" >/dev/null 2>&1
check "partial run: draw.sh exits 0" test $? -eq 0
mpl "partial run: PARTIAL in the matplotlib title" has "$tmp/partial/distribution.svg" "PARTIAL run"
gp "partial run: PARTIAL in the gnuplot title" has "$tmp/partial/gp_points-kernel-a.svg" "PARTIAL run"

"$DRAW" "$tmp/run/results.json" --point cow --out "$tmp/cow" --forkbench "$FB" >/dev/null 2>&1
check "--point cow: draw.sh exits 0" test $? -eq 0
mpl "--point cow: distribution of cow" has "$tmp/cow/distribution.svg" "distribution of cow latency"

# --- Bad input: one line, exit 2, from draw.sh and the matplotlib script.
check "unknown --point: one line, exit 2" one_line_exit2 "draw.sh: --point" \
	"$DRAW" "$D/base.json" --point nonsense --out "$tmp/bad"
check "missing input: one line, exit 2" one_line_exit2 "draw.sh: $tmp/nope.json: no such file" \
	"$DRAW" "$tmp/nope.json" --out "$tmp/bad"
check "no input: one line, exit 2" one_line_exit2 "draw.sh: no results given" "$DRAW" --out "$tmp/bad"
mkdir -p "$tmp/empty"
check "a directory without results: one line, exit 2" one_line_exit2 "draw.sh: no forkbench results JSON" \
	"$DRAW" "$tmp/empty" --out "$tmp/bad2"
# draw.sh reads through forkbench's one reader: its refusals are forkbench's
check "corrupt JSON: one line naming it, exit 2" one_line_exit2 "draw.sh: $D/truncated.json: .*not valid JSON" \
	"$DRAW" "$D/truncated.json" --out "$tmp/bad" --forkbench "$FB"
check "not forkbench results: one line, exit 2" one_line_exit2 "draw.sh: $D/notforkbench.json: .schema: not a forkbench results file" \
	"$DRAW" "$D/notforkbench.json" --out "$tmp/bad" --forkbench "$FB"
jq '.results[0].points.roundtrip.samples_ns[3] = -5' "$D/base.json" >"$tmp/negative.json"
check "a file compare refuses (a negative time): refused alike, one line, exit 2" \
	one_line_exit2 "draw.sh: $tmp/negative.json: .results\[0\].points.roundtrip.samples_ns\[3\]: -5 is negative" \
	"$DRAW" "$tmp/negative.json" --out "$tmp/bad" --forkbench "$FB"
check "forkbench_plots.py: corrupt compare JSON, one line, exit 2" one_line_exit2 "forkbench_plots: $D/truncated.json" \
	"$PY" "$TOP/plots/forkbench_plots.py" --out "$tmp/bad" --compare "$D/truncated.json" "$D/base.json"
finish

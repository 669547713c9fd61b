# latency_vs_rss.gp - median latency against the parent's RSS per method,
# each (method, THP) curve with its p10-p90 band in its own colour: the
# method picks the hue (as in forkbench_plots.py), THP off is the strong
# shade, solid, filled circles; THP on the light shade, dashed, squares.
# Log-log axes. Reads forkbench's summary CSV (forkbench run --csv, or
# forkbench export --csv of a results JSON).
#
#   gnuplot -e "csv='run.csv'; out='dir/gp_latency_vs_rss'; point='roundtrip'; \
#               methods='fork vfork'; heading='kernel ..., CPU ...'" latency_vs_rss.gp
#
# Writes OUT.png (1000x600) and OUT.svg.
if (!exists("csv")) csv = 'results.csv'
if (!exists("out")) out = 'gp_latency_vs_rss'
if (!exists("point")) point = 'roundtrip'
if (!exists("methods")) methods = 'fork vfork thread pthread posix_spawn fork_exec vfork_exec pidfd pidfd_open'
if (!exists("heading")) heading = ''

# tab20's hue pairs, grey left out: strong shade for THP off, light for on.
strong = '#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #bcbd22 #17becf'
light = '#aec7e8 #ffbb78 #98df8a #ff9896 #c5b0d5 #c49c94 #f7b6d2 #dbdb8d #9edae5'
col(s, i) = word(s, (i - 1) % 9 + 1)

set datafile separator ','
set key outside right top font ',8' title 'method, THP'
set logscale xy
set mytics 10
set grid xtics ytics mytics lw 0.5, lw 0.2
set xlabel 'parent RSS (bytes, log scale; 0 drawn at 1 KiB)'
set ylabel point.' latency (µs, log scale)'
set title "forkbench (gnuplot): ".point." latency vs parent RSS (line: median, band: p10-p90)\n".heading font ',10'
set xtics ('0' 1024, '4K' 4096, '64K' 65536, '1M' 1048576, '16M' 16777216, '64M' 67108864, '256M' 268435456, '1G' 1073741824, '4G' 4294967296)
set mxtics 1
set autoscale xfix
set offsets graph 0.04, graph 0.04, 0, 0

# Columns of the summary CSV (bench/report/results_csv.c):
# 2 method, 3 rss_bytes, 4 thp, 13 point, 17 p10, 19 p50, 21 p90.
# The rows of one curve are picked and sorted by awk first: gnuplot breaks
# a line at every row a filter rejects.
rss(x) = x > 0 ? x : 1024
rows(m, t) = sprintf("< awk -F, -v m=%s -v t=%s -v p=%s 'NR > 1 && $2 == m && $4 == t && $13 == p' '%s' | sort -t, -k3,3n", m, t, point, csv)

do for [fmt in 'png svg'] {
	if (fmt eq 'png') { set terminal pngcairo size 1000,600 noenhanced font ',9' }
	else { set terminal svg size 1000,600 noenhanced font 'sans,9' }
	set output out.'.'.fmt
	plot for [i=1:words(methods)] rows(word(methods,i), 'off') \
		using (rss($3)):($17/1e3):($21/1e3) with filledcurves \
		lc rgb col(strong, i) fs transparent solid 0.18 noborder notitle, \
	     for [i=1:words(methods)] rows(word(methods,i), 'on') \
		using (rss($3)):($17/1e3):($21/1e3) with filledcurves \
		lc rgb col(light, i) fs transparent solid 0.3 noborder notitle, \
	     for [i=1:words(methods)] rows(word(methods,i), 'off') \
		using (rss($3)):($19/1e3) with linespoints lc rgb col(strong, i) lw 2 dt 1 pt 7 ps 0.8 \
		title word(methods,i).', THP off', \
	     for [i=1:words(methods)] rows(word(methods,i), 'on') \
		using (rss($3)):($19/1e3) with linespoints lc rgb col(light, i) lw 2 dt 2 pt 5 ps 0.8 \
		title word(methods,i).', THP on'
	unset output
}

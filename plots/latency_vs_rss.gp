# latency_vs_rss.gp - median latency against the parent's RSS per method,
# with a p10-p90 band, THP off solid and THP on dashed, log-log axes.
# Reads forkbench's summary CSV (forkbench run --csv, or draw.sh's export).
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

set datafile separator ','
set key top left font ',8'
set logscale xy
set grid
set xlabel 'parent RSS (bytes, log scale; 0 drawn at 1 KiB)'
set ylabel point.' latency (µs, log scale)'
set title "forkbench (gnuplot): ".point." latency vs parent RSS, median and p10-p90\n".heading font ',10'
set style fill transparent solid 0.15 noborder
set xtics ('0' 1024, '4K' 4096, '64K' 65536, '1M' 1048576, '16M' 16777216, '64M' 67108864, '256M' 268435456, '1G' 1073741824, '4G' 4294967296)

# Columns of the summary CSV (bench/results_csv.c):
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
		using (rss($3)):($17/1e3):($21/1e3) with filledcurves lc i notitle, \
	     for [i=1:words(methods)] rows(word(methods,i), 'off') \
		using (rss($3)):($19/1e3) with linespoints lc i dt 1 pt 7 ps 0.6 \
		title word(methods,i).', THP off', \
	     for [i=1:words(methods)] rows(word(methods,i), 'on') \
		using (rss($3)):($19/1e3) with linespoints lc i dt 2 pt 6 ps 0.6 \
		title word(methods,i).', THP on'
	unset output
}

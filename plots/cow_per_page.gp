# cow_per_page.gp - copy-on-write cost per page written after fork, against
# the parent's RSS: one line per (method, THP), coloured as in
# every figure (the method's hue; THP off strong, solid, filled circles; THP on light,
# dashed, hollow squares). Reads forkbench's summary CSV, by column name (csv_rows.awk).
# gnuplot alone draws this figure (plots/README.md).
#
#   gnuplot -e "csv='run.csv'; out='dir/gp_cow_per_page'; methods='fork pidfd'; \
#               hues='1 5'; heading='...'" cow_per_page.gp
#
# hues: each method's colour number (its place among the run's methods, so
# that it matches the matplotlib figures); by default 1, 2, ...
#
# Writes OUT.png (1000x600) and OUT.svg.
if (!exists("csv")) csv = 'results.csv'
if (!exists("out")) out = 'gp_cow_per_page'
if (!exists("methods")) methods = 'fork vfork thread pthread posix_spawn fork_exec vfork_exec pidfd pidfd_open'
if (!exists("hues")) hues = ''
if (!exists("heading")) heading = ''

strong = '#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #bcbd22 #17becf'
light = '#aec7e8 #ffbb78 #98df8a #ff9896 #c5b0d5 #c49c94 #f7b6d2 #dbdb8d #9edae5'
col(s, i) = word(s, (i - 1) % 9 + 1)
hue(i) = words(hues) >= i ? int(word(hues, i)) : i

set datafile separator ','
set key outside right top font ',8' title 'method, THP'
set logscale x
set yrange [0:*]
set grid
set xlabel 'parent RSS (bytes, log scale)'
set ylabel 'COW cost per page written (ns, median)'
set title "forkbench (gnuplot): copy-on-write cost per page after fork\n".heading font ',10'
set xtics ('4K' 4096, '64K' 65536, '1M' 1048576, '16M' 16777216, '64M' 67108864, '256M' 268435456, '1G' 1073741824, '4G' 4294967296)
set mxtics 1
set autoscale xfix
set offsets graph 0.04, graph 0.04, 0, 0

# awk picks and sorts the rows of one curve by column name (gnuplot breaks
# lines at rows a filter rejects); a method without COW rows draws nothing.
here = system("dirname '".ARG0."'")
rows(m, t) = sprintf("< awk -f '%s/csv_rows.awk' -v cols=rss_bytes,per_page_p50 -v 'where=method=%s,point=cow,thp=%s,rss_bytes>0,cow_pages>0' '%s' | sort -t, -k1,1n", here, m, t, csv)

do for [fmt in 'png svg'] {
	if (fmt eq 'png') { set terminal pngcairo size 1000,600 noenhanced font ',9' }
	else { set terminal svg size 1000,600 noenhanced font 'sans,9' }
	set output out.'.'.fmt
	plot for [i=1:words(methods)] rows(word(methods,i), 'off') using 1:2 \
		with linespoints lc rgb col(strong, hue(i)) lw 2 dt 1 pt 7 title word(methods,i).', THP off', \
	     for [i=1:words(methods)] rows(word(methods,i), 'on') using 1:2 \
		with linespoints lc rgb col(light, hue(i)) lw 2 dt 2 pt 4 title word(methods,i).', THP on'
	unset output
}

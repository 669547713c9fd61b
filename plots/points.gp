# points.gp - the three timed points of every method side by side (create,
# child_start, roundtrip medians) at one memory image: where a creation's
# time goes as the caller sees it (vfork's create already holds the
# child's run; posix_spawn's child_start holds the exec). A quick figure
# straight from forkbench's summary CSV, read by column name
# (csv_rows.awk); gnuplot alone draws it (plots/README.md).
#
#   gnuplot -e "csv='summary.csv'; out='dir/gp_points'; methods='fork vfork'; \
#               rss=0; thp='off'; unit='us'; heading='...'" points.gp
#
# Writes OUT.png (1000x600) and OUT.svg.
if (!exists("csv")) csv = 'summary.csv'
if (!exists("out")) out = 'gp_points'
if (!exists("methods")) methods = 'fork vfork thread pthread posix_spawn fork_exec vfork_exec pidfd pidfd_open'
if (!exists("rss")) rss = 0
if (!exists("thp")) thp = 'off'
if (!exists("unit")) unit = 'us'
if (!exists("heading")) heading = ''
here = system("dirname '".ARG0."'")
div = unit eq 'ms' ? 1e6 : 1e3
ulabel = unit eq 'ms' ? 'ms' : 'µs'
points = 'create child_start roundtrip'
shade = '#9ecae1 #4292c6 #08519c'

set datafile separator ','
set logscale y
set grid ytics mytics lw 0.5, lw 0.2
set style fill solid 0.9 noborder
set boxwidth 0.26
set key outside right top font ',9' title 'point (median)'
set ylabel 'median latency ('.ulabel.', log scale)'
set xlabel sprintf('method (parent RSS %s, THP %s)', rss == 0 ? '0' : gprintf('%.0b%B', rss), thp)
set title "forkbench (gnuplot): create, child start and round trip per method\n".heading font ',10'
# At least three methods' room, so that one method's bars stay bars.
n = words(methods)
pad = n < 3 ? (3 - n) / 2.0 : 0
set xrange [0.4 - pad:n + 0.6 + pad]
set xtics () nomirror
do for [i=1:words(methods)] { set xtics add (word(methods, i) i) }

idx(m) = sum [i=1:words(methods)] (word(methods, i) eq m ? i : 0)
# A bar's x: its method's place, shifted by its point; a method not asked for is left out.
bx(m, j) = idx(m) > 0 ? idx(m) + (j - 2) * 0.28 : NaN
# A bar's label: three significant figures or the whole number, never an
# exponent (%g writes 1640 as 1.64e+03).
bar_label(v) = v >= 100 ? sprintf('%.0f', v) : v >= 10 ? sprintf('%.1f', v) : v >= 1 ? sprintf('%.2f', v) : sprintf('%.3f', v)
rows(p) = sprintf("< awk -f '%s/csv_rows.awk' -v cols=method,p50 -v 'where=point=%s,rss_bytes=%d,thp=%s' '%s'", here, p, rss, thp, csv)

do for [fmt in 'png svg'] {
	if (fmt eq 'png') { set terminal pngcairo size 1000,600 noenhanced font ',9' }
	else { set terminal svg size 1000,600 noenhanced font 'sans,9' }
	set output out.'.'.fmt
	plot for [j=1:3] rows(word(points, j)) using (bx(strcol(1), j)):($2 / div) \
		with boxes lc rgb word(shade, j) title word(points, j), \
	     for [j=1:3] rows(word(points, j)) using (bx(strcol(1), j)):($2 / div):(bar_label($2 / div)) \
		with labels rotate by 90 left offset 0,0.4 font ',7' tc rgb '#333333' notitle
	unset output
}

# cow_per_page.gp - copy-on-write cost per page written after fork, against
# the parent's RSS, THP off and on. Reads forkbench's summary CSV.
#
#   gnuplot -e "csv='run.csv'; out='dir/gp_cow_per_page'; heading='...'" cow_per_page.gp
#
# Writes OUT.png (1000x600) and OUT.svg.
if (!exists("csv")) csv = 'results.csv'
if (!exists("out")) out = 'gp_cow_per_page'
if (!exists("heading")) heading = ''

set datafile separator ','
set key top left font ',8'
set logscale x
set yrange [0:*]
set grid
set xlabel 'parent RSS (bytes, log scale)'
set ylabel 'COW cost per page written (ns, median)'
set title "forkbench (gnuplot): copy-on-write cost per page after fork\n".heading font ',10'
set xtics ('4K' 4096, '64K' 65536, '1M' 1048576, '16M' 16777216, '64M' 67108864, '256M' 268435456, '1G' 1073741824, '4G' 4294967296)

# 2 method, 3 rss_bytes, 4 thp, 13 point, 31 cow_pages, 32 per_page_p50.
# awk picks and sorts the rows of one curve (gnuplot breaks lines at rows
# a filter rejects).
rows(t) = sprintf("< awk -F, -v t=%s 'NR > 1 && $13 == \"cow\" && $4 == t && $3 > 0 && $31 > 0' '%s' | sort -t, -k3,3n", t, csv)

do for [fmt in 'png svg'] {
	if (fmt eq 'png') { set terminal pngcairo size 1000,600 noenhanced font ',9' }
	else { set terminal svg size 1000,600 noenhanced font 'sans,9' }
	set output out.'.'.fmt
	plot rows('off') using 3:32 with linespoints dt 1 pt 7 title 'THP off', \
	     rows('on') using 3:32 with linespoints dt 2 pt 6 title 'THP on'
	unset output
}

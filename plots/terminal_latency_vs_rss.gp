# terminal_latency_vs_rss.gp - median latency against the parent's RSS as
# text (gnuplot's dumb terminal), for a CI log or a terminal: the quick
# look at the three messages of the matplotlib figure (fork grows with
# RSS, THP cuts it, vfork and threads stay flat). plots/terminal.sh runs
# it; it reads forkbench's summary CSV through csv_rows.awk (by column
# name), one curve per "METHOD:THP" word of `series`.
#
#   gnuplot -e "csv='summary.csv'; series='fork:off fork:on vfork:off'; point='roundtrip'; \
#               unit='ms'; size='100,30'" terminal_latency_vs_rss.gp
if (!exists("csv")) csv = 'summary.csv'
if (!exists("series")) series = 'fork:off fork:on vfork:off thread:off posix_spawn:off'
if (!exists("point")) point = 'roundtrip'
if (!exists("unit")) unit = 'us'
if (!exists("size")) size = '100,30'
if (!exists("heading")) heading = ''
here = system("dirname '".ARG0."'")
div = unit eq 'ms' ? 1e6 : 1e3
ulabel = unit eq 'ms' ? 'ms' : 'µs'

set terminal dumb size @size noenhanced
set output
set datafile separator ','
set logscale xy
set key outside right top Left reverse
set xlabel 'parent RSS (log; 0 drawn at 1/8 of the smallest size)'
# The dumb terminal cannot turn text: the y unit goes into the title.
set title 'forkbench: median '.point.' latency ('.ulabel.', log scale) vs parent RSS'.(heading eq '' ? '' : "\n".heading)
set tics nomirror
unset mytics
set autoscale xfix
set offsets graph 0.03, graph 0.03, 0, 0
set border 3

# A curve: its rows sorted by size; an empty image drawn at zero_x.
rows(m, t) = sprintf("< awk -f '%s/csv_rows.awk' -v cols=rss_bytes,p50 -v 'where=method=%s,thp=%s,point=%s' '%s' | sort -t, -k1,1n", here, m, t, point, csv)
meth(s) = s[1:strstrt(s, ':') - 1]
thp(s) = s[strstrt(s, ':') + 1:]
if (!exists("zero_x")) zero_x = 131072
x(b) = b > 0 ? b : zero_x
# Named sizes as tics: the sizes forkbench's suites use.
set xtics ('0' zero_x, '4K' 4096, '64K' 65536, '1M' 1048576, '16M' 16777216, '64M' 67108864, '256M' 268435456, '1G' 1073741824, '4G' 4294967296)

plot for [i=1:words(series)] rows(meth(word(series, i)), thp(word(series, i))) \
	using (x($1)):($2/div) with linespoints title meth(word(series, i)).', THP '.thp(word(series, i))

# csv_rows.awk - the rows of forkbench's summary CSV that one curve needs,
# with the columns picked by their header's names: the CSV may gain
# columns (bench/report/results_csv.c), so nothing here counts positions.
#
#   awk -f csv_rows.awk -v cols=rss_bytes,p50 -v where='method=fork,thp=off,cow_pages>0' FILE
#
# Prints the columns of `cols`, comma-separated, of every row for which
# each condition of `where` holds (NAME=TEXT compares as text, NAME>NUMBER
# as a number). A name the header lacks is one line on stderr and exit 2.
# The label column is the one free-text field; forkbench writes no comma
# in it.
BEGIN { FS = "," }
function need(name) {
	if (!(name in col)) {
		printf "csv_rows.awk: %s: no column '%s' (not a forkbench summary CSV?)\n", FILENAME, name > "/dev/stderr"
		bad = 1
		exit 2
	}
}
NR == 1 {
	sub(/\r$/, "")
	for (i = 1; i <= NF; i++) col[$i] = i
	n = split(cols, want, ",")
	for (i = 1; i <= n; i++) need(want[i])
	m = split(where, conds, ",")
	for (i = 1; i <= m; i++) {
		if (match(conds[i], /[=>]/) == 0) {
			printf "csv_rows.awk: bad condition '%s'\n", conds[i] > "/dev/stderr"
			bad = 1
			exit 2
		}
		name[i] = substr(conds[i], 1, RSTART - 1)
		op[i] = substr(conds[i], RSTART, 1)
		val[i] = substr(conds[i], RSTART + 1)
		need(name[i])
	}
	next
}
{
	sub(/\r$/, "")
	for (i = 1; i <= m; i++) {
		v = $(col[name[i]])
		if (op[i] == "=" && v != val[i]) next
		if (op[i] == ">" && !(v + 0 > val[i] + 0)) next
	}
	line = $(col[want[1]])
	for (i = 2; i <= n; i++) line = line "," $(col[want[i]])
	print line
}
END { if (bad) exit 2 }

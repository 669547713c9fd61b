#!/bin/bash
# terminal.sh - median latency against the parent's RSS as text, for a CI
# log or a terminal (gnuplot's dumb terminal; the PNG figures are
# draw.sh's). harness/main.sh prints it at the end of a run.
#
#   plots/terminal.sh [OPTIONS] RESULTS_DIR | RESULTS.json | SUMMARY.csv
#
# A directory gives its summary.csv, else its results.json; a results JSON
# is exported to CSV with 'forkbench export --csv' first.
#   --point P       create, child_start, roundtrip (default) or cow
#   --unit us|ms    the y axis' unit (default: ms where the largest median
#                   drawn passes 10 ms, else us: the table's rule)
#   --all           every method at every THP setting (default: fork with
#                   THP off and on, vfork, thread and posix_spawn with THP
#                   off: the three messages, readable in 80-odd columns)
#   --size COLS,ROWS  (default 100,30)
#   --forkbench PATH  the forkbench binary, for a JSON input
# Exit: 0 drawn, 2 bad usage or input (one line on stderr, naming it).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
POINT=roundtrip
UNIT=
SIZE=100,30
ALL=0
FB=${FORKBENCH:-}
input=

die() { echo "terminal.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case $1 in
	--point) POINT=${2:?}; shift 2 ;;
	--unit) UNIT=${2:?}; shift 2 ;;
	--size) SIZE=${2:?}; shift 2 ;;
	--all) ALL=1; shift ;;
	--forkbench) FB=${2:?}; shift 2 ;;
	-h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) [ -z "$input" ] || die "one input only (got $input and $1)"; input=$1; shift ;;
	esac
done
[ -n "$input" ] || die "no input given: a results directory, results JSON or summary CSV (see --help)"
case $POINT in create | child_start | roundtrip | cow) ;; *) die "--point $POINT: one of create, child_start, roundtrip, cow" ;; esac
case $UNIT in '' | us | ms) ;; *) die "--unit $UNIT: us or ms" ;; esac
[[ $SIZE =~ ^[0-9]+,[0-9]+$ ]] || die "--size $SIZE: COLS,ROWS such as 100,30"
command -v gnuplot >/dev/null || die "gnuplot is not installed (apt-get install gnuplot-nox; harness/setup.sh does)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
json=
if [ -d "$input" ]; then
	if [ -s "$input/summary.csv" ]; then
		csv=$input/summary.csv
	elif [ -s "$input/results.json" ]; then
		json=$input/results.json
	else
		die "$input: no summary.csv or results.json in it"
	fi
elif [ -f "$input" ]; then
	case $input in
	*.json) json=$input ;;
	*) csv=$input ;;
	esac
else
	die "$input: no such file or directory"
fi
if [ -n "$json" ]; then
	if [ -z "$FB" ]; then
		# Installed, the scripts live in PREFIX/share/forkbench and the binary
		# in PREFIX/bin: that one first, then the PATH's, then a build tree's.
		FB=$HERE/../../bin/forkbench
		[ -x "$FB" ] || FB=$(command -v forkbench || true)
		[ -n "$FB" ] || FB=$HERE/../build/bench/forkbench
	fi
	csv=$tmp/summary.csv
	"$FB" export --csv "$csv" "$json" 2>"$tmp/export.err" ||
		die "$(sed 's/^forkbench export: //' "$tmp/export.err" | head -1)"
fi

# Every (method, thp, rss, p50) row of the point, by column name.
awk -f "$HERE/csv_rows.awk" -v cols=method,thp,rss_bytes,p50 -v "where=point=$POINT" "$csv" \
	>"$tmp/rows" 2>"$tmp/awk.err" || die "$(head -1 "$tmp/awk.err")"
[ -s "$tmp/rows" ] || die "$csv: no $POINT rows (not a forkbench summary CSV, or no entry has that point)"

# The curves: (method, THP) pairs measured at two sizes or more.
awk -F, '{ n[$1 ":" $2]++ } END { for (k in n) if (n[k] >= 2) print k }' "$tmp/rows" >"$tmp/curves"
[ -s "$tmp/curves" ] || die "$csv: no method was measured at two or more sizes: nothing to draw against RSS"
if [ $ALL = 1 ]; then
	wanted=$(for m in fork vfork thread pthread posix_spawn fork_exec vfork_exec pidfd pidfd_open; do
		for t in off on system; do echo "$m:$t"; done
	done; sort "$tmp/curves")
else
	wanted="fork:off fork:on vfork:off thread:off posix_spawn:off"
fi
series=
for s in $wanted; do
	grep -qx "$s" "$tmp/curves" && case " $series " in *" $s "*) ;; *) series="$series $s" ;; esac
done
series=${series# }
# sed, not head, in these pipes: head exits after its lines, and under
# pipefail the writer's SIGPIPE (exit 141) then ended the script without a
# word, now and then in harness/main.sh (a summary's labels are one line
# per row).
[ -n "$series" ] || series=$(sort "$tmp/curves" | sed -n 1,5p | tr '\n' ' ')

# Unit by the largest median drawn; empty images at 1/8 of the smallest size.
read -r max minsize < <(awk -F, -v s=" $series " 'index(s, " " $1 ":" $2 " ") {
	if ($4 > max) max = $4; if ($3 > 0 && (min == "" || $3 < min)) min = $3 } END { print max + 0, min + 0 }' "$tmp/rows")
[ -n "$UNIT" ] || UNIT=$(awk -v m="$max" 'BEGIN { print (m > 10e6 ? "ms" : "us") }')
zero_x=$(awk -v m="$minsize" 'BEGIN { printf "%.0f", (m > 0 ? m / 8 : 1024) }')
label=$(awk -f "$HERE/csv_rows.awk" -v cols=label "$csv" 2>/dev/null | sed -n 1p | tr -d "'\"")

gnuplot -e "csv='$csv'; series='$series'; point='$POINT'; unit='$UNIT'; size='$SIZE'; zero_x=$zero_x; heading='${label}'" \
	"$HERE/terminal_latency_vs_rss.gp" 2>"$tmp/gnuplot.err" || die "gnuplot failed: $(head -1 "$tmp/gnuplot.err")"

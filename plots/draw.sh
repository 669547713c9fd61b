#!/bin/bash
# draw.sh - every forkbench figure for a run or a comparison, PNG and SVG.
#
#   plots/draw.sh RESULTS_DIR_OR_JSON... --out DIR [--point P] [--unit us|ms] [--forkbench PATH]
#   plots/draw.sh A_RESULTS... -- B_RESULTS... --out DIR [...]
#
# Which tool draws which figure (each is drawn by one, never both; see
# plots/README.md):
#   matplotlib (forkbench_plots.py, /usr/bin/python3 with Debian's
#   python3-matplotlib), from the results JSON, the figures that need its
#   layout: latency_vs_rss (a panel per method family; A and B on the same
#   axes), ratio (the B/A forest plot), distribution (CDFs), phases
#   (copy_process phase medians, patched kernels only).
#   gnuplot, quick figures straight from forkbench's CSV, per run
#   (gp_FIGURE-NAME.png; NAME is the run's label, else its file's name, or
#   its directory's for a results.json): gp_points (create, child_start and
#   round trip per method), gp_cow_per_page (with --cow); and, in
#   terminal.sh, latency vs RSS as text for a CI log.
#
# One results JSON: its figures. Two or more: the same, plus the B/A ratio
# per entry from 'forkbench compare --json'. A directory contributes every
# forkbench results JSON in it. The runs form two sides, A's runs against
# B's (compare's runs as the unit; a side's figure is compare's), when:
#   - '--' separates them: A's files and directories before it, B's after;
#   - the one input is a directory with a compare.json (ci/compare-kernels
#     writes one): it is used as is, and its sides group the runs;
#   - every file is named A-N.json or B-N.json (boots of compare-kernels);
#   - two directories are given: each is a side, as in 'forkbench compare
#     DIR_A DIR_B'.
# Otherwise the first run is the base and each other one is compared with
# it. The CSV is the one run --csv wrote next to the JSON, else 'forkbench
# export --csv' of the JSON into DIR/csv/NAME.csv.
# --point: create, child_start, roundtrip (default) or cow.
# --unit: the time unit of every axis (default: us, or ms where the largest
# median passes 10 ms).
# Exit: 0 drawn, 2 bad usage or input (one line on stderr).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=${FORKBENCH_PYTHON:-/usr/bin/python3}
OUT=
POINT=roundtrip
UNIT=
FB=${FORKBENCH:-}
inputs=()   # every input, in order
sides=()    # each input's side: A, or B after '--'
side=A
split=0

die() { echo "draw.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case $1 in
	--out) OUT=${2:?}; shift 2 ;;
	--point) POINT=${2:?}; shift 2 ;;
	--unit) UNIT=${2:?}; shift 2 ;;
	--forkbench) FB=${2:?}; shift 2 ;;
	-h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--)
		[ $split = 0 ] || die "'--' given twice: it separates side A from side B"
		split=1 side=B
		shift
		;;
	-*) die "unknown option $1 (see --help)" ;;
	*) inputs+=("$1") sides+=("$side"); shift ;;
	esac
done
[ -n "$OUT" ] || die "--out DIR is required"
[ ${#inputs[@]} -gt 0 ] || die "no results given"
if [ $split = 1 ]; then
	case " ${sides[*]} " in *" A "*) ;; *) die "no results before '--' (side A)" ;; esac
	case " ${sides[*]} " in *" B "*) ;; *) die "no results after '--' (side B)" ;; esac
fi
case $POINT in
create | child_start | roundtrip | cow) ;;
*) die "--point $POINT: one of create, child_start, roundtrip, cow" ;;
esac
case $UNIT in '' | us | ms) ;; *) die "--unit $UNIT: us or ms" ;; esac

# Results files in argument order; in a directory, sorted by name. Each
# file keeps its input's side (results_side) and its input's index.
results=()
results_side=()
results_input=()
compare=
dirs=0
for k in "${!inputs[@]}"; do
	i=${inputs[$k]}
	if [ -d "$i" ]; then
		dirs=$((dirs + 1))
		# its compare.json decides only where the directory is all there is
		[ -f "$i/compare.json" ] && [ ${#inputs[@]} = 1 ] && compare=$i/compare.json
		while IFS= read -r f; do
			results+=("$f") results_side+=("${sides[$k]}") results_input+=("$k")
		done < <(grep -l '"schema": *"forkbench-results"' "$i"/*.json 2>/dev/null | sort)
	elif [ -f "$i" ]; then
		results+=("$i") results_side+=("${sides[$k]}") results_input+=("$k")
	else
		die "$i: no such file or directory"
	fi
done
[ ${#results[@]} -gt 0 ] || die "no forkbench results JSON in ${inputs[*]}"
mkdir -p "$OUT"

# Two sides, where the inputs say so (see the top): side A's files, then B's.
side_a=() side_b=()
if [ $split = 1 ]; then
	for k in "${!results[@]}"; do
		if [ "${results_side[$k]}" = A ]; then side_a+=("${results[$k]}"); else side_b+=("${results[$k]}"); fi
	done
elif [ -z "$compare" ] && [ ${#results[@]} -gt 2 ]; then
	named=1
	for f in "${results[@]}"; do
		case $(basename "$f") in
		A-[0-9]*.json) side_a+=("$f") ;;
		B-[0-9]*.json) side_b+=("$f") ;;
		*) named=0 ;;
		esac
	done
	if [ $named = 0 ] || [ ${#side_a[@]} = 0 ] || [ ${#side_b[@]} = 0 ]; then
		side_a=() side_b=()
		if [ $dirs = 2 ] && [ ${#inputs[@]} = 2 ]; then
			for k in "${!results[@]}"; do
				if [ "${results_input[$k]}" = 0 ]; then side_a+=("${results[$k]}"); else side_b+=("${results[$k]}"); fi
			done
		fi
	fi
fi
if [ ${#side_a[@]} -gt 0 ] && [ ${#side_b[@]} -gt 0 ]; then
	results=("${side_a[@]}" "${side_b[@]}")
fi

if [ -z "$FB" ]; then
	# Installed, the scripts live in PREFIX/share/forkbench and the binary
	# in PREFIX/bin: that one first, then the PATH's, then a build tree's.
	FB=$HERE/../../bin/forkbench
	[ -x "$FB" ] || FB=$(command -v forkbench || true)
	[ -n "$FB" ] || FB=$HERE/../build/bench/forkbench
fi
[ -x "$FB" ] || die "no forkbench at $FB (build it, or pass --forkbench)"
# Every file is read as compare reads it (forkbench's one reader) before
# anything is drawn from it: an invalid one is refused, in its words.
"$FB" results "${results[@]}" >/dev/null 2>"$OUT/results.err" ||
	die "$(sed 's/^forkbench results: //' "$OUT/results.err" | head -n 1)"
rm -f "$OUT/results.err"
if [ -z "$compare" ] && [ ${#results[@]} -gt 1 ]; then
	compare=$OUT/compare.json
	rc=0
	if [ ${#side_a[@]} -gt 0 ] && [ ${#side_b[@]} -gt 0 ]; then
		"$FB" compare --json --point "$POINT" "${side_a[@]}" -- "${side_b[@]}" >"$compare" || rc=$?
	else
		"$FB" compare --json --point "$POINT" "${results[@]}" >"$compare" || rc=$?
	fi
	if [ $rc -gt 1 ]; then
		echo "draw.sh: forkbench compare failed (exit $rc): no ratio plot" >&2
		rm -f "$compare"
		compare=
	fi
fi

args=(--out "$OUT" --point "$POINT" --forkbench "$FB")
[ -n "$UNIT" ] && args+=(--unit "$UNIT")
[ -n "$compare" ] && args+=(--compare "$compare")
# It checks every input and names the runs even where matplotlib is
# missing (it says so and draws nothing then).
mkdir -p "$OUT/csv"
rc=0
"$PY" "$HERE/forkbench_plots.py" "${args[@]}" "${results[@]}" 2>"$OUT/csv/plots.err" || rc=$?
# Exit 2 is a bad input, said in one line: pass that line on as ours.
[ $rc -ne 2 ] || die "$(sed -n 's/^forkbench_plots: //p' "$OUT/csv/plots.err" | head -1)"
cat "$OUT/csv/plots.err" >&2
[ $rc -eq 0 ] || die "matplotlib figures failed (exit $rc)"
# Figures drawn by a script of their own (from the same inputs or the
# compare JSON): one line each, here.
[ -z "$compare" ] || "$PY" "$HERE/phase_delta.py" --out "$OUT" "$compare" || echo "draw.sh: no phase_delta plot" >&2

# gnuplot, per run, from forkbench's CSV: the one written next to the JSON
# when there is one, else forkbench's export of the JSON (one writer of the
# format, bench/report/results_csv.c). forkbench_plots.py named the runs
# (csv/runs.tsv: NAME, then the file) and wrote their titles. Columns are
# read by name (csv_rows.awk), never by position.
if ! command -v gnuplot >/dev/null; then
	echo "draw.sh: gnuplot is not installed: no gp_* figures (apt-get install gnuplot-nox)" >&2
	exit 0
fi
ALL_METHODS="fork vfork thread pthread posix_spawn fork_exec vfork_exec pidfd pidfd_open"
col() { awk -f "$HERE/csv_rows.awk" -v cols="$1" -v "where=$2" "$3"; }
# The methods present, in the schema's order, which fixes their colours.
order() {
	local m out=
	for m in $ALL_METHODS; do
		case " $1 " in *" $m "*) out="$out$m " ;; esac
	done
	echo "${out% }"
}
hue() { echo "$ALL_METHODS" | tr ' ' '\n' | grep -nx "$1" | cut -d: -f1; }
while IFS=$'\t' read -r name r; do
	csv=${r%.json}.csv
	# harness/main.sh's run directories hold results.json and summary.csv.
	[ -s "$csv" ] || [ "$(basename "$r")" != results.json ] || csv=$(dirname "$r")/summary.csv
	if [ ! -s "$csv" ]; then
		csv=$OUT/csv/$name.csv
		if ! "$FB" export --csv "$csv" "$r" 2>"$OUT/csv/$name.export.log"; then
			echo "draw.sh: forkbench export failed for $name (see $OUT/csv/$name.export.log): no gnuplot figures" >&2
			continue
		fi
	fi
	heading=$(cat "$OUT/csv/$name.title")
	log=$OUT/csv/$name.gnuplot.log
	: >"$log"
	# A gnuplot failure costs its figure, not the others: warn and go on.
	gp() {
		local fig=$1 script=$2
		shift 2
		if gnuplot -e "$*; out='$OUT/gp_$fig-$name'; heading='$heading'" "$HERE/$script" 2>>"$log"; then
			echo "$OUT/gp_$fig-$name.png"
		else
			echo "draw.sh: gnuplot $script failed for $name (see $log)" >&2
		fi
	}
	# points: every method's create, child_start and round trip at the
	# smallest image (THP off where there is one).
	rows=$(col method,rss_bytes,thp,p50 "point=roundtrip" "$csv" 2>>"$log" || true)
	if [ -n "$rows" ]; then
		thp=off
		echo "$rows" | awk -F, '$3 == "off" { f = 1 } END { exit !f }' || thp=$(echo "$rows" | head -1 | cut -d, -f3)
		rss=$(echo "$rows" | awk -F, -v t="$thp" '$3 == t { print $2 }' | sort -n | head -1)
		methods=$(order "$(echo "$rows" | awk -F, -v t="$thp" -v r="$rss" '$3 == t && $2 == r { print $1 }' | tr '\n' ' ')")
		unit=$UNIT
		[ -n "$unit" ] || unit=$(echo "$rows" | awk -F, -v t="$thp" -v r="$rss" '$3 == t && $2 == r && $4 > m { m = $4 }
			END { print (m > 10e6 ? "ms" : "us") }')
		[ -z "$methods" ] || gp points points.gp "csv='$csv'; methods='$methods'; rss=$rss; thp='$thp'; unit='$unit'"
	fi
	# COW per page, where the run wrote pages after fork (--cow).
	cow_methods=$(order "$(col method "point=cow,rss_bytes>0,cow_pages>0" "$csv" 2>>"$log" | sort -u | tr '\n' ' ')")
	if [ -n "$cow_methods" ]; then
		hues=$(for m in $cow_methods; do hue "$m"; done | tr '\n' ' ')
		gp cow_per_page cow_per_page.gp "csv='$csv'; methods='$cow_methods'; hues='$hues'"
	fi
done <"$OUT/csv/runs.tsv"
exit 0

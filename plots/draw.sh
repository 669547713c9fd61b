#!/bin/bash
# draw.sh - every forkbench plot for a run or a comparison, PNG and SVG.
#
#   plots/draw.sh RESULTS_DIR_OR_JSON... --out DIR [--point P] [--forkbench PATH]
#
# One results JSON: latency vs RSS, distribution, COW per page, phases
# (when the entries carry phase data). Two or more: the same for all of
# them, plus the new/base ratio per entry from 'forkbench compare --json'
# (the first is the base; a compare.json found in a directory argument is
# used as is). A directory contributes every forkbench results JSON in it.
# --point: create, child_start, roundtrip (default) or cow.
# matplotlib draws with /usr/bin/python3 (Debian's python3-matplotlib);
# gnuplot draws the same latency and COW figures from forkbench's CSV, for
# each run (gp_*-NAME.png; NAME is the run's label, else its file's name, or
# its directory's for a results.json): the CSV run --csv wrote next to the
# JSON, else 'forkbench export --csv' of the JSON into DIR/csv/NAME.csv.
# Exit: 0 drawn, 2 bad usage or input.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=${FORKBENCH_PYTHON:-/usr/bin/python3}
OUT=
POINT=roundtrip
FB=${FORKBENCH:-}
inputs=()

die() { echo "draw.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case $1 in
	--out) OUT=${2:?}; shift 2 ;;
	--point) POINT=${2:?}; shift 2 ;;
	--forkbench) FB=${2:?}; shift 2 ;;
	-h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) inputs+=("$1"); shift ;;
	esac
done
[ -n "$OUT" ] || die "--out DIR is required"
[ ${#inputs[@]} -gt 0 ] || die "no results given"
case $POINT in
create | child_start | roundtrip | cow) ;;
*) die "--point $POINT: one of create, child_start, roundtrip, cow" ;;
esac

# Results files in argument order; in a directory, sorted by name.
results=()
compare=
for i in "${inputs[@]}"; do
	if [ -d "$i" ]; then
		[ -f "$i/compare.json" ] && compare=$i/compare.json
		while IFS= read -r f; do
			results+=("$f")
		done < <(grep -l '"schema": *"forkbench-results"' "$i"/*.json 2>/dev/null | sort)
	elif [ -f "$i" ]; then
		results+=("$i")
	else
		die "$i: no such file or directory"
	fi
done
[ ${#results[@]} -gt 0 ] || die "no forkbench results JSON in ${inputs[*]}"
mkdir -p "$OUT"

if [ -z "$FB" ]; then
	FB=$(command -v forkbench || true)
	[ -n "$FB" ] || FB=$HERE/../build/bench/forkbench
fi
if [ -z "$compare" ] && [ ${#results[@]} -gt 1 ]; then
	compare=$OUT/compare.json
	rc=0
	"$FB" compare --json --point "$POINT" "${results[@]}" >"$compare" || rc=$?
	if [ $rc -gt 1 ]; then
		echo "draw.sh: forkbench compare failed (exit $rc): no ratio plot" >&2
		rm -f "$compare"
		compare=
	fi
fi

args=(--out "$OUT" --point "$POINT")
[ -n "$compare" ] && args+=(--compare "$compare")
"$PY" "$HERE/forkbench_plots.py" "${args[@]}" "${results[@]}" || die "matplotlib plots failed"

# gnuplot, per run, from forkbench's CSV: the one written next to the JSON
# when there is one, else forkbench's export of the JSON (one writer of the
# format, bench/report/results_csv.c). forkbench_plots.py named the runs
# (csv/runs.tsv: NAME, then the file) and wrote their titles.
order() {
	local m out=
	for m in fork vfork thread pthread posix_spawn fork_exec vfork_exec pidfd pidfd_open; do
		case " $1 " in *" $m "*) out="$out$m " ;; esac
	done
	echo "${out% }"
}
while IFS=$'\t' read -r name r; do
	csv=${r%.json}.csv
	if [ ! -s "$csv" ]; then
		csv=$OUT/csv/$name.csv
		if ! "$FB" export --csv "$csv" "$r" 2>"$OUT/csv/$name.export.log"; then
			echo "draw.sh: forkbench export failed for $name (see $OUT/csv/$name.export.log): no gnuplot figures" >&2
			continue
		fi
	fi
	heading=$(cat "$OUT/csv/$name.title")
	# The methods present, in the schema's order (which picks their colours).
	methods=$(awk -F, 'NR > 1 { print $2 }' "$csv" | sort -u | tr '\n' ' ')
	[ -n "$methods" ] || continue
	methods=$(order "$methods")
	cow_methods=$(order "$(awk -F, 'NR > 1 && $13 == "cow" && $3 > 0 && $31 > 0 { print $2 }' "$csv" | sort -u | tr '\n' ' ')")
	# Each COW method keeps the colour it has in the latency plot.
	hues=$(for m in $cow_methods; do echo "$methods" | tr ' ' '\n' | grep -nx "$m" | cut -d: -f1; done | tr '\n' ' ')
	# A gnuplot failure costs its figure, not the others: warn and go on.
	if gnuplot -e "csv='$csv'; out='$OUT/gp_latency_vs_rss-$name'; point='$POINT'; methods='$methods'; heading='$heading'" \
		"$HERE/latency_vs_rss.gp" 2>"$OUT/csv/$name.gnuplot.log"; then
		echo "$OUT/gp_latency_vs_rss-$name.png"
	else
		echo "draw.sh: gnuplot latency_vs_rss.gp failed for $name (see $OUT/csv/$name.gnuplot.log)" >&2
	fi
	if [ -n "$cow_methods" ]; then
		if gnuplot -e "csv='$csv'; out='$OUT/gp_cow_per_page-$name'; methods='$cow_methods'; hues='$hues'; heading='$heading'" \
			"$HERE/cow_per_page.gp" 2>>"$OUT/csv/$name.gnuplot.log"; then
			echo "$OUT/gp_cow_per_page-$name.png"
		else
			echo "draw.sh: gnuplot cow_per_page.gp failed for $name (see $OUT/csv/$name.gnuplot.log)" >&2
		fi
	fi
done <"$OUT/csv/runs.tsv"
exit 0

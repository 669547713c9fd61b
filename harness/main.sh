#!/usr/bin/env bash
# The main job: set up, build, run the default suite, write results and plots.
#   every method x --rss 0,1M,64M,256M,1G x --thp off,on, in about a minute
# Results go to results/<run-id>/: results.json, summary.csv, samples.csv,
# table.txt and plots/. Extra arguments are passed to forkbench run.
set -eu
cd "$(dirname "$0")/.."
start=$(date +%s.%N)
harness/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFORKBENCH_WERROR=OFF -DFORKBENCH_SANITIZE=OFF >/dev/null
cmake --build build -j"$(nproc)" --target forkbench forkbench-worker forkbench-helper >/dev/null
run_id=$(date -u +%Y%m%d-%H%M%S)-$(uname -r)
out=results/$run_id
mkdir -p "$out"
# --max-time bounds each of the 90 entries so the suite fits a minute even
# where fork of 1 GiB takes tens of milliseconds; cheap entries stop sooner,
# when the median's CI is within 1%.
set +e
build/bench/forkbench run --method all --rss 0,1M,64M,256M,1G --thp off,on \
	--max-time 0.45 --min-samples 20 --label "$(uname -r)" \
	--json "$out/results.json" --csv "$out/summary.csv" --csv-samples "$out/samples.csv" \
	"$@" | tee "$out/table.txt"
rc=${PIPESTATUS[0]}
set -e
if [ -x plots/draw.sh ] && [ -s "$out/results.json" ]; then
	plots/draw.sh "$out" --out "$out/plots" || echo "main: plotting failed; the results are in $out" >&2
fi
# Latency vs RSS as text, so that a CI log shows the curves too.
if [ -x plots/terminal.sh ] && [ -s "$out/summary.csv" ]; then
	plots/terminal.sh "$out" || echo "main: no terminal plot; the figures are in $out/plots" >&2
fi
printf 'main: results in %s (wall time %.1f s)\n' "$out" "$(echo "$(date +%s.%N) - $start" | bc)" >&2
exit "$rc"

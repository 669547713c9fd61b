#!/usr/bin/env bash
# The main job: set up, build, run the default suite, write results and plots.
#   every method x --rss 0,1M,64M,256M,1G x --thp off,on, in about a minute
# Results go to results/<run-id>/: results.json, entries.csv (one flat row
# per entry), summary.csv, samples.csv, table.txt and plots/. Extra
# arguments are passed to forkbench run. It prints the table, one line per
# kind of warning, and last where the results are; the build's and the
# plots' own output go to build/main-build.log and <run-id>/plots.log.
set -eu
usage() {
	cat <<'EOF'
Usage: harness/main.sh [RUN OPTIONS]
The main job: install what forkbench needs (Debian packages; root the first
time), build it (build/, Release), run the default suite (every method x
--rss 0,1M,64M,256M,1G x --thp off,on, about a minute) and write
results/<run-id>/: results.json, entries.csv, summary.csv, samples.csv,
table.txt and plots/. It prints the table, one line per kind of warning, a
text plot of latency vs RSS and, last, where the results are.

RUN OPTIONS go to 'forkbench run' after the suite's own (a later option
wins: --method fork,vfork runs those two); 'build/bench/forkbench run --help'
lists them. They are checked once the build is done, before anything runs:
an unknown one is one line on stderr and exit 2.

  -h, --help   this help

Exit: forkbench run's (0 ok, 1 a creation failed, 2 bad usage, 3 not enough
of something, 4 an output cannot be written); 1 when the setup or the build
fails.
EOF
}
for arg in "$@"; do
	case $arg in -h | --help) usage; exit 0 ;; esac
done
cd "$(dirname "$0")/.."
start=$(date +%s.%N)
harness/setup.sh
mkdir -p build
# quiet unless it fails: a compiler's note is for the build log, not the run's output
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFORKBENCH_WERROR=OFF -DFORKBENCH_SANITIZE=OFF &&
	cmake --build build -j"$(nproc)" --target forkbench forkbench-worker forkbench-helper; } \
	>build/main-build.log 2>&1; then
	tail -n 30 build/main-build.log >&2
	echo "main: the build failed; build/main-build.log has all of it" >&2
	exit 1
fi
# shellcheck disable=SC2054 # the commas are forkbench's lists
suite=(--method all --rss 0,1M,64M,256M,1G --thp off,on --max-time 0.45 --min-samples 20)
# The user's options, checked before a results directory is made for them:
# run parses its options before it answers --help, and says what is wrong.
build/bench/forkbench run "${suite[@]}" "$@" --help >/dev/null || exit $?
run_id=$(date -u +%Y%m%d-%H%M%S)-$(uname -r)
out=results/$run_id
mkdir -p "$out"
# --max-time bounds each of the 90 entries so the suite fits a minute even
# where fork of 1 GiB takes tens of milliseconds; cheap entries stop sooner,
# when the median's CI is within 1%. --label is the kernel release unasked.
set +e
build/bench/forkbench run "${suite[@]}" \
	--json "$out/results.json" --csv-entries "$out/entries.csv" --csv "$out/summary.csv" \
	--csv-samples "$out/samples.csv" "$@" | tee "$out/table.txt"
rc=${PIPESTATUS[0]}
set -e
if [ -x plots/draw.sh ] && [ -s "$out/results.json" ]; then
	plots/draw.sh "$out" --out "$out/plots" >"$out/plots.log" 2>&1 ||
		echo "main: plotting failed (see $out/plots.log); the results are in $out" >&2
fi
# Latency vs RSS as text, so that a CI log shows the curves too.
if [ -x plots/terminal.sh ] && [ -s "$out/summary.csv" ]; then
	plots/terminal.sh "$out" || echo "main: no terminal plot; the figures are in $out/plots" >&2
fi
printf 'main: results in %s (results.json, entries.csv, table.txt, plots/; wall time %.1f s)\n' \
	"$out" "$(echo "$(date +%s.%N) - $start" | bc)" >&2
exit "$rc"

#!/usr/bin/env bash
# Fuzzes one target (or all) for a bounded time under ASan and UBSan.
#   tests/fuzz/run.sh TARGET|all [SECONDS] [libFuzzer options...]
# TARGET is size_parse, run_options or results_read; SECONDS defaults to 60.
# Builds the libFuzzer binaries with clang in $FUZZ_BUILD (default
# build-fuzz), starts from the seed corpus tests/fuzz/TARGET/ and the seeds
# the build draws from the tests' data ($FUZZ_BUILD/tests/fuzz/seeds/TARGET;
# both read only: what libFuzzer adds goes to $FUZZ_BUILD/corpus/TARGET) and prints the
# executions and coverage reached. Exit 0 when nothing was found; 1 with
# the input that broke something, which belongs in tests/fuzz/TARGET/ once
# it is fixed, so that every build replays it (ctest -L fuzz).
set -eu
cd "$(dirname "$0")/../.."
targets="size_parse run_options results_read"
target=${1:?usage: tests/fuzz/run.sh TARGET|all [SECONDS] [libFuzzer options...] (TARGET: $targets)}
seconds=${2:-60}
shift $(($# < 2 ? $# : 2))
build=${FUZZ_BUILD:-build-fuzz}
[ "$target" = all ] && target=$targets
for t in $target; do
	case " $targets " in *" $t "*) ;; *)
		echo "fuzz: unknown target '$t' (one of: $targets, all)" >&2
		exit 2
		;;
	esac
done

if [ ! -f "$build/CMakeCache.txt" ]; then
	cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DFORKBENCH_FUZZ=ON -DFORKBENCH_WERROR=ON >/dev/null
fi
# shellcheck disable=SC2046
cmake --build "$build" -j"$(nproc)" --target $(printf 'fuzz_%s ' $target) >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in $target; do
	corpus=$build/corpus/$t
	artifacts=$build/artifacts/$t/
	log=$build/fuzz-$t.log
	mkdir -p "$corpus" "$artifacts"
	dict=tests/fuzz/$t.dict
	seeds=()
	[ -d "$build/tests/fuzz/seeds/$t" ] && seeds=("$build/tests/fuzz/seeds/$t")
	echo "== fuzz $t for $seconds s (log: $log)"
	rc=0
	"$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$artifacts" ${dict:+-dict=$dict} "$@" \
		"$corpus" "tests/fuzz/$t" "${seeds[@]}" >"$log" 2>&1 || rc=$?
	stats=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -n 1 || true)
	runs=$(awk '/^stat::number_of_executed_units/ {print $NF}' "$log")
	rate=$(awk '/^stat::average_exec_per_sec/ {print $NF}' "$log")
	cov=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, features \2, corpus \3/p' <<<"$stats")
	echo "fuzz $t: ${runs:-?} executions (${rate:-?}/s), ${cov:-no coverage line}"
	if [ "$rc" -ne 0 ]; then
		status=1
		grep -E 'ERROR|runtime error|fuzz:|Test unit written|SUMMARY' "$log" | head -n 20 >&2 || true
		echo "fuzz $t: FOUND something (exit $rc); the input is in $artifacts; once fixed, keep it in tests/fuzz/$t/" >&2
	fi
done
exit $status

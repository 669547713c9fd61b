#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# power.sh - how often does forkbench compare catch a planted regression
# of 1, 3 and 5% in fork, how often does it cry wolf, and what does that
# cost in runner minutes?  Built on the test-only kernel patch
# kernel-patch/test/slowdown-<base>.patch: forkbench_slowdown=N on the
# kernel command line spins N loop iterations in every copy_process(), so
# one kernel serves every level and N=0 is the unslowed kernel.
#
#   power.sh calibrate   boot the unslowed kernel a few times per mode and
#                        choose N for each level from the medians and the
#                        guest's own speed (ns an instruction, from the
#                        clock check): MODE/settings.tsv
#   power.sh collect     boot a pool of P boots per setting (unslowed and
#                        each level) per mode, keeping every boot
#   power.sh table       draw many comparisons from the pools, run
#                        forkbench compare on each, and tabulate detection
#                        rates, false alarms, measured against planted
#                        change, and runner minutes per kernel pair
#
# Modes: icount (instruction time), wall (real time; KVM where it works,
# else TCG), each with "-noaslr" for boots with norandmaps. icount boots do
# not care about the host's load, so collect runs --jobs of them at once
# (default: one per CPU); wall boots do, so they run one at a time and
# never beside an icount boot.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
PROG=power.sh
POOLS=/var/tmp/forkbench-power
KERNEL=
BIN=$TOP/build-static/bench
FB=${FORKBENCH:-$TOP/build/bench/forkbench}
MODES=icount,wall
ACCEL=auto
SUITE="run --method fork --rss 0,1G --thp off --iterations 60 --no-progress"
# what each level targets: the round trip of these entries
ENTRIES=("fork rss=0 thp=off" "fork rss=1G thp=off")
TAGS=(rss0 1g)
LEVELS=(1 3 5)
INSNS_PER_ITER=2 # sub + jae in the 6.1 tinyconfig build (objdump of fork.o)

die() { local c=$1; shift; echo "$PROG: error: $*" >&2; exit "$c"; }
log() { echo "$PROG: [$(date +%H:%M:%S)] $*" >&2; }

usage() {
	awk 'NR > 3 && !/^#/ { exit } NR > 3' "$0" | sed 's/^# \{0,1\}//'
	cat <<EOF

Usage:
  $PROG calibrate --kernel BZIMAGE [--pools DIR] [--modes LIST] [--boots B]
  $PROG collect   --kernel BZIMAGE [--pools DIR] [--modes LIST] [--boots P] [--jobs J]
  $PROG table     [--pools DIR] [--modes LIST] [--k LIST] [--draws D] [--seed S]
                  [--forkbench PATH] [--threshold X] [--alpha A] [--out FILE]
                  [--boot-seconds MODE=S,...]

Common options:
  --pools DIR      where pools live (default $POOLS): DIR/MODE/SETTING/NNN/
                   is one boot (run-guest.sh's whole output)
  --modes LIST     comma-separated: icount, wall, icount-noaslr, wall-noaslr
                   (default $MODES)
  --kernel FILE    the kernel with the slowdown patch (build-kernel.sh
                   --stock --extra-patch kernel-patch/test/slowdown-6.1.patch)
  --bin DIR        static forkbench for the guest (default build-static/bench)
  --suite "ARGS"   the fixed suite every boot runs (default:
                   "$SUITE"); calibrate records it in DIR/suite and
                   collect refuses a pool made with another
  --accel A        the runner's --accel for wall modes (default auto)

calibrate: --boots B unslowed boots per mode (default 2).  Writes
  MODE/settings.tsv (setting, N, entry, planted %) and MODE/calibration.md.
  N = level x median round trip / ($INSNS_PER_ITER instructions x ns an
  instruction); settings.tsv may be edited by hand before collect.
collect: --boots P per setting (default 16), --jobs J icount boots at once
  (default nproc).  Resumes: boots already in the pool count, and an
  unfinished one is made again.  Settings are interleaved, round by round.
table: --k LIST boots per side (default 1,2,3,5), --draws D per setting
  and k (default 200), --seed S (default 1).  Draws: for a planted level,
  k boots without replacement from the unslowed pool against k without
  replacement from the level's pool; for A/A, 2k distinct boots of the
  unslowed pool split into two sides of k.  Each draw is one forkbench
  compare (BASE NEW for k = 1, A1.. -- B1.. otherwise).  Runner minutes
  come from the pool's mean boot wall time, or from --boot-seconds (say,
  icount=35,wall=14: boots timed alone, when the pools were collected
  beside other work).

Exit: 0 done, 2 bad usage, 3 a missing tool, kernel or pool, or too many
failed boots.
EOF
}

STEP=${1:-}
case $STEP in
calibrate | collect | table) shift ;;
-h | --help) usage; exit 0 ;;
'') die 2 "a step is required: calibrate, collect or table (try --help)" ;;
*) die 2 "unknown step '$STEP' (calibrate, collect or table)" ;;
esac
BOOTS=
JOBS=$(nproc 2>/dev/null || echo 2)
KS=1,2,3,5
DRAWS=200
SEED=1
OUTFILE=
BOOT_SECONDS=
COMPARE_ARGS=()
SUITE_SET=0
while [ $# -gt 0 ]; do
	case $1 in
	--pools) POOLS=${2:?}; shift 2 ;;
	--modes) MODES=${2:?}; shift 2 ;;
	--kernel) KERNEL=${2:?}; shift 2 ;;
	--bin) BIN=${2:?}; shift 2 ;;
	--suite) SUITE=${2:?}; SUITE_SET=1; shift 2 ;;
	--accel) ACCEL=${2:?}; shift 2 ;;
	--boots) BOOTS=${2:?}; shift 2 ;;
	--jobs) JOBS=${2:?}; shift 2 ;;
	--k) KS=${2:?}; shift 2 ;;
	--draws) DRAWS=${2:?}; shift 2 ;;
	--seed) SEED=${2:?}; shift 2 ;;
	--forkbench) FB=${2:?}; shift 2 ;;
	--threshold | --alpha) COMPARE_ARGS+=("$1" "${2:?}"); shift 2 ;;
	--out) OUTFILE=${2:?}; shift 2 ;;
	--boot-seconds) BOOT_SECONDS=${2:?}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) die 2 "unknown argument '$1' (try --help)" ;;
	esac
done
posint() { case $2 in '' | *[!0-9]* | 0) die 2 "$1 wants a positive number, got '$2'" ;; esac; }
posint --jobs "$JOBS"
posint --draws "$DRAWS"
case $SEED in '' | *[!0-9]*) die 2 "--seed wants a number" ;; esac
case $ACCEL in auto | kvm | tcg) ;; *) die 2 "--accel must be auto, kvm or tcg" ;; esac
IFS=, read -r -a MODE_LIST <<<"$MODES"
for m in "${MODE_LIST[@]}"; do
	case $m in icount | wall | icount-noaslr | wall-noaslr) ;; *) die 2 "unknown mode '$m' (icount, wall, icount-noaslr, wall-noaslr)" ;; esac
done
command -v jq >/dev/null || die 3 "jq not found: install it with 'apt-get install jq'"

clock_of() { echo "${1%-noaslr}"; }
aslr_of() { case $1 in *-noaslr) echo off ;; *) echo on ;; esac; }

# The suite is fixed per pool directory: boots of two suites never mix.
check_suite() {
	mkdir -p "$POOLS"
	if [ -f "$POOLS/suite" ]; then
		if [ $SUITE_SET = 0 ]; then
			SUITE=$(cat "$POOLS/suite")
		elif [ "$(cat "$POOLS/suite")" != "$SUITE" ]; then
			die 2 "$POOLS holds boots of the suite '$(cat "$POOLS/suite")', not '$SUITE'"
		fi
	else
		echo "$SUITE" >"$POOLS/suite"
	fi
}
need_kernel() {
	[ -n "$KERNEL" ] || die 2 "--kernel is required"
	[ -f "$KERNEL" ] || die 3 "no kernel at $KERNEL"
	[ -x "$BIN/forkbench" ] || die 3 "no static forkbench in $BIN"
	# One kernel per pool directory: its boots are comparable only so.
	local sum
	sum=$(sha256sum "$KERNEL" | cut -d' ' -f1)
	if [ -f "$POOLS/kernel.sha256" ]; then
		[ "$(cat "$POOLS/kernel.sha256")" = "$sum" ] ||
			die 2 "$POOLS holds boots of another kernel (sha256 $(cat "$POOLS/kernel.sha256"))"
	else
		echo "$sum" >"$POOLS/kernel.sha256"
		echo "$KERNEL" >"$POOLS/kernel.path"
	fi
}

# Boots run in the background and are waited for; on a signal every
# process below this script is stopped by pid (run-guest.sh stops QEMU).
# shellcheck disable=SC2317 # called by the traps
kill_tree() {
	local c
	for c in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$c"; done
	kill "$1" 2>/dev/null || true
}
# shellcheck disable=SC2317
on_signal() {
	local c
	for c in $(pgrep -P $$ 2>/dev/null); do kill_tree "$c"; done
	exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# boot MODE N DIR: one boot of the kernel with forkbench_slowdown=N
boot() {
	local mode=$1 n=$2 dir=$3 clock a=()
	clock=$(clock_of "$mode")
	[ "$clock" = icount ] || [ "$ACCEL" = auto ] || a=(--accel "$ACCEL")
	rm -rf "$dir"
	mkdir -p "$(dirname "$dir")"
	"$HERE/run-guest.sh" --kernel "$KERNEL" --bin "$BIN" --out "$dir" --clock "$clock" "${a[@]}" \
		--guest-aslr "$(aslr_of "$mode")" --trace-event off --timeout 900 \
		--append "forkbench_slowdown=$n" --cmd "$SUITE" >"$dir.log" 2>&1
}

# median of per-boot round-trip medians of ENTRY over the results files given
median_of_medians() {
	local entry=$1
	shift
	jq -s -r --arg e "$entry" '[.[] | .results[] | select(.id == $e) | .points.roundtrip.summary.p50] | sort
		| if length == 0 then "null" elif length % 2 == 1 then .[length / 2 | floor]
		  else (.[length / 2 - 1] + .[length / 2]) / 2 end' "$@"
}

# ---------------------------------------------------------------- calibrate
calibrate() {
	local mode dir b pids=() f m0 nspi e i t n tag
	BOOTS=${BOOTS:-2}
	posint --boots "$BOOTS"
	need_kernel
	check_suite
	for mode in "${MODE_LIST[@]}"; do
		dir=$POOLS/$mode/calibration
		log "$mode: $BOOTS unslowed calibration boot(s)"
		for b in $(seq 1 "$BOOTS"); do
			[ -s "$dir/$b/results.json" ] && continue
			boot "$mode" 0 "$dir/$b" &
			pids+=($!)
			# icount boots may share the host; wall boots run alone
			if [ "$(clock_of "$mode")" != icount ] || [ ${#pids[@]} -ge "$JOBS" ]; then
				wait "${pids[@]}" || die 3 "a calibration boot failed (logs: $dir/*.log)"
				pids=()
			fi
		done
		[ ${#pids[@]} -eq 0 ] || wait "${pids[@]}" || die 3 "a calibration boot failed (logs: $dir/*.log)"
		pids=()
		# ns an instruction as the guest's own clock saw its loop: 1 under
		# icount shift=0, the emulation speed under TCG in real time
		nspi=$(jq -s '[.[].clock_check.vdso_ns_per_insn] | sort | .[length / 2 | floor]' "$dir"/*/guest.json)
		[ "$nspi" != null ] || die 3 "the calibration boots have no clock check (gcc missing?)"
		{
			printf '# setting\tN\tentry\tplanted_pct\n'
			printf 'unslowed\t0\t-\t0\n'
			for i in "${!ENTRIES[@]}"; do
				e=${ENTRIES[i]}
				tag=${TAGS[i]}
				m0=$(median_of_medians "$e" "$dir"/*/results.json)
				[ "$m0" != null ] || die 3 "the calibration boots have no entry '$e'"
				for t in "${LEVELS[@]}"; do
					n=$(awk -v t="$t" -v m="$m0" -v k="$INSNS_PER_ITER" -v s="$nspi" 'BEGIN { printf "%d", t / 100 * m / (k * s) + 0.5 }')
					printf '%s-%dpct\t%s\t%s\t%s\n' "$tag" "$t" "$n" "$e" "$t"
				done
			done
		} >"$POOLS/$mode/settings.tsv"
		{
			echo "# Calibration, $mode ($(date -u +%Y-%m-%d))"
			echo
			echo "$BOOTS unslowed boot(s); guest ns an instruction (clock check, median): $nspi;"
			echo "$INSNS_PER_ITER instructions a loop iteration. N = level x median round trip / ($INSNS_PER_ITER x $nspi ns)."
			echo
			echo "| entry | median of boot medians (ns) |"
			echo "|:--|--:|"
			for e in "${ENTRIES[@]}"; do
				echo "| $e | $(median_of_medians "$e" "$dir"/*/results.json) |"
			done
			echo
			echo "| setting | N | entry | planted |"
			echo "|:--|--:|:--|--:|"
			grep -v '^#' "$POOLS/$mode/settings.tsv" | awk -F'\t' '{ printf "| %s | %s | %s | %s%% |\n", $1, $2, $3, $4 }'
		} >"$POOLS/$mode/calibration.md"
		log "$mode: $POOLS/$mode/settings.tsv"
	done
}

# ---------------------------------------------------------------- collect
collect() {
	local mode r s n name dir i nset start running=() failed=0 settings=() ns=() jobs
	BOOTS=${BOOTS:-16}
	posint --boots "$BOOTS"
	need_kernel
	check_suite
	for mode in "${MODE_LIST[@]}"; do
		[ -f "$POOLS/$mode/settings.tsv" ] || die 3 "no $POOLS/$mode/settings.tsv: run '$PROG calibrate' first"
	done
	for mode in "${MODE_LIST[@]}"; do
		settings=()
		ns=()
		while IFS=$'\t' read -r s n _; do
			settings+=("$s")
			ns+=("$n")
		done < <(grep -v '^#' "$POOLS/$mode/settings.tsv")
		nset=${#settings[@]}
		jobs=1
		[ "$(clock_of "$mode")" != icount ] || jobs=$JOBS
		log "$mode: $BOOTS boots for each of $nset settings, $jobs at a time"
		# the table says how the boots' wall times were made
		echo "$jobs" >"$POOLS/$mode/jobs"
		for r in $(seq 1 "$BOOTS"); do
			# interleaved: round r boots every setting once, starting at
			# another one each round, so that drift hits all alike
			start=$(((r - 1) % nset))
			for i in $(seq 0 $((nset - 1))); do
				i=$(((start + i) % nset))
				name=$(printf '%03d' "$r")
				dir=$POOLS/$mode/${settings[i]}/$name
				[ -s "$dir/results.json" ] && continue
				while [ ${#running[@]} -ge "$jobs" ]; do
					if ! wait -n; then
						failed=$((failed + 1))
						log "a boot failed ($failed so far; logs: $POOLS/$mode/*/*.log)"
						[ $failed -lt 5 ] || die 3 "5 boots failed: stopping"
					fi
					running=()
					for p in $(jobs -p); do running+=("$p"); done
				done
				log "$mode: ${settings[i]} (N=${ns[i]}) boot $name"
				boot "$mode" "${ns[i]}" "$dir" &
				running+=($!)
			done
		done
		for p in "${running[@]}"; do
			wait "$p" || { failed=$((failed + 1)); log "a boot failed ($failed so far)"; }
		done
		running=()
		log "$mode: done"
	done
}

# ---------------------------------------------------------------- table
# draw P M SEED: M distinct indices in 0..P-1 (a seeded partial shuffle)
draw() {
	awk -v p="$1" -v m="$2" -v seed="$3" 'BEGIN {
		srand(seed)
		for (i = 0; i < p; i++) a[i] = i
		for (i = 0; i < m; i++) {
			j = i + int(rand() * (p - i))
			t = a[i]; a[i] = a[j]; a[j] = t
			print a[i]
		}
	}'
}
pool_files() { # pool_files MODE SETTING: the pool's results files
	find "$POOLS/$1/$2" -mindepth 2 -maxdepth 2 -name results.json 2>/dev/null | sort
}
# compare_draw OUT A-FILES -- B-FILES: forkbench compare's exit code, and
# per entry its verdict, as "ENTRY<TAB>VERDICT" lines in OUT
compare_draw() {
	local out=$1 rc=0 a=() b=() side=a
	shift
	for f in "$@"; do
		if [ "$f" = -- ]; then side=b; elif [ $side = a ]; then a+=("$f"); else b+=("$f"); fi
	done
	if [ ${#a[@]} -eq 1 ] && [ ${#b[@]} -eq 1 ]; then
		"$FB" compare "${COMPARE_ARGS[@]}" --json "${a[0]}" "${b[0]}" >"$out.json" 2>"$out.err" || rc=$?
	else
		"$FB" compare "${COMPARE_ARGS[@]}" --json "${a[@]}" -- "${b[@]}" >"$out.json" 2>"$out.err" || rc=$?
	fi
	[ $rc -le 1 ] || { echo "compare failed (exit $rc): $(head -n 1 "$out.err")" >"$out"; return 2; }
	# an older compare reads "A1 A2 -- B1 B2" as A1 against three runs
	if [ ${#a[@]} -gt 1 ] && ! jq -e '.schema_version >= 2' "$out.json" >/dev/null 2>&1; then
		echo "forkbench compare at $FB takes one run per side only: use --k 1 or a newer forkbench" >"$out"
		return 2
	fi
	# schema 1 keeps entries under comparisons[0], later ones may not
	jq -r '(.entries // .comparisons[0].entries)[] | "\(.id)\t\(.verdict)"' "$out.json" >"$out"
	return $rc
}

table() {
	local mode k d s n e t u=() p=() sel=() a=() b=() rc tsv tmp wall nu np
	local settings=() ns=() es=() ts=() i ratio spread within pool_wall given
	[ -x "$FB" ] || die 3 "no forkbench at $FB (build it, or pass --forkbench)"
	IFS=, read -r -a K_LIST <<<"$KS"
	for k in "${K_LIST[@]}"; do posint --k "$k"; done
	tmp=$(mktemp -d /tmp/forkbench-power.XXXXXX)
	# shellcheck disable=SC2064 # expand now: the path is fixed
	trap "rm -rf '$tmp'" EXIT
	{
		echo "# Power of forkbench compare against planted regressions"
		echo
		echo "Kernel: \`$(cat "$POOLS/kernel.path" 2>/dev/null)\` (sha256 $(cut -c1-16 "$POOLS/kernel.sha256" 2>/dev/null)),"
		echo "suite: \`forkbench $(cat "$POOLS/suite" 2>/dev/null)\`; forkbench compare $("$FB" --version 2>/dev/null | head -n 1)${COMPARE_ARGS[*]:+ with ${COMPARE_ARGS[*]}}."
		echo
		echo "How the draws are made: for each k and each planted level, $DRAWS draws; a"
		echo "draw takes k boots without replacement from the unslowed pool (side A)"
		echo "and k without replacement from the level's pool (side B), and runs one"
		echo "forkbench compare (every boot is one run; BASE NEW when k = 1). An A/A"
		echo "draw takes 2k distinct boots of the unslowed pool, the first k as A, the"
		echo "others as B. Draws are independent of each other (seed $SEED), so they"
		echo "reuse boots: with pools of P boots a rate rests on P boots per side, not"
		echo "on $DRAWS independent pairs, and is only as precise as the pools allow."
		echo "*Detected*: the draws where compare called the level's target entry"
		echo "\"slower\" (its exit code was then 1). *False alarms*: A/A draws that"
		echo "exited 1. *Measured change*: the median of all round-trip samples of the"
		echo "level's pool over that of the unslowed pool, against the planted target."
		echo "*Runner minutes per kernel pair*: 2k boots x the mean boot wall time / the"
		echo "boots that ran at once on the runner (one 2-CPU machine here)."
	} >"$tmp/head.md"
	for mode in "${MODE_LIST[@]}"; do
		[ -f "$POOLS/$mode/settings.tsv" ] || die 3 "no $POOLS/$mode/settings.tsv"
		settings=()
		ns=()
		es=()
		ts=()
		while IFS=$'\t' read -r s n e t; do
			[ "$s" = unslowed ] && continue
			settings+=("$s")
			ns+=("$n")
			es+=("$e")
			ts+=("$t")
		done < <(grep -v '^#' "$POOLS/$mode/settings.tsv")
		# the entries the levels target, in the settings' order
		mapfile -t ENTRIES < <(printf '%s\n' "${es[@]}" | awk '!seen[$0]++')
		mapfile -t u < <(pool_files "$mode" unslowed)
		nu=${#u[@]}
		[ "$nu" -ge 2 ] || die 3 "$mode: the unslowed pool has $nu boot(s); collect first"
		wall=$(find "$POOLS/$mode" -path '*/calibration' -prune -o -name guest.json -print0 |
			xargs -0 jq -s '[.[].host_wall_s] | add / length')
		pool_wall=$wall
		given=$(echo ",$BOOT_SECONDS," | sed -n "s/.*,$mode=\([0-9.]*\),.*/\1/p")
		[ -z "$given" ] || wall=$given
		tsv=$tmp/$mode.tsv
		: >"$tsv"
		for k in "${K_LIST[@]}"; do
			if [ $((2 * k)) -le "$nu" ]; then
				log "$mode: k=$k, A/A: $DRAWS draws from $nu unslowed boots"
				for d in $(seq 1 "$DRAWS"); do
					mapfile -t sel < <(draw "$nu" $((2 * k)) "$((SEED * 1000003 + k * 7919 + d))")
					a=()
					b=()
					for i in $(seq 0 $((k - 1))); do
						a+=("${u[sel[i]]}")
						b+=("${u[sel[k + i]]}")
					done
					rc=0
					compare_draw "$tmp/c" "${a[@]}" -- "${b[@]}" || rc=$?
					[ $rc -le 1 ] || die 3 "$mode A/A: $(cat "$tmp/c")"
					printf 'aa\t%s\t%s\t%s\t-\n' "$k" "$d" "$rc" >>"$tsv"
					for e in "${ENTRIES[@]}"; do
						printf 'aa-entry\t%s\t%s\t%s\t%s\n' "$k" "$d" \
							"$(awk -F'\t' -v e="$e" '$1 == e { print ($2 == "slower") }' "$tmp/c")" "$e" >>"$tsv"
					done
				done
			fi
			for i in "${!settings[@]}"; do
				mapfile -t p < <(pool_files "$mode" "${settings[i]}")
				np=${#p[@]}
				if [ "$k" -gt "$np" ] || [ "$k" -gt "$nu" ]; then continue; fi
				log "$mode: k=$k, ${settings[i]}: $DRAWS draws ($nu unslowed, $np planted boots)"
				for d in $(seq 1 "$DRAWS"); do
					a=()
					b=()
					mapfile -t sel < <(draw "$nu" "$k" "$((SEED * 1000003 + k * 7919 + d * 31 + i + 1))")
					for j in "${sel[@]}"; do a+=("${u[j]}"); done
					mapfile -t sel < <(draw "$np" "$k" "$((SEED * 2000003 + k * 7919 + d * 31 + i + 1))")
					for j in "${sel[@]}"; do b+=("${p[j]}"); done
					rc=0
					compare_draw "$tmp/c" "${a[@]}" -- "${b[@]}" || rc=$?
					[ $rc -le 1 ] || die 3 "$mode ${settings[i]}: $(cat "$tmp/c")"
					printf 'det\t%s\t%s\t%s\t%s\n' "$k" "$d" \
						"$(awk -F'\t' -v e="${es[i]}" '$1 == e { print ($2 == "slower") }' "$tmp/c")" "${settings[i]}" >>"$tsv"
				done
			done
		done

		# the mode's tables
		{
			echo
			echo "## $mode ($(clock_of "$mode") clock, guest ASLR $(aslr_of "$mode"))"
			echo
			echo "Pools: unslowed $nu boots; $(for s in "${settings[@]}"; do printf '%s %s, ' "$s" "$(pool_files "$mode" "$s" | wc -l)"; done | sed 's/, $//') boots."
			printf 'Mean boot wall time in the pools %.1f s, %s boot(s) at a time on %s CPUs' "$pool_wall" \
				"$(cat "$POOLS/$mode/jobs" 2>/dev/null || echo '?')" "$(nproc)"
			[ -z "$given" ] || printf '; runner minutes below use %s s a boot (--boot-seconds)' "$given"
			if [ "$(clock_of "$mode")" = icount ]; then
				echo ": instruction time does not care, so a runner with C cores runs C boots at once."
			else
				echo ": real-time boots are disturbed by anything else on the host, so one at a time."
			fi
			echo
			echo "Between-boot spread of the unslowed pool (per-boot round-trip medians, (max - min) / median):"
			for e in "${ENTRIES[@]}"; do
				spread=$(jq -s -r --arg e "$e" '[.[] | .results[] | select(.id == $e) | .points.roundtrip.summary.p50] | sort
					| if length == 0 then "no such entry" else
					  "\((.[-1] - .[0]) / .[length / 2 | floor] * 100 | . * 10 | round / 10)% (\(length) boots)" end' "${u[@]}")
				# and within a boot: the interquartile range of its samples
				within=$(jq -s -r --arg e "$e" '[.[] | .results[] | select(.id == $e) | .points.roundtrip.summary
					| (.p75 - .p25) / .p50 * 100] | sort
					| if length == 0 then "-" else "\(.[length / 2 | floor] * 100 | round / 100)%" end' "${u[@]}")
				echo "$e: $spread between boots; within a boot, (p75 - p25) / median $within (median over boots);"
			done
			echo
			echo "| setting | N | target entry | planted | measured change |"
			echo "|:--|--:|:--|--:|--:|"
			for i in "${!settings[@]}"; do
				mapfile -t p < <(pool_files "$mode" "${settings[i]}")
				[ ${#p[@]} -gt 0 ] || continue
				ratio=$(jq -s -r --arg e "${es[i]}" --argjson nu "$nu" '
					def med: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
					([.[:$nu][] | .results[] | select(.id == $e) | .points.roundtrip.samples_ns[]] | med) as $a
					| ([.[$nu:][] | .results[] | select(.id == $e) | .points.roundtrip.samples_ns[]] | med) as $b
					| ($b / $a - 1) * 100' "${u[@]}" "${p[@]}")
				printf '| %s | %s | %s | %s%% | %+.2f%% |\n' "${settings[i]}" "${ns[i]}" "${es[i]}" "${ts[i]}" "$ratio"
			done
			echo
			printf '| k boots per side | runner min per pair | A/A false alarms |'
			for s in "${settings[@]}"; do printf ' %s |' "$s"; done
			echo
			printf '|--:|--:|--:|'
			for s in "${settings[@]}"; do printf -- '--:|'; done
			echo
			for k in "${K_LIST[@]}"; do
				printf '| %s | %.1f | %s |' "$k" "$(awk -v k="$k" -v w="$wall" -v j="$(cat "$POOLS/$mode/jobs" 2>/dev/null || echo 1)" 'BEGIN { print 2 * k * w / j / 60 }')" \
					"$(awk -F'\t' -v k="$k" '$1 == "aa" && $2 == k { n++; f += ($4 == 1) }
						END { if (n) printf "%.1f%% (%d/%d)", 100 * f / n, f, n; else printf "-" }' "$tsv")"
				for s in "${settings[@]}"; do
					printf ' %s |' "$(awk -F'\t' -v k="$k" -v s="$s" '$1 == "det" && $2 == k && $5 == s { n++; f += ($4 == 1) }
						END { if (n) printf "%.0f%%", 100 * f / n; else printf "-" }' "$tsv")"
				done
				echo
			done
			echo
			echo "A/A false alarms per entry (draws that called it slower):"
			for e in "${ENTRIES[@]}"; do
				printf -- '- %s:' "$e"
				for k in "${K_LIST[@]}"; do
					printf ' k=%s %s' "$k" "$(awk -F'\t' -v k="$k" -v e="$e" '$1 == "aa-entry" && $2 == k && $5 == e { n++; f += ($4 == 1) }
						END { if (n) printf "%.1f%%", 100 * f / n; else printf "-" }' "$tsv")"
				done
				echo
			done
		} >"$tmp/$mode.md"
		cp "$tsv" "$POOLS/$mode/draws-seed$SEED.tsv"
	done
	{
		cat "$tmp/head.md"
		for mode in "${MODE_LIST[@]}"; do cat "$tmp/$mode.md"; done
	} >"$tmp/all.md"
	if [ -n "$OUTFILE" ]; then
		cp "$tmp/all.md" "$OUTFILE"
		log "table: $OUTFILE"
	else
		cat "$tmp/all.md"
	fi
}

"$STEP"

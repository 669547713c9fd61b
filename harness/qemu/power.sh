#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# power.sh - how often does forkbench compare catch a planted regression
# of 1% (and 3%) in fork, vfork and thread, wherever the kernel loses the
# time, and how often does it cry wolf?  Built on the test-only kernel
# patch kernel-patch/test/plants-6.1.patch: forkbench_plant_SHAPE=N on
# the kernel command line plants a regression of one shape (top of
# copy_process, an allocation, under tasklist_lock, per PTE copied, in
# release_task, in the child's schedule_tail), so one kernel serves every
# shape and level, and no plant is the unplanted kernel.
#
#   power.sh calibrate   boot the unplanted kernel a few times and each
#                        shape once at a probe level; from the change per
#                        unit of N, choose for every entry and point a
#                        shape moves the N that plants 1% (and 3%) of it:
#                        settings.tsv, targets.tsv, calibration.md
#   power.sh collect     boot every setting's pool (interleaved), each
#                        boot with its own harmless perturbation, and a
#                        small pool of replays without it
#   power.sh spread      the A/A' table: how far unplanted boots are apart
#                        per entry, perturbed against replayed
#   power.sh table       draw comparisons from the pools, run forkbench
#                        compare --json on each, and tabulate detection at
#                        each level, false alarms (A/A, and untouched
#                        entries of planted boots), planted against
#                        measured change, and runner minutes
#
# Why a perturbation: boots of one kernel with one command line replay
# one another in instruction time (they agree to a few ns), so A/A false
# alarms would be zero by construction and the noise a real kernel change
# brings (it re-times every interrupt) would be hidden.  Every boot of a
# pool here carries forkbench_pad= of a length of its own (an unknown
# parameter, handed to init's environment: a few more instructions at
# boot, a longer environment), which makes boots independent
# realizations; the "replay" pool carries none.
#
# Boots run in instruction time (--clock icount, guest ASLR off) by
# default; they do not care about the host's load, so --jobs of them run
# at once.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
PROG=power.sh
POOLS=/var/tmp/forkbench-power-21
KERNEL=
BIN=$TOP/build-static/bench
FB=${FORKBENCH:-$TOP/build/bench/forkbench}
CLOCK=icount
ASLR=off
SUITE="run --method fork,vfork,thread --rss 0,16M --thp off --iterations 200 --no-progress"
# shape, kernel parameter, probe level (a change of several percent on
# the entries the shape moves, so that the cost of one unit of N is
# measured well above the boot-to-boot spread)
SHAPES_ALL="top:forkbench_plant_top:10000 alloc:forkbench_plant_alloc:200 lock:forkbench_plant_lock:10000 pte:forkbench_plant_pte:40 exit:forkbench_plant_exit:10000 child:forkbench_plant_child:10000"
LEVELS=1,3
# A shape moves an entry when its probe moves it by this much (and by 3
# times the unplanted boots' range); it leaves it alone under the second
# (or under the range), and untouched entries are where planted pools
# count false alarms.
MOVES=0.005
UNTOUCHED=0.0005

die() { local c=$1; shift; echo "$PROG: error: $*" >&2; exit "$c"; }
log() { echo "$PROG: [$(date +%H:%M:%S)] $*" >&2; }

usage() {
	awk 'NR > 3 && !/^#/ { exit } NR > 3' "$0" | sed 's/^# \{0,1\}//'
	cat <<EOF

Usage:
  $PROG calibrate --kernel BZIMAGE [--boots B] [--shapes LIST] [--levels LIST] [common]
  $PROG collect   --kernel BZIMAGE [--boots P] [--base-boots P0] [--replay-boots PR]
                  [--only SETTINGS] [common]
  $PROG spread    [--out FILE] [common]
  $PROG table     [--k LIST] [--draws D] [--seed S] [--forkbench PATH]
                  [--threshold X] [--alpha A] [--out FILE] [common]

Common options:
  --pools DIR      where the boots live (default $POOLS):
                   DIR/pool/SETTING/NNN/ is one boot (run-guest.sh's output)
  --kernel FILE    the kernel with the plants: kernel-patch/build-kernel.sh
                   --base 6.1 --extra-patch kernel-patch/test/plants-6.1.patch
  --bin DIR        static forkbench for the guest (default build-static/bench)
  --suite "ARGS"   the suite every boot runs (default "$SUITE");
                   fixed per pool directory
  --clock C        the runner's clock (default $CLOCK)
  --guest-aslr A   the runner's --guest-aslr (default $ASLR)
  --jobs J         boots at once (default nproc; icount boots may share
                   the host, wall boots should not: use 1)

calibrate: --boots B unplanted boots (default 8: they are the first boots
  of the base pool) and one probe boot per shape (--shapes, default all:
  top,alloc,lock,pte,exit,child); --levels in percent (default $LEVELS).
  A shape's targets are the entries and points its probe moves by at
  least $(awk -v m=$MOVES 'BEGIN { print m * 100 }')%; for each target and level N = level x the target's
  median / its change per unit of N.  Levels of one shape within 10% of
  each other are one setting.  Writes settings.tsv (setting, shape,
  parameter, N), targets.tsv (setting, level, entry, point, base ns, ns
  per unit, planted %, role) and calibration.md; settings.tsv may be
  edited by hand before collect.
collect: --boots P per planted setting (default 6), --base-boots P0
  unplanted perturbed boots (default 24), --replay-boots PR unplanted
  boots without a perturbation (default 6); --only SETTING,... to
  collect some settings only.  Resumes: boots already in a pool count.
spread: the A/A' table of the base and replay pools (boot_spread): each
  boot's median and 10%-trimmed mean per entry and point, and how far
  they are apart between boots.
table: --k LIST boots per side (default 3,5: compare judges nothing below
  3 runs a side, so k=1,2 read "not judged"), --draws D per setting
  and k (default 200 for k=3, a quarter of it for other k), --seed S
  (default 1).  A draw takes k boots of the base pool (side A) and k of
  a setting's pool (side B), or 2k distinct base boots for A/A, and runs
  forkbench compare --json once per point (create, roundtrip).
  forkbench compare's own per-clock threshold and alpha apply unless
  --threshold or --alpha are given.

Exit: 0 done, 2 bad usage, 3 a missing tool, kernel or pool, or too many
failed boots.
EOF
}

STEP=${1:-}
case $STEP in
calibrate | collect | spread | table) shift ;;
-h | --help) usage; exit 0 ;;
'') die 2 "a step is required: calibrate, collect, spread or table (try --help)" ;;
*) die 2 "unknown step '$STEP' (calibrate, collect, spread or table)" ;;
esac
BOOTS=
BASE_BOOTS=24
REPLAY_BOOTS=6
JOBS=$(nproc 2>/dev/null || echo 2)
SHAPES=top,alloc,lock,pte,exit,child
ONLY=
KS=3,5
DRAWS=200
SEED=1
OUTFILE=
COMPARE_ARGS=()
SUITE_SET=0
while [ $# -gt 0 ]; do
	case $1 in
	--pools) POOLS=${2:?}; shift 2 ;;
	--kernel) KERNEL=${2:?}; shift 2 ;;
	--bin) BIN=${2:?}; shift 2 ;;
	--suite) SUITE=${2:?}; SUITE_SET=1; shift 2 ;;
	--clock) CLOCK=${2:?}; shift 2 ;;
	--guest-aslr) ASLR=${2:?}; shift 2 ;;
	--jobs) JOBS=${2:?}; shift 2 ;;
	--boots) BOOTS=${2:?}; shift 2 ;;
	--base-boots) BASE_BOOTS=${2:?}; shift 2 ;;
	--replay-boots) REPLAY_BOOTS=${2:?}; shift 2 ;;
	--shapes) SHAPES=${2:?}; shift 2 ;;
	--levels) LEVELS=${2:?}; shift 2 ;;
	--only) ONLY=${2:?}; shift 2 ;;
	--k) KS=${2:?}; shift 2 ;;
	--draws) DRAWS=${2:?}; shift 2 ;;
	--seed) SEED=${2:?}; shift 2 ;;
	--forkbench) FB=${2:?}; shift 2 ;;
	--threshold | --alpha) COMPARE_ARGS+=("$1" "${2:?}"); shift 2 ;;
	--out) OUTFILE=${2:?}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) die 2 "unknown argument '$1' (try --help)" ;;
	esac
done
posint() { case $2 in '' | *[!0-9]* | 0) die 2 "$1 wants a positive number, got '$2'" ;; esac; }
posint --jobs "$JOBS"
posint --draws "$DRAWS"
posint --base-boots "$BASE_BOOTS"
case $REPLAY_BOOTS in '' | *[!0-9]*) die 2 "--replay-boots wants a number" ;; esac
case $SEED in '' | *[!0-9]*) die 2 "--seed wants a number" ;; esac
case $CLOCK in wall | icount) ;; *) die 2 "--clock must be wall or icount" ;; esac
case $ASLR in on | off) ;; *) die 2 "--guest-aslr must be on or off" ;; esac
IFS=, read -r -a LEVEL_LIST <<<"$LEVELS"
for l in "${LEVEL_LIST[@]}"; do
	case $l in '' | *[!0-9.]* | *.*.*) die 2 "--levels wants percentages such as 1,3, got '$l'" ;; esac
done
IFS=, read -r -a SHAPE_LIST <<<"$SHAPES"
for s in "${SHAPE_LIST[@]}"; do
	echo " $SHAPES_ALL" | grep -q " $s:" || die 2 "unknown shape '$s' (top, alloc, lock, pte, exit, child)"
done
command -v jq >/dev/null || die 3 "jq not found: install it with 'apt-get install jq'"
shape_param() { echo " $SHAPES_ALL" | tr ' ' '\n' | awk -F: -v s="$1" '$1 == s { print $2 }'; }
shape_probe() { echo " $SHAPES_ALL" | tr ' ' '\n' | awk -F: -v s="$1" '$1 == s { print $3 }'; }

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
	[ -x "$BIN/forkbench" ] || die 3 "no static forkbench in $BIN (build-static: cmake -DFORKBENCH_STATIC=ON)"
	# One kernel per pool directory: its boots are comparable only so.
	local sum
	sum=$(sha256sum "$KERNEL" | cut -d' ' -f1)
	if [ -f "$POOLS/kernel.sha256" ]; then
		[ "$(cat "$POOLS/kernel.sha256")" = "$sum" ] ||
			die 2 "$POOLS holds boots of another kernel (sha256 $(cat "$POOLS/kernel.sha256"))"
	else
		echo "$sum" >"$POOLS/kernel.sha256"
		echo "$KERNEL" >"$POOLS/kernel.path"
		[ ! -f "$(dirname "$KERNEL")/build-info" ] || cp "$(dirname "$KERNEL")/build-info" "$POOLS/"
	fi
}

# The pools' kernel as the tables name it: its release and sha256 (never
# a path of the machine that made them).
kernel_text() {
	# shellcheck disable=SC2016 # the backquotes are markdown
	printf '`%s` (sha256 %s)' "$(sed -n 's/^kernel_release=//p' "$POOLS/build-info" 2>/dev/null || echo '?')" \
		"$(cut -c1-16 "$POOLS/kernel.sha256" 2>/dev/null)"
}

# boot_spread (C: statistics live in C), built once per pool directory
SPREAD=
need_spread() {
	SPREAD=$POOLS/boot_spread
	if [ ! -x "$SPREAD" ] || [ "$HERE/boot_spread.c" -nt "$SPREAD" ]; then
		command -v gcc >/dev/null || die 3 "gcc not found (boot_spread is built with it)"
		[ -e /usr/include/jansson.h ] || die 3 "jansson headers not found: apt-get install libjansson-dev"
		mkdir -p "$POOLS"
		gcc -O2 -Wall -Wextra -o "$SPREAD" "$HERE/boot_spread.c" -ljansson -lm ||
			die 3 "cannot build $HERE/boot_spread.c"
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

# pad_len SETTING-NUMBER BOOT: the length of a boot's forkbench_pad=, one
# of its own within a pool (distinct for the first 11 boots of a pool at
# least), spread over 1..699 so that pools overlap little, and short
# enough that the command line stays within the 1023 bytes of it
# forkbench records (the clock mode is read from there)
pad_len() { echo $(((($2 - 1) * 61 + $1 * 13) % 699 + 1)); }

# setting_number NAME: a number of the setting's own (2..112), from its
# name, so that its boots' pads do not depend on what else is collected
setting_number() { echo $(($(printf '%s' "$1" | cksum | cut -d' ' -f1) % 111 + 2)); }

# boot DIR PAD PARAM=N...: one boot with those parameters; PAD 0: none
boot() {
	local dir=$1 pad=$2 a=()
	shift 2
	for p in "$@"; do a+=(--append "$p"); done
	[ "$pad" = 0 ] || a+=(--append "forkbench_pad=$(head -c "$pad" /dev/zero | tr '\0' x)")
	rm -rf "$dir"
	mkdir -p "$(dirname "$dir")"
	"$HERE/run-guest.sh" --kernel "$KERNEL" --bin "$BIN" --out "$dir" --clock "$CLOCK" \
		--guest-aslr "$ASLR" --trace-event off --timeout 900 "${a[@]}" \
		--cmd "$SUITE" >"$dir.log" 2>&1 || return 1
	# a boot whose results do not say the clock it ran with cannot join a pool
	if ! jq -e --arg c "$CLOCK" '.context.timing.clock == $c' "$dir/results.json" >/dev/null; then
		mv "$dir/results.json" "$dir/results.wrong-clock.json"
		echo "$PROG: $dir: its results do not say clock $CLOCK (command line cut short?)" >>"$dir.log"
		return 1
	fi
}

# Run boots with at most JOBS at once: run_boots reads lines "DIR PAD
# PARAM=N..." on stdin; a boot whose results exist is skipped.
run_boots() {
	local dir pad params running=0 failed=0
	while read -r dir pad params; do
		[ -s "$dir/results.json" ] && continue
		while [ $running -ge "$JOBS" ]; do
			if ! wait -n; then
				failed=$((failed + 1))
				log "a boot failed ($failed so far; logs: $POOLS/pool/*/*.log)"
				[ $failed -lt 5 ] || die 3 "5 boots failed: stopping"
			fi
			running=$((running - 1))
		done
		log "boot ${dir#"$POOLS"/} ${params:-unplanted}, pad $pad"
		# shellcheck disable=SC2086 # params is a word list
		boot "$dir" "$pad" $params &
		running=$((running + 1))
	done
	while [ $running -gt 0 ]; do
		wait -n || { failed=$((failed + 1)); log "a boot failed ($failed so far)"; }
		running=$((running - 1))
	done
	[ $failed -lt 5 ] || die 3 "$failed boots failed"
}

pool_files() { # pool_files SETTING: the pool's results files, in boot order
	find "$POOLS/pool/$1" -mindepth 2 -maxdepth 2 -name results.json 2>/dev/null | sort
}

# ---------------------------------------------------------------- calibrate
calibrate() {
	local b s base probe_tsv out lv
	BOOTS=${BOOTS:-8}
	posint --boots "$BOOTS"
	need_kernel
	check_suite
	need_spread
	{
		for b in $(seq 1 "$BOOTS"); do
			echo "$POOLS/pool/base/$(printf '%03d' "$b") $(pad_len 0 "$b")"
		done
		for s in "${SHAPE_LIST[@]}"; do
			echo "$POOLS/pool/probe-$s/001 $(pad_len 1 1) $(shape_param "$s")=$(shape_probe "$s")"
		done
	} | run_boots
	mapfile -t base < <(pool_files base)
	[ ${#base[@]} -ge 2 ] || die 3 "fewer than 2 unplanted boots in $POOLS/pool/base"
	"$SPREAD" --tsv "${base[@]:0:$BOOTS}" >"$POOLS/calibration-base.tsv"
	: >"$POOLS/calibration-probes.tsv"
	for s in "${SHAPE_LIST[@]}"; do
		probe_tsv=$("$SPREAD" --tsv "$(pool_files "probe-$s" | head -n 1)") ||
			die 3 "no probe boot for $s"
		echo "$probe_tsv" | awk -F'\t' -v s="$s" -v n="$(shape_probe "$s")" -v OFS='\t' '{ print s, n, $1, $2, $4 }' \
			>>"$POOLS/calibration-probes.tsv"
	done
	# settings and targets: arithmetic on the medians boot_spread gave
	out=$(awk -F'\t' -v OFS='\t' -v levels="$LEVELS" -v moves=$MOVES -v untouched=$UNTOUCHED \
		-v shapes_all="$SHAPES_ALL" '
		FNR == NR { base[$1 "\t" $2] = $4; range[$1 "\t" $2] = $5; next }
		{
			key = $3 "\t" $4; s = $1; n = $2
			if (!(key in base)) next
			change = $5 / base[key] - 1
			cost = ($5 - base[key]) / n
			noise = range[key]
			role = "between"
			if (change >= moves && change >= 3 * noise) role = "target"
			else if (change < untouched || change < noise) role = "untouched"
			nk++; ks[nk] = s "\t" key; kbase[nk] = base[key]; kcost[nk] = cost; krole[nk] = role; kchange[nk] = change
		}
		END {
			nl = split(levels, L, ",")
			split(shapes_all, sa, " ")
			for (i in sa) { split(sa[i], f, ":"); param[f[1]] = f[2] }
			for (i = 1; i <= nk; i++) {
				split(ks[i], f, "\t")
				print "probe", f[1], f[2], f[3], kbase[i], kcost[i], kchange[i], krole[i]
				if (krole[i] != "target") continue
				for (l = 1; l <= nl; l++) {
					want = L[l] / 100 * kbase[i] / kcost[i]
					print "want", f[1], L[l], f[2], f[3], want
				}
			}
		}' "$POOLS/calibration-base.tsv" "$POOLS/calibration-probes.tsv")
	# One setting per shape and level for wants within 10% of each other
	# (their geometric middle), so that close targets share their boots.
	echo "$out" | awk -F'\t' '$1 == "want"' | sort -t$'\t' -k2,2 -k3,3n -k6,6g | awk -F'\t' -v OFS='\t' '
		function flush() {
			if (!m) return
			n = int(exp((log(lo) + log(hi)) / 2) + 0.5)
			if (n < 1) n = 1
			name = shape "-" n
			if (!(name in seen)) { seen[name] = 1; print "setting", name, shape, n }
			for (j = 1; j <= m; j++) print "target", name, lvl, mem[j], n
			m = 0
		}
		{
			if ($2 != shape || $3 != lvl || $6 > lo * 1.10) { flush(); shape = $2; lvl = $3; lo = $6 }
			hi = $6; mem[++m] = $4 "\t" $5
		}
		END { flush() }' >"$POOLS/calibration-settings.tmp"
	{
		printf '# setting\tshape\tparameter\tN\n'
		printf 'base\t-\t-\t0\n'
		awk -F'\t' -v OFS='\t' -v sa="$SHAPES_ALL" 'BEGIN { split(sa, a, " "); for (i in a) { split(a[i], f, ":"); p[f[1]] = f[2] } }
			$1 == "setting" { print $2, $3, p[$3], $4 }' "$POOLS/calibration-settings.tmp"
	} >"$POOLS/settings.tsv"
	# targets.tsv: per setting, every entry and point with its role there
	{
		printf '# setting\tlevel\tentry\tpoint\tbase_ns\tns_per_unit\tplanted_pct\trole\n'
		awk -F'\t' -v OFS='\t' '
			FNR == NR { if ($1 == "probe") { cost[$2 "\t" $3 "\t" $4] = $6; base[$2 "\t" $3 "\t" $4] = $5; role[$2 "\t" $3 "\t" $4] = $8; keys[$2] = keys[$2] "|" $3 "\t" $4 }; next }
			$1 == "setting" { set[$2] = $3; nn[$2] = $4; order[++no] = $2 }
			$1 == "target" { tgt[$2 "\t" $4 "\t" $5] = $3 }
			END {
				for (o = 1; o <= no; o++) {
					st = order[o]; sh = set[st]; n = nn[st]
					m = split(substr(keys[sh], 2), K, "|")
					for (j = 1; j <= m; j++) {
						k = sh "\t" K[j]
						r = role[k]
						lv = "-"
						if ((st "\t" K[j]) in tgt) lv = tgt[st "\t" K[j]]
						else if (r == "target") r = "moved"
						printf "%s\t%s\t%s\t%.1f\t%.4f\t%.3f\t%s\n", st, lv, K[j], base[k], cost[k], 100 * n * cost[k] / base[k], r
					}
				}
			}' <(echo "$out") "$POOLS/calibration-settings.tmp"
	} >"$POOLS/targets.tsv"
	rm -f "$POOLS/calibration-settings.tmp"
	{
		echo "# Calibration ($(date -u +%Y-%m-%d))"
		echo
		echo "Kernel $(kernel_text), clock $CLOCK,"
		echo "guest ASLR $ASLR, suite \`forkbench $SUITE\`. Unplanted: the first $BOOTS boots of the base pool"
		echo "(each with a forkbench_pad= of its own); one probe boot per shape. A shape's"
		echo "ns per unit of N is (probe median - unplanted median) / probe N, per entry and point;"
		echo "it moves an entry (role *target*) from $(awk -v m=$MOVES 'BEGIN { print m * 100 }')% at the probe and 3x the unplanted range,"
		echo "leaves it *untouched* under $(awk -v m=$UNTOUCHED 'BEGIN { print m * 100 }')% or the range (false alarms are counted there)."
		echo
		echo "| shape | probe N | entry | point | unplanted median (ns) | ns per unit | probe change | role |"
		echo "|:--|--:|:--|:--|--:|--:|--:|:--|"
		echo "$out" | awk -F'\t' '$1 == "probe"' | while IFS=$'\t' read -r _ s e p b c ch r; do
			printf '| %s | %s | %s | %s | %.0f | %.3f | %+.2f%% | %s |\n' "$s" "$(shape_probe "$s")" "$e" "$p" "$b" "$c" "$(awk -v x="$ch" 'BEGIN { print 100 * x }')" "$r"
		done
		echo
		for lv in "${LEVEL_LIST[@]}"; do
			echo "Settings for $lv%:"
			echo
			echo "| setting | N | targets (planted) |"
			echo "|:--|--:|:--|"
			awk -F'\t' -v lv="$lv" '!/^#/ && $2 == lv && $8 == "target" { t[$1] = t[$1] (t[$1] ? "; " : "") sprintf("%s %s %.2f%%", $3, $4, $7) ; if (!seen[$1]++) o[++n] = $1 }
				END { for (i = 1; i <= n; i++) { split(o[i], f, "-"); printf "| %s | %s | %s |\n", o[i], f[2], t[o[i]] } }' "$POOLS/targets.tsv"
			echo
		done
	} >"$POOLS/calibration.md"
	log "calibration: $POOLS/calibration.md, $(grep -vc '^#' "$POOLS/settings.tsv") settings"
}

# ---------------------------------------------------------------- collect
collect() {
	local r s n p name line order=()
	BOOTS=${BOOTS:-6}
	posint --boots "$BOOTS"
	need_kernel
	check_suite
	[ -f "$POOLS/settings.tsv" ] || die 3 "no $POOLS/settings.tsv: run '$PROG calibrate' first"
	# The settings in turn across shapes (top, exit, pte, ... then each
	# shape's second), each pool filled before the next: stopped early,
	# collect leaves whole pools of every shape rather than thin ones.
	mapfile -t order < <(grep -v '^#' "$POOLS/settings.tsv" | awk -F'\t' '$1 != "base" { print ++seen[$2] "\t" NR "\t" $0 }' |
		sort -t$'\t' -k1,1n -k2,2n | cut -f3-)
	if [ -n "$ONLY" ]; then
		mapfile -t order < <(printf '%s\n' "${order[@]}" | awk -F'\t' -v only=",$ONLY," 'index(only, "," $1 ",")')
	fi
	log "collect: ${#order[@]} settings ($BOOTS boots each), base $BASE_BOOTS, replay $REPLAY_BOOTS; $JOBS at a time"
	echo "$JOBS" >"$POOLS/jobs"
	{
		for r in $(seq 1 "$BASE_BOOTS"); do
			echo "$POOLS/pool/base/$(printf '%03d' "$r") $(pad_len 0 "$r")"
		done
		for r in $(seq 1 "$REPLAY_BOOTS"); do
			echo "$POOLS/pool/replay/$(printf '%03d' "$r") 0"
		done
		for line in "${order[@]}"; do
			IFS=$'\t' read -r s _ p n <<<"$line"
			for r in $(seq 1 "$BOOTS"); do
				name=$(printf '%03d' "$r")
				echo "$POOLS/pool/$s/$name $(pad_len "$(setting_number "$s")" "$r") $p=$n"
			done
		done
	} | run_boots
	log "collect: done"
}

# ---------------------------------------------------------------- spread
spread() {
	local base replay tmp
	need_spread
	tmp=$(mktemp /tmp/forkbench-spread.XXXXXX)
	mapfile -t base < <(pool_files base)
	mapfile -t replay < <(pool_files replay)
	[ ${#base[@]} -ge 2 ] || die 3 "fewer than 2 boots in $POOLS/pool/base: collect first"
	{
		echo "# A/A' spread: how far unplanted boots of one kernel are apart"
		echo
		echo "Kernel $(kernel_text): no plant on the command line;"
		echo "clock $CLOCK, guest ASLR $ASLR, suite \`forkbench $(cat "$POOLS/suite")\`."
		echo "Made by \`harness/qemu/power.sh spread\` (boot_spread.c) on $(date -u +%Y-%m-%d)."
		echo
		echo "Per entry and point, each boot's samples are reduced to their median and to"
		echo "their 10%-trimmed mean; the columns say how those per-boot figures spread between"
		echo "boots: range = (max - min) / median, SD = standard deviation of their logs,"
		echo "distinct = how many different values (to the ns) the boots gave. The last column"
		echo "is the spread within one boot: the half-width of its median's 95% CI (median over"
		echo "boots), the figure compare's variance was floored at."
		echo
		echo "## Perturbed boots (each with a forkbench_pad= of its own length)"
		echo
		"$SPREAD" --label "pool base" "${base[@]}"
		if [ ${#replay[@]} -ge 2 ]; then
			echo
			echo "## Replays (one command line, no perturbation)"
			echo
			"$SPREAD" --label "pool replay" "${replay[@]}"
			if [ ${#base[@]} -gt ${#replay[@]} ]; then
				echo
				echo "## Perturbed boots, as many as the replays (the first ${#replay[@]} of the base pool)"
				echo
				"$SPREAD" --label "pool base, first ${#replay[@]}" "${base[@]:0:${#replay[@]}}"
			fi
		fi
	} >"$tmp"
	if [ -n "$OUTFILE" ]; then
		mv "$tmp" "$OUTFILE"
		log "spread: $OUTFILE"
	else
		cat "$tmp"
		rm -f "$tmp"
	fi
}

# ---------------------------------------------------------------- table
# draws N P M SEED: N lines of M distinct indices in 0..P-1 (seeded
# partial shuffles), one line a draw
draws() {
	awk -v n="$1" -v p="$2" -v m="$3" -v seed="$4" 'BEGIN {
		srand(seed)
		for (d = 0; d < n; d++) {
			for (i = 0; i < p; i++) a[i] = i
			line = ""
			for (i = 0; i < m; i++) {
				j = i + int(rand() * (p - i))
				t = a[i]; a[i] = a[j]; a[j] = t
				line = line (i ? " " : "") a[i]
			}
			print line
		}
	}'
}
# compare_to OUT.json POINT A-FILES -- B-FILES: forkbench compare --json
# at one point into OUT.json; its exit code, or a line on stderr and 2
compare_to() {
	local out=$1 point=$2 rc=0 a=() b=() side=a
	shift 2
	for f in "$@"; do
		if [ "$f" = -- ]; then side=b; elif [ $side = a ]; then a+=("$f"); else b+=("$f"); fi
	done
	if [ ${#a[@]} -eq 1 ] && [ ${#b[@]} -eq 1 ]; then
		"$FB" compare "${COMPARE_ARGS[@]}" --point "$point" --json "${a[0]}" "${b[0]}" >"$out" 2>"$out.err" || rc=$?
	else
		"$FB" compare "${COMPARE_ARGS[@]}" --point "$point" --json "${a[@]}" -- "${b[@]}" >"$out" 2>"$out.err" || rc=$?
	fi
	if [ $rc -gt 1 ]; then
		echo "$PROG: compare failed (exit $rc): $(head -n 1 "$out.err")" >&2
		return 2
	fi
	rm -f "$out.err"
}
# rows_tsv FILE...: every compare JSON's rows as "FILE-NAME<TAB>ENTRY<TAB>
# VERDICT<TAB>RATIO" lines, keyed on the JSON (schema 2 keeps the rows
# under comparisons[], a later one may not); one jq for many files
rows_tsv() {
	# shellcheck disable=SC2016 # a jq program
	xargs jq -r 'input_filename as $f | (.entries // .comparisons[-1].entries)[]
		| [($f | split("/") | last | sub("[.]json$"; "")), .id, .verdict, (.ratio // "null")] | @tsv'
}

table() {
	local tmp k d i j s kind nu sel=() a=() b=() u=() r=() p=() settings=() ndraw pt tsv line la lb
	[ -x "$FB" ] || die 3 "no forkbench at $FB (build it, or pass --forkbench)"
	[ -f "$POOLS/settings.tsv" ] || die 3 "no $POOLS/settings.tsv: calibrate and collect first"
	"$FB" compare --help 2>&1 | grep -q -- '--point' || die 3 "forkbench compare at $FB has no --point"
	IFS=, read -r -a K_LIST <<<"$KS"
	for k in "${K_LIST[@]}"; do posint --k "$k"; done
	tmp=$(mktemp -d /tmp/forkbench-power.XXXXXX)
	# shellcheck disable=SC2064 # expand now: the path is fixed
	trap "rm -rf '$tmp'" EXIT
	mkdir -p "$tmp/j" "$tmp/m"
	mapfile -t u < <(pool_files base)
	mapfile -t r < <(pool_files replay)
	nu=${#u[@]}
	[ "$nu" -ge 2 ] || die 3 "the base pool has $nu boot(s); collect first"
	mapfile -t settings < <(grep -v '^#' "$POOLS/settings.tsv" | cut -f1 | grep -vx base)
	# Every draw is one compare per point, its JSON kept as
	# KIND.K.DRAW.SETTING.POINT.json ("-" the setting of an A/A draw).
	for k in "${K_LIST[@]}"; do
		ndraw=$DRAWS
		[ "$k" = 3 ] || ndraw=$(((DRAWS + 3) / 4))
		for kind in aa replay; do
			if [ $kind = aa ]; then p=("${u[@]}"); else p=("${r[@]}"); fi
			[ $((2 * k)) -le ${#p[@]} ] || continue
			log "k=$k, $kind: $ndraw draws from ${#p[@]} boots"
			d=0
			while read -r line; do
				d=$((d + 1))
				read -r -a sel <<<"$line"
				a=()
				b=()
				for i in $(seq 0 $((k - 1))); do
					a+=("${p[sel[i]]}")
					b+=("${p[sel[k + i]]}")
				done
				for pt in create roundtrip; do
					compare_to "$tmp/j/$kind.$k.$d.-.$pt.json" "$pt" "${a[@]}" -- "${b[@]}" ||
						die 3 "$kind: a draw failed"
				done
			done < <(draws "$ndraw" "${#p[@]}" $((2 * k)) "$((SEED * 1000003 + k * 7919))")
		done
		for i in "${!settings[@]}"; do
			s=${settings[i]}
			mapfile -t p < <(pool_files "$s")
			if [ "$k" -gt ${#p[@]} ] || [ "$k" -gt "$nu" ]; then continue; fi
			log "k=$k, $s: $ndraw draws (${#p[@]} planted, $nu unplanted boots)"
			d=0
			# A from the base pool, B from the setting's: two seeded streams
			while IFS=$'\t' read -r la lb; do
				d=$((d + 1))
				a=()
				b=()
				read -r -a sel <<<"$la"
				for j in "${sel[@]}"; do a+=("${u[j]}"); done
				read -r -a sel <<<"$lb"
				for j in "${sel[@]}"; do b+=("${p[j]}"); done
				for pt in create roundtrip; do
					compare_to "$tmp/j/det.$k.$d.$s.$pt.json" "$pt" "${a[@]}" -- "${b[@]}" ||
						die 3 "$s: a draw failed"
				done
			done < <(paste <(draws "$ndraw" "$nu" "$k" "$((SEED * 1000003 + k * 7919 + i + 1))") \
				<(draws "$ndraw" "${#p[@]}" "$k" "$((SEED * 2000003 + k * 7919 + i + 1))"))
		done
	done
	# one line a verdict: kind k draw setting entry point verdict
	tsv=$POOLS/draws-seed$SEED.tsv
	find "$tmp/j" -name '*.json' | rows_tsv | awk -F'\t' -v OFS='\t' '{
		split($1, f, ".")
		print f[1], f[2], f[3], f[4], $2, f[5], $3
	}' | sort -t$'\t' -k1,1 -k2,2n -k4,4 -k3,3n >"$tsv"
	# the measured change: compare's ratio over the whole pools, every
	# boot of a setting against every base boot (computed in C)
	for s in "${settings[@]}"; do
		mapfile -t p < <(pool_files "$s")
		[ ${#p[@]} -gt 0 ] || continue
		for pt in create roundtrip; do
			compare_to "$tmp/m/$s.$pt.json" "$pt" "${u[@]}" -- "${p[@]}" || die 3 "$s: the whole-pool compare failed"
		done
	done
	find "$tmp/m" -name '*.json' | rows_tsv | awk -F'\t' -v OFS='\t' '{
		n = split($1, f, ".")
		print f[1], $2, f[2], $4, $3
	}' | sort >"$POOLS/measured.tsv"
	boots_tsv >"$POOLS/boots.tsv"
	print_table "$tsv" "$POOLS/measured.tsv" >"$tmp/all.md"
	if [ -n "$OUTFILE" ]; then
		cp "$tmp/all.md" "$OUTFILE"
		log "table: $OUTFILE"
	else
		cat "$tmp/all.md"
	fi
}

# boots_tsv: every boot of the pools, one a line: pool, boot, pad length,
# the plants on its command line, its wall time (s)
boots_tsv() {
	local g d
	printf '# pool\tboot\tpad\tplants\twall_s\n'
	find "$POOLS/pool" -mindepth 3 -maxdepth 3 -name guest.json | sort | while read -r g; do
		d=$(dirname "$g")
		jq -r --arg pool "$(basename "$(dirname "$d")")" --arg boot "$(basename "$d")" '
			.kernel_cmdline as $c
			| [$pool, $boot,
			   ($c | capture("forkbench_pad=(?<x>x*)").x // "" | length),
			   ([$c | scan("forkbench_plant_[a-z]+=[0-9]+")] | join(" ") | if . == "" then "-" else . end),
			   .host_wall_s] | @tsv' "$g"
	done
}

# print_table DRAWS MEASURED: the markdown tables from the draws' verdicts
# (counted: detection is "slower" on a target, a false alarm "slower" or
# "faster" where nothing was planted) and compare's whole-pool ratios
print_table() {
	local tsv=$1 measured=$2 k walls
	walls=$(find "$POOLS/pool" -name guest.json -print0 | xargs -0 jq -r '.host_wall_s' | sort -n)
	echo "# Power of forkbench compare against planted regressions"
	echo
	echo "Kernel $(kernel_text),"
	echo "clock $CLOCK, guest ASLR $ASLR, suite \`forkbench $(cat "$POOLS/suite")\`;"
	echo "forkbench compare $("$FB" --version 2>/dev/null | head -n 1)${COMPARE_ARGS[*]:+ with ${COMPARE_ARGS[*]}} (its own defaults for the clock otherwise);"
	echo "seed $SEED, $DRAWS draws at k=3 and $(((DRAWS + 3) / 4)) at other k. Made by \`harness/qemu/power.sh table\` on $(date -u +%Y-%m-%d)."
	echo
	echo "Pools: base $(pool_files base | wc -l) boots, replay $(pool_files replay | wc -l), and per setting:"
	grep -v '^#' "$POOLS/settings.tsv" | cut -f1 | grep -vx base | while read -r s; do printf '%s %s, ' "$s" "$(pool_files "$s" | wc -l)"; done | sed 's/, $/./'
	echo
	echo
	echo "Boot wall time: $(echo "$walls" | wc -l) boots, $(echo "$walls" | head -n 1)-$(echo "$walls" | tail -n 1) s, $(cat "$POOLS/jobs" 2>/dev/null || echo '?') at a time on a $(nproc)-CPU host shared with other work."
	echo
	echo "A draw takes k boots of the base pool as side A and k of a setting's pool as side B"
	echo "(or 2k distinct boots of one unplanted pool for A/A) and runs \`forkbench compare --json"
	echo "--point P\` once per point. *Detected*: the target entry and point called \"slower\"."
	echo "*False alarms*: \"slower\" or \"faster\" where nothing was planted (A/A, every entry and"
	echo "point), or where the shape does not reach (untouched entries of planted pools)."
	echo "*Measured*: compare's ratio over the whole pools (every boot of the setting against"
	echo "every base boot) - 1. Draws reuse boots: a rate rests on the pools' boots, not on as"
	echo "many independent experiments as draws."
	awk -F'\t' '!/^#/ && $8 == "target" { print $2 }' "$POOLS/targets.tsv" | sort -un | while read -r lv; do
		echo
		echo "## Detection at $lv%"
		echo
		printf '| shape | entry | point | setting | planted | measured |'
		for k in "${K_LIST[@]}"; do printf ' k=%s |' "$k"; done
		echo
		printf '|:--|:--|:--|:--|--:|--:|'
		for k in "${K_LIST[@]}"; do printf -- '--:|'; done
		echo
		awk -F'\t' -v lv="$lv" '!/^#/ && $2 == lv && $8 == "target"' "$POOLS/targets.tsv" |
			sort -t$'\t' -k1,1 -k3,3 -k4,4 | while IFS=$'\t' read -r s _ e pt _ _ planted _; do
			printf '| %s | %s | %s | %s | %.2f%% | %s |' "${s%-*}" "$e" "$pt" "$s" "$planted" \
				"$(awk -F'\t' -v s="$s" -v e="$e" -v pt="$pt" '$1 == s && $2 == e && $3 == pt { if ($4 == "null") print "-"; else printf "%+.2f%%", 100 * ($4 - 1) }' "$measured")"
			for k in "${K_LIST[@]}"; do
				printf ' %s |' "$(awk -F'\t' -v k="$k" -v s="$s" -v e="$e" -v pt="$pt" '$1 == "det" && $2 == k && $4 == s && $5 == e && $6 == pt { n++; f += ($7 == "slower") }
					END { if (n) printf "%.0f%%", 100 * f / n; else printf "-" }' "$tsv")"
			done
			echo
		done
	done
	echo
	echo "## False alarms"
	echo
	printf '| where | k |'
	echo ' draws | draws with any alarm | alarms / verdicts | the verdicts |'
	echo '|:--|--:|--:|--:|--:|:--|'
	for k in "${K_LIST[@]}"; do
		for kind in aa replay; do
			awk -F'\t' -v k="$k" -v kind="$kind" '$1 == kind && $2 == k {
					d[$3] = 1; v++; w[$7]++; if ($7 == "slower" || $7 == "faster") { a++; ad[$3] = 1 } }
				END { if (v) { nd = length(d); na = length(ad); words = ""
					for (x in w) words = words (words ? ", " : "") x " " w[x]
					printf "| A/A, %s pool, all entries | %s | %d | %.1f%% (%d) | %.2f%% (%d/%d) | %s |\n", (kind == "aa" ? "base" : "replay"), k, nd, 100 * na / nd, na, 100 * a / v, a, v, words } }' "$tsv"
		done
		# untouched entries of planted pools
		awk -F'\t' -v k="$k" 'FNR == NR { if (!/^#/ && $8 == "untouched") u[$1 "\t" $3 "\t" $4] = 1; next }
			$1 == "det" && $2 == k && (($4 "\t" $5 "\t" $6) in u) { v++; if ($7 == "slower" || $7 == "faster") a++ }
			END { if (v) printf "| planted pools, untouched entries | %s | - | - | %.2f%% (%d/%d) | |\n", k, 100 * a / v, a, v }' "$POOLS/targets.tsv" "$tsv"
	done
	echo
	echo "A/A alarms by entry and point (k=3, base pool):"
	echo
	awk -F'\t' '$1 == "aa" && $2 == 3 { key = $5 " " $6; v[key]++; if ($7 == "slower" || $7 == "faster") a[key]++; if (!(key in o)) o[key] = ++n; ks[n] = key }
		END { for (i = 1; i <= n; i++) printf "- %s: %d/%d\n", ks[i], a[ks[i]], v[ks[i]] }' "$tsv"
}

"$STEP"

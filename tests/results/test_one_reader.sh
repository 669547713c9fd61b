#!/bin/bash
# shellcheck disable=SC2016 # jq programs are meant literally
# One reader of results (bench/results) behind every command that reads
# them: compare, export, store add and `forkbench results` refuse each
# invalid file of the fuzz corpus with the same line; they decide one
# clock for a file, its QEMU runner's sidecars included (compare's JSON
# and `results --clock` agree); mixed clocks are refused in one sentence
# by compare, `results --clock` and store trend; a file timed with the
# cache model is read, its model arrays checked.
# Usage: test_one_reader.sh FORKBENCH CORPUS_DIR DATA_DIR
set -u
FB=$1
CORPUS=$2
DATA=$3
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v jq >/dev/null || { echo "1..0 # SKIP jq not installed"; exit 0; }
# shellcheck disable=SC2317 # called through check
jqt() { jq -e "$@" >/dev/null; }
one_line() { [ "$(wc -l <"$1")" -eq 1 ]; }
# The line of a refusal without its command's name: what the reader said.
said() { sed -E 's/^forkbench (compare|export|results|store add): //' "$1"; }

# ---- every invalid file is refused alike by every reader. A file valid
# but for compare's need (5 round trips of an "ok" entry in every run) is
# refused by compare and store alike, and read by export and results,
# which show what there is.
files=0
same=0
thin=0
for f in "$CORPUS"/invalid-*.json "$DATA"/truncated.json "$DATA"/notforkbench.json "$DATA"/version5.json; do
	files=$((files + 1))
	"$FB" compare "$f" "$f" >/dev/null 2>"$tmp/compare.err"
	c=$?
	"$FB" export --csv "$tmp/x.csv" "$f" >/dev/null 2>"$tmp/export.err"
	e=$?
	"$FB" results "$f" >"$tmp/results.out" 2>"$tmp/results.err"
	r=$?
	"$FB" store add --store "$tmp/s.db" "$f" >/dev/null 2>"$tmp/store.err"
	s=$?
	if grep -q 'samples in every run for compare' "$tmp/compare.err"; then
		thin=$((thin + 1))
		shown=$([ "$e$r" = 00 ] && [ -s "$tmp/x.csv" ] && grep -q ': valid' "$tmp/results.out" && echo yes)
	else
		shown=$([ "$e$r" = 22 ] && one_line "$tmp/export.err" && one_line "$tmp/results.err" &&
			[ ! -e "$tmp/x.csv" ] && [ ! -s "$tmp/results.out" ] &&
			[ "$(said "$tmp/compare.err")" = "$(said "$tmp/export.err")" ] &&
			[ "$(said "$tmp/compare.err")" = "$(said "$tmp/results.err")" ] && echo yes)
	fi
	if [ "$c$s" = 22 ] && one_line "$tmp/compare.err" && one_line "$tmp/store.err" &&
		[ "$(said "$tmp/compare.err")" = "$(said "$tmp/store.err")" ] && [ "$shown" = yes ]; then
		same=$((same + 1))
	else
		echo "# $(basename "$f"): exits $c $e $r $s; compare said: $(head -c 300 "$tmp/compare.err")"
		echo "#   export said: $(head -c 300 "$tmp/export.err")"
	fi
	rm -f "$tmp/x.csv"
done
check "each of $files invalid files: compare and store add exit 2 with the same line, export and results too (got $same)" \
	test "$same" -eq "$files" -a "$files" -gt 30
check "... but the $thin too thin for compare, which export and results read (a run of -n 3 is valid)" \
	test "$thin" -ge 2
"$FB" export --csv "$tmp/ok.csv" "$DATA/base.json" 2>"$tmp/err"
check "a valid file is exported (exit 0, a CSV)" test $? -eq 0 -a -s "$tmp/ok.csv"

# ---- one clock per file, its sidecars included
mkdir -p "$tmp/boot"
# runs/icount.json says icount only on its kernel command line; without it, nothing says it
sed 's/ forkbench.clock=icount//' "$DATA/runs/icount.json" >"$tmp/boot/r.json"
clock() { # clock FILE: what `results --clock` and compare's JSON say, as "RESULTS COMPARE"
	echo "$("$FB" results --clock "$1" 2>/dev/null) $("$FB" compare --json "$1" "$1" 2>/dev/null | jq -r .clock)"
}
check "no record: wall, in results and compare alike" test "$(clock "$tmp/boot/r.json")" = "wall wall"
echo '{"clock": "wall", "accel": "kvm"}' >"$tmp/boot/guest.json"
echo '{"clock": "icount", "accel": "tcg"}' >"$tmp/boot/r.guest.json"
check "STEM.guest.json before DIR/guest.json: icount, alike" test "$(clock "$tmp/boot/r.json")" = "icount icount"
"$FB" results "$tmp/boot/r.json" >"$tmp/out"
check "results says where it read the clock and the accelerator" \
	grep -q "clock icount (its sidecar $tmp/boot/r.guest.json), accelerator tcg (its sidecar $tmp/boot/r.guest.json): TCG emulation" "$tmp/out"
check "results --accel: tcg" test "$("$FB" results --accel "$tmp/boot/r.json")" = tcg
rm "$tmp/boot/r.guest.json"
check "DIR/guest.json alone: wall, alike" test "$(clock "$tmp/boot/r.json")" = "wall wall"
echo '{"clock": "sundial"}' >"$tmp/boot/r.guest.json"
"$FB" results --clock "$tmp/boot/r.json" >/dev/null 2>"$tmp/err"
check "a sidecar's clock that is none: exit 2, one line" \
	bash -c "[ $? -eq 2 ] && [ \$(wc -l <'$tmp/err') = 1 ] && grep -q \"r.guest.json names clock 'sundial', not wall, icount or model\" '$tmp/err'"
rm "$tmp/boot/r.guest.json" "$tmp/boot/guest.json"
jq '.context.timing = {"clock": "icount", "accel": null, "emulated": false}' "$tmp/boot/r.json" >"$tmp/boot/t.json"
echo '{"clock": "wall"}' >"$tmp/boot/t.guest.json"
check "the run's own record outranks its sidecar" test "$(clock "$tmp/boot/t.json")" = "icount icount"
echo '{"clock": "icount"}' >"$tmp/boot/r.guest.json"
"$FB" store add --store "$tmp/c.db" "$tmp/boot/r.json" >/dev/null 2>&1
check "store add keeps the clock the reader decided with the sidecar" \
	bash -c "'$FB' store list --store '$tmp/c.db' | grep -Eq '^B-1 .* icount '"
mv "$tmp/boot/r.guest.json" "$tmp/boot/moved"
"$FB" compare --store "$tmp/c.db" --json run:B-1 run:B-1 >"$tmp/c.json" 2>/dev/null
check "... and a stored run is read with it, its sidecar gone" jqt '.clock == "icount"' "$tmp/c.json"

# ---- mixed clocks: one sentence, whoever refuses them
wall=$DATA/runs/A/a-1.json
ic=$DATA/runs/icount.json
sentence="$wall was timed in wall-clock time, $ic in instruction time (icount): they cannot be compared"
"$FB" compare "$wall" "$ic" >/dev/null 2>"$tmp/c.err"
check "compare: exit 2, the sentence" bash -c "[ $? -eq 2 ] && [ \"\$(grep -v '^warning' '$tmp/c.err')\" = 'forkbench compare: $sentence' ]"
"$FB" results --clock "$wall" "$ic" >/dev/null 2>"$tmp/r.err"
check "results --clock: exit 2, the same sentence" bash -c "[ $? -eq 2 ] && [ \"\$(cat '$tmp/r.err')\" = 'forkbench results: $sentence' ]"
"$FB" store add --store "$tmp/m.db" "$wall" "$ic" >/dev/null 2>&1
"$FB" store trend --store "$tmp/m.db" "fork rss=0 thp=off" >/dev/null 2>"$tmp/t.err"
check "store trend: exit 2, the same sentence of its runs" bash -c "[ $? -eq 2 ] && grep -qx \"forkbench store trend: 'fork rss=0 thp=off': run A-1 was timed in wall-clock time, run B-1 in instruction time (icount): they cannot be compared; choose one with --clock\" '$tmp/t.err'"
"$FB" store trend --store "$tmp/m.db" --clock icount "fork rss=0 thp=off" --csv "$tmp/t.csv" >"$tmp/t.out" 2>&1
check "... whose table and CSV say the clock in the same words" \
	bash -c "grep -q 'instruction time (icount)' '$tmp/t.out' && [ \"\$(sed -n '2p' '$tmp/t.csv' | awk -F, '{print \$NF}')\" = 'instruction time (icount)' ]"

# ---- a file timed with the cache model
jq '.context.timing = {"clock": "model", "accel": "tcg", "emulated": true, "model": {"l1d": "32K 8-way"}}
	| .results[].points[] |= (.model = {instructions: .samples_ns, l1d_misses: (.samples_ns | map(0))})' \
	"$ic" >"$tmp/model.json"
check "results: a model file's clock is model" test "$("$FB" results --clock "$tmp/model.json")" = model
"$FB" compare --json "$tmp/model.json" "$tmp/model.json" >"$tmp/mc.json" 2>/dev/null
check "compare reads two model files, as model, with instruction time's threshold" \
	jqt '.clock == "model" and .threshold == 0.01' "$tmp/mc.json"
"$FB" compare "$tmp/model.json" "$ic" >/dev/null 2>"$tmp/err"
check "model against icount: refused in the sentence" \
	grep -q "model.json was timed in modelled cycles (model), .*icount.json in instruction time (icount): they cannot be compared" "$tmp/err"
jq '.results[0].points.roundtrip.model.instructions |= .[:-1]' "$tmp/model.json" >"$tmp/short.json"
"$FB" results "$tmp/short.json" >/dev/null 2>"$tmp/err"
check "a model array one short: exit 2 with its path" \
	bash -c "[ $? -eq 2 ] && grep -Eq 'short.json: .results\\[0\\].points.roundtrip.model.instructions: [0-9]+ values for [0-9]+ samples: one per value of samples_ns' '$tmp/err'"
jq '.results[1].points.roundtrip.model.l1d_misses[0] = -1' "$tmp/model.json" >"$tmp/neg.json"
"$FB" export --csv "$tmp/neg.csv" "$tmp/neg.json" >/dev/null 2>"$tmp/err"
check "a negative miss count: export refuses it too" \
	grep -q 'neg.json: .results\[1\].points.roundtrip.model.l1d_misses\[0\]: -1 is negative' "$tmp/err"
jq 'del(.context.timing.model)' "$tmp/model.json" >"$tmp/bare.json"
"$FB" results "$tmp/bare.json" >/dev/null 2>"$tmp/err"
check "clock model without context.timing.model: refused" grep -q 'bare.json: .context.timing.model: missing' "$tmp/err"

finish

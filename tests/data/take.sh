#!/bin/bash
# Takes the tests' real-run fixtures out of results/ (the reference results
# a user reads), so that the tests keep their own copy and results/ can be
# pruned or rewritten without touching a test. Run from anywhere; it
# rewrites the files below and says what it wrote. The synthetic inputs
# (tests/compare/data) come from tests/compare/data/make_data.py instead:
# these are real QEMU boots, which no script here can make again in seconds.
#
#   icount-6.1-vs-6.12/  stock 6.1 against stock 6.12 in instruction time,
#                        guest ASLR off, three boots a side, as
#                        ci/compare-kernels left them: every boot's results
#                        with its .boot.json and .guest.json, plan.json and
#                        the compare.json its report step wrote (whole:
#                        25 KB a boot).
#   phases-patched-6.1-tcg.json
#                        the patched 6.1 kernel's --trace run under TCG, cut
#                        to five of its 18 entries (fork, vfork and thread
#                        at rss 0; fork at 1 GiB, THP off and on), each
#                        whole, with its copy_process phases.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
command -v jq >/dev/null || { echo "take.sh: jq is needed (apt-get install jq)" >&2; exit 3; }

src=$top/results/2026-11-28-stock-6.1-vs-stock-6.12-icount/icount-aslr-off
dst=$here/icount-6.1-vs-6.12
rm -rf "$dst"
mkdir -p "$dst"
for f in "$src"/[AB]-[0-9].json "$src"/[AB]-[0-9].boot.json "$src"/plan.json; do
	cp "$f" "$dst/"
done
# The paths of the machine the boots ran on stay behind: compare.json
# names each boot by its file name (the plots match sides by it), a
# sidecar its kernel under the run directory.
for f in "$src"/[AB]-[0-9].guest.json "$src"/compare.json; do
	jq --indent 2 'walk(if type == "object" and (.file | type) == "string" then .file |= sub(".*/"; "") else . end
		| if type == "string" then gsub("/[^ ]*/kernels/"; "<run>/kernels/") else . end)' "$f" >"$dst/$(basename "$f")"
done
echo "take.sh: $(find "$dst" -type f | wc -l) files in ${dst#"$top"/}"

src=$top/results/2026-11-22-phases-patched-6.1-tcg/results.json
dst=$here/phases-patched-6.1-tcg.json
jq -c '.results |= map(select(.id as $i | ["fork rss=0 thp=off", "vfork rss=0 thp=off",
	"thread rss=0 thp=off", "fork rss=1G thp=off", "fork rss=1G thp=on"] | index($i)))' "$src" >"$dst"
echo "take.sh: ${dst#"$top"/}: $(jq '.results | length' "$dst") entries"

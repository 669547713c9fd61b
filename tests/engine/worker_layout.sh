#!/usr/bin/env bash
# The static worker keeps what glibc's fork() writes in a child on two
# pages, as a bare static fork loop does (bench/worker/fork_child_state.ld):
# each page is one copy-on-write fault in every forked child, about 3 us
# at rss 0 here. Reads the binary's symbols; no timing.
# Usage: worker_layout.sh FORKBENCH_WORKER
set -u
worker=$1
. "$(dirname "$0")/../lib/tap.sh"
if readelf -lW "$worker" | grep -q "Requesting program interpreter"; then
	echo "# SKIP: $worker is not static (a sanitizer build): glibc's state is in libc.so"
	exit 77
fi
# page_of SYMBOL: the page the symbol starts on, in hex, or nothing
page_of() { nm "$worker" | awk -v s="$1" '$3 == s { print substr($1, 1, length($1) - 3); exit }'; }
for s in _dl_load_lock _dl_stack_user _dl_stack_used __fork_generation; do
	check "glibc's fork-child variable $s is in the worker (else fork_child_state.ld matches nothing)" \
		test -n "$(page_of "$s")"
done
check "the stack lists and __fork_generation share one page" \
	test "$(page_of _dl_stack_user)" = "$(page_of __fork_generation)" -a \
	"$(page_of _dl_stack_used)" = "$(page_of __fork_generation)"
pages=$(for s in _dl_load_lock _dl_stack_user _dl_stack_used __fork_generation; do page_of "$s"; done | sort -u | wc -l)
check "the four variables sit on two pages, as in a bare loop (found $pages)" test "$pages" -eq 2
finish

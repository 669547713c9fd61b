#!/usr/bin/env bash
# The static worker keeps what glibc's fork() writes in a child on two
# pages, as a bare static fork loop does (bench/worker/fork_child_state.ld):
# each page is one copy-on-write fault in every forked child, about 3 us
# at rss 0 here; and its own big variables where they cost no fork a page
# (bench/worker/worker_state.ld). Reads the binary's symbols and sections;
# no timing.
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

# The worker's own big variables (worker_state.ld): what setup alone uses on
# whole pages of its own, which the worker sheds; the image after glibc's
# variables, so that neither splits them over more pages.
# section NAME: its address and size in hex, or nothing
section() { readelf -SW "$worker" | awk -v n="$1" '{ sub(/^ *\[ *[0-9]+\] */, "") } $1 == n { print $3, $5; exit }'; }
read -r setup_addr setup_size <<<"$(section .bss.worker_setup)"
check "the setup state starts on a page of its own (at 0x${setup_addr:-none})" \
	test -n "$setup_addr" -a $((0x${setup_addr:-1} % 4096)) -eq 0
check "... and fills whole pages (0x${setup_size:-none} bytes)" \
	test -n "$setup_size" -a $((0x${setup_size:-1} % 4096)) -eq 0
read -r bss_addr bss_size <<<"$(section .bss)"
read -r image_addr _ <<<"$(section .bss.worker_image)"
check "the image comes after glibc's variables (.bss at 0x${bss_addr:-none}, the image at 0x${image_addr:-none})" \
	test -n "$bss_addr" -a -n "$image_addr" -a $((0x${image_addr:-0})) -ge $((0x${bss_addr:-0} + 0x${bss_size:-0}))
finish

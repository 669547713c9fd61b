// SPDX-License-Identifier: MIT
/*
 * forkbench-helper: the program the exec methods start. It is static and
 * does one thing. With --cpu (a plain sample, and the bare loops of
 * bench/baseline/ in harness/lean-check.sh) it exits at once, with its CPU
 * as the exit code, read from the rseq area glibc registered before
 * main(): a compare and a load, no fault. With the shared page's
 * descriptor number (a probe) it reads the clock first, stores that time
 * in the page, and exits 0. Without arguments it exits 0 (hyperfine's
 * runs in harness/hyperfine-check.sh).
 */
#include "core/clock.h"
#include "methods/method.h"

#include <stdlib.h>
#include <sys/mman.h>

#ifdef __SANITIZE_ADDRESS__
/*
 * A sanitizer build's helper (the tests' only): the worker starts it with
 * an empty environment, so ASAN_OPTIONS cannot reach it, and under ptrace
 * (tests/engine/child_maps) LeakSanitizer cannot run and fails the exit.
 * It allocates nothing to leak.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

int main(int argc, char **argv)
{
	struct fb_shared *sh;
	int64_t t;
	int cpu;

	if (argc < 2)
		return 0;
	if (argv[1][0] == '-') /* --cpu */
		return fb_exit_cpu_rseq(fb_rseq_cpu_offset());
	t = fb_now_ns(); /* a compare after main()'s first instruction */
	cpu = fb_current_cpu();
	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, atoi(argv[1]), 0);
	if (sh == MAP_FAILED)
		return 3;
	sh->child_start_ns = t;
	sh->child_cpu = cpu;
	return 0;
}

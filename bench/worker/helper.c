// SPDX-License-Identifier: MIT
/*
 * forkbench-helper: the program the exec methods start. It is static and
 * does one thing: read the clock first, then store that time in the shared
 * page whose descriptor number is argv[1], and exit 0.
 */
#include "core/clock.h"
#include "methods/method.h"

#include <stdlib.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	int64_t t = fb_now_ns();
	int cpu = fb_current_cpu();
	struct fb_shared *sh;

	if (argc < 2)
		return 2;
	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, atoi(argv[1]), 0);
	if (sh == MAP_FAILED)
		return 3;
	sh->child_start_ns = t;
	sh->child_cpu = cpu;
	return 0;
}

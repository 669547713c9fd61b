// SPDX-License-Identifier: MIT
/*
 * minimal-thread N: a raw clone() thread with forkbench's flags on one
 * reused stack, saying its CPU and returning at once, joined by a futex
 * wait on the CLONE_CHILD_CLEARTID word; prints the medians of bl_report().
 */
#include "baseline.h"

#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FLAGS                                                                                      \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |        \
	 CLONE_CHILD_CLEARTID)
#define STACK (64 << 10)

static volatile uint32_t tid_word;

/* Says its CPU in the word arg points to, which held how to read it (core/child_cpu.h). */
static int body(void *arg)
{
	int *cpu = arg;

	*cpu = fb_exit_cpu_insn(*cpu);
	return 0;
}

int main(int argc, char **argv)
{
	long n;
	int64_t *t = bl_start(argc, argv, &n);
	char *stack = mmap(NULL, STACK, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	int how = fb_cpu_insn_here(), *said;

	if (stack == MAP_FAILED)
		return bl_fail(argv[0], "mmap");
	said = fb_thread_cpu_word(stack + STACK);
	for (long i = 0; i < n; i++) {
		int cpu = fb_current_cpu();
		int64_t t0;
		uint32_t v;

		tid_word = 1;
		*said = how;
		t0 = bl_now();
		if (clone(body, stack + STACK - FB_THREAD_CPU_ROOM, FLAGS, said, NULL, NULL,
			  &tid_word) < 0)
			return bl_fail(argv[0], "clone");
		while ((v = tid_word) != 0)
			syscall(SYS_futex, &tid_word, FUTEX_WAIT, v, NULL, NULL, 0);
		t[i] = bl_sample(bl_now() - t0, cpu, *said);
	}
	return bl_report(t, n);
}

/* SPDX-License-Identifier: MIT */
/*
 * How a created child says where it ran at no cost to what is timed:
 * forkbench's plain samples and the bare loops of bench/baseline/ do it
 * alike, so that both can split their round trips by placement (a child
 * on its parent's CPU or on another, whose mix the scheduler changes from
 * run to run). A child process says it in its exit status, which it
 * returns anyway; a thread in a word of its own stack.
 */
#ifndef FORKBENCH_CHILD_CPU_H
#define FORKBENCH_CHILD_CPU_H

#include "core/clock.h"

/*
 * A child's exit status: 0..253 is its CPU, read from its own rseq area
 * (the kernel wrote cpu_id there on the child's first return to user
 * space, in a page the bare loop's child dirties just as well).
 */
#define FB_EXIT_CPU_UNKNOWN 254 /* no rseq area, or a CPU beyond 253 */

/* How a child without rseq of its own (vfork's, a raw thread) reads its CPU. */
enum fb_cpu_insn { FB_CPU_NONE, FB_CPU_RDTSCP, FB_CPU_LSL };

/* The offset of this thread's rseq cpu_id from the thread pointer, or -1 without rseq. */
long fb_rseq_cpu_offset(void);

/* Which instruction reads the CPU here: RDTSCP, else LSL, else none. */
enum fb_cpu_insn fb_cpu_insn_here(void);

/* A child's CPU from its own rseq area at off (fb_rseq_cpu_offset()): a compare and a load. */
static inline __attribute__((always_inline)) int fb_exit_cpu_rseq(long off)
{
	int cpu;

	if (off < 0)
		return FB_EXIT_CPU_UNKNOWN;
	cpu = *(volatile int *)((char *)__builtin_thread_pointer() + off);
	return cpu >= 0 && cpu < FB_EXIT_CPU_UNKNOWN ? cpu : FB_EXIT_CPU_UNKNOWN;
}

/* The same for a child that shares its parent's rseq area: an instruction, no memory. */
static inline __attribute__((always_inline)) int fb_exit_cpu_insn(int how)
{
	int cpu = how == FB_CPU_RDTSCP ? fb_cpu_fast() : how == FB_CPU_LSL ? fb_cpu_lsl() : -1;

	return cpu >= 0 && cpu < FB_EXIT_CPU_UNKNOWN ? cpu : FB_EXIT_CPU_UNKNOWN;
}

/*
 * Where a raw clone() thread leaves its CPU: the stack it is given starts
 * FB_THREAD_CPU_ROOM bytes below the top of its mapping, and the CPU word
 * sits in that room, in the cache line whose lower half glibc's clone()
 * writes the thread's function and argument to and the thread pops them
 * from. The thread's one store hits a line it already holds, above its
 * red zone; its parent reads the word after the join, outside the timing.
 */
#define FB_THREAD_CPU_ROOM 32

static inline int *fb_thread_cpu_word(char *stack_end)
{
	return (int *)(stack_end - sizeof(int));
}

#endif

// SPDX-License-Identifier: MIT
#include "child_cpu.h"

#include <stddef.h>
#include <sys/rseq.h>

long fb_rseq_cpu_offset(void)
{
	/* glibc 2.35 registers an rseq area for every thread and exports where it lies */
	if (__rseq_size < offsetof(struct rseq, cpu_id) + sizeof(uint32_t))
		return -1;
	return (long)__rseq_offset + (long)offsetof(struct rseq, cpu_id);
}

enum fb_cpu_insn fb_cpu_insn_here(void)
{
	return fb_have_rdtscp() ? FB_CPU_RDTSCP : fb_cpu_lsl() >= 0 ? FB_CPU_LSL : FB_CPU_NONE;
}

/* SPDX-License-Identifier: MIT */
/*
 * Marks for the cache model (harness/qemu/model/, docs/model.md): a QEMU
 * TCG plugin counts instructions, memory accesses and cache misses
 * between them. They are instructions no other program executes:
 *
 *   window marks: nopl MAGIC+what(%rax), a 7-byte NOP whose displacement
 *                 says which edge of a sample's windows this is. It costs
 *                 one instruction and touches no memory, so it can sit
 *                 inside the timed windows (1 ns in instruction time).
 *   id marks:     movzbl MAGIC+0x10+k(%rdi), %eax, a load of byte k of the
 *                 sample's (child pid, parent pid) from a 256-byte aligned
 *                 table: the plugin reads the byte from the low 8 bits of
 *                 the address loaded. They come after the round trip,
 *                 outside every window, so that the counts per window
 *                 are joined to samples by pid, not by order, which
 *                 breaks at the first window missed.
 *
 * The plugin (harness/qemu/model/mark_decode.c) matches these bytes; a
 * test assembles the marks here and decodes them there.
 */
#ifndef FORKBENCH_MODEL_MARK_H
#define FORKBENCH_MODEL_MARK_H

#include <stdint.h>

/*
 * -DFORKBENCH_MODEL_MARKS=OFF builds them as nothing: only to measure
 * what they cost (docs/model.md), since one guest serves every clock.
 */
#ifndef FB_MODEL_MARKS
#define FB_MODEL_MARKS 1
#endif

/* A displacement no compiler emits for a NOP (alignment NOPs carry 0). */
#define FB_MARK_MAGIC 0x7fb0c000

enum fb_mark {
	FB_MARK_OPEN = 1,    /* just after t0 is read: both windows begin */
	FB_MARK_CREATED = 2, /* just before t1: the create window ends */
	FB_MARK_REAPED = 3,  /* just before t2: the round-trip window ends */
};

#define FB_MARK_ID_BASE	 0x10 /* id byte k has displacement MAGIC + 0x10 + k */
#define FB_MARK_ID_BYTES 8    /* child pid, then parent pid, little-endian */

/* 256 bytes aligned to 256: an id byte is the low 8 bits of the address loaded. */
extern const unsigned char fb_mark_table[256];

#define FB_MARK_STR_(x) #x
#define FB_MARK_STR(x)	FB_MARK_STR_(x)

/*
 * One window mark. Kept in place by asm volatile; no memory clobber,
 * which would make the compiler reload values inside the timed window.
 */
#if FB_MODEL_MARKS
#define fb_mark(what) __asm__ volatile("nopl %c0(%%rax)" : : "i"(FB_MARK_MAGIC + (what)))
#else
#define fb_mark(what) ((void)(what))
#endif

/* Id byte k (a constant): a load from fb_mark_table + byte through a magic displacement. */
#define fb_mark_id_byte(k, byte)                                                                   \
	do {                                                                                       \
		uintptr_t b_ = (uintptr_t)fb_mark_table + (uint8_t)(byte) -                        \
			       (uintptr_t)(FB_MARK_MAGIC + FB_MARK_ID_BASE + (k));                 \
		__asm__ volatile("movzbl %c1(%%rdi), %%eax"                                        \
				 :                                                                 \
				 : "D"(b_), "i"(FB_MARK_MAGIC + FB_MARK_ID_BASE + (k))             \
				 : "eax");                                                         \
	} while (0)

/* The id of the sample whose windows were just marked: its child's pid and its parent's. */
static inline __attribute__((always_inline)) void fb_mark_id(int32_t child, int32_t parent)
{
	uint32_t c = (uint32_t)child, p = (uint32_t)parent;

	if (!FB_MODEL_MARKS)
		return;
	fb_mark_id_byte(0, c);
	fb_mark_id_byte(1, c >> 8);
	fb_mark_id_byte(2, c >> 16);
	fb_mark_id_byte(3, c >> 24);
	fb_mark_id_byte(4, p);
	fb_mark_id_byte(5, p >> 8);
	fb_mark_id_byte(6, p >> 16);
	fb_mark_id_byte(7, p >> 24);
}

#endif

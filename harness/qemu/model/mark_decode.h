/* SPDX-License-Identifier: MIT */
/*
 * What the plugin recognizes in an instruction's bytes at translation
 * time: forkbench's marks (bench/core/model_mark.h) and writes to CR3,
 * where the TLB model forgets the user half.
 */
#ifndef FORKBENCH_MARK_DECODE_H
#define FORKBENCH_MARK_DECODE_H

#include <stddef.h>
#include <stdint.h>

enum fb_insn_kind {
	FB_INSN_PLAIN,	   /* anything else */
	FB_INSN_WINDOW,	   /* nopl MAGIC+what(%rax): arg is the enum fb_mark */
	FB_INSN_ID,	   /* movzbl MAGIC+0x10+k(%rdi),%eax: arg is k */
	FB_INSN_CR3_WRITE, /* mov %reg,%cr3 */
};

/* The kind of the instruction in bytes[0..len), with its argument in *arg. */
enum fb_insn_kind fb_insn_decode(const uint8_t *bytes, size_t len, unsigned *arg);

#endif

// SPDX-License-Identifier: MIT
/*
 * The marks as the compiler assembles them (bench/core/model_mark.h)
 * against the plugin's decoder (mark_decode.c): the two must agree on
 * every byte, and the marks must run natively as the no-ops they are.
 */
#include "core/model_mark.h"
#include "mark_decode.h"
#include "tap.h"

#include <stdint.h>
#include <string.h>

/* Every mark once, in one function whose code the test then reads. */
__attribute__((noinline, used)) static void marked(int32_t child, int32_t parent)
{
	fb_mark(FB_MARK_OPEN);
	fb_mark(FB_MARK_CREATED);
	fb_mark(FB_MARK_REAPED);
	fb_mark_id(child, parent);
}

static void test_assembled(void)
{
	const uint8_t *code = (const uint8_t *)(uintptr_t)marked;
	unsigned windows = 0, ids = 0, arg;

	for (size_t off = 0; off < 1024; off++)
		switch (fb_insn_decode(code + off, 7, &arg)) {
		case FB_INSN_WINDOW:
			windows |= 1u << arg;
			break;
		case FB_INSN_ID:
			ids |= 1u << arg;
			break;
		default:
			break;
		}
	CHECK(windows == (1u << FB_MARK_OPEN | 1u << FB_MARK_CREATED | 1u << FB_MARK_REAPED),
	      "the three window marks decode from the compiled code (mask 0x%x)", windows);
	CHECK(ids == 0xff, "the eight id loads decode from the compiled code (mask 0x%x)", ids);
	marked(123456, 7);
	CHECK(1, "the marks run natively as no-ops and loads from the table");
	CHECK(((uintptr_t)fb_mark_table & 0xff) == 0,
	      "the table is 256-byte aligned: an id byte is the address's low byte");
}

static void test_bytes(void)
{
	static const uint8_t align_nop[] = {0x0f, 0x1f, 0x80, 0, 0, 0, 0};
	static const uint8_t other_disp[] = {0x0f, 0x1f, 0x80, 0x04, 0xc0, 0xb0, 0x7f};
	static const uint8_t open[] = {0x0f, 0x1f, 0x80, 0x01, 0xc0, 0xb0, 0x7f};
	static const uint8_t id7[] = {0x0f, 0xb6, 0x87, 0x17, 0xc0, 0xb0, 0x7f};
	static const uint8_t id8[] = {0x0f, 0xb6, 0x87, 0x18, 0xc0, 0xb0, 0x7f};
	static const uint8_t id_rsi[] = {0x0f, 0xb6, 0x86, 0x10, 0xc0, 0xb0, 0x7f};
	static const uint8_t cr3[] = {0x0f, 0x22, 0xd8}, cr3_r15[] = {0x41, 0x0f, 0x22, 0xdf};
	static const uint8_t cr0[] = {0x0f, 0x22, 0xc0}, read_cr3[] = {0x0f, 0x20, 0xd8};
	unsigned arg;

	CHECK(fb_insn_decode(align_nop, 7, &arg) == FB_INSN_PLAIN, "an alignment NOP is no mark");
	CHECK(fb_insn_decode(other_disp, 7, &arg) == FB_INSN_PLAIN,
	      "a magic displacement past the last mark is none");
	CHECK(fb_insn_decode(open, 7, &arg) == FB_INSN_WINDOW && arg == FB_MARK_OPEN,
	      "nopl MAGIC+1(%%rax) opens");
	CHECK(fb_insn_decode(open, 6, &arg) == FB_INSN_PLAIN, "a shorter instruction is none");
	CHECK(fb_insn_decode(id7, 7, &arg) == FB_INSN_ID && arg == 7, "id byte 7");
	CHECK(fb_insn_decode(id8, 7, &arg) == FB_INSN_PLAIN, "there is no id byte 8");
	CHECK(fb_insn_decode(id_rsi, 7, &arg) == FB_INSN_PLAIN, "only the load through %%rdi");
	CHECK(fb_insn_decode(cr3, 3, &arg) == FB_INSN_CR3_WRITE, "mov %%rax,%%cr3");
	CHECK(fb_insn_decode(cr3_r15, 4, &arg) == FB_INSN_CR3_WRITE, "mov %%r15,%%cr3");
	CHECK(fb_insn_decode(cr0, 3, &arg) == FB_INSN_PLAIN, "mov %%rax,%%cr0 is no CR3 write");
	CHECK(fb_insn_decode(read_cr3, 3, &arg) == FB_INSN_PLAIN, "reading CR3 is none");
}

int main(void)
{
	if (!FB_MODEL_MARKS)
		SKIP_ALL("built with -DFORKBENCH_MODEL_MARKS=OFF: no marks to decode");
	test_assembled();
	test_bytes();
	return tap_done();
}

// SPDX-License-Identifier: MIT
/* Recognizes the marks and CR3 writes by their bytes (mark_decode.h). */
#include "mark_decode.h"

#include "core/model_mark.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

enum fb_insn_kind fb_insn_decode(const uint8_t *b, size_t len, unsigned *arg)
{
	uint32_t disp;

	*arg = 0;
	/* nopl disp32(%rax): 0f 1f /0 with mod 10, rm 000 */
	if (len == 7 && b[0] == 0x0f && b[1] == 0x1f && b[2] == 0x80) {
		disp = le32(b + 3);
		if (disp > FB_MARK_MAGIC && disp <= FB_MARK_MAGIC + FB_MARK_REAPED) {
			*arg = disp - FB_MARK_MAGIC;
			return FB_INSN_WINDOW;
		}
		return FB_INSN_PLAIN;
	}
	/* movzbl disp32(%rdi),%eax: 0f b6 /r with mod 10, reg eax, rm rdi */
	if (len == 7 && b[0] == 0x0f && b[1] == 0xb6 && b[2] == 0x87) {
		disp = le32(b + 3);
		if (disp >= FB_MARK_MAGIC + FB_MARK_ID_BASE &&
		    disp < FB_MARK_MAGIC + FB_MARK_ID_BASE + FB_MARK_ID_BYTES) {
			*arg = disp - FB_MARK_MAGIC - FB_MARK_ID_BASE;
			return FB_INSN_ID;
		}
		return FB_INSN_PLAIN;
	}
	/* mov %reg,%cr3: [REX] 0f 22 /r with mod 11 and reg 3 (CR3) */
	if (len >= 1 && (b[0] & 0xf0) == 0x40) {
		b++;
		len--;
	}
	if (len == 3 && b[0] == 0x0f && b[1] == 0x22 && (b[2] & 0xf8) == 0xd8)
		return FB_INSN_CR3_WRITE;
	return FB_INSN_PLAIN;
}

/* SPDX-License-Identifier: MIT */
/*
 * Text from a results file shown on a terminal: ids, labels, kernel and
 * host names are the file's to choose, and an escape sequence in one
 * would rewrite the screen (a row that hides itself, a colour that
 * stays). Shown escaped instead, so that what is printed is what is there.
 */
#ifndef FORKBENCH_STORE_ESCAPE_H
#define FORKBENCH_STORE_ESCAPE_H

#include <stddef.h>

/*
 * s into out (of size len, cut to fit) with every byte a terminal could
 * act on written as an escape: the C0 controls and DEL (\n, \t, \r, \e,
 * else \xNN), the C1 controls U+0080..U+009F (\u0080), bytes that are not
 * UTF-8 (\xNN), and the backslash itself (\\), so that the escapes are
 * unambiguous. Returns out.
 */
const char *fb_escape_text(const char *s, char *out, size_t len);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Text from a results file shown on a terminal: ids, labels, kernel and
 * host names are the file's to choose, and an escape sequence in one
 * would rewrite the screen (a row that hides itself, a colour that
 * stays). Shown escaped instead, so that what is printed is what is there.
 */
#ifndef FORKBENCH_TEXT_ESCAPE_H
#define FORKBENCH_TEXT_ESCAPE_H

#include <stddef.h>

/*
 * s into out (of size len, cut to fit) with every byte a terminal could
 * act on written as an escape: the C0 controls and DEL (\n, \t, \r, \e,
 * else \xNN), the C1 controls U+0080..U+009F (\u0080), bytes that are not
 * UTF-8 (\xNN), and the backslash itself (\\), so that the escapes are
 * unambiguous. Returns out.
 */
const char *fb_escape_text(const char *s, char *out, size_t len);

/*
 * The same, but a backslash stays as it is: for a message that already
 * holds escapes of its own (a jq path such as .a["x\u000ay"], which a
 * person may paste into jq), where only what a terminal acts on must go.
 */
const char *fb_escape_controls(const char *s, char *out, size_t len);

/*
 * Room for a name or label as shown: each byte may become four (\xNN), so
 * a text of 1 KiB shows whole; a longer one is cut.
 */
#define FB_SHOWN_LEN 4096

#endif

// SPDX-License-Identifier: MIT
/* The table the cache model's id marks load from (model_mark.h). */
#include "model_mark.h"

/*
 * Read-only and file-backed in the static worker: its page is never
 * copied by fork, whatever the marks load from it.
 */
const unsigned char fb_mark_table[256] __attribute__((aligned(256))) = {[0] = 0xfb};

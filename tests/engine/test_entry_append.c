// SPDX-License-Identifier: MIT
/*
 * Out of memory while samples arrive: fb_entry_append says so (-1) and
 * leaves the entry holding every sample it held, so the run can end as an
 * interrupted one does and keep them. Memory is really exhausted here,
 * under an RLIMIT_AS a little above what the process maps, as well as
 * asked for in sizes no address space holds.
 */
#include "engine/entry.h"
#include "tap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define BATCH 4096

#if defined(__SANITIZE_ADDRESS__)
/* A realloc no address space holds must fail as libc's does, not abort the test. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif

static struct fb_sample batch[BATCH];

/* Whether e's first n samples are the batches appended, in order. */
static bool intact(const struct fb_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (e->samples[i].ns[FB_PT_ROUNDTRIP] != (int64_t)i)
			return false;
	return true;
}

#if !defined(__SANITIZE_ADDRESS__)
/* Bytes this process maps now, from /proc/self/statm (pages). */
static long mapped_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = -1;

	if (f) {
		if (fscanf(f, "%ld", &pages) != 1)
			pages = -1;
		fclose(f);
	}
	return pages < 0 ? -1 : pages * 4096;
}

/* Really out of memory: appends under an RLIMIT_AS until the address space is full. */
static void exhaust(void)
{
	struct fb_entry e;
	size_t appended = 0;
	struct rlimit rl;
	long mapped = mapped_bytes();
	int rc = 0;

	if (mapped < 0 || getrlimit(RLIMIT_AS, &rl)) {
		tap_skip("cannot read /proc/self/statm or RLIMIT_AS");
		return;
	}
	rl.rlim_cur = (rlim_t)mapped + (48u << 20);
	if (setrlimit(RLIMIT_AS, &rl)) {
		tap_skip("cannot lower RLIMIT_AS");
		return;
	}
	memset(&e, 0, sizeof(e));
	for (;;) {
		for (int i = 0; i < BATCH; i++)
			batch[i].ns[FB_PT_ROUNDTRIP] = (int64_t)(appended + (size_t)i);
		if (fb_entry_append(&e, batch, NULL, NULL, BATCH)) {
			rc = -1;
			break;
		}
		appended += BATCH;
		if (appended > (1u << 30) / sizeof(struct fb_sample))
			break; /* far beyond the limit: the limit did not hold */
	}
	CHECK(rc == -1 && appended > 0,
	      "appends run out of memory under RLIMIT_AS (after %zu samples)", appended);
	CHECK(e.n == appended && intact(&e, appended),
	      "and the entry holds every sample appended before, in order");
	free(e.samples);
}
#endif

int main(void)
{
	static int64_t counts[1][FB_CTR_MAX];
	struct fb_entry e;
	size_t held;

	memset(&e, 0, sizeof(e));
	for (int i = 0; i < BATCH; i++) {
		fb_sample_clear(&batch[i], 1);
		batch[i].ns[FB_PT_ROUNDTRIP] = i;
	}
	CHECK(fb_entry_append(&e, batch, NULL, NULL, 10) == 0 && e.n == 10 && intact(&e, 10),
	      "ten samples are appended");
	held = e.n;
	CHECK(fb_entry_append(&e, batch, NULL, NULL, SIZE_MAX / sizeof(struct fb_sample)) == -1 &&
		      e.n == held && intact(&e, held),
	      "a batch no address space holds is refused, and the entry keeps its %zu samples",
	      held);
	CHECK(fb_entry_append(&e, batch, counts, NULL, SIZE_MAX / sizeof(counts[0]) - 5) == -1 &&
		      e.n == held && intact(&e, held),
	      "count rows no address space holds are refused too, the samples kept");

	free(e.samples);
#if defined(__SANITIZE_ADDRESS__)
	tap_skip("ASan maps terabytes of shadow: an address-space limit cannot be tested under it");
#else
	exhaust();
#endif
	return tap_done();
}

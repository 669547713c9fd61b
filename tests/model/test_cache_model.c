// SPDX-License-Identifier: MIT
/* The cache model on synthetic addresses: LRU, capacity, the hierarchy, the TLB. */
#include "cache_model.h"
#include "tap.h"

#include <string.h>

#define KB 1024ull
#define MB (1024ull * 1024)

static void test_geometry(void)
{
	CHECK(fb_cache_geom_check(&(struct fb_cache_geom){32 * KB, 8, 64}) == NULL,
	      "32 KiB 8-way 64 B is a geometry");
	CHECK(fb_cache_geom_check(&(struct fb_cache_geom){32 * KB, 8, 48}) != NULL,
	      "a 48-byte line is refused");
	CHECK(fb_cache_geom_check(&(struct fb_cache_geom){48 * KB, 8, 64}) != NULL,
	      "96 sets (not a power of two) are refused");
	CHECK(fb_cache_geom_check(&(struct fb_cache_geom){32 * KB, 0, 64}) != NULL,
	      "no ways is refused");
}

static void test_lru(void)
{
	struct fb_cache c;

	/* 2 sets of 2 ways: lines 0, 2, 4 share set 0 */
	fb_cache_init(&c, &(struct fb_cache_geom){256, 2, 64});
	CHECK(!fb_cache_access(&c, 0 * 64), "a first access misses");
	CHECK(fb_cache_access(&c, 0 * 64 + 63), "the rest of its line hits");
	CHECK(!fb_cache_access(&c, 2 * 64), "another line of the set misses");
	CHECK(!fb_cache_access(&c, 1 * 64), "a line of the other set misses");
	CHECK(fb_cache_access(&c, 0 * 64), "line 0 is still in (2 ways)");
	CHECK(!fb_cache_access(&c, 4 * 64), "a third line of set 0 misses");
	CHECK(!fb_cache_access(&c, 2 * 64), "and evicted the least recently used, line 2");
	CHECK(!fb_cache_access(&c, 0 * 64), "whose refill evicted line 0 (used before line 4)");
	CHECK(fb_cache_access(&c, 1 * 64), "set 1 was untouched");
	fb_cache_flush_range(&c, 64, 127);
	CHECK(!fb_cache_access(&c, 1 * 64), "a flushed line misses");
	fb_cache_free(&c);
}

/* Misses of a second sweep over bytes of memory, line by line. */
static unsigned second_sweep_misses(uint64_t size, uint64_t bytes)
{
	struct fb_cache c;
	unsigned misses = 0;

	fb_cache_init(&c, &(struct fb_cache_geom){size, 8, 64});
	for (uint64_t a = 0; a < bytes; a += 64)
		fb_cache_access(&c, a);
	for (uint64_t a = 0; a < bytes; a += 64)
		misses += !fb_cache_access(&c, a);
	fb_cache_free(&c);
	return misses;
}

static void test_capacity(void)
{
	CHECK(second_sweep_misses(32 * KB, 32 * KB) == 0, "a sweep that fits hits every line");
	CHECK(second_sweep_misses(32 * KB, 64 * KB) == 1024,
	      "a sweep twice the size misses every line (LRU)");
}

/* The model's counts after a data sweep over bytes, and again. */
static void sweep(struct fb_model *m, uint64_t base, uint64_t bytes)
{
	for (uint64_t a = 0; a < bytes; a += 64)
		fb_model_data(m, 0, base + a, base + a, 8);
}

static void test_hierarchy(void)
{
	struct fb_cache_geom g[FB_ML_N];
	struct fb_model m;
	uint64_t before[FB_MC_N];
	char err[100];

	fb_model_default_geom(g);
	CHECK(fb_model_init(&m, g, 1, err, sizeof(err)) == 0, "the default model builds");
	fb_model_data(&m, 0, 0x1000, 0x7000, 8);
	CHECK(m.count[FB_MC_ACCESSES] == 1 && m.count[FB_MC_L1D_MISSES] == 1 &&
		      m.count[FB_MC_L2_MISSES] == 1 && m.count[FB_MC_LLC_MISSES] == 1 &&
		      m.count[FB_MC_TLB_MISSES] == 1,
	      "a first access misses every level and the TLB");
	fb_model_data(&m, 0, 0x1008, 0x7008, 8);
	CHECK(m.count[FB_MC_ACCESSES] == 2 && m.count[FB_MC_L1D_MISSES] == 1 &&
		      m.count[FB_MC_TLB_MISSES] == 1,
	      "the same line and page again hits");
	fb_model_data(&m, 0, 0x103c, 0x703c, 8);
	CHECK(m.count[FB_MC_L1D_MISSES] == 2, "an access split over two lines fetches both");

	/* 256 KiB: more than L1d, less than L2 */
	sweep(&m, 1 * MB, 256 * KB);
	memcpy(before, m.count, sizeof(before));
	sweep(&m, 1 * MB, 256 * KB);
	CHECK(m.count[FB_MC_L1D_MISSES] - before[FB_MC_L1D_MISSES] == 4096 &&
		      m.count[FB_MC_L2_MISSES] == before[FB_MC_L2_MISSES],
	      "a 256 KiB sweep misses L1d on every line and L2 on none");
	/* 4 MiB: more than L2, less than the last level */
	sweep(&m, 64 * MB, 4 * MB);
	memcpy(before, m.count, sizeof(before));
	sweep(&m, 64 * MB, 4 * MB);
	CHECK(m.count[FB_MC_L2_MISSES] - before[FB_MC_L2_MISSES] == 65536 &&
		      m.count[FB_MC_LLC_MISSES] == before[FB_MC_LLC_MISSES],
	      "a 4 MiB sweep misses L2 on every line and the last level on none");
	/* 32 MiB: more than the last level */
	sweep(&m, 512 * MB, 32 * MB);
	memcpy(before, m.count, sizeof(before));
	sweep(&m, 512 * MB, 32 * MB);
	CHECK(m.count[FB_MC_LLC_MISSES] - before[FB_MC_LLC_MISSES] == 524288,
	      "a 32 MiB sweep misses the 16 MiB last level on every line");

	/* instruction fetches go through L1i, then the same L2 */
	memcpy(before, m.count, sizeof(before));
	fb_model_fetch(&m, 0, 0x5000, 0xffffffff81000000ull);
	fb_model_fetch(&m, 0, 0x5000, 0xffffffff81000000ull);
	CHECK(m.count[FB_MC_L1I_MISSES] - before[FB_MC_L1I_MISSES] == 1 &&
		      m.count[FB_MC_L1D_MISSES] == before[FB_MC_L1D_MISSES] &&
		      m.count[FB_MC_ACCESSES] == before[FB_MC_ACCESSES],
	      "a fetch misses L1i once and is not a data access");
	fb_model_free(&m);
}

static void test_tlb(void)
{
	struct fb_cache_geom g[FB_ML_N];
	struct fb_model m;
	uint64_t before;
	char err[100];

	fb_model_default_geom(g);
	fb_model_init(&m, g, 2, err, sizeof(err));
	for (int pass = 0; pass < 2; pass++) {
		before = m.count[FB_MC_TLB_MISSES];
		for (uint64_t p = 0; p < 1024; p++)
			fb_model_data(&m, 0, p << 12, 0x400000 + (p << 12), 8);
	}
	CHECK(m.count[FB_MC_TLB_MISSES] == before, "1024 pages fit the 1536-entry TLB");
	for (int pass = 0; pass < 2; pass++) {
		before = m.count[FB_MC_TLB_MISSES];
		for (uint64_t p = 0; p < 4096; p++)
			fb_model_data(&m, 0, p << 12, 0x10000000 + (p << 12), 8);
	}
	CHECK(m.count[FB_MC_TLB_MISSES] - before == 4096, "4096 pages do not: every one misses");

	fb_model_data(&m, 0, 0x1000, 0x400000, 8);
	fb_model_data(&m, 0, 0x2000, 0xffff888000002000ull, 8);
	fb_model_data(&m, 1, 0x1000, 0x400000, 8);
	fb_model_new_address_space(&m, 0);
	before = m.count[FB_MC_TLB_MISSES];
	fb_model_data(&m, 0, 0x2000, 0xffff888000002000ull, 8);
	CHECK(m.count[FB_MC_TLB_MISSES] == before, "a kernel page survives a CR3 write");
	fb_model_data(&m, 1, 0x1000, 0x400000, 8);
	CHECK(m.count[FB_MC_TLB_MISSES] == before, "another CPU's TLB is not flushed");
	fb_model_data(&m, 0, 0x1000, 0x400000, 8);
	CHECK(m.count[FB_MC_TLB_MISSES] == before + 1, "a user page misses after it");
	fb_model_free(&m);

	g[FB_ML_L2].size = 3 * MB;
	CHECK(fb_model_init(&m, g, 1, err, sizeof(err)) == -1 && strstr(err, "l2"),
	      "a bad L2 geometry is refused, naming the level (%s)", err);
}

int main(void)
{
	test_geometry();
	test_lru();
	test_capacity();
	test_hierarchy();
	test_tlb();
	return tap_done();
}

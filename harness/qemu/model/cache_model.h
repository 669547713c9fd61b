/* SPDX-License-Identifier: MIT */
/*
 * The cache model of forkbench's QEMU plugin, apart from QEMU so that it
 * can be tested on synthetic addresses: set-associative caches with true
 * LRU replacement, and a hierarchy of them per CPU (L1i, L1d, a unified
 * L2, a TLB) over one last level shared by all CPUs.
 *
 * What it is not (docs/model.md): no out-of-order overlap of misses, no
 * prefetcher, no write-back traffic (a store allocates its line like a
 * load), no coherence between CPUs' private levels, no page-walk
 * accesses, one TLB entry per 4 KiB page whatever the page size.
 */
#ifndef FORKBENCH_CACHE_MODEL_H
#define FORKBENCH_CACHE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fb_cache_geom {
	uint64_t size;	/* bytes (for a TLB: entries) */
	uint32_t assoc; /* ways */
	uint32_t line;	/* bytes a line (for a TLB: bytes a page) */
};

struct fb_cache {
	struct fb_cache_geom g;
	uint32_t sets, line_shift;
	uint64_t *tag;	 /* sets * assoc: line number + 1, 0 for an empty way */
	uint64_t *stamp; /* last use, for LRU */
	uint64_t clock;
};

/* Checks a geometry: power-of-two line and sets, assoc >= 1. NULL or why not. */
const char *fb_cache_geom_check(const struct fb_cache_geom *g);

/* 0, or -1 when out of memory (the geometry must have passed the check). */
int fb_cache_init(struct fb_cache *c, const struct fb_cache_geom *g);
void fb_cache_free(struct fb_cache *c);

/* Looks up the line holding addr, fills it on a miss. Returns true on a hit. */
bool fb_cache_access(struct fb_cache *c, uint64_t addr);

/* Empties every way holding a line of [lo, hi] (a TLB's user half, say). */
void fb_cache_flush_range(struct fb_cache *c, uint64_t lo, uint64_t hi);

/* What the model counts; every figure a window carries. */
enum fb_model_counter {
	FB_MC_INSTRUCTIONS,
	FB_MC_ACCESSES, /* data loads and stores (fetches are the instructions) */
	FB_MC_L1I_MISSES,
	FB_MC_L1D_MISSES,
	FB_MC_L2_MISSES,
	FB_MC_LLC_MISSES,
	FB_MC_TLB_MISSES,
	FB_MC_N
};

/* The names results files use for the counters, in enum order. */
extern const char *const fb_model_counter_names[FB_MC_N];

enum fb_model_level { FB_ML_L1I, FB_ML_L1D, FB_ML_L2, FB_ML_LLC, FB_ML_TLB, FB_ML_N };

/* The names of the levels, as the plugin's options and results files spell them. */
extern const char *const fb_model_level_names[FB_ML_N];

struct fb_model_cpu {
	struct fb_cache l1i, l1d, l2, tlb;
};

struct fb_model {
	struct fb_cache_geom geom[FB_ML_N];
	struct fb_cache llc;
	struct fb_model_cpu *cpu;
	unsigned ncpus;
	uint64_t count[FB_MC_N]; /* totals since the start; windows are differences */
};

/*
 * Defaults like one core of a common x86 server (Intel Skylake-SP):
 * L1i and L1d 32 KiB 8-way, L2 1 MiB 16-way, a 16 MiB 16-way slice of
 * the last level, 64-byte lines, a 1536-entry 12-way second-level TLB.
 */
void fb_model_default_geom(struct fb_cache_geom geom[FB_ML_N]);

/* 0, or -1 with a reason in err. */
int fb_model_init(struct fb_model *m, const struct fb_cache_geom geom[FB_ML_N], unsigned ncpus,
		  char *err, size_t errlen);
void fb_model_free(struct fb_model *m);

/*
 * An instruction fetch from the line holding key (a physical address, or
 * any key one-to-one with one) at virtual address vaddr. Instructions
 * themselves are counted apart (fb_model::count[FB_MC_INSTRUCTIONS]).
 */
void fb_model_fetch(struct fb_model *m, unsigned cpu, uint64_t key, uint64_t vaddr);

/* A data access of size bytes at physical address paddr, virtual vaddr. */
void fb_model_data(struct fb_model *m, unsigned cpu, uint64_t paddr, uint64_t vaddr, unsigned size);

/*
 * The CPU's address space changed (a CR3 write): its TLB forgets the user
 * half, as a CPU without PCIDs does; the kernel's pages are global.
 */
void fb_model_new_address_space(struct fb_model *m, unsigned cpu);

#endif

// SPDX-License-Identifier: MIT
/* Set-associative LRU caches and the hierarchy the plugin feeds (cache_model.h). */
#include "cache_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const fb_model_counter_names[FB_MC_N] = {
	"instructions", "accesses",   "l1i_misses", "l1d_misses",
	"l2_misses",	"llc_misses", "tlb_misses",
};

const char *const fb_model_level_names[FB_ML_N] = {"l1i", "l1d", "l2", "llc", "tlb"};

/* The lowest virtual address of the kernel half on x86-64 (4-level paging). */
#define KERNEL_HALF 0xffff800000000000ull
#define PAGE_SHIFT  12

static bool pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

const char *fb_cache_geom_check(const struct fb_cache_geom *g)
{
	if (!pow2(g->line))
		return "the line size must be a power of two";
	if (g->assoc == 0)
		return "the associativity must be at least 1";
	if (g->size % ((uint64_t)g->line * g->assoc))
		return "the size must be a multiple of line size x associativity";
	if (!pow2(g->size / ((uint64_t)g->line * g->assoc)))
		return "the number of sets (size / line / associativity) must be a power of two";
	if (g->size / g->line > (1u << 28))
		return "too large (more than 2^28 lines)";
	return NULL;
}

int fb_cache_init(struct fb_cache *c, const struct fb_cache_geom *g)
{
	size_t ways;

	memset(c, 0, sizeof(*c));
	c->g = *g;
	c->sets = (uint32_t)(g->size / ((uint64_t)g->line * g->assoc));
	c->line_shift = (uint32_t)__builtin_ctzll(g->line);
	ways = (size_t)c->sets * g->assoc;
	c->tag = calloc(ways, sizeof(*c->tag));
	c->stamp = calloc(ways, sizeof(*c->stamp));
	if (!c->tag || !c->stamp) {
		fb_cache_free(c);
		return -1;
	}
	return 0;
}

void fb_cache_free(struct fb_cache *c)
{
	free(c->tag);
	free(c->stamp);
	c->tag = c->stamp = NULL;
}

bool fb_cache_access(struct fb_cache *c, uint64_t addr)
{
	uint64_t line = addr >> c->line_shift;
	size_t base = (size_t)(line & (c->sets - 1)) * c->g.assoc, victim = base;
	uint64_t *tag = c->tag, *stamp = c->stamp;

	c->clock++;
	for (size_t w = base; w < base + c->g.assoc; w++) {
		if (tag[w] == line + 1) {
			stamp[w] = c->clock;
			return true;
		}
		/* an empty way has stamp 0, older than any line's: it is taken first */
		if (stamp[w] < stamp[victim])
			victim = w;
	}
	tag[victim] = line + 1;
	stamp[victim] = c->clock;
	return false;
}

void fb_cache_flush_range(struct fb_cache *c, uint64_t lo, uint64_t hi)
{
	uint64_t first = lo >> c->line_shift, last = hi >> c->line_shift;
	size_t ways = (size_t)c->sets * c->g.assoc;

	for (size_t w = 0; w < ways; w++)
		if (c->tag[w] && c->tag[w] - 1 >= first && c->tag[w] - 1 <= last) {
			c->tag[w] = 0;
			c->stamp[w] = 0;
		}
}

void fb_model_default_geom(struct fb_cache_geom geom[FB_ML_N])
{
	geom[FB_ML_L1I] = (struct fb_cache_geom){32 << 10, 8, 64};
	geom[FB_ML_L1D] = (struct fb_cache_geom){32 << 10, 8, 64};
	geom[FB_ML_L2] = (struct fb_cache_geom){1 << 20, 16, 64};
	geom[FB_ML_LLC] = (struct fb_cache_geom){16 << 20, 16, 64};
	geom[FB_ML_TLB] = (struct fb_cache_geom){1536, 12, 1};
}

/* A TLB is a cache of pages: its "line" is one page, its size counts entries. */
static struct fb_cache_geom tlb_as_cache(const struct fb_cache_geom *g)
{
	return (struct fb_cache_geom){g->size << PAGE_SHIFT, g->assoc, 1u << PAGE_SHIFT};
}

int fb_model_init(struct fb_model *m, const struct fb_cache_geom geom[FB_ML_N], unsigned ncpus,
		  char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->geom, geom, sizeof(m->geom));
	for (int l = 0; l < FB_ML_N; l++) {
		struct fb_cache_geom g = l == FB_ML_TLB ? tlb_as_cache(&geom[l]) : geom[l];
		const char *why = fb_cache_geom_check(&g);

		if (l == FB_ML_TLB && geom[l].line != 1)
			why = "a TLB has no line size: give its entries and associativity";
		if (why) {
			snprintf(err, errlen, "%s: %s", fb_model_level_names[l], why);
			return -1;
		}
	}
	m->ncpus = ncpus ? ncpus : 1;
	m->cpu = calloc(m->ncpus, sizeof(*m->cpu));
	if (!m->cpu || fb_cache_init(&m->llc, &geom[FB_ML_LLC]))
		goto oom;
	for (unsigned i = 0; i < m->ncpus; i++) {
		struct fb_model_cpu *c = &m->cpu[i];
		struct fb_cache_geom tlb = tlb_as_cache(&geom[FB_ML_TLB]);

		if (fb_cache_init(&c->l1i, &geom[FB_ML_L1I]) ||
		    fb_cache_init(&c->l1d, &geom[FB_ML_L1D]) ||
		    fb_cache_init(&c->l2, &geom[FB_ML_L2]) || fb_cache_init(&c->tlb, &tlb))
			goto oom;
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory for the caches");
	fb_model_free(m);
	return -1;
}

void fb_model_free(struct fb_model *m)
{
	for (unsigned i = 0; m->cpu && i < m->ncpus; i++) {
		fb_cache_free(&m->cpu[i].l1i);
		fb_cache_free(&m->cpu[i].l1d);
		fb_cache_free(&m->cpu[i].l2);
		fb_cache_free(&m->cpu[i].tlb);
	}
	free(m->cpu);
	m->cpu = NULL;
	fb_cache_free(&m->llc);
}

static struct fb_model_cpu *cpu_of(struct fb_model *m, unsigned cpu)
{
	return &m->cpu[cpu < m->ncpus ? cpu : 0];
}

/* A first-level miss goes on to L2, and an L2 miss to the last level. */
static void below_l1(struct fb_model *m, struct fb_model_cpu *c, uint64_t key)
{
	if (fb_cache_access(&c->l2, key))
		return;
	m->count[FB_MC_L2_MISSES]++;
	if (!fb_cache_access(&m->llc, key))
		m->count[FB_MC_LLC_MISSES]++;
}

static void translate(struct fb_model *m, struct fb_model_cpu *c, uint64_t vaddr)
{
	if (!fb_cache_access(&c->tlb, vaddr))
		m->count[FB_MC_TLB_MISSES]++;
}

void fb_model_fetch(struct fb_model *m, unsigned cpu, uint64_t key, uint64_t vaddr)
{
	struct fb_model_cpu *c = cpu_of(m, cpu);

	translate(m, c, vaddr);
	if (fb_cache_access(&c->l1i, key))
		return;
	m->count[FB_MC_L1I_MISSES]++;
	below_l1(m, c, key);
}

static void data_line(struct fb_model *m, struct fb_model_cpu *c, uint64_t paddr)
{
	if (fb_cache_access(&c->l1d, paddr))
		return;
	m->count[FB_MC_L1D_MISSES]++;
	below_l1(m, c, paddr);
}

void fb_model_data(struct fb_model *m, unsigned cpu, uint64_t paddr, uint64_t vaddr, unsigned size)
{
	struct fb_model_cpu *c = cpu_of(m, cpu);
	uint64_t line = m->geom[FB_ML_L1D].line;
	uint64_t last = paddr + (size ? size : 1) - 1;

	m->count[FB_MC_ACCESSES]++;
	translate(m, c, vaddr);
	data_line(m, c, paddr);
	/* an access split over two lines touches both (and, rarely, two pages) */
	if (last / line != paddr / line)
		data_line(m, c, last);
	if ((vaddr >> PAGE_SHIFT) != ((vaddr + (last - paddr)) >> PAGE_SHIFT))
		translate(m, c, vaddr + (last - paddr));
}

void fb_model_new_address_space(struct fb_model *m, unsigned cpu)
{
	fb_cache_flush_range(&cpu_of(m, cpu)->tlb, 0, KERNEL_HALF - 1);
}

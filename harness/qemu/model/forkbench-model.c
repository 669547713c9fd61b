// SPDX-License-Identifier: MIT
/*
 * forkbench-model: a QEMU TCG plugin (QEMU 7.2, plugin API version 1)
 * that runs a cache and TLB model (cache_model.h) over every instruction
 * fetch and data access of every vCPU, kernel and user alike, and writes,
 * for each sample forkbench's worker marks (bench/core/model_mark.h), the
 * counts of its create and round-trip windows to a text file that
 * forkbench-model-join joins to the results (docs/model.md).
 *
 *   qemu-system-x86_64 -accel tcg,thread=single -icount shift=0,sleep=off \
 *       -plugin ./forkbench-model.so,out=windows.txt[,l2_size=2M,...] ...
 *
 * Options (sizes take K, M or G): out=FILE (required); l1i_size,
 * l1i_assoc, l1d_size, l1d_assoc, l2_size, l2_assoc, llc_size, llc_assoc,
 * line (bytes, every cache), tlb_entries, tlb_assoc.
 *
 * It needs single-threaded TCG (what -icount runs): its counters and
 * caches are not locked.
 */
#include "cache_model.h"
#include "mark_decode.h"
#include "core/model_mark.h"
#include "qemu/qemu-plugin.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define FORMAT_LINE "# forkbench-model 1"
#define REGION_BITS 21 /* QEMU maps guest RAM 2 MiB-aligned on x86-64 Linux hosts */
#define CODE_KEY    (1ull << 62)

static struct fb_model model;
static FILE *out;

/*
 * Where a sample's windows stand: each mark moves them on, an out-of-order
 * mark is counted and dropped, never joined to a sample.
 */
enum phase { IDLE, OPEN, CREATED, REAPED };
static enum phase phase;
static uint64_t at_open[FB_MC_N], at_created[FB_MC_N], at_reaped[FB_MC_N];
static uint32_t id_word[2];
static unsigned id_next;
static uint64_t windows, abandoned, stray, dropped;

/*
 * One instruction-fetch site: the code line(s) an instruction starts,
 * interned so that retranslating a block reuses them.
 */
struct fetch_site {
	uint64_t key, vaddr, key2; /* key2: a second line the instruction reaches, or 0 */
	struct fetch_site *next;
};
#define SITE_BUCKETS (1u << 16)
static struct fetch_site *sites[SITE_BUCKETS];

/*
 * Host 2 MiB regions of code, numbered in the order they are first met:
 * with the offset inside the region (the guest's physical address modulo
 * 2 MiB), a code key is one-to-one with a guest line and the same in
 * every boot that runs the same code, whatever address the host's ASLR
 * gave QEMU's RAM.
 */
#define MAX_REGIONS 65536
static uintptr_t region_host[MAX_REGIONS];
static unsigned nregions;

static uint64_t code_key(uintptr_t haddr, uint64_t vaddr)
{
	static unsigned last; /* most code keys are in the region of the one before */
	uintptr_t region = haddr >> REGION_BITS;
	unsigned i = last;

	if (!haddr) /* code QEMU cannot map (an I/O region): keyed by its virtual address */
		return CODE_KEY | 1ull << 61 | (vaddr & ((1ull << 61) - 1));
	if (i >= nregions || region_host[i] != region) {
		for (i = 0; i < nregions && region_host[i] != region; i++)
			;
		if (i == nregions && nregions < MAX_REGIONS)
			region_host[nregions++] = region;
		last = i;
	}
	return CODE_KEY | (uint64_t)i << REGION_BITS | (haddr & ((1u << REGION_BITS) - 1));
}

static struct fetch_site *site_of(uint64_t key, uint64_t vaddr, uint64_t key2)
{
	uint64_t h = (key ^ key2 * 31) * 0x9e3779b97f4a7c15ull;
	struct fetch_site **b = &sites[h >> (64 - 16)], *s;

	for (s = *b; s; s = s->next)
		if (s->key == key && s->vaddr == vaddr && s->key2 == key2)
			return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		abort(); /* QEMU itself aborts on allocation failure (g_malloc) */
	*s = (struct fetch_site){key, vaddr, key2, *b};
	*b = s;
	return s;
}

static void fetch_cb(unsigned int vcpu, void *udata)
{
	const struct fetch_site *s = udata;

	fb_model_fetch(&model, vcpu, s->key, s->vaddr);
	if (s->key2)
		fb_model_fetch(&model, vcpu, s->key2, s->vaddr);
}

static void data_cb(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
	struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);

	(void)udata;
	if (!hw || qemu_plugin_hwaddr_is_io(hw))
		return; /* device registers: no cache in between */
	fb_model_data(&model, vcpu, qemu_plugin_hwaddr_phys_addr(hw), vaddr,
		      1u << qemu_plugin_mem_size_shift(info));
}

static void cr3_cb(unsigned int vcpu, void *udata)
{
	(void)udata;
	fb_model_new_address_space(&model, vcpu);
}

static void emit(void)
{
	fprintf(out, "w %" PRIu32 " %" PRIu32, id_word[1], id_word[0]);
	for (int i = 0; i < FB_MC_N; i++)
		fprintf(out, " %" PRIu64, at_created[i] - at_open[i]);
	for (int i = 0; i < FB_MC_N; i++)
		fprintf(out, " %" PRIu64, at_reaped[i] - at_open[i]);
	fputc('\n', out);
	windows++;
}

static void window_cb(unsigned int vcpu, void *udata)
{
	unsigned what = (unsigned)(uintptr_t)udata;

	(void)vcpu;
	switch (what) {
	case FB_MARK_OPEN:
		if (phase != IDLE)
			abandoned++; /* a sample that failed before its marks, say */
		memcpy(at_open, model.count, sizeof(at_open));
		phase = OPEN;
		break;
	case FB_MARK_CREATED:
		if (phase == OPEN) {
			memcpy(at_created, model.count, sizeof(at_created));
			phase = CREATED;
		} else {
			stray++;
		}
		break;
	case FB_MARK_REAPED:
		if (phase == CREATED) {
			memcpy(at_reaped, model.count, sizeof(at_reaped));
			phase = REAPED;
		} else {
			stray++;
			phase = IDLE;
		}
		break;
	}
}

/* Id byte k is the low byte of the address its load read (model_mark.h). */
static void id_cb(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
	unsigned k = (unsigned)(uintptr_t)udata;

	(void)vcpu;
	(void)info;
	if (k == 0) {
		id_word[0] = id_word[1] = 0;
		id_next = 0;
	}
	if (k != id_next) { /* a byte was missed: this id cannot be trusted */
		id_next = FB_MARK_ID_BYTES + 1;
		return;
	}
	id_word[k / 4] |= (uint32_t)(vaddr & 0xff) << (8 * (k % 4));
	if (++id_next < FB_MARK_ID_BYTES)
		return;
	if (phase == REAPED)
		emit();
	else
		dropped++; /* an id without a whole window */
	phase = IDLE;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	uint64_t line_mask = ~(uint64_t)(model.geom[FB_ML_L1I].line - 1);
	uint64_t last_line = 0; /* the line the previous instruction ended in; 0: none yet */

	(void)id;
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		size_t size = qemu_plugin_insn_size(insn);
		uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
		uintptr_t haddr = (uintptr_t)qemu_plugin_insn_haddr(insn);
		uint64_t first = code_key(haddr, vaddr) & line_mask, end = first;
		unsigned arg;
		enum fb_insn_kind kind = fb_insn_decode(qemu_plugin_insn_data(insn), size, &arg);

		/* the last byte's line, unless the instruction crosses into another page */
		if (haddr && ((vaddr ^ (vaddr + size - 1)) >> 12) == 0)
			end = code_key(haddr + size - 1, vaddr) & line_mask;
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
							   &model.count[FB_MC_INSTRUCTIONS], 1);
		/* a block runs straight through: a line already fetched is fetched once */
		if (first != last_line || end != first)
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, fetch_cb, QEMU_PLUGIN_CB_NO_REGS,
				site_of(first == last_line ? end : first, vaddr,
					first != last_line && end != first ? end : 0));
		last_line = end;
		switch (kind) {
		case FB_INSN_WINDOW:
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, window_cb, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)arg);
			break;
		case FB_INSN_ID:
			/*
			 * The id's loads are the marks' own: the caches never see them.
			 * MEM_RW although they only load: QEMU 7.2 never calls a
			 * MEM_R callback for a load (plugin-gen.c's op_rw() tests
			 * rw + 1).
			 */
			qemu_plugin_register_vcpu_mem_cb(insn, id_cb, QEMU_PLUGIN_CB_NO_REGS,
							 QEMU_PLUGIN_MEM_RW,
							 (void *)(uintptr_t)arg);
			continue;
		case FB_INSN_CR3_WRITE:
			qemu_plugin_register_vcpu_insn_exec_cb(insn, cr3_cb, QEMU_PLUGIN_CB_NO_REGS,
							       NULL);
			break;
		case FB_INSN_PLAIN:
			break;
		}
		qemu_plugin_register_vcpu_mem_cb(insn, data_cb, QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, NULL);
	}
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	fprintf(out,
		"# end windows=%" PRIu64 " abandoned=%" PRIu64 " stray=%" PRIu64 " dropped=%" PRIu64
		" instructions=%" PRIu64 "\n",
		windows, abandoned, stray, dropped, model.count[FB_MC_INSTRUCTIONS]);
	fclose(out);
	fb_model_free(&model);
}

/* A size with an optional K, M or G; 0 when it is not one. */
static uint64_t parse_size(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return 0;
	switch (*end) {
	case 'K':
	case 'k':
		v <<= 10;
		end++;
		break;
	case 'M':
	case 'm':
		v <<= 20;
		end++;
		break;
	case 'G':
	case 'g':
		v <<= 30;
		end++;
		break;
	}
	return *end ? 0 : v;
}

/* Sets the field an option names; -1 when it names none or its value is not a size. */
static int set_option(struct fb_cache_geom geom[FB_ML_N], const char *key, const char *val,
		      const char **path)
{
	uint64_t v;

	if (!strcmp(key, "out")) {
		*path = val;
		return 0;
	}
	v = parse_size(val);
	if (!v || v > UINT32_MAX * 64ull)
		return -1;
	if (!strcmp(key, "line")) {
		for (int l = 0; l < FB_ML_TLB; l++)
			geom[l].line = (uint32_t)v;
		return 0;
	}
	if (!strcmp(key, "tlb_entries")) {
		geom[FB_ML_TLB].size = v;
		return 0;
	}
	for (int l = 0; l < FB_ML_N; l++) {
		size_t len = strlen(fb_model_level_names[l]);

		if (strncmp(key, fb_model_level_names[l], len) || key[len] != '_')
			continue;
		if (l != FB_ML_TLB && !strcmp(key + len, "_size"))
			geom[l].size = v;
		else if (!strcmp(key + len, "_assoc") && v <= 1024)
			geom[l].assoc = (uint32_t)v;
		else
			return -1;
		return 0;
	}
	return -1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
					   char **argv)
{
	struct fb_cache_geom geom[FB_ML_N];
	const char *path = NULL;
	char err[160];

	if (!info->system_emulation) {
		fprintf(stderr, "forkbench-model: needs system emulation (qemu-system-*)\n");
		return -1;
	}
	fb_model_default_geom(geom);
	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq) {
			fprintf(stderr, "forkbench-model: option '%s' is not KEY=VALUE\n", argv[i]);
			return -1;
		}
		*eq = '\0';
		if (set_option(geom, argv[i], eq + 1, &path)) {
			fprintf(stderr, "forkbench-model: bad option %s=%s\n", argv[i], eq + 1);
			return -1;
		}
	}
	if (!path) {
		fprintf(stderr, "forkbench-model: out=FILE is required\n");
		return -1;
	}
	if (fb_model_init(&model, geom, (unsigned)info->system.max_vcpus, err, sizeof(err))) {
		fprintf(stderr, "forkbench-model: %s\n", err);
		return -1;
	}
	out = fopen(path, "w");
	if (!out) {
		fprintf(stderr, "forkbench-model: cannot write %s: %s\n", path, strerror(errno));
		fb_model_free(&model);
		return -1;
	}
	fprintf(out, "%s\n# geometry", FORMAT_LINE);
	for (int l = 0; l < FB_ML_N; l++)
		fprintf(out, " %s=%" PRIu64 "/%" PRIu32 "/%" PRIu32, fb_model_level_names[l],
			geom[l].size, geom[l].assoc, geom[l].line);
	fprintf(out, "\n# vcpus %d\n# counters", info->system.max_vcpus);
	for (int c = 0; c < FB_MC_N; c++)
		fprintf(out, " %s", fb_model_counter_names[c]);
	fprintf(out, "\n# w PARENT_PID CHILD_PID then the counters of create, then of roundtrip\n");
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}

// SPDX-License-Identifier: MIT
#include "image.h"
#include "limit.h"
#include "procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif

#define THP_SIZE (2UL << 20)

const char *fb_thp_name(int thp)
{
	return thp == FB_THP_OFF ? "off" : thp == FB_THP_ON ? "on" : "system";
}

const char *fb_touch_name(int touch)
{
	return touch == FB_TOUCH_READ ? "read" : touch == FB_TOUCH_NONE ? "none" : "write";
}

int fb_thp_parse(const char *s, int *out)
{
	if (!strcmp(s, "off"))
		*out = FB_THP_OFF;
	else if (!strcmp(s, "on"))
		*out = FB_THP_ON;
	else if (!strcmp(s, "system"))
		*out = FB_THP_SYSTEM;
	else
		return -1;
	return 0;
}

int fb_touch_parse(const char *s, int *out)
{
	if (!strcmp(s, "write"))
		*out = FB_TOUCH_WRITE;
	else if (!strcmp(s, "read"))
		*out = FB_TOUCH_READ;
	else if (!strcmp(s, "none"))
		*out = FB_TOUCH_NONE;
	else
		return -1;
	return 0;
}

static size_t round_up(size_t v, size_t to)
{
	return (v + to - 1) / to * to;
}

static int log2_of(uint64_t v)
{
	int s = 0;

	while ((1ULL << s) < v)
		s++;
	return s;
}

static void *idle_thread(void *arg)
{
	sigset_t all;

	(void)arg;
	/* Signals belong to the main thread, which checks the stop flag. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	for (;;)
		pause();
	return NULL;
}

static int start_threads(struct fb_image *img, uint32_t n, char *err, size_t errlen)
{
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 << 10);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (uint32_t i = 0; i < n; i++) {
		pthread_t t;
		int rc = pthread_create(&t, &attr, idle_thread, NULL);

		if (rc) {
			char why[200] = "";

			/* EAGAIN: RLIMIT_NPROC, threads-max, or no room for the stack */
			if (rc == EAGAIN) {
				enum fb_limit l = fb_limit_eagain(64 << 10, why, sizeof(why));

				img->limit = l == FB_LIMIT_NPROC || l == FB_LIMIT_NONE
						     ? FB_LIMIT_IMAGE_THREADS
						     : l;
			}
			snprintf(err, errlen, "cannot start idle thread %u of %u: %s%s%s%s", i + 1,
				 n, strerror(rc), why[0] ? " (" : "", why, why[0] ? ")" : "");
			pthread_attr_destroy(&attr);
			return -1;
		}
		img->nthreads++;
	}
	pthread_attr_destroy(&attr);
	return 0;
}

static int open_fds(struct fb_image *img, uint32_t n, char *err, size_t errlen)
{
	img->fd_base = -1;
	for (uint32_t i = 0; i < n; i++) {
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			int e = errno;

			snprintf(err, errlen, "cannot open descriptor %u of %u: %s%s", i + 1, n,
				 strerror(e), e == EMFILE ? " (RLIMIT_NOFILE reached)" : "");
			if (e == EMFILE)
				img->limit = FB_LIMIT_IMAGE_FDS;
			return -1;
		}
		if (img->fd_base < 0)
			img->fd_base = fd;
		img->nfds++;
	}
	return 0;
}

/*
 * Plain stores, even in sanitizer builds: ASan's shadow of the region would
 * add an eighth of it to Rss and spoil the image being measured.
 */
__attribute__((no_sanitize_address)) static void touch_region(const struct fb_region *r, int touch)
{
	/* Faults go by base page even under THP: the first touch of a 2M extent maps it whole. */
	const size_t step = 4096;

	if (touch == FB_TOUCH_WRITE) {
		for (size_t off = 0; off < r->len; off += step)
			r->base[off] = 1;
	} else if (touch == FB_TOUCH_READ) {
		volatile const char *p = r->base;
		char sink = 0;

		for (size_t off = 0; off < r->len; off += step)
			sink ^= p[off];
		(void)sink;
	}
}

/* A chunk that found no memory: which limit, said. */
static void fail_enomem(struct fb_image *img, size_t chunk, char *err, size_t errlen)
{
	char why[200];

	img->limit = fb_limit_enomem(chunk, why, sizeof(why));
	snprintf(err, errlen, "mmap of %zu bytes failed: %s (%s)", chunk, strerror(ENOMEM), why);
}

static int map_regions(struct fb_image *img, const struct fb_image_cfg *cfg, char *err,
		       size_t errlen)
{
	size_t page = cfg->hugetlb_bytes ? cfg->hugetlb_bytes : 4096;
	uint32_t n = cfg->vmas ? cfg->vmas : 1;
	size_t chunk = round_up(cfg->rss_bytes / n ? cfg->rss_bytes / n : 1, page);
	/* Chunks are THP-aligned when THP is asked for, so that huge pages can back them. */
	size_t align =
		cfg->hugetlb_bytes ? cfg->hugetlb_bytes : (cfg->thp == FB_THP_ON ? THP_SIZE : page);
	size_t stride = round_up(chunk, align) + align; /* an unmapped hole keeps VMAs apart */
	size_t reserve = stride * n + align;
	int prot = PROT_READ | PROT_WRITE;
	int flags = (cfg->shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_FIXED;
	char *res, *start;

	if (cfg->hugetlb_bytes)
		flags |= MAP_HUGETLB | (log2_of(cfg->hugetlb_bytes) << MAP_HUGE_SHIFT);
	res = mmap(NULL, reserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED) {
		int e = errno;
		char why[200] = "";

		/* ENOMEM: RLIMIT_AS, or no memory left to map */
		if (e == ENOMEM)
			img->limit = fb_limit_enomem(reserve, why, sizeof(why));
		snprintf(err, errlen, "cannot reserve %zu bytes of address space: %s%s%s%s",
			 reserve, strerror(e), why[0] ? " (" : "", why, why[0] ? ")" : "");
		return -1;
	}
	start = (char *)round_up((size_t)res, align);
	for (uint32_t i = 0; i < n; i++) {
		char *want = start + (size_t)i * stride;
		char *p = mmap(want, chunk, prot, flags, -1, 0);

		if (p == MAP_FAILED) {
			if (cfg->hugetlb_bytes)
				snprintf(
					err, errlen,
					"mmap of %zu bytes of %zuK hugetlb pages failed: %s (is the pool big enough? see /sys/kernel/mm/hugepages/hugepages-%zukB/nr_hugepages)",
					chunk, page >> 10, strerror(errno), page >> 10);
			else if (errno == ENOMEM)
				fail_enomem(img, chunk, err, errlen);
			else
				snprintf(err, errlen, "mmap of %zu bytes failed: %s", chunk,
					 strerror(errno));
			munmap(res, reserve);
			return -1;
		}
		img->region[img->nregions].base = p;
		img->region[img->nregions].len = chunk;
		img->nregions++;
	}
	/* Give back the holes, so they are not VMAs of their own. */
	if (start > res)
		munmap(res, (size_t)(start - res));
	for (uint32_t i = 0; i < n; i++) {
		char *hole = img->region[i].base + chunk;
		char *next = i + 1 < n ? img->region[i + 1].base : res + reserve;

		if (next > hole)
			munmap(hole, (size_t)(next - hole));
	}
	img->page_size = page;
	img->pages = (uint64_t)n * (chunk / page);
	return 0;
}

static int advise_thp(struct fb_image *img, int thp, char *err, size_t errlen)
{
	int advice = thp == FB_THP_ON ? MADV_HUGEPAGE : MADV_NOHUGEPAGE;

	if (thp == FB_THP_SYSTEM)
		return 0;
	for (uint32_t i = 0; i < img->nregions; i++) {
		if (madvise(img->region[i].base, img->region[i].len, advice) != 0) {
			snprintf(err, errlen,
				 "madvise(%s) failed: %s (is THP built into this kernel?)",
				 thp == FB_THP_ON ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE",
				 strerror(errno));
			return -1;
		}
	}
	return 0;
}

int fb_image_build(struct fb_image *img, const struct fb_image_cfg *cfg, char *err, size_t errlen)
{
	/*
	 * Up to the regions, which are set as they are mapped: a memset of
	 * all FB_MAX_VMAS of them would leave 16 pages present in the worker,
	 * which each fork then copies.
	 */
	memset(img, 0, offsetof(struct fb_image, region));
	img->fd_base = -1;
	img->page_size = cfg->hugetlb_bytes ? cfg->hugetlb_bytes : 4096;
	if (cfg->vmas > FB_MAX_VMAS) {
		snprintf(err, errlen, "an image of %u VMAs is more than the %d it can have",
			 cfg->vmas, FB_MAX_VMAS);
		return -1;
	}
	if (cfg->hugetlb_bytes && cfg->thp != FB_THP_SYSTEM) {
		snprintf(err, errlen, "an image of hugetlb pages cannot also choose THP on or off");
		return -1;
	}
	if (cfg->rss_bytes) {
		if (map_regions(img, cfg, err, errlen) || advise_thp(img, cfg->thp, err, errlen))
			return -1;
		for (uint32_t i = 0; i < img->nregions; i++)
			touch_region(&img->region[i],
				     cfg->hugetlb_bytes ? FB_TOUCH_WRITE : cfg->touch);
	}
	if (open_fds(img, cfg->fds, err, errlen) || start_threads(img, cfg->threads, err, errlen))
		return -1;
	return 0;
}

int fb_image_read_facts(struct fb_image_facts *f)
{
	char buf[8192];

	memset(f, 0, sizeof(*f));
	if (fb_read_file("/proc/self/smaps_rollup", buf, sizeof(buf)) < 0)
		return -1;
	f->rss = fb_field_value(buf, "Rss");
	f->anon_huge = fb_field_value(buf, "AnonHugePages");
	f->hugetlb = fb_field_value(buf, "Private_Hugetlb") + fb_field_value(buf, "Shared_Hugetlb");
	if (fb_read_file("/proc/self/status", buf, sizeof(buf)) < 0)
		return -1;
	f->rss_anon = fb_field_value(buf, "RssAnon");
	f->shmem = fb_field_value(buf, "RssShmem");
	f->pte = fb_field_value(buf, "VmPTE");
	f->threads = fb_field_value(buf, "Threads");
	f->vmas = fb_count_lines("/proc/self/maps");
	f->fds = fb_count_dir("/proc/self/fd");
	return 0;
}

uint64_t fb_image_dirty_pages(const struct fb_image *img, double fraction)
{
	if (fraction <= 0)
		return 0;
	if (fraction >= 1)
		return img->pages;
	return (uint64_t)(fraction * (double)img->pages + 0.5);
}

/* Plain stores for the same reason as touch_region(): the COW fault count must be the image's. */
__attribute__((no_sanitize_address)) uint64_t fb_image_dirty(const struct fb_image *img,
							     double fraction, unsigned char value)
{
	uint64_t want = fb_image_dirty_pages(img, fraction), done = 0;
	uint64_t per_region, k;

	if (!want || !img->nregions)
		return 0;
	/* Spread the writes evenly: page k of the image for k = i * pages / want. */
	per_region = img->pages / img->nregions;
	for (uint64_t i = 0; i < want; i++) {
		k = i * img->pages / want;
		img->region[k / per_region].base[(k % per_region) * img->page_size] = value;
		done++;
	}
	return done;
}

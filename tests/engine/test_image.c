// SPDX-License-Identifier: MIT
/* The image really is what was asked: Rss within 5%, THP state, VMAs, fds, threads. */
#include "core/image.h"
#include "core/procfs.h"
#include "tap.h"

#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MiB (1LL << 20)

static int thp_available(void)
{
	char line[128];

	return fb_read_line("/sys/kernel/mm/transparent_hugepage/enabled", line, sizeof(line)) ==
		       0 &&
	       !strstr(line, "[never]");
}

/* Builds cfg in a child (images cannot be unbuilt) and checks it there. */
static void check(const char *what, struct fb_image_cfg cfg,
		  bool (*verify)(const struct fb_image_facts *before,
				 const struct fb_image_facts *after))
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		static struct fb_image img;
		struct fb_image_facts before, after;
		char err[256];
		bool rc;

		fb_image_read_facts(&before);
		if (fb_image_build(&img, &cfg, err, sizeof(err))) {
			tap_check(0, "%s: build failed: %s", what, err);
			_exit(1);
		}
		fb_image_read_facts(&after);
		rc = verify(&before, &after);
		fflush(stdout);
		_exit(rc ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	tap_n++;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		tap_failed++;
	printf("%s %d - %s (in a child)\n",
	       WIFEXITED(status) && !WEXITSTATUS(status) ? "ok" : "not ok", tap_n, what);
}

static bool rss_64m(const struct fb_image_facts *b, const struct fb_image_facts *a)
{
	int64_t grew = a->rss - b->rss;

	printf("# 64M write: Rss grew by %lld bytes, AnonHugePages %lld\n", (long long)grew,
	       (long long)a->anon_huge);
	/* --thp off: no huge pages either */
	return grew >= 64 * MiB * 95 / 100 && grew <= 64 * MiB * 105 / 100 &&
	       a->anon_huge <= b->anon_huge;
}

static bool thp_on(const struct fb_image_facts *b, const struct fb_image_facts *a)
{
	printf("# 64M thp on: AnonHugePages %lld, page tables %lld -> %lld\n",
	       (long long)a->anon_huge, (long long)b->pte, (long long)a->pte);
	return a->anon_huge - b->anon_huge >= 64 * MiB * 95 / 100;
}

/* Some hypervisor guest kernels (pvm_no_zero_page=1, as on our CI VMs) never map the zero page. */
static bool zero_page_disabled(void)
{
	char cmdline[4096];

	return fb_read_line("/proc/cmdline", cmdline, sizeof(cmdline)) == 0 &&
	       strstr(cmdline, "no_zero_page=1");
}

static bool read_touch(const struct fb_image_facts *b, const struct fb_image_facts *a)
{
	int64_t grew = a->rss - b->rss;

	printf("# 64M read: Rss grew by %lld%s\n", (long long)grew,
	       zero_page_disabled() ? " (this kernel maps no zero page: reads allocate)" : "");
	if (zero_page_disabled())
		return grew >= 64 * MiB * 95 / 100 && grew <= 64 * MiB * 105 / 100;
	return grew <= 4 * MiB;
}

static bool shape(const struct fb_image_facts *b, const struct fb_image_facts *a)
{
	printf("# vmas %lld -> %lld, fds %lld -> %lld, threads %lld -> %lld\n", (long long)b->vmas,
	       (long long)a->vmas, (long long)b->fds, (long long)a->fds, (long long)b->threads,
	       (long long)a->threads);
	/* 8 region VMAs, plus 3 thread stacks with their guard pages */
	/* 8 region VMAs, plus at least one (the stack) per thread */
	return a->vmas - b->vmas >= 8 + 3 && a->fds - b->fds == 10 && a->threads - b->threads == 3;
}

int main(void)
{
	struct fb_image_cfg cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.rss_bytes = 64 * MiB;
	cfg.thp = FB_THP_OFF;
	cfg.touch = FB_TOUCH_WRITE;
	cfg.vmas = 1;
	check("64M written with THP off reaches Rss +-5%, no huge pages", cfg, rss_64m);
	if (thp_available()) {
		cfg.thp = FB_THP_ON;
		check("64M written with THP on is in huge pages", cfg, thp_on);
	} else {
		tap_skip("THP is 'never' on this kernel");
	}
	cfg.thp = FB_THP_OFF;
	cfg.touch = FB_TOUCH_READ;
	check("64M read-touched maps the zero page, not memory", cfg, read_touch);
	cfg.rss_bytes = 8 * MiB;
	cfg.touch = FB_TOUCH_WRITE;
	cfg.vmas = 8;
	cfg.fds = 10;
	cfg.threads = 3;
	check("--vmas 8 --fds 10 --threads 3 shows in /proc", cfg, shape);
	return tap_done();
}

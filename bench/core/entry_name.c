// SPDX-License-Identifier: MIT
#include "entry_name.h"
#include "size_parse.h"

#include <stdarg.h>
#include <stdio.h>

/* Appends to buf at *off, never past len. */
__attribute__((format(printf, 4, 5))) static void add(char *buf, size_t len, size_t *off,
						      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off += (size_t)n;
}

void fb_entry_name(const struct fb_entry_params *p, char *buf, size_t len)
{
	const struct fb_image_cfg *c = &p->image;
	char size[32];
	size_t off = 0;

	if (!len)
		return;
	buf[0] = '\0';
	fb_format_size(c->rss_bytes, size, sizeof(size));
	add(buf, len, &off, "%s rss=%s thp=%s", p->method, size, fb_thp_name(c->thp));
	if (c->hugetlb_bytes) {
		fb_format_size(c->hugetlb_bytes, size, sizeof(size));
		add(buf, len, &off, " hugetlb=%s", size);
	}
	if (c->touch != FB_TOUCH_WRITE)
		add(buf, len, &off, " touch=%s", fb_touch_name(c->touch));
	if (c->shared)
		add(buf, len, &off, " shared");
	if (c->vmas > 1)
		add(buf, len, &off, " vmas=%u", c->vmas);
	if (c->fds)
		add(buf, len, &off, " fds=%u", c->fds);
	if (c->threads)
		add(buf, len, &off, " threads=%u", c->threads);
	/* enum fb_cow_side (methods/method.h): 1 is the parent */
	if (p->cow_fraction > 0)
		add(buf, len, &off, " cow=%g%s", p->cow_fraction,
		    p->cow_side == 1 ? " cow-side=parent" : "");
	if (p->parallel > 1)
		add(buf, len, &off, " parallel=%d", p->parallel);
	if (p->cpu >= 0)
		add(buf, len, &off, " cpu=%d", p->cpu);
	if (p->child_cpu >= 0)
		add(buf, len, &off, " child-cpu=%d", p->child_cpu);
}

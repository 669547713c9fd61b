// SPDX-License-Identifier: MIT
#include "results_csv.h"
#include "csv_field.h"
#include "atomic_file.h"

#include "methods/method.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

static const char *run_label(const struct fb_run *run)
{
	static struct utsname u;

	if (run->opts.label)
		return run->opts.label;
	uname(&u);
	return u.release;
}

/* Closes the memstream (which is when buf and len become final) and writes it out. */
static int finish(FILE *f, char **buf, size_t *len, const char *path)
{
	int rc;

	if (fclose(f) != 0) {
		free(*buf);
		errno = ENOMEM;
		return -1;
	}
	rc = fb_write_atomic(path, *buf, *len);
	free(*buf);
	return rc;
}

void fb_csv_text_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Columns that identify an entry, shared by both exports. */
static void entry_columns(FILE *f, const struct fb_run *run, const struct fb_entry *e)
{
	const struct fb_image_cfg *c = &run->images[e->image].cfg;
	const struct fb_method *m = fb_methods[e->method];

	fb_csv_text_field(f, run_label(run));
	fprintf(f, ",%s,%llu,%s,%s,%u,%u,%u,%d,%llu,%g,%s", m->name,
		(unsigned long long)c->rss_bytes, fb_thp_name(c->thp), fb_touch_name(c->touch),
		c->vmas, c->fds, c->threads, c->shared ? 1 : 0,
		(unsigned long long)c->hugetlb_bytes,
		fb_method_cow_fraction(m, run->opts.cow_fraction),
		fb_method_cow_side(m, run->opts.cow_side) == FB_COW_PARENT ? "parent" : "child");
}

#define ENTRY_HEADER                                                                               \
	"label,method,rss_bytes,thp,touch,vmas,fds,threads,shared,hugetlb_bytes,cow_fraction,cow_side"

/*
 * The parameters ENTRY_HEADER lacks, and the entry's name, last: gnuplot
 * reads the columns before them by position (the .gp files in plots/).
 */
#define TAIL_HEADER "parallel,cpu,child_cpu,entry"

static void tail_columns(FILE *f, const struct fb_run *run, const struct fb_entry *e)
{
	fprintf(f, ",%d,%d,%d,", run->opts.parallel, run->opts.cpu,
		fb_method_child_cpu(fb_methods[e->method], run->opts.child_cpu));
	fb_csv_text_field(f, e->label);
	fputc('\n', f);
}

/* The median's CI as two cells, empty (NA in pandas and R) where too few samples give one. */
static void ci_cells(FILE *f, const struct fb_summary *s)
{
	if (isnan(s->ci_lo))
		fputs(",,", f);
	else
		fprintf(f, ",%.0f,%.0f", s->ci_lo, s->ci_hi);
}

int fb_results_write_csv(const struct fb_run *run, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return -1;
	fprintf(f,
		"%s,point,status,n,min,p10,p25,p50,p75,p90,p99,p99_9,max,mean,stddev,mad,ci_lo,ci_hi,outliers,cow_pages,per_page_p50,%s\n",
		ENTRY_HEADER, TAIL_HEADER);
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];
		uint64_t cow_pages = run->images[e->image].built.cow_pages;

		for (int p = 0; p < FB_NPOINTS; p++) {
			const struct fb_summary *s = &e->point[p];

			if (!e->has_point[p])
				continue;
			entry_columns(f, run, e);
			fprintf(f,
				",%s,%s,%zu,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.1f,%.1f,%.1f",
				fb_point_name(p), e->state == FB_ENTRY_DONE ? "ok" : "partial",
				s->n, s->min, s->p10, s->p25, s->p50, s->p75, s->p90, s->p99,
				s->p999, s->max, s->mean, s->stddev, s->mad);
			ci_cells(f, s);
			fprintf(f, ",%zu,%llu,%.2f", s->outliers,
				p == FB_PT_COW ? (unsigned long long)cow_pages : 0ULL,
				p == FB_PT_COW && cow_pages ? s->p50 / (double)cow_pages : 0.0);
			tail_columns(f, run, e);
		}
	}
	return finish(f, &buf, &len, path);
}

int fb_results_write_csv_samples(const struct fb_run *run, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return -1;
	fprintf(f, "%s,point,index,ns,parent_cpu,child_cpu\n", ENTRY_HEADER);
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];

		for (int p = 0; p < FB_NPOINTS; p++) {
			for (size_t k = 0; k < e->n; k++) {
				const struct fb_sample *s = &e->samples[k];

				if (s->ns[p] == FB_NO_TIME)
					continue;
				entry_columns(f, run, e);
				fprintf(f, ",%s,%zu,%lld,%d,%d\n", fb_point_name(p), k,
					(long long)s->ns[p], s->parent_cpu, s->child_cpu);
			}
		}
	}
	return finish(f, &buf, &len, path);
}

/* The summary figures of each point in the flat CSV, in nanoseconds. */
#define POINT_FIGURES "n,min_ns,p50_ns,p90_ns,p99_ns,max_ns,mean_ns,stddev_ns,ci_lo_ns,ci_hi_ns"

static void point_header(FILE *f, int p)
{
	char figures[] = POINT_FIGURES, *save = NULL;

	for (char *t = strtok_r(figures, ",", &save); t; t = strtok_r(NULL, ",", &save))
		fprintf(f, ",%s_%s", fb_point_name(p), t);
}

/* A point's figures, or empty cells (NA in pandas and R) where the entry lacks it. */
static void point_cells(FILE *f, const struct fb_entry *e, int p)
{
	const struct fb_summary *s = &e->point[p];

	if (!e->has_point[p]) {
		fputs(",,,,,,,,,,", f);
		return;
	}
	fprintf(f, ",%zu,%.0f,%.0f,%.0f,%.0f,%.0f,%.1f,%.1f", s->n, s->min, s->p50, s->p90, s->p99,
		s->max, s->mean, s->stddev);
	ci_cells(f, s);
}

int fb_results_write_csv_entries(const struct fb_run *run, const char *path)
{
	const struct fb_run_opts *o = &run->opts;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return -1;
	fputs("run_id,label,entry,method,rss_bytes,thp,hugetlb_bytes,touch,vmas,fds,threads,shared,"
	      "cow_fraction,cow_side,cpu,child_cpu,parallel,status,reason,rate_per_s",
	      f);
	for (int p = 0; p < FB_NPOINTS; p++)
		point_header(f, p);
	fputs(",cow_pages,cow_per_page_p50_ns\n", f);
	for (int i = 0; i < run->nentries; i++) {
		const struct fb_entry *e = &run->entries[i];
		const struct fb_image_cfg *c = &run->images[e->image].cfg;
		const struct fb_method *m = fb_methods[e->method];
		uint64_t cow_pages = run->images[e->image].built.cow_pages;

		fb_csv_text_field(f, run->run_id);
		fputc(',', f);
		fb_csv_text_field(f, run_label(run));
		fputc(',', f);
		fb_csv_text_field(f, e->label);
		fprintf(f, ",%s,%llu,%s,%llu,%s,%u,%u,%u,%d,%g,%s,%d,%d,%d,%s,", m->name,
			(unsigned long long)c->rss_bytes, fb_thp_name(c->thp),
			(unsigned long long)c->hugetlb_bytes, fb_touch_name(c->touch), c->vmas,
			c->fds, c->threads, c->shared ? 1 : 0,
			fb_method_cow_fraction(m, o->cow_fraction),
			fb_method_cow_side(m, o->cow_side) == FB_COW_PARENT ? "parent" : "child",
			o->cpu, fb_method_child_cpu(m, o->child_cpu), o->parallel,
			fb_entry_state_name(e->state));
		fb_csv_text_field(f, e->reason);
		if (e->rate > 0)
			fprintf(f, ",%.1f", e->rate);
		else
			fputc(',', f);
		for (int p = 0; p < FB_NPOINTS; p++)
			point_cells(f, e, p);
		if (e->has_point[FB_PT_COW] && cow_pages)
			fprintf(f, ",%llu,%.2f", (unsigned long long)cow_pages,
				e->point[FB_PT_COW].p50 / (double)cow_pages);
		else
			fputs(",,", f);
		fputc('\n', f);
	}
	return finish(f, &buf, &len, path);
}

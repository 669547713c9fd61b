// SPDX-License-Identifier: MIT
/*
 * Framing of the controller-worker pipe, shared by both ends so that what
 * one writes is what the other reads. The worker links it: no heap, no stdio.
 */
#include "protocol.h"

#include <errno.h>
#include <unistd.h>

int fb_read_full(int fd, void *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = read(fd, (char *)buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

int fb_write_full(int fd, const void *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = write(fd, (const char *)buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

int fb_reply_send(int fd, const struct fb_wreply *r, const struct fb_batch_rows *rows)
{
	if (fb_write_full(fd, r, sizeof(*r)) ||
	    fb_write_full(fd, rows->samples, r->n * sizeof(rows->samples[0])))
		return -1;
	if (r->counting && fb_write_full(fd, rows->counts, r->n * sizeof(rows->counts[0])))
		return -1;
	if (r->cow_counting &&
	    fb_write_full(fd, rows->cow_counts, r->n * sizeof(rows->cow_counts[0])))
		return -1;
	return 0;
}

int fb_reply_recv(int fd, struct fb_wreply *r, const struct fb_batch_rows *rows, uint32_t max)
{
	if (fb_read_full(fd, r, sizeof(*r)) || r->n > max ||
	    fb_read_full(fd, rows->samples, r->n * sizeof(rows->samples[0])))
		return -1;
	if (r->counting && fb_read_full(fd, rows->counts, r->n * sizeof(rows->counts[0])))
		return -1;
	if (r->cow_counting &&
	    fb_read_full(fd, rows->cow_counts, r->n * sizeof(rows->cow_counts[0])))
		return -1;
	return 0;
}

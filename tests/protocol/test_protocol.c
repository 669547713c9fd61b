// SPDX-License-Identifier: MIT
/*
 * A batch reply goes through a real pipe and comes out as it went in: the
 * header, the samples and, when it says so, both kinds of count rows. A
 * reply that claims more samples than the reader has room for, or that
 * stops short, is refused rather than read past its end.
 */
#include "protocol/protocol.h"
#include "tap.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static struct fb_sample out_s[FB_BATCH_MAX], in_s[FB_BATCH_MAX];
static int64_t out_c[FB_BATCH_MAX][FB_CTR_MAX], in_c[FB_BATCH_MAX][FB_CTR_MAX];
static int64_t out_w[FB_BATCH_MAX][FB_CTR_MAX], in_w[FB_BATCH_MAX][FB_CTR_MAX];

static void fill(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		fb_sample_clear(&out_s[i], 1000);
		out_s[i].ns[FB_PT_ROUNDTRIP] = 50000 + i;
		out_s[i].child_pid = (int32_t)(2000 + i);
		for (int j = 0; j < FB_CTR_MAX; j++) {
			out_c[i][j] = (int64_t)i * 100 + j;
			out_w[i][j] = j % 3 ? (int64_t)i - j : FB_COUNT_NONE;
		}
	}
}

/*
 * Sends r (and its rows) from a child, so that a reply larger than the
 * pipe's buffer streams as it does between the worker and the controller;
 * with cut, the child stops after the header. Returns the read end.
 */
static int send_from_child(const struct fb_wreply *r, bool cut, pid_t *pid)
{
	const struct fb_batch_rows rows = {out_s, out_c, out_w};
	int fd[2];

	if (pipe(fd))
		return -1;
	*pid = fork();
	if (*pid == 0) {
		close(fd[0]);
		if (cut)
			_exit(fb_write_full(fd[1], r, sizeof(*r)) ? 1 : 0);
		_exit(fb_reply_send(fd[1], r, &rows) ? 1 : 0);
	}
	close(fd[1]);
	return fd[0];
}

static int finish(int fd, pid_t pid)
{
	int status;

	close(fd);
	waitpid(pid, &status, 0);
	return status;
}

int main(void)
{
	const struct fb_batch_rows rows = {in_s, in_c, in_w};
	struct fb_wreply r = {
		.status = FB_W_OK, .n = FB_BATCH_MAX, .counting = 1, .cow_counting = 1};
	struct fb_wreply got;
	pid_t pid;
	int fd;

	fill(FB_BATCH_MAX);
	snprintf(r.err, sizeof(r.err), "nothing wrong");
	fd = send_from_child(&r, false, &pid);
	tap_check(fb_reply_recv(fd, &got, &rows, FB_BATCH_MAX) == 0,
		  "a full batch with both count kinds is received");
	tap_check(got.n == FB_BATCH_MAX && got.counting && got.cow_counting &&
			  !strcmp(got.err, "nothing wrong"),
		  "the header comes out as it went in");
	tap_check(!memcmp(in_s, out_s, sizeof(in_s)), "the samples come out as they went in");
	tap_check(!memcmp(in_c, out_c, sizeof(in_c)) && !memcmp(in_w, out_w, sizeof(in_w)),
		  "both kinds of count rows come out as they went in");
	tap_check(read(fd, &got, 1) == 0, "nothing is left in the pipe after the reply");
	finish(fd, pid);

	/* Uncounted: only the samples follow, and the count buffers are left alone. */
	memset(in_c, 0x5a, sizeof(in_c));
	r.n = 7;
	r.counting = r.cow_counting = 0;
	fd = send_from_child(&r, false, &pid);
	tap_check(fb_reply_recv(fd, &got, &rows, 7) == 0 && got.n == 7 &&
			  !memcmp(in_s, out_s, 7 * sizeof(in_s[0])),
		  "an uncounted batch carries its samples alone");
	tap_check(in_c[0][0] == 0x5a5a5a5a5a5a5a5a, "an uncounted batch writes no count rows");
	tap_check(read(fd, &got, 1) == 0, "and sends none");
	finish(fd, pid);

	r.n = 8;
	fd = send_from_child(&r, false, &pid);
	tap_check(fb_reply_recv(fd, &got, &rows, 7) == -1,
		  "a reply of more samples than asked for is refused");
	finish(fd, pid);

	r.n = 5;
	r.counting = 1;
	fd = send_from_child(&r, true, &pid);
	tap_check(fb_reply_recv(fd, &got, &rows, FB_BATCH_MAX) == -1,
		  "a reply cut short after its header is refused");
	finish(fd, pid);
	return tap_done();
}

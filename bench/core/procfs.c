// SPDX-License-Identifier: MIT
#include "procfs.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

long fb_read_file(const char *path, char *buf, size_t len)
{
	size_t off = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || len == 0)
		return -1;
	while (off + 1 < len) {
		ssize_t n = read(fd, buf + off, len - 1 - off);

		if (n < 0) {
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		off += (size_t)n;
	}
	buf[off] = '\0';
	close(fd);
	return (long)off;
}

int fb_read_line(const char *path, char *buf, size_t len)
{
	char *nl;

	if (fb_read_file(path, buf, len) < 0)
		return -1;
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}

int64_t fb_field_value(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			char *end;
			long long v = strtoll(p + klen + 1, &end, 10);

			while (*end == ' ')
				end++;
			if (strncmp(end, "kB", 2) == 0)
				v *= 1024;
			return v;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

int64_t fb_count_lines(const char *path)
{
	char buf[4096];
	int64_t lines = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
	close(fd);
	return n < 0 ? -1 : lines;
}

/* getdents64 directly: opendir() would malloc. */
struct fb_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int64_t fb_count_dir(const char *path)
{
	char buf[4096] __attribute__((aligned(8)));
	int64_t count = 0;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long n;

	if (fd < 0)
		return -1;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct fb_dirent64 *d = (struct fb_dirent64 *)(buf + off);

			if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
				count++;
			off += d->d_reclen;
		}
	}
	close(fd);
	return n < 0 ? -1 : count;
}

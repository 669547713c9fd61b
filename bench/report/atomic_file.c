// SPDX-License-Identifier: MIT
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

/*
 * A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written in place:
 * a rename would replace it with a regular file (as root, /dev/null
 * itself). A FIFO nobody reads is an error, not a hang.
 */
static int write_in_place(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC), saved;

	if (fd < 0)
		return -1;
	if (fcntl(fd, F_SETFL, 0) || write_all(fd, data, len)) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

bool fb_output_in_place(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

int fb_write_atomic(const char *path, const char *data, size_t len)
{
	char tmp[PATH_MAX];
	int fd, saved;

	if (fb_output_in_place(path))
		return write_in_place(path, data, len);

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	if (write_all(fd, data, len))
		goto fail;
	if (fchmod(fd, 0644) || fsync(fd) || close(fd)) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) == 0)
		return 0;
	fd = -1;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

int fb_write_new_file(const char *dir, const char *prefix, const char *suffix, const char *data,
		      size_t len, char *path, size_t path_len)
{
	int fd, saved;

	if (snprintf(path, path_len, "%s/%sXXXXXX%s", dir, prefix, suffix) >= (int)path_len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) || fchmod(fd, 0644) || fsync(fd)) {
		saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
		return -1;
	}
	if (close(fd)) {
		saved = errno;
		unlink(path);
		errno = saved;
		return -1;
	}
	return 0;
}

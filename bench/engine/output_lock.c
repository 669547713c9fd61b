// SPDX-License-Identifier: MIT
#include "output_lock.h"
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The pid the holder wrote into the lock file, or 0. */
static int holder(int fd)
{
	char buf[32] = "";
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	return n > 0 ? atoi(buf) : 0;
}

int fb_output_lock(struct fb_output_lock *l, const char *opt, const char *shown, const char *path)
{
	struct stat st, now;
	char pid[32];
	int fd, who;

	l->held = false;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return 0; /* a device or a pipe: written in place, no file to lose */
	if (snprintf(l->path, sizeof(l->path), "%s.lock", path) >= (int)sizeof(l->path)) {
		fprintf(stderr, "forkbench run: %s %s: the path is too long for its lock file\n",
			opt, shown);
		return FB_EXIT_OUTPUT;
	}
	for (;;) {
		fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0) {
			fprintf(stderr, "forkbench run: cannot lock %s %s: %s: %s\n", opt, shown,
				l->path, strerror(errno));
			return FB_EXIT_OUTPUT;
		}
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			who = holder(fd);
			close(fd);
			if (who == getpid())
				fprintf(stderr,
					"forkbench run: %s %s is another output of this run too: give "
					"each its own file\n",
					opt, shown);
			else
				fprintf(stderr,
					"forkbench run: %s %s is being written by another forkbench run "
					"(pid %d, lock %s): choose another file, or wait for it\n",
					opt, shown, who, l->path);
			return FB_EXIT_OUTPUT;
		}
		/* the last holder may have removed the file between our open and our lock */
		if (fstat(fd, &st) == 0 && stat(l->path, &now) == 0 && st.st_ino == now.st_ino &&
		    st.st_dev == now.st_dev)
			break;
		close(fd);
	}
	/* the pid, for a second run's message: the lock holds without it */
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) == 0)
		(void)!pwrite(fd, pid, strlen(pid), 0);
	l->fd = fd;
	l->held = true;
	return 0;
}

void fb_output_unlock(struct fb_output_lock *l)
{
	if (!l->held)
		return;
	/* removed while held: a run that opens it now finds another file, and retries */
	unlink(l->path);
	close(l->fd);
	l->held = false;
}

// SPDX-License-Identifier: MIT
/*
 * no_orphans CMD...: runs CMD as a child subreaper, so every process CMD
 * leaves behind is reparented to us; exits with CMD's status, or 99 when
 * anything (a live process or a zombie) was left behind.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Kills the processes reparented to us (found through /proc/PID/stat's ppid). */
static void kill_children(void)
{
	char path[300], buf[512], *close_paren;
	struct dirent *d;
	DIR *dp = opendir("/proc");
	FILE *f;
	int ppid;

	while (dp && (d = readdir(dp))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && (close_paren = strrchr(buf, ')')) &&
		    sscanf(close_paren + 2, "%*c %d", &ppid) == 1 && ppid == getpid())
			kill(atoi(d->d_name), SIGKILL);
		fclose(f);
	}
	if (dp)
		closedir(dp);
	while (waitpid(-1, NULL, 0) > 0)
		;
}

int main(int argc, char **argv)
{
	struct timespec pause = {0, 200 * 1000000};
	int status, left = 0, rc;
	pid_t pid, p;

	if (argc < 2) {
		fprintf(stderr, "usage: no_orphans CMD [ARGS...]\n");
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
		perror("no_orphans: PR_SET_CHILD_SUBREAPER");
		return 2;
	}
	pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror("no_orphans: exec");
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	nanosleep(&pause, NULL); /* let orphans be reparented */
	while ((p = waitpid(-1, &status, WNOHANG)) != 0) {
		if (p < 0)
			break; /* ECHILD: nothing left */
		left++;
		fprintf(stderr, "no_orphans: pid %d was left behind (a zombie or orphan)\n", p);
	}
	if (p == 0) {
		fprintf(stderr, "no_orphans: live descendants were left behind\n");
		kill_children();
		left++;
	}
	return left ? 99 : rc;
}

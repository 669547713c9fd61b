// SPDX-License-Identifier: MIT
/*
 * child_maps NAME CMD [ARGS...]: runs CMD under ptrace, following every
 * process and thread it starts, and looks into each child that a
 * forkbench-worker forks (fork, or clone3 that signals SIGCHLD: not a
 * vfork, not a thread) at its first system call, its exit or its exec,
 * when it has run nothing but what follows the fork: does its
 * /proc/PID/maps hold a mapping whose line contains NAME? Each worker is
 * looked into too, as it exits, so that a child without the mapping says
 * something only where its worker has it. Prints "forked N with M without
 * K workers W with V" on stdout and exits with CMD's status (2 on bad
 * usage, 3 when tracing fails). The tasks are stopped while they are
 * looked into, so nothing here races them.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TRACED 4096

/* What is known of one traced task (a process or a thread). */
struct task {
	pid_t pid;
	bool seen;   /* its first stop (the attach's SIGSTOP) came */
	bool known;  /* its creator's event came, so watch is decided */
	bool watch;  /* a worker's forked child: stop at its first system call */
	bool worker; /* runs forkbench-worker */
};

static struct task tasks[MAX_TRACED];
static const char *name;
static long forked, with, without, workers, workers_with;

static struct task *task_of(pid_t pid, bool add)
{
	struct task *free_slot = NULL;

	for (int i = 0; i < MAX_TRACED; i++) {
		if (tasks[i].pid == pid)
			return &tasks[i];
		if (!free_slot && tasks[i].pid == 0)
			free_slot = &tasks[i];
	}
	if (!add || !free_slot)
		return NULL;
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->pid = pid;
	return free_slot;
}

static bool runs_worker(pid_t pid)
{
	char path[64], exe[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	n = readlink(path, exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	n = (ssize_t)strlen("/forkbench-worker");
	return strlen(exe) >= (size_t)n && !strcmp(exe + strlen(exe) - n, "/forkbench-worker");
}

/* Whether the stopped task maps NAME. */
static bool maps_name(pid_t pid)
{
	char path[64], line[4096];
	bool has = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "child_maps: cannot read %s: %s\n", path, strerror(errno));
		exit(3);
	}
	while (fgets(line, sizeof(line), f))
		has = has || strstr(line, name) != NULL;
	fclose(f);
	return has;
}

/* Counts the watched child, stopped where it has done nothing of its own yet. */
static void look(struct task *t)
{
	forked++;
	if (maps_name(t->pid))
		with++;
	else
		without++;
	t->watch = false;
}

static void resume(struct task *t, int sig)
{
	/* a watched child goes on to its first system call; everyone else runs free */
	ptrace(t->watch ? PTRACE_SYSCALL : PTRACE_CONT, t->pid, NULL, (void *)(long)sig);
}

/* An event stop: a new task, an exec, an exit. */
static void on_event(struct task *t, int event)
{
	unsigned long msg = 0;

	ptrace(PTRACE_GETEVENTMSG, t->pid, NULL, &msg);
	if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
	    event == PTRACE_EVENT_CLONE) {
		struct task *c = task_of((pid_t)msg, true);

		if (!c) {
			fprintf(stderr, "child_maps: more than %d tasks at once\n", MAX_TRACED);
			exit(3);
		}
		c->known = true;
		c->watch = t->worker && event == PTRACE_EVENT_FORK;
		if (c->seen) /* its first stop came first, and waits for this */
			resume(c, 0);
	} else if (event == PTRACE_EVENT_EXEC) {
		if (t->watch) /* only with a kernel that skips the syscall stop */
			look(t);
		t->worker = runs_worker(t->pid);
	} else if (event == PTRACE_EVENT_EXIT && t->watch) {
		look(t);
	} else if (event == PTRACE_EVENT_EXIT && t->worker) {
		workers++;
		workers_with += maps_name(t->pid);
	}
	resume(t, 0);
}

static int trace(pid_t root)
{
	int status, root_status = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &status, __WALL)) > 0) {
		struct task *t = task_of(pid, true);
		int sig;

		if (!t) {
			fprintf(stderr, "child_maps: more than %d tasks at once\n", MAX_TRACED);
			return 3;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (pid == root)
				root_status = status;
			t->pid = 0;
			continue;
		}
		sig = WSTOPSIG(status);
		if (status >> 16) {
			on_event(t, status >> 16);
		} else if (sig == (SIGTRAP | 0x80)) {
			if (t->watch)
				look(t);
			resume(t, 0);
		} else if (!t->seen && sig == SIGSTOP && pid != root) {
			/* the attach's stop; it waits until its creator's event says what it is */
			t->seen = true;
			if (t->known)
				resume(t, 0);
		} else {
			resume(t, sig);
		}
		t->seen = true;
	}
	if (WIFSIGNALED(root_status))
		return 128 + WTERMSIG(root_status);
	return WEXITSTATUS(root_status);
}

int main(int argc, char **argv)
{
	int status, rc;
	pid_t root;

	if (argc < 3 || !argv[1][0]) {
		fprintf(stderr, "usage: child_maps NAME CMD [ARGS...]\n");
		return 2;
	}
	name = argv[1];
	root = fork();
	if (root == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "child_maps: cannot run %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	if (root < 0 || waitpid(root, &status, 0) != root || !WIFSTOPPED(status) ||
	    ptrace(PTRACE_SETOPTIONS, root, NULL,
		   (void *)(long)(PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
				  PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT | PTRACE_O_TRACESYSGOOD |
				  PTRACE_O_EXITKILL))) {
		fprintf(stderr, "child_maps: cannot trace %s: %s\n", argv[2], strerror(errno));
		if (root > 0) {
			kill(root, SIGKILL);
			waitpid(root, NULL, 0);
		}
		return 3;
	}
	task_of(root, true)->seen = true;
	task_of(root, false)->known = true;
	ptrace(PTRACE_CONT, root, NULL, NULL);
	rc = trace(root);
	printf("forked %ld with %ld without %ld workers %ld with %ld\n", forked, with, without,
	       workers, workers_with);
	return rc;
}

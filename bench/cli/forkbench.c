// SPDX-License-Identifier: MIT
/* forkbench: what it costs Linux to create a process or a thread, and why. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#ifndef FORKBENCH_VERSION
#define FORKBENCH_VERSION "unknown"
#endif
#include "fb_git_commit.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"run", fb_cmd_run, "time creations across memory images (forkbench run --help)"},
	{"list", fb_cmd_list, "list the creation methods and whether this kernel has them"},
	{"check", fb_cmd_check, "print the facts of this machine that change the numbers"},
	{"compare", fb_cmd_compare, "compare runs: medians, ratio with CI, U test, verdict"},
	{"export", fb_cmd_export, "write the summary CSV of a results JSON (as run --csv)"},
	{"store", fb_cmd_store, "keep runs in one SQLite file: add, list, trend"},
	{"results", fb_cmd_results, "check results files; say their clock and accelerator"},
};

static void usage(FILE *out)
{
	fputs("Usage: forkbench COMMAND [OPTIONS]\n\nCommands:\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'forkbench help COMMAND' or 'forkbench COMMAND --help' describes a command.\n"
	      "-V, --version prints the version and the git commit it was built from.\n",
	      out);
}

/* forkbench help COMMAND: the command's own --help. */
static int help(int argc, char **argv)
{
	char *args[] = {argv[2], "--help", NULL};

	if (argc > 3) {
		fprintf(stderr, "forkbench help: one command at a time (see 'forkbench --help')\n");
		return FB_EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[2], commands[i].name))
			return commands[i].fn(2, args);
	fprintf(stderr, "forkbench help: unknown command '%s' (see 'forkbench --help')\n", argv[2]);
	return FB_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return FB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    (!strcmp(argv[1], "help") && argc == 2)) {
		usage(stdout);
		return FB_EXIT_OK;
	}
	if (!strcmp(argv[1], "help"))
		return help(argc, argv);
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("forkbench %s (git %s)\n", FORKBENCH_VERSION, FORKBENCH_GIT_COMMIT);
		return FB_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "forkbench: unknown command '%s' (see 'forkbench --help')\n", argv[1]);
	return FB_EXIT_USAGE;
}

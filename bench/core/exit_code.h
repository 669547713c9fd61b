/* SPDX-License-Identifier: MIT */
/*
 * The exit codes of the forkbench command, every subcommand alike, so that
 * a script reads one table (docs/errors.md, and `forkbench COMMAND --help`
 * for each command's use of it).
 */
#ifndef FORKBENCH_EXIT_CODE_H
#define FORKBENCH_EXIT_CODE_H

enum fb_exit {
	FB_EXIT_OK = 0,
	/*
	 * What the command looked for was found: a creation or a child failed
	 * (run), an entry got slower or failed in B (compare), a fact distorts
	 * results (check --strict).
	 */
	FB_EXIT_FAILED = 1,
	/* bad usage or bad input: an option, a size, a method; an unreadable or invalid file */
	FB_EXIT_USAGE = 2,
	FB_EXIT_RESOURCE = 3,	   /* memory, hugetlb pool, RLIMIT_NPROC, CPU */
	FB_EXIT_OUTPUT = 4,	   /* an output file cannot be written */
	FB_EXIT_INTERRUPTED = 128, /* + the signal: 130 for SIGINT, 143 for SIGTERM */
};

#endif

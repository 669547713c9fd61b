/* SPDX-License-Identifier: MIT */
/* The forkbench subcommands; forkbench.c dispatches to them. */
#ifndef FORKBENCH_COMMANDS_H
#define FORKBENCH_COMMANDS_H

int fb_cmd_run(int argc, char **argv);
int fb_cmd_list(int argc, char **argv);
int fb_cmd_check(int argc, char **argv);
int fb_cmd_compare(int argc, char **argv);
int fb_cmd_export(int argc, char **argv);
int fb_cmd_store(int argc, char **argv);

#endif

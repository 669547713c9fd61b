/* SPDX-License-Identifier: MIT */
/* The forkbench subcommands; forkbench.c dispatches to them. Each returns an enum fb_exit. */
#ifndef FORKBENCH_COMMANDS_H
#define FORKBENCH_COMMANDS_H

#include "core/exit_code.h" /* what each command returns */

int fb_cmd_run(int argc, char **argv);
int fb_cmd_list(int argc, char **argv);
int fb_cmd_check(int argc, char **argv);
int fb_cmd_compare(int argc, char **argv);
int fb_cmd_export(int argc, char **argv);
int fb_cmd_store(int argc, char **argv);
int fb_cmd_results(int argc, char **argv);

#endif

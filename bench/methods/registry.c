// SPDX-License-Identifier: MIT
/* The methods forkbench knows. Adding one is a file and a line here. */
#include "method.h"

#include <string.h>

extern const struct fb_method fb_method_fork, fb_method_vfork, fb_method_thread, fb_method_pthread,
	fb_method_posix_spawn, fb_method_fork_exec, fb_method_vfork_exec, fb_method_pidfd,
	fb_method_pidfd_open;

const struct fb_method *const fb_methods[] = {
	&fb_method_fork,       &fb_method_vfork,       &fb_method_thread,
	&fb_method_pthread,    &fb_method_posix_spawn, &fb_method_fork_exec,
	&fb_method_vfork_exec, &fb_method_pidfd,       &fb_method_pidfd_open,
};

const int fb_nmethods = sizeof(fb_methods) / sizeof(fb_methods[0]);

int fb_method_index(const char *name)
{
	for (int i = 0; i < fb_nmethods; i++)
		if (strcmp(fb_methods[i]->name, name) == 0)
			return i;
	return -1;
}

const struct fb_method *fb_method_find(const char *name)
{
	int i = fb_method_index(name);

	return i < 0 ? NULL : fb_methods[i];
}

// SPDX-License-Identifier: MIT
/* The events the trace reader records: one row each. */
#include "trace.h"

const struct fb_trace_event_def fb_trace_events[FB_EV_NKINDS] = {
	[FB_EV_NEWTASK] =
		{
			.system = "task",
			.name = "task_newtask",
			.pid_field = "pid",
			.fields = {"clone_flags", "oom_score_adj", NULL},
		},
	[FB_EV_PROCESS_FORK] =
		{
			.system = "sched",
			.name = "sched_process_fork",
			.pid_field = "child_pid",
			.fields = {"parent_pid", NULL},
		},
	/* kernel-patch/: the time copy_process spent in each phase, and what copy_mm copied */
	[FB_EV_COPY_PROCESS] =
		{
			.system = "task",
			.name = "task_copy_process",
			.pid_field = "pid",
			.optional = true,
			.fields = {"clone_flags", "dup_task_struct_ns", "copy_creds_ns",
				   "sched_fork_ns", "copy_files_ns", "copy_fs_ns",
				   "copy_sighand_ns", "copy_signal_ns", "copy_mm_ns",
				   "copy_namespaces_ns", "copy_thread_ns", "alloc_pid_ns",
				   "total_ns", "mm_vmas", "mm_pages", "mm_pgtable_bytes", NULL},
		},
};

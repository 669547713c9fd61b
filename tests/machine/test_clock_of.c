// SPDX-License-Identifier: MIT
/*
 * The clock a results file records from the kernel command line its
 * runner wrote (forkbench.clock=): each of the three, and wall for
 * anything else. The model clock was once recorded as wall, and compare
 * judged a model boot with wall time's threshold.
 */
#include "machine/machine.h"
#include "tap.h"

#include <string.h>

static void expect(const char *cmdline, const char *want)
{
	char clock[8];

	fb_machine_clock_of(cmdline, clock, sizeof(clock));
	CHECK(!strcmp(clock, want), "'%s': %s (got %s)", cmdline, want, clock);
}

int main(void)
{
	expect("console=ttyS0 forkbench.clock=icount forkbench.accel=tcg", "icount");
	expect("console=ttyS0 forkbench.clock=model forkbench.accel=tcg", "model");
	expect("forkbench.clock=wall", "wall");
	expect("console=ttyS0 quiet", "wall");
	expect("console=ttyS0 forkbench.clock=sundial", "wall");
	expect("xforkbench.clock=icount", "wall");
	expect("", "wall");
	return tap_done();
}

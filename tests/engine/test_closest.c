// SPDX-License-Identifier: MIT
/* "Did you mean": the edit distance, and when a name is close enough to suggest. */
#include "core/closest.h"
#include "tap.h"

#include <string.h>

int main(void)
{
	static const char *const methods[] = {"fork",	    "vfork",	   "thread",
					      "pthread",    "posix_spawn", "pidfd",
					      "pidfd_open", NULL,	   "all"};
	const size_t n = sizeof(methods) / sizeof(methods[0]);
	char longer[400];
	const char *got;

	CHECK(fb_edit_distance("kitten", "sitting") == 3, "kitten -> sitting: 3 edits");
	CHECK(fb_edit_distance("", "run") == 3 && fb_edit_distance("run", "") == 3,
	      "to and from the empty string: its length");
	CHECK(fb_edit_distance("fork", "fork") == 0, "a name and itself: 0");
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	CHECK(fb_edit_distance(longer, "a") == FB_CLOSEST_MAX - 1,
	      "a name longer than %d bytes is compared by its first %d", FB_CLOSEST_MAX,
	      FB_CLOSEST_MAX);
	got = fb_closest("frk", methods, n);
	CHECK(got && !strcmp(got, "fork"), "frk -> fork (%s)", got ? got : "none");
	got = fb_closest("vfrok", methods, n);
	CHECK(got && !strcmp(got, "vfork"), "vfrok -> vfork (%s)", got ? got : "none");
	got = fb_closest("pidfd_opn", methods, n);
	CHECK(got && !strcmp(got, "pidfd_open"), "pidfd_opn -> pidfd_open (%s)",
	      got ? got : "none");
	CHECK(!fb_closest("x", methods, n), "x: nothing is close enough to suggest");
	CHECK(!fb_closest("clone", methods, n), "clone: nothing within 2 edits");
	CHECK(!fb_closest("fork", methods, n), "a known name is not suggested to itself");
	CHECK(!fb_closest("frk", methods, 0), "no names: no suggestion");
	return tap_done();
}

/*
 * edge (run as "edge-of-the-router") - the router's remaining errors: a
 * message to itself, to an app that has exited, and one that fits on the
 * way in ("@green: " + 4088 bytes) but not on the way out, with the
 * sender's longer name in front ("@edge-of-the-router: " + at most 4075).
 * Prints each reply. It starts once ps shows that exiter has ended.
 */
#include "vyoma.h"

int main(void)
{
	static char big[4100];
	struct vy_event ev;
	int replies = 0;

	/* Until exiter has exited (it does at once): ps says so. */
	for (;;) {
		int exited = 0;

		vy_send("supervisor", "ps exiter");
		while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
			if (ev.type != VY_EV_MESSAGE)
				continue;
			if (strstr(ev.text, "ps exiter ") == ev.text)
				exited = strstr(ev.text, " state=exited ") != 0 ||
					 strstr(ev.text, " state=failed ") != 0;
			else
				break;	/* "ps end 1" (or an error) */
		}
		if (ev.type == VY_EV_QUIT)
			return 0;
		if (exited)
			break;
		if (vy_next_event(&ev, 5) == VY_EV_QUIT)
			return 0;
	}
	vy_send("edge-of-the-router", "to myself");
	vy_send("exiter", "are you there?");
	memset(big, 'x', 4076);
	vy_send("green", big);
	big[4075] = '\0';
	vy_send("green", big);
	while (replies < 3 && vy_next_event(&ev, 2000) != VY_EV_TIMEOUT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		vy_log("reply: ");
		vy_print(ev.text);
		replies++;
	}
	vy_print("edge done");
	return 0;
}

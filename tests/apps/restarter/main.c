/*
 * restarter - finding 5: restarts an app that was never started (it
 * must come up with its stdin open, not exit at once), then messages it
 * and prints the answer.
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;

	vy_send("supervisor", "restart lazy-echo");
	while (vy_next_event(&ev, 10000) == VY_EV_MESSAGE) {
		vy_log("got: ");
		vy_print(ev.text);
		if (strncmp(ev.text, "restart lazy-echo requested", 27) == 0)
			vy_send("lazy-echo", "are you there?");
		else if (strcmp(ev.from, "lazy-echo") == 0)
			break;
	}
	vy_print("restarter done");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}

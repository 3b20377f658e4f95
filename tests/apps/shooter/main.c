/*
 * shooter - finding 3: asks for screenshots, which the supervisor writes
 * into this app's /data under names the test has booby-trapped (a
 * symlink to a file outside every grant, a FIFO). Prints each reply.
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	int shots = 0;

	vy_send("supervisor", "screenshot");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		/* One a second: wait out the rest of it and ask again. */
		if (strcmp(ev.text, "error one screenshot a second at most") == 0) {
			vy_next_event(&ev, 1100);
			vy_send("supervisor", "screenshot");
			continue;
		}
		vy_log("reply: ");
		vy_print(ev.text);
		if (++shots < 3)
			vy_send("supervisor", "screenshot");
		else
			vy_print("shots done");
	}
	return 0;
}

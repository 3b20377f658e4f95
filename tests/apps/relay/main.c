/*
 * relay - one link of a chain relay-1 .. relay-N, told apart by argv[0]
 * (the supervisor passes the app's name). On "hop" it acknowledges to
 * whoever sent it (@reply) and passes "hop" on to the next link; the
 * acknowledgement from the next link comes back to it by @reply in turn.
 * relay-0 starts the chain; the last link learns it is last from the
 * supervisor's "unknown app" error.
 */
#include <stdlib.h>
#include "vyoma.h"

int main(int argc, char **argv)
{
	struct vy_event ev;
	char next[40] = "relay-", ack[16] = "ack-";
	int me = argc > 0 ? atoi(argv[0] + 6) : 0;

	vy_utoa(next + 6, (uint32_t)me + 1);
	vy_utoa(ack + 4, (uint32_t)me);
	if (me == 0)
		vy_send(next, "hop");	/* relay-0 starts the chain */
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if (strcmp(ev.text, "hop") == 0) {
			vy_send("reply", ack);
			vy_send(next, "hop");
		} else if (strncmp(ev.text, "error unknown app", 17) == 0) {
			vy_print("end of chain");
		} else {
			vy_log("got ");
			vy_log(ev.text);
			vy_log(" from ");
			vy_print(ev.from);
		}
	}
	return 0;
}

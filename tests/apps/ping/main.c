/*
 * ping - 1000 round trips with ponger, one at a time, checking that every
 * answer is the one expected, in order.
 */
#include "vyoma.h"

#define ROUNDS 1000

int main(void)
{
	struct vy_event ev;
	char msg[32] = "ping ", want[32] = "pong ";
	int i, good = 0;

	for (i = 1; i <= ROUNDS; i++) {
		vy_utoa(msg + 5, (uint32_t)i);
		vy_utoa(want + 5, (uint32_t)i);
		vy_send("ponger", msg);
		while (vy_next_event(&ev, 5000) == VY_EV_OTHER)
			;
		if (ev.type == VY_EV_MESSAGE && strcmp(ev.from, "ponger") == 0 &&
		    strcmp(ev.text, want) == 0)
			good++;
	}
	vy_utoa(msg, (uint32_t)good);
	vy_log("round trips in order: ");
	vy_print(msg);
	return 0;
}

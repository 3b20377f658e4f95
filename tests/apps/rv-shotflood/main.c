/*
 * rv-shotflood - asks for screenshots back to back for 3 seconds and
 * says how many it got: each one is a frame composed, PNG-encoded and
 * fsync'ed on the supervisor's main thread, with no rate limit, and a
 * new file in /data each time.
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	uint64_t start = vy_ms();
	unsigned shots = 0, errors = 0;

	vy_send("supervisor", "screenshot");
	while (vy_ms() - start < 3000) {
		enum vy_event_type t = vy_next_event(&ev, 1000);

		if (t == VY_EV_QUIT)
			break;
		if (t != VY_EV_MESSAGE)
			continue;
		if (strncmp(ev.text, "screenshot ", 11) == 0)
			shots++;
		else
			errors++;
		vy_send("supervisor", "screenshot");
	}
	vy_log("screenshots in 3 s: ");
	vy_log_num(shots);
	vy_log(" errors: ");
	vy_log_num(errors);
	vy_print("");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}

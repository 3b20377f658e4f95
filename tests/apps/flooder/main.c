/*
 * flooder - sends messages to sink as fast as it can: 50000 of them, or
 * until it is stopped when run as "flooder-forever". Then counts the
 * supervisor's drop notices, and says how long the sending took (the
 * notices come at most once a second).
 */
#include "vyoma.h"

int main(int argc, char **argv)
{
	struct vy_event ev = { .type = VY_EV_TIMEOUT };
	char buf[12];
	uint32_t i, notices = 0;
	uint64_t start = vy_ms(), took;
	int forever = argc > 0 && strcmp(argv[0], "flooder-forever") == 0;

	for (i = 0; forever || i < 50000; i++) {
		vy_send("sink", "a message that no one will ever read, padding");
		/* Drain notices now and then so our own queue stays small. */
		if (i % 256 == 0)
			while (vy_next_event(&ev, 0) == VY_EV_MESSAGE)
				notices++;
		if (ev.type == VY_EV_QUIT)
			return 0;
	}
	took = vy_ms() - start;
	while (vy_next_event(&ev, 1500) == VY_EV_MESSAGE)
		notices++;
	vy_utoa(buf, i);
	vy_log("sent ");
	vy_print(buf);
	vy_utoa(buf, notices);
	vy_log("notices ");
	vy_print(buf);
	vy_utoa(buf, (uint32_t)took);
	vy_log("sending took ms ");
	vy_print(buf);
	return 0;
}

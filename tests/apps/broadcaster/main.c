/*
 * broadcaster - broadcasts once and counts the distinct apps that answer
 * "got hello all", until a second passes without an answer.
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	char buf[12];
	uint32_t answers = 0, other = 0;

	vy_send("broadcast", "hello all");
	while (vy_next_event(&ev, 1000) != VY_EV_TIMEOUT && ev.type != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if (strcmp(ev.text, "got hello all") == 0)
			answers++;
		else
			other++;
	}
	vy_utoa(buf, answers);
	vy_log("answers ");
	vy_print(buf);
	vy_utoa(buf, other);
	vy_log("other ");
	vy_print(buf);
	return 0;
}

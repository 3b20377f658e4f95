/* ponger - answers "ping N" with "pong N" through @reply. */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	char answer[64];

	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		size_t n;

		if (ev.type != VY_EV_MESSAGE || strncmp(ev.text, "ping ", 5))
			continue;
		n = strlen(ev.text);
		if (n >= sizeof(answer))
			continue;
		memcpy(answer, ev.text, n + 1);
		memcpy(answer, "pong", 4);
		vy_send("reply", answer);
	}
	return 0;
}

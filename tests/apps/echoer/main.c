/* echoer - answers every message with "got <text>" through @reply. */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	char answer[VY_LINE_MAX];

	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		size_t n;

		if (ev.type != VY_EV_MESSAGE || strcmp(ev.from, "supervisor") == 0)
			continue;
		n = strlen(ev.text);
		if (n + 5 > sizeof(answer))
			continue;
		memcpy(answer, "got ", 4);
		memcpy(answer + 4, ev.text, n + 1);
		vy_send("reply", answer);
	}
	return 0;
}

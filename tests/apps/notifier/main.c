/*
 * notifier - posts one notification ("notify Hello from the notifier")
 * and prints each reply as "reply: <text>". Started at boot beside the
 * desktop, it may ask before the desktop runs: "no desktop is running"
 * is answered by asking again 100 ms later (at most 100 times).
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	int tries = 0;

	vy_send("supervisor", "notify Hello from the notifier");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE ||
		    strcmp(ev.from, "supervisor") != 0)
			continue;
		vy_log("reply: ");
		vy_print(ev.text);
		if (strstr(ev.text, "no desktop") && ++tries < 100) {
			vy_sleep_ms(100);
			vy_send("supervisor",
				"notify Hello from the notifier");
		}
	}
	return 0;
}

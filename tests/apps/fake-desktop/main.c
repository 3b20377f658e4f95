/*
 * fake-desktop - stands in for the desktop shell in the settings tests
 * (installed there under the name "desktop"): prints every message it
 * gets ("got <sender>: <text>") and answers each "set ..." with "ok", as
 * the real desktop does.
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;

	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE ||
		    strcmp(ev.from, "supervisor") == 0)
			continue;
		vy_log("got ");
		vy_log(ev.from);
		vy_log(": ");
		vy_print(ev.text);
		if (strncmp(ev.text, "set ", 4) == 0)
			vy_send(ev.from, "ok");
	}
	return 0;
}

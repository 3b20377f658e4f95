/*
 * pinger - asks probe to paint itself blue, messages an app that does not
 * exist, and prints what comes back.
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	int replies = 0;

	vy_send("probe", "0000C0FF");
	vy_send("nosuchapp", "hello?");
	while (replies < 2 && vy_next_event(&ev, 5000) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		vy__puts("got from ");
		vy__puts(ev.from);
		vy__puts(": ");
		vy_print(ev.text);
		replies++;
	}
	return 0;
}

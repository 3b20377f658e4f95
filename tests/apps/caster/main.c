/*
 * caster - replies before anyone has messaged it (an error), then
 * broadcasts a colour that every probe paints, and prints what comes back.
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	int replies = 0;

	vy_send("reply", "too early");
	vy_send("broadcast", "C000C0FF");
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

/* rv-killer - kills rv-drawhog through the shell as soon as it says it
 * has timed one write (so the kill lands in the middle of the next). */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;

	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if (strcmp(ev.from, "rv-drawhog") == 0) {
			vy_send("supervisor", "kill rv-drawhog");
			vy_print("kill sent");
		} else {
			vy_print(ev.text);
		}
	}
	return 0;
}

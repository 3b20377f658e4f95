/* quiet - no stdio capability: its console lines must not be kept. */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;

	vy_print("this line must not appear");
	vy_fill_rect(0, 0, 4000, 4000, 0x00C000FF);
	vy_flush();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}

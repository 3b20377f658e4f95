/* green - fills its window with one colour and waits: "a window is here". */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;

	vy_fill_rect(0, 0, 4000, 4000, 0x00C000FF);
	vy_flush();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}

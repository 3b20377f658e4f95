/* titled - asks for a 100x80 window titled "Big Green" and fills it. */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;

	vy_fill_rect(0, 0, 4000, 4000, 0x00A000FF);
	vy_flush();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}

/* ticker - draws a frame every 20 ms (50 a second), a moving bar. */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	int w = 200, h = 100, x = 0;

	for (;;) {
		vy_fill_rect(0, 0, w, h, 0x102030FF);
		vy_fill_rect(x, 0, 10, h, 0x00C000FF);
		vy_flush();
		x = (x + 5) % (w > 10 ? w - 10 : 1);
		if (vy_next_event(&ev, 20) == VY_EV_QUIT)
			return 0;
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
		}
	}
}

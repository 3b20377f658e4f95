/*
 * ticker - draws a frame every 20 ms (50 a second), a moving bar. After
 * the first frame at a new window size it prints "size <w>x<h>", so a
 * test can wait for the redraw a resize causes.
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	int w = 200, h = 100, x = 0, resized = 0;
	char buf[12];

	for (;;) {
		vy_fill_rect(0, 0, w, h, 0x102030FF);
		vy_fill_rect(x, 0, 10, h, 0xA0E0FFFF);
		vy_flush();
		if (resized) {
			resized = 0;
			vy_utoa(buf, (uint32_t)w);
			vy_log("size ");
			vy_log(buf);
			vy_utoa(buf, (uint32_t)h);
			vy_log("x");
			vy_print(buf);
		}
		x = (x + 5) % (w > 10 ? w - 10 : 1);
		if (vy_next_event(&ev, 20) == VY_EV_QUIT)
			return 0;
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			resized = 1;
		}
	}
}

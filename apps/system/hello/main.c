/*
 * hello - the first VyomaOS app: a window that shows text in the three
 * font sizes and greets the notes app. Redraws when its window is resized.
 */
#include "vyoma.h"
#include "vyoma_tiny.h"

static void draw(int w, int h)
{
	vy_fill_rect(0, 0, w, h, 0x1E2230FF);
	vy_fill_rect(0, 0, w, 40, 0x3B82F6FF);
	vy_draw_text(8, 4, 0xFFFFFFFF, 'l', "Hello, VyomaOS");
	vy_draw_text(8, 52, 0xE5E7EBFF, 'm', "Every app is WebAssembly.");
	vy_draw_text(8, 72, 0xA7F3D0FF, 'm', "Sizes: l 16x32, m 8x16, s 4x8");
	vy_draw_text(8, 96, 0xFDE68AFF, 's', "small print: the sandbox is the OS boundary");
	vy_flush();
}

int main(void)
{
	struct vy_event ev;
	int w = 320, h = 200;

	vy_print("hello: starting");
	draw(w, h);
	vy_send("notes", "hello from hello");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw(w, h);
		}
	}
	return 0;
}

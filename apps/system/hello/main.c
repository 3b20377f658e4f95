/*
 * hello - the first VyomaOS app: a window that shows text in the three
 * font sizes and greets the notes app. Drawn in the shared look
 * (vyoma_ui.h, docs/ui.md): the header bar, then the content on the
 * background 8 px in; redraws at the new size when resized.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

static void draw(int w, int h)
{
	int x = VY_UI_UNIT, y = VY_UI_HEADER + VY_UI_UNIT;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Hello");
	/* A line under the last, 8 px apart: 'l' is 32 px high, 'm' 16. */
	vy_draw_text(x, y, VY_UI_TEXT, 'l', "Hello, VyomaOS");
	vy_draw_text(x, y + 40, VY_UI_TEXT, 'm', "Every app is WebAssembly.");
	vy_draw_text(x, y + 64, VY_UI_DIM, 'm', "Sizes: l 16x32, m 8x16, s 4x8");
	vy_draw_text(x, y + 88, VY_UI_DIM, 's',
		     "small print: the sandbox is the OS boundary");
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

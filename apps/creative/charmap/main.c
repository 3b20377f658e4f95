/*
 * charmap - the printable ASCII characters (32 to 126) of the 'm' font
 * in a grid of 16 columns, to find a character and its code.
 *
 * Keys: the arrows move the selection (it wraps at the ends), Home and
 * End go to the first and last character; typing a printable character
 * selects it. A click selects the cell under the pointer. The status row
 * shows the selected code in decimal and hex, and the character large.
 *
 * Logged once the frame shows it (its test waits for this):
 * "charmap: code <decimal> 0x<hex>".
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define COLS 16
#define FIRST 32
#define COUNT 95
#define CELL 24
#define LEFT VY_UI_UNIT
#define TOP (VY_UI_HEADER + VY_UI_UNIT)
#define ROWS ((COUNT + COLS - 1) / COLS)

enum { KEY_HOME = 102, KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106,
       KEY_END = 107, KEY_DOWN = 108 };

static int w = 2 * LEFT + COLS * CELL, h = TOP + ROWS * CELL +
	VY_UI_UNIT + 40;
static int sel = 'A' - FIRST;

static void draw(void)
{
	char s[24] = "Code ", g[2] = { 0, 0 };
	int n = 5;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Character map");
	for (int i = 0; i < COUNT; i++) {
		int x = LEFT + i % COLS * CELL, y = TOP + i / COLS * CELL;

		if (i == sel)
			vy_fill_rect(x, y, CELL, CELL, VY_UI_SELECT);
		g[0] = (char)(FIRST + i);
		vy_draw_text(x + (CELL - VY_UI_CHAR_W) / 2,
			     y + (CELL - VY_UI_CHAR_H) / 2, VY_UI_TEXT, 'm', g);
	}
	vy_fill_rect(0, h - 40, w, 40, VY_UI_SURFACE);
	g[0] = (char)(FIRST + sel);
	vy_draw_text(VY_UI_UNIT, h - 36, VY_UI_TEXT, 'l', g);
	n += vy_utoa(s + n, (uint64_t)(FIRST + sel));
	memcpy(s + n, "  0x", 4);
	n += 4;
	s[n++] = "0123456789ABCDEF"[(FIRST + sel) >> 4];
	s[n++] = "0123456789ABCDEF"[(FIRST + sel) & 15];
	s[n] = 0;
	vy_ui_label(40, h - 40, 40, VY_UI_DIM, s);
	vy_flush();
	vy_log("charmap: code ");
	vy_log_num((uint64_t)(FIRST + sel));
	vy_print(s + n - 5);
}

int main(void)
{
	struct vy_event ev;

	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		int was = sel;

		if (ev.type == VY_EV_RESIZE) {
			if (w == ev.w && h == ev.h)
				continue;	/* same size: no new frame */
			w = ev.w;
			h = ev.h;
			draw();
			continue;
		}
		if (ev.type == VY_EV_POINTER && ev.action == VY_PTR_DOWN &&
		    vy_ui_in(LEFT, TOP, COLS * CELL, ROWS * CELL, ev.x, ev.y)) {
			int i = (ev.y - TOP) / CELL * COLS +
				(ev.x - LEFT) / CELL;

			if (i < COUNT)
				sel = i;
		} else if (ev.type == VY_EV_KEY && ev.down) {
			switch (ev.keycode) {
			case KEY_LEFT: sel--; break;
			case KEY_RIGHT: sel++; break;
			case KEY_UP: sel -= COLS; break;
			case KEY_DOWN: sel += COLS; break;
			case KEY_HOME: sel = 0; break;
			case KEY_END: sel = COUNT - 1; break;
			default:
				if (ev.codepoint >= FIRST &&
				    ev.codepoint < FIRST + COUNT)
					sel = (int)ev.codepoint - FIRST;
			}
			/* wrap round: off one end onto the other */
			sel = (sel + COUNT) % COUNT;
		}
		if (sel != was)
			draw();
	}
	return 0;
}

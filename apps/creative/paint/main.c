/*
 * paint - draw with the left button, erase with the right. Click a colour
 * in the palette (or press 1-8) to pick it; + and - change the brush; C
 * clears. The strokes live only in the window's buffer: the supervisor
 * keeps it between flushes, so each move draws just the new segment.
 */
#include "vyoma.h"
#include "vyoma_tiny.h"

#define PALETTE_H 28
#define SWATCH 24
#define PAPER 0xFFFFFFFF

static const uint32_t colours[] = {
	0x111827FF, 0xDC2626FF, 0xEA580CFF, 0xFACC15FF,
	0x16A34AFF, 0x2563EBFF, 0x7C3AEDFF, 0xDB2777FF,
};
#define COLOURS ((int)(sizeof(colours) / sizeof(colours[0])))

static int w = 320, h = 240, colour, brush = 4;
static int last_x, last_y, drawing;	/* drawing: the button held, or 0 */

static void draw_palette(void)
{
	char size[8];
	int i;

	vy_fill_rect(0, 0, w, PALETTE_H, 0xE5E7EBFF);
	for (i = 0; i < COLOURS; i++) {
		if (i == colour)
			vy_fill_rect(2 + i * (SWATCH + 4), 0, SWATCH + 4,
				     PALETTE_H, 0x111827FF);
		vy_fill_rect(4 + i * (SWATCH + 4), 2, SWATCH, SWATCH,
			     colours[i]);
	}
	size[vy_utoa(size, (uint64_t)brush)] = '\0';
	vy_draw_text(8 + COLOURS * (SWATCH + 4), 6, 0x374151FF, 'm', "brush");
	vy_draw_text(8 + COLOURS * (SWATCH + 4) + 48, 6, 0x374151FF, 'm',
		     size);
}

static void clear(void)
{
	vy_fill_rect(0, 0, w, h, PAPER);
	draw_palette();
	vy_flush();
}

/* A line of brush squares from the last point to (x, y). */
static void stroke(int x, int y, uint32_t rgba)
{
	int dx = x - last_x, dy = y - last_y, steps, i;

	steps = (dx < 0 ? -dx : dx) > (dy < 0 ? -dy : dy) ?
		(dx < 0 ? -dx : dx) : (dy < 0 ? -dy : dy);
	steps = steps / (brush > 1 ? brush / 2 : 1) + 1;
	for (i = 0; i <= steps; i++) {
		int px = last_x + dx * i / steps, py = last_y + dy * i / steps;

		if (py - brush / 2 >= PALETTE_H)
			vy_fill_rect(px - brush / 2, py - brush / 2, brush,
				     brush, rgba);
	}
	last_x = x;
	last_y = y;
}

static void pointer(const struct vy_event *ev)
{
	if (ev->action == VY_PTR_DOWN && ev->y < PALETTE_H) {
		int i = (ev->x - 2) / (SWATCH + 4);

		if (i >= 0 && i < COLOURS) {
			colour = i;
			draw_palette();
			vy_flush();
		}
		return;
	}
	if (ev->action == VY_PTR_DOWN) {
		drawing = ev->buttons;
		last_x = ev->x;
		last_y = ev->y;
	}
	if (!drawing)
		return;
	stroke(ev->x, ev->y, drawing & VY_BUTTON_RIGHT ? PAPER :
	       colours[colour]);
	vy_flush();
	if (ev->action == VY_PTR_UP && !ev->buttons)
		drawing = 0;
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint;

	if (!ev->down)
		return;
	if (c >= '1' && c < '1' + COLOURS)
		colour = (int)(c - '1');
	else if (c == '+' || c == '=')
		brush = brush < 32 ? brush * 2 : brush;
	else if (c == '-')
		brush = brush > 1 ? brush / 2 : brush;
	else if ((c | 0x20) == 'c') {
		clear();
		return;
	} else
		return;
	draw_palette();
	vy_flush();
}

int main(void)
{
	struct vy_event ev;

	clear();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			clear();
		} else if (ev.type == VY_EV_POINTER) {
			pointer(&ev);
		} else if (ev.type == VY_EV_KEY) {
			key(&ev);
		}
	}
	return 0;
}

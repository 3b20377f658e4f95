/*
 * paint - draw with the left button, erase with the right. Click a colour
 * in the palette (or press 1-8) to pick it; + and - change the brush; C
 * clears. The supervisor keeps the window's buffer between flushes, so
 * each move draws just the new segment; the strokes are also kept here,
 * a byte a pixel of the paper, so that a resize, which redraws the
 * window, draws them again instead of losing the picture.
 *
 * Drawn in the shared look (vyoma_ui.h, docs/ui.md): the palette at the
 * header bar's right, the colour picked framed in the accent (it is what
 * the keys change), the paper below 8 px in, the brush size in the status
 * row. The paper and the colours are the user's, so they keep their own.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define SWATCH 24
#define STEP (SWATCH + 4)	/* a swatch and the gap to the next */
#define PAPER 0xFFFFFFFF
#define PAPER_Y (VY_UI_HEADER + VY_UI_UNIT)

static const uint32_t colours[] = {
	0x111827FF, 0xDC2626FF, 0xEA580CFF, 0xFACC15FF,
	0x16A34AFF, 0x2563EBFF, 0x7C3AEDFF, 0xDB2777FF,
};
#define COLOURS ((int)(sizeof(colours) / sizeof(colours[0])))

static int w = 320, h = 240, colour, brush = 4;
static int last_x, last_y, drawing;	/* drawing: the button held, or 0 */

/*
 * The picture: ink[y * ink_w + x] for the paper's pixel (x, y) is 0 for
 * the paper or i + 1 for colours[i]. As large as the largest paper yet,
 * so that a window made smaller and then larger again shows it whole;
 * when memory is refused it stays as it was, and what is drawn past it
 * shows but is not kept.
 */
static uint8_t *ink;
static int ink_w, ink_h;

/* The first swatch's x: the last one ends 8 px from the right edge. */
static int palette_x(void)
{
	return w - VY_UI_UNIT - COLOURS * STEP + 4;
}

/* The paper's right and bottom edges (it starts at 8, PAPER_Y). */
static int paper_right(void)
{
	return w - VY_UI_UNIT;
}

static int paper_bottom(void)
{
	return h - VY_UI_ROW - VY_UI_UNIT;
}

/* The header with the palette, and the status row: never the paper. */
static void draw_bars(void)
{
	char size[16] = "brush ";
	int i, x = palette_x();

	vy_ui_header(w, "Paint");
	for (i = 0; i < COLOURS; i++, x += STEP) {
		if (i == colour)
			vy_fill_rect(x - 2, 2, STEP, STEP, VY_UI_ACCENT);
		vy_fill_rect(x, 4, SWATCH, SWATCH, colours[i]);
	}
	size[6 + vy_utoa(size + 6, (uint64_t)brush)] = '\0';
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM, size);
}

/* ink made at least pw x ph, what it held kept at the top left. */
static void ink_room(int pw, int ph)
{
	int nw = pw > ink_w ? pw : ink_w, nh = ph > ink_h ? ph : ink_h;
	size_t pages = ((size_t)nw * (size_t)nh + 65535) / 65536;
	long at;
	uint8_t *grown;

	if (nw == ink_w && nh == ink_h)
		return;
	at = (long)__builtin_wasm_memory_grow(0, pages);
	if (at < 0)
		return;
	/* fresh pages are zero: the paper */
	grown = (uint8_t *)(at * 65536);
	for (int y = 0; y < ink_h; y++)
		memcpy(grown + y * nw, ink + y * ink_w, (size_t)ink_w);
	ink = grown;
	ink_w = nw;
	ink_h = nh;
}

/* The whole window: the bars, the paper and the picture on it. */
static void redraw(void)
{
	int pw = paper_right() - VY_UI_UNIT, ph = paper_bottom() - PAPER_Y;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	/* A window too small for any paper: a negative size is refused. */
	if (pw > 0 && ph > 0) {
		vy_fill_rect(VY_UI_UNIT, PAPER_Y, pw, ph, PAPER);
		ink_room(pw, ph);
	}
	/* each row's runs of one colour, the paper's left as it is */
	for (int y = 0; y < ph && y < ink_h; y++) {
		const uint8_t *row = ink + y * ink_w;

		for (int x = 0; x < pw && x < ink_w;) {
			int from = x;

			while (x < pw && x < ink_w && row[x] == row[from])
				x++;
			if (row[from])
				vy_fill_rect(VY_UI_UNIT + from, PAPER_Y + y,
					     x - from, 1, colours[row[from] - 1]);
		}
	}
	draw_bars();
	vy_flush();
}

/* One brush square of colours[c - 1] (0: the paper) centred on (x, y),
 * cut to the paper. */
static void dab(int x, int y, int c)
{
	int x0 = x - brush / 2, y0 = y - brush / 2;
	int x1 = x0 + brush, y1 = y0 + brush;

	if (x0 < VY_UI_UNIT)
		x0 = VY_UI_UNIT;
	if (y0 < PAPER_Y)
		y0 = PAPER_Y;
	if (x1 > paper_right())
		x1 = paper_right();
	if (y1 > paper_bottom())
		y1 = paper_bottom();
	if (x0 >= x1 || y0 >= y1)
		return;
	vy_fill_rect(x0, y0, x1 - x0, y1 - y0, c ? colours[c - 1] : PAPER);
	for (int y = y0 - PAPER_Y; y < y1 - PAPER_Y && y < ink_h; y++)
		for (int x = x0 - VY_UI_UNIT; x < x1 - VY_UI_UNIT && x < ink_w;
		     x++)
			ink[y * ink_w + x] = (uint8_t)c;
}

/* A line of brush squares from the last point to (x, y). */
static void stroke(int x, int y, int c)
{
	int dx = x - last_x, dy = y - last_y, steps, i;

	steps = (dx < 0 ? -dx : dx) > (dy < 0 ? -dy : dy) ?
		(dx < 0 ? -dx : dx) : (dy < 0 ? -dy : dy);
	steps = steps / (brush > 1 ? brush / 2 : 1) + 1;
	for (i = 0; i <= steps; i++)
		dab(last_x + dx * i / steps, last_y + dy * i / steps, c);
	last_x = x;
	last_y = y;
}

static void pointer(const struct vy_event *ev)
{
	if (ev->action == VY_PTR_DOWN && ev->y < VY_UI_HEADER) {
		/* Each swatch takes the clicks on its frame too. */
		int x = ev->x - palette_x() + 2, i = x / STEP;

		if (x >= 0 && i < COLOURS) {
			colour = i;
			draw_bars();
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
	stroke(ev->x, ev->y, drawing & VY_BUTTON_RIGHT ? 0 : colour + 1);
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
		memset(ink, 0, (size_t)ink_w * (size_t)ink_h);
		redraw();
		return;
	} else
		return;
	draw_bars();
	vy_flush();
}

int main(void)
{
	struct vy_event ev;

	redraw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			redraw();
		} else if (ev.type == VY_EV_POINTER) {
			pointer(&ev);
		} else if (ev.type == VY_EV_KEY) {
			key(&ev);
		}
	}
	return 0;
}

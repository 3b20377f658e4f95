/*
 * sprite - a 16x16 pixel-art editor with the 16 CGA colours.
 *
 * Keys: the arrows move the cursor (the accent frame), Space paints the
 * cell under it, 0-9 and A-F pick a colour (the framed swatch below the
 * canvas), S saves the picture as /data/sprite.ppm (binary PPM, P6,
 * 16x16), which the next start loads again. A click on a cell paints it,
 * a click on a swatch picks it.
 *
 * Logged once the frame shows it (its test waits for these):
 * "sprite: cursor <x> <y>", "sprite: colour <c>", "sprite: paint <x> <y>
 * <c>", "sprite: saved sprite.ppm" (or "sprite: save failed").
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define N 16
#define CELL 12
#define LEFT VY_UI_UNIT
#define TOP (VY_UI_HEADER + VY_UI_UNIT)
#define PAL_Y (TOP + N * CELL + VY_UI_UNIT)
#define HDR "P6\n16 16\n255\n"
#define HDR_LEN 13

enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

static const uint8_t pal[N][3] = {
	{ 0, 0, 0 }, { 0, 0, 0xAA }, { 0, 0xAA, 0 }, { 0, 0xAA, 0xAA },
	{ 0xAA, 0, 0 }, { 0xAA, 0, 0xAA }, { 0xAA, 0x55, 0 },
	{ 0xAA, 0xAA, 0xAA }, { 0x55, 0x55, 0x55 }, { 0x55, 0x55, 0xFF },
	{ 0x55, 0xFF, 0x55 }, { 0x55, 0xFF, 0xFF }, { 0xFF, 0x55, 0x55 },
	{ 0xFF, 0x55, 0xFF }, { 0xFF, 0xFF, 0x55 }, { 0xFF, 0xFF, 0xFF },
};

/*
 * The pen: the cursor's cell and the colour it paints, in the order the
 * log says them, so say() takes a run of them.
 */
enum { X, Y, COLOUR };
static int pen[3] = { [COLOUR] = 15 };
static int w = 2 * LEFT + N * CELL, h = PAL_Y + CELL + VY_UI_UNIT +
	VY_UI_ROW;
static uint8_t img[N * N];
/* The file as saved: its header stays, its pixels are written anew. */
static char file[HDR_LEN + N * N * 3] = HDR;
static char loaded[sizeof(file)];	/* what a start finds */

static uint32_t rgba(int c)
{
	return (uint32_t)pal[c][0] << 24 | pal[c][1] << 16 | pal[c][2] << 8 |
	       0xFF;
}

/*
 * Cell i of the canvas (0 to N * N - 1, row by row) or, past it, swatch
 * i - N * N, in its colour; grown by `frame' pixels each way it is drawn
 * in the accent instead, to frame the cell drawn over it again.
 */
static void cell(unsigned i, int frame)
{
	int pal_row = i >= N * N;	/* one more row, a unit lower */

	vy_fill_rect(LEFT + i % N * CELL - frame,
		     TOP + i / N * CELL + pal_row * VY_UI_UNIT - frame,
		     CELL + 2 * frame, CELL + 2 * frame,
		     frame ? VY_UI_ACCENT : rgba(pal_row ? i % N : img[i]));
}

/* A one-pixel frame, in the accent: the cursor and the chosen swatch. */
static void framed(unsigned i)
{
	cell(i, 1);
	cell(i, 0);
}

static void draw(void)
{
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Sprite");
	for (unsigned i = 0; i < N * N + N; i++)
		cell(i, 0);
	framed(pen[Y] * N + pen[X]);
	framed(N * N + pen[COLOUR]);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	/*
	 * The hint centred in its row as vy_ui_label would: one call of it
	 * (the header's) is inlined, two would keep a copy of it.
	 */
	vy_draw_text(VY_UI_UNIT, h - (VY_UI_ROW + VY_UI_CHAR_H) / 2, VY_UI_DIM,
		     'm', "Space 0-F S:save");
	vy_flush();
}

static void say(const char *what, const int *num, int n)
{
	vy_log("sprite: ");
	vy_log(what);
	while (n--) {
		vy_log(" ");
		vy_log_num((uint64_t)*num++);
	}
	vy_print("");
}

static void save(void)
{
	for (int i = 0; i < N * N; i++)
		memcpy(file + HDR_LEN + i * 3, pal[img[i]], 3);
	say(vy_data_replace("sprite.ppm", file, sizeof(file)) ?
	    "save failed" : "saved sprite.ppm", pen, 0);
}

/* The saved picture back, each pixel as its palette colour. */
static void load(void)
{
	if (vy_data_read("sprite.ppm", loaded, sizeof(loaded)) !=
	    sizeof(loaded) || memcmp(loaded, file, HDR_LEN))
		return;
	/* Pixel k / N against colour k % N, for every pair in one loop. */
	for (int k = 0; k < N * N * N; k++)
		if (!memcmp(loaded + HDR_LEN + k / N * 3, pal[k % N], 3))
			img[k / N] = (uint8_t)(k % N);
}

static void paint(void)
{
	img[pen[Y] * N + pen[X]] = (uint8_t)pen[COLOUR];
	draw();
	say("paint", pen, 3);
}

static void pick(int colour)
{
	pen[COLOUR] = colour;
	draw();
	say("colour", &pen[COLOUR], 1);
}

int main(void)
{
	struct vy_event ev;

	load();
	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		int k = (int)ev.codepoint | 32;

		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (ev.type == VY_EV_POINTER &&
			   ev.action == VY_PTR_DOWN) {
			/* Left of or above the canvas is far off, unsigned. */
			unsigned x = ((unsigned)ev.x - LEFT) / CELL;
			unsigned y = ((unsigned)ev.y - TOP) / CELL;

			if (x >= N)
				continue;
			if (y < N) {
				pen[X] = (int)x;
				pen[Y] = (int)y;
				paint();
			} else if (ev.y >= PAL_Y && ev.y < PAL_Y + CELL) {
				pick((int)x);
			}
		} else if (ev.type == VY_EV_KEY && ev.down) {
			int dx = ev.keycode == KEY_LEFT ? -1 :
				 ev.keycode == KEY_RIGHT;
			int dy = ev.keycode == KEY_UP ? -1 :
				 ev.keycode == KEY_DOWN;

			if (dx | dy) {	/* an arrow: it wraps round */
				pen[X] = (pen[X] + dx) & (N - 1);
				pen[Y] = (pen[Y] + dy) & (N - 1);
				draw();
				say("cursor", pen, 2);
			} else if (ev.codepoint == ' ') {
				paint();
			} else if (k == 's') {
				save();
			} else if ((k >= '0' && k <= '9') ||
				   (k >= 'a' && k <= 'f')) {
				pick(k <= '9' ? k - '0' : k - 'a' + 10);
			}
		}
	}
	return 0;
}

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

static int w = 2 * LEFT + N * CELL, h = PAL_Y + CELL + VY_UI_UNIT +
	VY_UI_ROW;
static int cx, cy, cur = 15;
static uint8_t img[N * N];
static char file[HDR_LEN + N * N * 3];

static uint32_t rgba(int c)
{
	return (uint32_t)pal[c][0] << 24 | pal[c][1] << 16 | pal[c][2] << 8 |
	       0xFF;
}

/* A one-pixel frame, in the accent: the cursor and the chosen swatch. */
static void frame(int x, int y, int s)
{
	vy_fill_rect(x - 1, y - 1, s + 2, 1, VY_UI_ACCENT);
	vy_fill_rect(x - 1, y + s, s + 2, 1, VY_UI_ACCENT);
	vy_fill_rect(x - 1, y, 1, s, VY_UI_ACCENT);
	vy_fill_rect(x + s, y, 1, s, VY_UI_ACCENT);
}

static void draw(void)
{
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Sprite");
	for (int i = 0; i < N * N; i++)
		vy_fill_rect(LEFT + i % N * CELL, TOP + i / N * CELL, CELL,
			     CELL, rgba(img[i]));
	for (int c = 0; c < N; c++)
		vy_fill_rect(LEFT + c * CELL, PAL_Y, CELL, CELL, rgba(c));
	frame(LEFT + cx * CELL, TOP + cy * CELL, CELL);
	frame(LEFT + cur * CELL, PAL_Y, CELL);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
		    "Space 0-F S:save");
	vy_flush();
}

static void say(const char *what, int a, int b, int c)
{
	vy_log("sprite: ");
	vy_log(what);
	if (a >= 0) {
		vy_log(" ");
		vy_log_num((uint64_t)a);
	}
	if (b >= 0) {
		vy_log(" ");
		vy_log_num((uint64_t)b);
	}
	if (c >= 0) {
		vy_log(" ");
		vy_log_num((uint64_t)c);
	}
	vy_print("");
}

static void save(void)
{
	memcpy(file, HDR, HDR_LEN);
	for (int i = 0; i < N * N; i++)
		memcpy(file + HDR_LEN + i * 3, pal[img[i]], 3);
	say(vy_data_replace("sprite.ppm", file, sizeof(file)) ?
	    "save failed" : "saved sprite.ppm", -1, -1, -1);
}

/* The saved picture back, each pixel as its palette colour. */
static void load(void)
{
	if (vy_data_read("sprite.ppm", file, sizeof(file)) != sizeof(file) ||
	    memcmp(file, HDR, HDR_LEN))
		return;
	for (int i = 0; i < N * N; i++)
		for (int c = 0; c < N; c++)
			if (!memcmp(file + HDR_LEN + i * 3, pal[c], 3))
				img[i] = (uint8_t)c;
}

static void paint(void)
{
	img[cy * N + cx] = (uint8_t)cur;
	draw();
	say("paint", cx, cy, cur);
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
			int x = (ev.x - LEFT) / CELL, y = (ev.y - TOP) / CELL;

			if (ev.x < LEFT || x >= N || ev.y < TOP)
				continue;
			if (y < N) {
				cx = x;
				cy = y;
				paint();
			} else if (ev.y >= PAL_Y && ev.y < PAL_Y + CELL) {
				cur = x;
				draw();
				say("colour", cur, -1, -1);
			}
		} else if (ev.type == VY_EV_KEY && ev.down) {
			if (ev.keycode == KEY_LEFT || ev.keycode == KEY_RIGHT ||
			    ev.keycode == KEY_UP || ev.keycode == KEY_DOWN) {
				cx += ev.keycode == KEY_LEFT ? -1 :
				      ev.keycode == KEY_RIGHT;
				cy += ev.keycode == KEY_UP ? -1 :
				      ev.keycode == KEY_DOWN;
				cx &= N - 1;	/* wraps round the edges */
				cy &= N - 1;
				draw();
				say("cursor", cx, cy, -1);
			} else if (ev.codepoint == ' ') {
				paint();
			} else if (k == 's') {
				save();
			} else if ((k >= '0' && k <= '9') ||
				   (k >= 'a' && k <= 'f')) {
				cur = k <= '9' ? k - '0' : k - 'a' + 10;
				draw();
				say("colour", cur, -1, -1);
			}
		}
	}
	return 0;
}

/*
 * colors - a colour mixer: a swatch of the colour made of its red, green
 * and blue (0-255 each), shown with its hex code and its hue, saturation
 * and lightness. Up and Down (or Tab) choose a channel, Left and Right
 * change it by 1, Page Up and Page Down (or [ and ]) by 16; R, G, B
 * choose a channel too; 0 makes it black, W white.
 *
 * On its console, once the frame shows it: "colors: #rrggbb hsl(h,s%,l%)"
 * after each change - what its test (test.py) waits for, and then finds
 * the swatch's pixels exactly that colour.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define SWATCH 96
#define LEFT 8
#define TOP (VY_UI_HEADER + 8)

enum { KEY_UP = 103, KEY_PGUP = 104, KEY_LEFT = 105, KEY_RIGHT = 106,
       KEY_DOWN = 108, KEY_PGDN = 109 };

static int rgb[3] = { 0x3B, 0x82, 0xF6 }, chan, w = 360, h = 200;

/* Hue in degrees, saturation and lightness in percent, each rounded. */
static void hsl(int *hue, int *sat, int *light)
{
	double r = rgb[0] / 255.0, g = rgb[1] / 255.0, b = rgb[2] / 255.0;
	double mx = r > g ? (r > b ? r : b) : (g > b ? g : b);
	double mn = r < g ? (r < b ? r : b) : (g < b ? g : b), d = mx - mn;
	double l = (mx + mn) / 2, hh;

	*light = (int)(l * 100 + 0.5);
	if (d == 0) {
		*hue = *sat = 0;
		return;
	}
	*sat = (int)(d / (l > 0.5 ? 2 - mx - mn : mx + mn) * 100 + 0.5);
	if (mx == r)
		hh = 60 * (g - b) / d;
	else if (mx == g)
		hh = 60 * (b - r) / d + 120;
	else
		hh = 60 * (r - g) / d + 240;
	*hue = (int)(hh + 360.5) % 360;
}

/* "#rrggbb hsl(h,s%,l%)" into s. */
static void describe(char *s)
{
	static const char hex[] = "0123456789abcdef";
	int hue, sat, light;

	*s++ = '#';
	for (int i = 0; i < 3; i++) {
		*s++ = hex[rgb[i] >> 4];
		*s++ = hex[rgb[i] & 15];
	}
	hsl(&hue, &sat, &light);
	memcpy(s, " hsl(", 5);
	s += 5;
	s += vy_utoa(s, (uint64_t)hue);
	*s++ = ',';
	s += vy_utoa(s, (uint64_t)sat);
	memcpy(s, "%,", 2);
	s += 2;
	s += vy_utoa(s, (uint64_t)light);
	memcpy(s, "%)", 3);
}

static void draw(void)
{
	static const char *const names[] = { "Red", "Green", "Blue" };
	static const uint32_t bar[] = { 0xE5484DFFu, 0x30A46CFFu,
					0x3B82F6FFu };
	char s[40];

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Colors");
	vy_fill_rect(LEFT, TOP + 8, SWATCH, SWATCH,
		     (uint32_t)rgb[0] << 24 | (uint32_t)rgb[1] << 16 |
		     (uint32_t)rgb[2] << 8 | 0xFF);
	describe(s);
	vy_draw_text(LEFT, TOP + SWATCH + 16, VY_UI_TEXT, 'm', s);
	for (int i = 0; i < 3; i++) {
		int x = LEFT + SWATCH + 16, y = TOP + 8 + i * 32;
		int bw = w - x - LEFT - 40;

		vy_draw_text(x, y, i == chan ? VY_UI_ACCENT : VY_UI_DIM, 'm',
			     names[i]);
		vy_fill_rect(x, y + 18, bw, 6, VY_UI_SURFACE);
		vy_fill_rect(x, y + 18, bw * rgb[i] / 255, 6, bar[i]);
		vy_utoa(s, (uint64_t)rgb[i]);
		vy_draw_text(x + bw + 8, y + 12, VY_UI_TEXT, 'm', s);
	}
	vy_draw_text(LEFT, h - 20, VY_UI_DIM, 's',
		     "Up/Down: channel  Left/Right: 1  PgUp/PgDn: 16");
	vy_flush();
}

static void set(int c, int v)
{
	char s[40];

	v = v < 0 ? 0 : v > 255 ? 255 : v;
	if (rgb[c] == v)
		return;
	rgb[c] = v;
	draw();
	describe(s);
	vy_log("colors: ");
	vy_print(s);
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint | 0x20;

	if (ev->keycode == KEY_UP)
		chan = (chan + 2) % 3;
	else if (ev->keycode == KEY_DOWN || ev->codepoint == 9)
		chan = (chan + 1) % 3;
	else if (c == 'r' || c == 'g' || c == 'b')
		chan = c == 'r' ? 0 : c == 'g' ? 1 : 2;
	else if (ev->keycode == KEY_LEFT || ev->keycode == KEY_RIGHT ||
		 ev->keycode == KEY_PGUP || ev->keycode == KEY_PGDN ||
		 ev->codepoint == '[' || ev->codepoint == ']') {
		int step = ev->keycode == KEY_LEFT || ev->keycode == KEY_RIGHT ?
			   1 : 16;
		int up = ev->keycode == KEY_RIGHT || ev->keycode == KEY_PGUP ||
			 ev->codepoint == ']';

		return set(chan, rgb[chan] + (up ? step : -step));
	} else if (c == '0' || c == 'w') {
		for (int i = 0; i < 3; i++)
			set(i, c == 'w' ? 255 : 0);
		return;
	} else {
		return;
	}
	draw();
}

int main(void)
{
	draw();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}

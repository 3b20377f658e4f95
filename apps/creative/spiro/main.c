/*
 * spiro - a spirograph: the hypotrochoid traced by a pen d pixels from
 * the centre of a wheel of radius r rolling inside a ring of radius R,
 *	x = (R - r) cos t + d cos((R - r) t / r)
 *	y = (R - r) sin t - d sin((R - r) t / r)
 * over t from 0 to 2 pi r / gcd(R, r), when the curve closes.
 *
 * Keys: Up/Down change R (10 to 110), Right/Left change r (1 to R - 1),
 * + and - change d (0 to 110); Shift with an arrow moves five at a time.
 *
 * Logged once the frame shows it (its test waits for this):
 * "spiro: R <R> r <r> d <d> pixels <curve pixels drawn>".
 */
#include "vyoma_ui.h"
#include "vyoma_math.h"
#include "vyoma_tiny.h"

#define S 240
#define LEFT VY_UI_UNIT
#define TOP (VY_UI_HEADER + VY_UI_UNIT)
#define DT 0.02

enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

static int w = 2 * LEFT + S, h = TOP + S + VY_UI_UNIT + VY_UI_ROW;
static int R = 90, r = 35, d = 50, count;
static uint8_t on[S * S], pix[S * S * 3];

static int round_(double v)
{
	return (int)(v < 0 ? v - 0.5 : v + 0.5);
}

static void plot(int x, int y)
{
	if ((unsigned)x < S && (unsigned)y < S && !on[y * S + x]) {
		on[y * S + x] = 1;
		count++;
	}
}

static void trace(void)
{
	int a = R, b = r, px = 0, py = 0;
	double end;

	while (b) {		/* gcd(R, r): the turns until it closes */
		int t = a % b;

		a = b;
		b = t;
	}
	end = 2 * VY_PI * r / a;
	memset(on, 0, sizeof(on));
	count = 0;
	for (double t = 0;; t += DT) {
		double k = (double)(R - r) / r * t;
		int x, y;

		if (t > end)
			t = end;
		x = S / 2 + round_((R - r) * vy_sin(t + VY_PI / 2) +
				   d * vy_sin(k + VY_PI / 2));
		y = S / 2 + round_((R - r) * vy_sin(t) - d * vy_sin(k));
		if (t > 0)
			vy_line(px, py, x, y, plot);
		px = x;
		py = y;
		if (t >= end)
			break;
	}
}

static void draw(void)
{
	char s[40] = "R ", *q = s + 2;

	trace();
	for (int i = 0; i < S * S; i++) {
		uint32_t c = on[i] ? VY_UI_ACCENT : VY_UI_SURFACE;

		pix[i * 3] = (uint8_t)(c >> 24);
		pix[i * 3 + 1] = (uint8_t)(c >> 16);
		pix[i * 3 + 2] = (uint8_t)(c >> 8);
	}
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Spirograph");
	vy_pixels(LEFT, TOP, S, S, pix);
	q += vy_utoa(q, (uint64_t)R);
	memcpy(q, " r ", 3);
	q += 3 + vy_utoa(q + 3, (uint64_t)r);
	memcpy(q, " d ", 3);
	vy_utoa(q + 3, (uint64_t)d);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM, s);
	vy_flush();
	vy_log("spiro: ");
	vy_log(s);
	vy_log(" pixels ");
	vy_log_num((uint64_t)count);
	vy_print("");
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

int main(void)
{
	struct vy_event ev;

	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		int n = ev.mods & VY_MOD_SHIFT ? 5 : 1;

		if (ev.type == VY_EV_RESIZE) {
			if (w == ev.w && h == ev.h)
				continue;	/* same size: no new frame */
			w = ev.w;
			h = ev.h;
		} else if (ev.type == VY_EV_KEY && ev.down) {
			if (ev.keycode == KEY_UP || ev.keycode == KEY_DOWN)
				R = clamp(R + (ev.keycode == KEY_UP ? n : -n),
					  10, 110);
			else if (ev.keycode == KEY_RIGHT)
				r += n;
			else if (ev.keycode == KEY_LEFT)
				r -= n;
			else if (ev.codepoint == '+' || ev.codepoint == '=')
				d = clamp(d + 1, 0, 110);
			else if (ev.codepoint == '-' || ev.codepoint == '_')
				d = clamp(d - 1, 0, 110);
			else
				continue;
			r = clamp(r, 1, R - 1);
		} else {
			continue;
		}
		draw();
	}
	return 0;
}

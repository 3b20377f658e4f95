/*
 * mandelbrot - explore the Mandelbrot set in a window.
 *
 * Keys: the arrows pan by an eighth of the window's width, + (or =)
 * zooms in two times, - zooms out, R goes back to the whole set. The
 * maths is integer fixed point (28 fraction bits in 64-bit words), so it
 * needs no floats; points that never escape within MAXIT steps are drawn
 * black, the rest take a colour from a ramp by how fast they escaped.
 *
 * Logged after each frame is shown (its test waits for this):
 * "mandelbrot: view <cx> <cy> scale <step> inset <n>", the first three in
 * 1/2^28 units (step is the width of one pixel), n the black pixels.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define FRAC 28
#define ONE (1LL << FRAC)
#define MAXIT 64
#define MAXW 800
#define MAXH 600

enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

static int w = 320, h = 240;
static long long cx, cy, step;
static uint8_t pix[MAXW * MAXH * 3];

static void reset(void)
{
	cx = -ONE / 2;
	cy = 0;
	step = 3 * ONE / 320;
}

/* Escape-time colour: a ramp from deep blue to yellow, never black. */
static void colour(uint8_t *p, int it)
{
	if (it >= MAXIT) {
		p[0] = p[1] = p[2] = 0;
		return;
	}
	p[0] = (uint8_t)(it * 16 > 255 ? 255 : 20 + it * 12 % 236);
	p[1] = (uint8_t)(30 + it * 7 % 226);
	p[2] = (uint8_t)(255 - it * 3);
}

static void logi(long long v)
{
	if (v < 0) {
		vy_log("-");
		v = -v;
	}
	vy_log_num((uint64_t)v);
}

static void draw(void)
{
	int vw = w > MAXW ? MAXW : w;
	int vh = h - VY_UI_HEADER - VY_UI_ROW;
	uint8_t *p = pix;
	int inset = 0;

	if (vh > MAXH)
		vh = MAXH;
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Mandelbrot");
	for (int y = 0; y < vh; y++) {
		long long ci = cy + (y - vh / 2) * step;

		for (int x = 0; x < vw; x++, p += 3) {
			long long cr = cx + (x - vw / 2) * step;
			long long zr = 0, zi = 0, r2, i2;
			int it = 0;

			/* z = z^2 + c until |z|^2 > 4 */
			while (it < MAXIT) {
				r2 = zr * zr >> FRAC;
				i2 = zi * zi >> FRAC;
				if (r2 + i2 > 4 * ONE)
					break;
				zi = (zr * zi >> (FRAC - 1)) + ci;
				zr = r2 - i2 + cr;
				it++;
			}
			colour(p, it);
			inset += it == MAXIT;
		}
	}
	if (vh > 0)
		vy_pixels(0, VY_UI_HEADER, vw, vh, pix);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
		    "Arrows pan  + - zoom  R reset");
	vy_flush();
	vy_log("mandelbrot: view ");
	logi(cx);
	vy_log(" ");
	logi(cy);
	vy_log(" scale ");
	logi(step);
	vy_log(" inset ");
	logi(inset);
	vy_print("");
}

int main(void)
{
	struct vy_event ev;

	reset();
	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		long long pan = step * (w / 8);

		if (ev.type == VY_EV_RESIZE) {
			if (w == ev.w && h == ev.h)
				continue;	/* same size: no new frame */
			w = ev.w;
			h = ev.h;
		} else if (ev.type == VY_EV_KEY && ev.down) {
			switch (ev.keycode) {
			case KEY_LEFT: cx -= pan; break;
			case KEY_RIGHT: cx += pan; break;
			case KEY_UP: cy -= pan; break;
			case KEY_DOWN: cy += pan; break;
			default:
				if (ev.codepoint == '+' || ev.codepoint == '=')
					step = step > 1 ? step / 2 : 1;
				else if (ev.codepoint == '-' && step < ONE)
					step *= 2;
				else if (ev.codepoint == 'r' ||
					 ev.codepoint == 'R')
					reset();
				else
					continue;
			}
		} else {
			continue;
		}
		draw();
	}
	return 0;
}

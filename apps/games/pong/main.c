/*
 * pong - table tennis against the computer: your paddle on the left,
 * Up/Down (or W/S) move it, Space serves. The computer's paddle follows
 * the ball but no faster than the ball can climb, so it can be beaten.
 * Where the ball meets a paddle sets the angle it leaves at. First to
 * seven points wins; Space then starts again.
 *
 * It animates with vy_next_event()'s timeout, a step every TICK ms by
 * the monotonic clock. On its console, once the frame shows it: "pong:
 * you <n> cpu <m>" at the start and after each point, "pong: return"
 * when your paddle sends the ball back, then "pong: you win" or "pong:
 * cpu wins" - what its test (test.py) reads.
 */
#include "vyoma_ui.h"
#include "vyoma_math.h"
#include "vyoma_tiny.h"

#define W 320
#define FT VY_UI_HEADER
#define FH 208
#define PH 40
#define BALL 6
#define TICK 20
#define WIN 7

enum { KEY_UP = 103, KEY_DOWN = 108 };

static int w = W, h = FT + FH, me, cpu, py = FT + (FH - PH) / 2, cy = FT +
	   (FH - PH) / 2, bx, by, vx = -3, vy = 2, playing;

static void draw(void)
{
	char s[24] = "You ";
	int n = 4 + vy_utoa(s + 4, (uint64_t)me);

	memcpy(s + n, "  Cpu ", 6);
	vy_utoa(s + n + 6, (uint64_t)cpu);
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Pong");
	vy_ui_label(W - 8 - vy_ui_text_w(s), 0, FT, VY_UI_DIM, s);
	for (int y = FT + 4; y < FT + FH; y += 16)
		vy_fill_rect(W / 2 - 1, y, 2, 8, VY_UI_BORDER);
	vy_fill_rect(8, py, 6, PH, VY_UI_ACCENT);
	vy_fill_rect(W - 14, cy, 6, PH, VY_UI_DIM);
	if (!playing) {
		bx = (W - BALL) / 2;
		by = FT + (FH - BALL) / 2;
		vy_ui_label(W / 2 + 16, FT + 8, VY_UI_ROW, VY_UI_TEXT,
			    me == WIN || cpu == WIN ? "Over: Space" :
						    "Space: serve");
	}
	vy_fill_rect(bx, by, BALL, BALL, VY_UI_TEXT);
	vy_flush();
}

static void say(void)
{
	vy_log("pong: you ");
	vy_log_num((uint64_t)me);
	vy_log(" cpu ");
	vy_log_num((uint64_t)cpu);
	vy_print("");
	if (me == WIN || cpu == WIN)
		vy_print(me == WIN ? "pong: you win" : "pong: cpu wins");
}

/* The ball off a paddle at top y: steeper the further from its middle. */
static void bounce(int y)
{
	vx = -vx;
	vy = (by + BALL / 2 - y - PH / 2) / 5;
}

/* One step; returns 1 when a point was won. */
static int step(void)
{
	int aim = by + BALL / 2 - PH / 2;

	bx += vx;
	by += vy;
	vy_reflect(&by, &vy, FT, FT + FH - BALL);
	/* The computer moves at most 2 px a step towards the ball. */
	cy += aim > cy + 2 ? 2 : aim < cy - 2 ? -2 : aim - cy;
	cy = cy < FT ? FT : cy > FT + FH - PH ? FT + FH - PH : cy;
	if (vx < 0 && bx <= 14 && bx > 14 + vx - 1 && by + BALL > py &&
	    by < py + PH) {
		bounce(py);
		vy_print("pong: return");
	}
	if (vx > 0 && bx + BALL >= W - 14 && bx + BALL < W - 14 + vx + 1 &&
	    by + BALL > cy && by < cy + PH)
		bounce(cy);
	if (bx < -BALL || bx > W) {
		if (bx < 0)
			cpu++;
		else
			me++;
		playing = 0;
		vx = bx < 0 ? -3 : 3;	/* serve to who lost the point */
		vy = 2;
		return 1;
	}
	return 0;
}

int main(void)
{
	struct vy_event ev;
	uint64_t next = 0;

	draw();
	say();
	for (;;) {
		int64_t wait = (int64_t)(next - vy_ms());
		int t = vy_next_event(&ev, playing ? wait < 0 ? 0 : (int)wait
						   : -1);
		uint32_t k = ev.codepoint | 0x20;

		if (t == VY_EV_QUIT)
			break;
		if (t == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (t == VY_EV_KEY && ev.down) {
			if (ev.keycode == KEY_UP || k == 'w')
				py = py - 16 < FT ? FT : py - 16;
			else if (ev.keycode == KEY_DOWN || k == 's')
				py = py + 16 > FT + FH - PH ? FT + FH - PH :
							      py + 16;
			else if (ev.codepoint == ' ' && !playing) {
				if (me == WIN || cpu == WIN) {
					me = cpu = 0;
					say();
				}
				playing = 1;
				next = vy_ms();
			}
			draw();
		}
		if (playing && vy_ms() >= next) {
			next += TICK;
			t = step();
			draw();
			if (t)
				say();
		}
	}
	return 0;
}

/*
 * breakout - knock out the wall of bricks with a ball kept in play by a
 * paddle. Left/Right (or A/D) move the paddle, Space serves the ball
 * from it and, after the last life or brick, starts a new game. Where
 * the ball meets the paddle sets the angle it leaves at. Three lives.
 *
 * It animates with vy_next_event()'s timeout: one step every TICK ms by
 * the monotonic clock, whatever input comes in between. On its console,
 * once the frame shows it, "breakout: bricks <left> lives <n>" after
 * each brick or life lost, then "breakout: cleared" or "breakout: game
 * over" - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_math.h"
#include "vyoma_tiny.h"

#define W 320
#define H 288
#define COLS 8
#define ROWS 4
#define BW (W / COLS)
#define BH 14
#define TOP (VY_UI_HEADER + 24)
#define PW 48
#define PY (H - 20)
#define BALL 6
#define TICK 20

enum { KEY_LEFT = 105, KEY_RIGHT = 106 };

static const uint32_t row_colour[ROWS] = {
	VY_UI_DANGER, VY_UI_ACCENT_TEXT, VY_UI_OK, VY_UI_DIM
};
static char brick[ROWS * COLS];
static int w = W, h = H, bricks, lives, px = (W - PW) / 2;
static int bx, by, vx, vy, served;

static void new_game(void)
{
	memset(brick, 1, sizeof(brick));
	bricks = ROWS * COLS;
	lives = 3;
}

static void draw(void)
{
	char s[32] = "Bricks ";
	int n = 7 + vy_utoa(s + 7, (uint64_t)bricks);

	memcpy(s + n, " Lives ", 7);
	vy_utoa(s + n + 7, (uint64_t)lives);
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(W, "Breakout");
	vy_ui_label(W - 8 - vy_ui_text_w(s), 0, VY_UI_HEADER, VY_UI_DIM, s);
	for (int i = 0; i < ROWS * COLS; i++)
		if (brick[i])
			vy_fill_rect(i % COLS * BW + 1, TOP + i / COLS * BH,
				     BW - 2, BH - 2, row_colour[i / COLS]);
	vy_fill_rect(px, PY, PW, 6, VY_UI_ACCENT);
	if (!served) {
		bx = px + (PW - BALL) / 2;
		by = PY - BALL;
		if (!lives || !bricks)
			vy_ui_label(8, H / 2, VY_UI_ROW, VY_UI_TEXT,
				    bricks ? "Game over: Space" :
					     "Cleared! Space");
	}
	vy_fill_rect(bx, by, BALL, BALL, VY_UI_TEXT);
	vy_flush();
}

static void say(void)
{
	vy_log("breakout: bricks ");
	vy_log_num((uint64_t)bricks);
	vy_log(" lives ");
	vy_log_num((uint64_t)lives);
	vy_print("");
	if (!bricks)
		vy_print("breakout: cleared");
	else if (!lives)
		vy_print("breakout: game over");
}

/* One step of the ball; returns 1 when a brick or a life went. */
static int step(void)
{
	int c, r;

	bx += vx;
	by += vy;
	vy_reflect(&bx, &vx, 0, W - BALL);
	if (by < VY_UI_HEADER) {
		by = VY_UI_HEADER;
		vy = -vy;
	}
	c = (bx + BALL / 2) / BW;
	r = by + BALL / 2 - TOP;
	if (r >= 0 && r < ROWS * BH && brick[r / BH * COLS + c]) {
		brick[r / BH * COLS + c] = 0;
		bricks--;
		vy = -vy;
		served = bricks > 0;
		return 1;
	}
	/* The paddle sends the ball off at an angle set by where it hit. */
	if (vy > 0 && by + BALL >= PY && by + BALL < PY + vy + 1 &&
	    bx + BALL > px && bx < px + PW) {
		vx = (bx + BALL / 2 - px - PW / 2) / 6;
		vx += !vx;
		vy = -vy;
	}
	if (by > H) {
		lives--;
		served = 0;
		return 1;
	}
	return 0;
}

int main(void)
{
	struct vy_event ev;
	uint64_t next = 0;

	new_game();
	draw();
	say();
	for (;;) {
		int64_t wait = (int64_t)(next - vy_ms());
		int t = vy_next_event(&ev, served ? wait < 0 ? 0 : (int)wait
						  : -1);

		if (t == VY_EV_QUIT)
			break;
		if (t == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		}
		if (t == VY_EV_KEY && ev.down) {
			uint32_t k = ev.codepoint | 0x20;

			if (ev.keycode == KEY_LEFT || k == 'a')
				px = px < 16 ? 0 : px - 16;
			else if (ev.keycode == KEY_RIGHT || k == 'd')
				px = px > W - PW - 16 ? W - PW : px + 16;
			else if (ev.codepoint == ' ' && !served) {
				if (!lives || !bricks)
					new_game();
				served = 1;
				vx = 1;
				vy = -3;
				next = vy_ms();
			}
			draw();
		}
		if (served && vy_ms() >= next) {
			int changed = 0;

			next += TICK;
			changed = step();
			draw();
			if (changed)
				say();
		}
	}
	return 0;
}

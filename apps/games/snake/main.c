/*
 * snake - the arrow keys (or WASD) steer, a click or Space starts,
 * pauses and restarts. It animates with vy_next_event()'s timeout: one
 * step every TICK_MS, whatever input arrives in between. Each game over
 * prints the score, so a test can read it.
 *
 * The look is docs/ui.md's: the header bar with the score at its right,
 * the field on a panel inside 8 px of padding, what Space does next on
 * the status row. The field's size follows the window's; a game under
 * way is kept, paused, when it still fits.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define CELL 16
#define TICK_MS 120
#define MAX_LEN 1024
#define TOP (VY_UI_HEADER + VY_UI_UNIT)	/* the field's top edge */

enum state { READY, PLAYING, PAUSED, OVER };
enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

/* The field's left edge, in pixels, and its size, in cells. */
static int w = 320, h = 240, fx, cols, rows;
static int sx[MAX_LEN], sy[MAX_LEN], len, dx = 1, dy, next_dx = 1, next_dy;
static int food_x, food_y, score;
static enum state state = READY;
static uint32_t seed = 12345;

static uint32_t next_random(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 16;
}

static int on_snake(int x, int y)
{
	for (int i = 0; i < len; i++)
		if (sx[i] == x && sy[i] == y)
			return 1;
	return 0;
}

static void place_food(void)
{
	do {
		food_x = (int)(next_random() % (uint32_t)cols);
		food_y = (int)(next_random() % (uint32_t)rows);
	} while (on_snake(food_x, food_y) && len < cols * rows);
}

static void reset(void)
{
	len = 3;
	for (int i = 0; i < len; i++) {
		sx[i] = cols / 2 - i;
		sy[i] = rows / 2;
	}
	dx = next_dx = 1;
	dy = next_dy = 0;
	score = 0;
	seed ^= (uint32_t)vy_ms();
	place_food();
}

/*
 * As many cells as fit inside the padding, between the header and the
 * status row, centred across; at least one each way (a tiled window may
 * be 16 px), so place_food() never divides by 0.
 */
static void layout(void)
{
	int across = w - 2 * VY_UI_UNIT;
	int room = h - VY_UI_HEADER - VY_UI_ROW - 2 * VY_UI_UNIT;

	cols = across > CELL ? across / CELL : 1;
	rows = room > CELL ? room / CELL : 1;
	fx = (w - cols * CELL) / 2;
}

static void cell(int x, int y, uint32_t rgba)
{
	vy_fill_rect(fx + x * CELL + 1, TOP + y * CELL + 1, CELL - 2, CELL - 2,
		     rgba);
}

static void draw(void)
{
	static const char *const banner[] = {
		"click or Space to start", "", "paused: click or Space",
		"game over: click or Space",
	};
	char text[32] = "score ";
	int n = 6 + vy_utoa(text + 6, (uint64_t)score);	/* ends it */

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Snake");
	vy_ui_label(w - VY_UI_UNIT - n * VY_UI_CHAR_W, 0, VY_UI_HEADER,
		    VY_UI_TEXT, text);
	vy_fill_rect(fx, TOP, cols * CELL, rows * CELL, VY_UI_SURFACE);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
		    banner[state]);
	/* Pieces keep their own colours; the steered head is the focus. */
	cell(food_x, food_y, VY_UI_DANGER);
	for (int i = len - 1; i >= 0; i--)
		cell(sx[i], sy[i], i ? VY_UI_OK : VY_UI_ACCENT);
	vy_flush();
}

static void step(void)
{
	int x = sx[0] + next_dx, y = sy[0] + next_dy, eat;

	dx = next_dx;
	dy = next_dy;
	if (x < 0 || y < 0 || x >= cols || y >= rows ||
	    on_snake(x, y)) {
		char line[32] = "game over, score ";

		vy_utoa(line + 17, (uint64_t)score);	/* and a NUL */
		vy_print(line);
		state = OVER;
		return;
	}
	eat = x == food_x && y == food_y && len < MAX_LEN;
	len += eat;
	score += eat;
	for (int i = len - 1; i > 0; i--) {
		sx[i] = sx[i - 1];
		sy[i] = sy[i - 1];
	}
	sx[0] = x;
	sy[0] = y;
	/* after the move, so never under the head that ate it */
	if (eat)
		place_food();
}

/*
 * The field follows the window. A game under way goes on where it was,
 * paused (the player's hands may be on the mouse), when the snake and
 * its food still fit; the food moves if only it is outside. A field now
 * too small for the snake starts afresh.
 */
static void resized(void)
{
	int fits = 1;

	layout();
	for (int i = 0; i < len; i++)
		fits &= sx[i] < cols && sy[i] < rows;
	if (state == READY || state == OVER || !fits) {
		reset();
		state = READY;
		return;
	}
	state = PAUSED;
	if (food_x >= cols || food_y >= rows)
		place_food();
}

/* Start, pause, resume, or play again. */
static void toggle(void)
{
	if (state == OVER || state == READY)
		reset();
	state = state == PLAYING ? PAUSED : PLAYING;
}

static void steer(int ndx, int ndy)
{
	/* Never straight back into its own neck. */
	if (ndx != -dx || ndy != -dy) {
		next_dx = ndx;
		next_dy = ndy;
	}
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint | 0x20;

	if (!ev->down)
		return;
	if (ev->keycode == KEY_UP || c == 'w')
		steer(0, -1);
	else if (ev->keycode == KEY_DOWN || c == 's')
		steer(0, 1);
	else if (ev->keycode == KEY_LEFT || c == 'a')
		steer(-1, 0);
	else if (ev->keycode == KEY_RIGHT || c == 'd')
		steer(1, 0);
	else if (ev->codepoint == ' ')
		toggle();
}

int main(void)
{
	struct vy_event ev;
	uint64_t next_tick = vy_ms() + TICK_MS;

	layout();
	reset();
	draw();
	for (;;) {
		uint64_t now = vy_ms();
		int wait = state == PLAYING ?
			   (next_tick > now ? (int)(next_tick - now) : 0) : -1;

		if (vy_next_event(&ev, wait) == VY_EV_QUIT)
			break;
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			resized();
		} else if (ev.type == VY_EV_POINTER &&
			   ev.action == VY_PTR_DOWN) {
			toggle();
			next_tick = vy_ms() + TICK_MS;
		} else if (ev.type == VY_EV_KEY) {
			key(&ev);
			next_tick = state == PLAYING && next_tick < vy_ms() ?
				    vy_ms() + TICK_MS : next_tick;
		} else if (ev.type == VY_EV_TIMEOUT && state == PLAYING) {
			step();
			next_tick += TICK_MS;
		} else {
			continue;
		}
		draw();
	}
	return 0;
}

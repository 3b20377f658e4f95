/*
 * lightsout - Lights Out on a 5x5 board: pressing a light toggles it
 * and its four neighbours; switch them all off. The arrow keys (or
 * WASD) move the focus, Space or Enter presses the focused light, a
 * click presses the one under the pointer. N goes on to the next of the
 * built-in puzzles, R starts the current one again.
 *
 * On its console, once the frame shows it: "lightsout: level <n> lit
 * <lights on> moves <m>" at each start and press, then "lightsout:
 * solved in <m> moves" - what its test (test.py) reads.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define CELL 48
#define STEP 52
#define TOP (VY_UI_HEADER + 8)

enum { KEY_ENTER = 28, KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106,
       KEY_DOWN = 108 };

/* The puzzles, a bit a light (bit 0 top left, row by row), each made
 * by presses from the dark board, so each can be solved. */
static const uint32_t levels[] = {
	0x1c638a3, 0x0afbbea, 0x1f7f6ef, 0x19badbf,
};

static uint32_t board;
static int level, cur = 12, moves, w = 276, h = 324;

static int lit(void)
{
	return __builtin_popcount(board);
}

static void draw(void)
{
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Lights Out");
	for (int i = 0; i < 25; i++) {
		int x = 8 + i % 5 * STEP, y = TOP + i / 5 * STEP;

		if (i == cur)
			vy_fill_rect(x - 2, y - 2, CELL + 4, CELL + 4,
				     VY_UI_ACCENT);
		vy_fill_rect(x, y, CELL, CELL, board >> i & 1 ?
			     VY_UI_TEXT : VY_UI_RAISED);
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(8, h - VY_UI_ROW, VY_UI_ROW, board ? VY_UI_DIM : VY_UI_OK,
		    board ? "Space: press, N: next" : "Solved! N: next");
	vy_flush();
}

static void say(void)
{
	draw();
	vy_log("lightsout: level ");
	vy_log_num((uint64_t)level + 1);
	vy_log(" lit ");
	vy_log_num((uint64_t)lit());
	vy_log(" moves ");
	vy_log_num((uint64_t)moves);
	vy_print("");
	if (!board) {
		vy_log("lightsout: solved in ");
		vy_log_num((uint64_t)moves);
		vy_print(" moves");
	}
}

static void start(int n)
{
	level = n % (int)(sizeof(levels) / sizeof(levels[0]));
	board = levels[level];
	moves = 0;
	say();
}

static void press(int i)
{
	int r = i / 5, c = i % 5;

	if (!board)
		return;
	board ^= 1u << i;
	if (r > 0)
		board ^= 1u << (i - 5);
	if (r < 4)
		board ^= 1u << (i + 5);
	if (c > 0)
		board ^= 1u << (i - 1);
	if (c < 4)
		board ^= 1u << (i + 1);
	moves++;
	say();
}

int main(void)
{
	struct vy_event ev;

	start(0);
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		uint32_t k = ev.codepoint | 0x20;
		int c = ev.keycode, r = cur / 5, col = cur % 5;

		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (ev.type == VY_EV_POINTER &&
			   ev.action == VY_PTR_DOWN) {
			c = (ev.x - 8) / STEP;
			r = (ev.y - TOP) / STEP;
			if (ev.x >= 8 && ev.y >= TOP && c < 5 && r < 5)
				press(cur = r * 5 + c);
		} else if (ev.type == VY_EV_KEY && ev.down) {
			if (k == 'n' || k == 'r') {
				start(level + (k == 'n'));
			} else if (ev.codepoint == ' ' || c == KEY_ENTER) {
				press(cur);
			} else {
				r += (c == KEY_DOWN || k == 's') -
				     (c == KEY_UP || k == 'w');
				col += (c == KEY_RIGHT || k == 'd') -
				       (c == KEY_LEFT || k == 'a');
				if (r >= 0 && r < 5 && col >= 0 && col < 5)
					cur = r * 5 + col;
				draw();
			}
		}
	}
	return 0;
}

/*
 * sudoku - fill the 9x9 grid so that every row, column and 3x3 box holds
 * the digits 1 to 9 once. The arrow keys move the cursor, 1-9 write a
 * digit, 0, Space, Backspace or Delete clear it; the givens cannot be
 * changed. Cells whose digit repeats in a row, column or box are shown in
 * VY_UI_DANGER. N deals the next puzzle.
 *
 * Puzzle n is made from one solved grid by the swaps that keep a grid
 * solved (rows within a band, columns within a stack, digit for digit),
 * drawn from a generator seeded with n, then cells are blanked in pairs
 * symmetric about the centre; any grid that follows the rules solves it.
 *
 * On its console, once the frame shows it: "sudoku: puzzle <n> <81
 * digits, 0 blank>" for each deal, "sudoku: <row><col> <digit> filled
 * <cells> conflicts <cells>" after each change (rows, cols 1-9) and
 * "sudoku: solved" - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define PITCH 34
#define LEFT 8
#define TOP (VY_UI_HEADER + 8)
#define SIDE (9 * PITCH + 4)

enum { KEY_BS = 14, KEY_SPACE = 57, KEY_UP = 103, KEY_LEFT = 105,
       KEY_RIGHT = 106, KEY_DOWN = 108, KEY_DEL = 111 };

static uint8_t cell[81], given[81];
static int cur, puzzle, w = 2 * LEFT + SIDE, h = TOP + SIDE + 8 + VY_UI_ROW;
static uint32_t seed;

static unsigned rnd(unsigned n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

/* Whether cell i's digit appears elsewhere in its row, column or box. */
static int clash(int i)
{
	int r = i / 9, c = i % 9;

	for (int j = 0; j < 81; j++) {
		int rj = j / 9, cj = j % 9;

		if (j != i && cell[i] && cell[j] == cell[i] &&
		    (rj == r || cj == c ||
		     (rj / 3 == r / 3 && cj / 3 == c / 3)))
			return 1;
	}
	return 0;
}

static int count(int conflicts)
{
	int n = 0;

	for (int i = 0; i < 81; i++)
		n += conflicts ? clash(i) : cell[i] != 0;
	return n;
}

static void deal(void)
{
	seed = (uint32_t)++puzzle;
	for (int i = 0; i < 81; i++)
		cell[i] = (uint8_t)((i / 9 % 3 * 3 + i / 27 + i % 9) % 9 + 1);
	for (int k = 0; k < 300; k++) {
		int a = (int)rnd(9), b = a / 3 * 3 + (int)rnd(3);
		int op = (int)rnd(3);

		for (int i = 0; i < 81; i++) {
			/* op 0 swaps rows a and b, 1 columns, 2 digits. */
			int j = op ? i * 9 + a : a * 9 + i;
			int t = op ? i * 9 + b : b * 9 + i;
			uint8_t x = cell[i];

			if (op == 2) {
				cell[i] = x == a + 1 ? (uint8_t)(b + 1) :
					  x == b + 1 ? (uint8_t)(a + 1) : x;
			} else if (i < 9) {
				x = cell[j];
				cell[j] = cell[t];
				cell[t] = x;
			}
		}
	}
	for (int k = 0; k < 25; k++) {
		int i = (int)rnd(81);

		cell[i] = cell[80 - i] = 0;
	}
	for (int i = 0; i < 81; i++)
		given[i] = cell[i];
	cur = 0;
}

static void draw(void)
{
	char s[32] = "Puzzle ", d[2] = { 0, 0 };
	int done = count(0) == 81 && !count(1);

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Sudoku");
	vy_fill_rect(LEFT, TOP, SIDE, SIDE, VY_UI_BORDER);
	for (int i = 0; i < 81; i++) {
		int x = LEFT + i % 9 * PITCH + i % 9 / 3 * 2 + 1;
		int y = TOP + i / 9 * PITCH + i / 27 * 2 + 1;
		int bad = clash(i);

		if (i == cur)
			vy_fill_rect(x, y, 32, 32, VY_UI_ACCENT);
		vy_fill_rect(x + (i == cur) * 3, y + (i == cur) * 3,
			     32 - (i == cur) * 6, 32 - (i == cur) * 6,
			     bad ? VY_UI_DANGER : VY_UI_SURFACE);
		d[0] = (char)('0' + cell[i]);
		if (cell[i])
			vy_draw_text(x + 8, y, bad ? VY_UI_ACCENT_TEXT :
				     given[i] ? VY_UI_TEXT : VY_UI_ACCENT,
				     'l', d);
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_utoa(s + 7, (uint64_t)puzzle);
	vy_ui_label(LEFT, h - VY_UI_ROW, VY_UI_ROW, done ? VY_UI_OK : VY_UI_DIM,
		    done ? "Solved! N: next puzzle" : s);
	if (!done)
		vy_ui_label(LEFT + 12 * VY_UI_CHAR_W, h - VY_UI_ROW, VY_UI_ROW,
			    VY_UI_DIM, "1-9, 0: clear, N: next");
	vy_flush();
}

static void dealt(void)
{
	char s[82];

	deal();
	draw();
	for (int i = 0; i < 81; i++)
		s[i] = (char)('0' + cell[i]);
	s[81] = 0;
	vy_log("sudoku: puzzle ");
	vy_log_num((uint64_t)puzzle);
	vy_log(" ");
	vy_print(s);
}

static void key(const struct vy_event *ev)
{
	int k = ev->keycode, c = (int)ev->codepoint, r = cur / 9;

	if ((c | 0x20) == 'n') {
		dealt();
		return;
	}
	if (k == KEY_UP || k == KEY_DOWN) {
		r = (r + (k == KEY_UP ? 8 : 1)) % 9;
		cur = r * 9 + cur % 9;
	} else if (k == KEY_LEFT || k == KEY_RIGHT) {
		cur = r * 9 + (cur + (k == KEY_LEFT ? 8 : 1)) % 9;
	} else if (!given[cur] && ((c >= '0' && c <= '9') || k == KEY_BS ||
				   k == KEY_DEL || k == KEY_SPACE)) {
		char s[4] = { (char)('1' + r), (char)('1' + cur % 9), ' ', 0 };

		cell[cur] = (uint8_t)(c > '0' && c <= '9' ? c - '0' : 0);
		draw();
		vy_log("sudoku: ");
		vy_log(s);
		vy_log_num(cell[cur]);
		vy_log(" filled ");
		vy_log_num((uint64_t)count(0));
		vy_log(" conflicts ");
		vy_log_num((uint64_t)count(1));
		vy_print("");
		if (count(0) == 81 && !count(1))
			vy_print("sudoku: solved");
		return;
	} else {
		return;
	}
	draw();
}

int main(void)
{
	dealt();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}

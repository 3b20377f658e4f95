/*
 * connect4 - four in a row against the computer: drop discs into the
 * seven columns, first to line up four across, down or diagonally wins.
 * You play first (VY_UI_ACCENT); the computer (VY_UI_DANGER) looks four
 * moves ahead, so it takes a win and blocks yours when it can.
 *
 * Keys: Left/Right choose the column, Enter, Space or Down drop the
 * disc; 1-7 drop in that column at once. N starts a new game.
 *
 * On its console, once the frame shows it: "connect4: you <col>",
 * "connect4: computer <col>" (columns 1-7), "connect4: full <col>" for a
 * refused drop, then "connect4: you win", "connect4: computer wins" or
 * "connect4: draw" - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define SQ 40
#define LEFT 8
#define TOP (VY_UI_HEADER + 8 + SQ)

enum { KEY_ENTER = 28, KEY_SPACE = 57, KEY_LEFT = 105, KEY_RIGHT = 106,
       KEY_DOWN = 108 };

static signed char b[6][7];	/* row 0 at the bottom; 1 you, -1 computer */
static int ht[7], col = 3, over, w = 2 * LEFT + 7 * SQ;
static int h = TOP + 6 * SQ + 8 + VY_UI_ROW;

/* Whether the disc just dropped in column c makes four. */
static int wins(int c)
{
	static const int dr[] = { 0, 1, 1, 1 }, dc[] = { 1, 0, 1, -1 };
	int r = ht[c] - 1, s = b[r][c];

	for (int d = 0; d < 4; d++) {
		int n = 1;

		for (int k = -1; k <= 1; k += 2)
			for (int i = 1; i < 4; i++) {
				int y = r + k * i * dr[d];
				int x = c + k * i * dc[d];

				if ((unsigned)y >= 6 || (unsigned)x >= 7 ||
				    b[y][x] != s)
					break;
				n++;
			}
		if (n >= 4)
			return 1;
	}
	return 0;
}

/* Columns from the centre out: better moves first, and first on ties. */
static const int order[] = { 3, 2, 4, 1, 5, 0, 6 };

/* How good the position is for side s to move, looking depth plies on. */
static int search(int s, int depth, int *move)
{
	int best = -10000, any = 0;

	for (int i = 0; i < 7; i++) {
		int c = order[i], v;

		if (ht[c] == 6)
			continue;
		b[ht[c]++][c] = (signed char)s;
		v = wins(c) ? 100 + depth : depth ? -search(-s, depth - 1, 0) :
		    0;
		b[--ht[c]][c] = 0;
		if (!any || v > best) {
			best = v;
			if (move)
				*move = c;
		}
		any = 1;
	}
	return any ? best : 0;
}

static void draw(void)
{
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Connect four");
	if (!over)
		vy_fill_rect(LEFT + col * SQ + 6, TOP - SQ + 6, SQ - 12,
			     SQ - 12, VY_UI_ACCENT);
	vy_fill_rect(LEFT, TOP, 7 * SQ, 6 * SQ, VY_UI_SURFACE);
	for (int r = 0; r < 6; r++)
		for (int c = 0; c < 7; c++)
			vy_fill_rect(LEFT + c * SQ + 6, TOP + (5 - r) * SQ + 6,
				     SQ - 12, SQ - 12, b[r][c] > 0 ?
				     VY_UI_ACCENT : b[r][c] ? VY_UI_DANGER :
				     VY_UI_BG);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(LEFT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM, over ?
		    "Game over. N: new game" : "Left/Right, Enter: drop");
	vy_flush();
}

static int moves(void)
{
	int n = 0;

	for (int c = 0; c < 7; c++)
		n += ht[c];
	return n;
}

/* Drops side s's disc in c; says so, and the result if it ends. */
static void drop(int s, int c)
{
	char n[2] = { (char)('1' + c), 0 };

	b[ht[c]++][c] = (signed char)s;
	over = wins(c) ? s : moves() == 42 ? 2 : 0;
	draw();
	vy_log(s > 0 ? "connect4: you " : "connect4: computer ");
	vy_print(n);
	if (over)
		vy_print(over == 2 ? "connect4: draw" : over > 0 ?
			 "connect4: you win" : "connect4: computer wins");
}

static void play(int c)
{
	char n[2] = { (char)('1' + c), 0 };
	int m = 3;

	if (over)
		return;
	if (ht[c] == 6) {
		vy_log("connect4: full ");
		vy_print(n);
		return;
	}
	drop(1, c);
	if (!over) {
		search(-1, 4, &m);
		drop(-1, m);
	}
}

int main(void)
{
	struct vy_event ev;

	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		int k = ev.keycode, ch = (int)ev.codepoint;

		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
		} else if (ev.type != VY_EV_KEY || !ev.down) {
			continue;
		} else if ((ch | 0x20) == 'n') {
			memset(b, 0, sizeof(b));
			memset(ht, 0, sizeof(ht));
			over = 0;
			vy_print("connect4: new game");
		} else if (k == KEY_LEFT || k == KEY_RIGHT) {
			col = (col + (k == KEY_LEFT ? 6 : 1)) % 7;
		} else if (k == KEY_ENTER || k == KEY_SPACE || k == KEY_DOWN ||
			   (ch >= '1' && ch <= '7')) {
			play(k == KEY_ENTER || k == KEY_SPACE ||
			     k == KEY_DOWN ? col : ch - '1');
			continue;
		} else {
			continue;
		}
		draw();
	}
	return 0;
}

/*
 * tictactoe - noughts and crosses against the computer, which plays a
 * perfect game (minimax over the nine cells): the best a person can do
 * is a draw. You are X and move first; keys 1-9 (as on a phone's pad:
 * 1 top left) or the arrows and Space, or a click, play a cell. N starts
 * again.
 *
 * On its console, once the frame shows it: "tictactoe: X <cell> O
 * <cell>" after each turn (O's is "-" when the game ended first), then
 * "tictactoe: X wins", "O wins" or "draw" - what its test waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define CELL 72
#define TOP (VY_UI_HEADER + 32)
#define LEFT 8

enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

static char cell[9];	/* 0, 'X' or 'O' */
static int cursor, w = 2 * LEFT + 3 * CELL, h;
static const char *result;

static const unsigned char lines[8][3] = {
	{ 0, 1, 2 }, { 3, 4, 5 }, { 6, 7, 8 }, { 0, 3, 6 },
	{ 1, 4, 7 }, { 2, 5, 8 }, { 0, 4, 8 }, { 2, 4, 6 },
};

static char winner(void)
{
	for (int i = 0; i < 8; i++) {
		char a = cell[lines[i][0]];

		if (a && a == cell[lines[i][1]] && a == cell[lines[i][2]])
			return a;
	}
	return 0;
}

static int full(void)
{
	for (int i = 0; i < 9; i++)
		if (!cell[i])
			return 0;
	return 1;
}

/* The score for O of the board with who to move: +10 O wins, -10 X. */
static int minimax(char who, int depth)
{
	char w8 = winner();
	int best = who == 'O' ? -100 : 100;

	if (w8)
		return w8 == 'O' ? 10 - depth : depth - 10;
	if (full())
		return 0;
	for (int i = 0; i < 9; i++) {
		int s;

		if (cell[i])
			continue;
		cell[i] = who;
		s = minimax(who == 'O' ? 'X' : 'O', depth + 1);
		cell[i] = 0;
		if (who == 'O' ? s > best : s < best)
			best = s;
	}
	return best;
}

static int computer_move(void)
{
	int best = -100, at = -1;

	for (int i = 0; i < 9; i++) {
		int s;

		if (cell[i])
			continue;
		cell[i] = 'O';
		s = minimax('X', 1);
		cell[i] = 0;
		if (s > best) {
			best = s;
			at = i;
		}
	}
	if (at >= 0)
		cell[at] = 'O';
	return at;
}

static void draw(void)
{
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Tic-tac-toe");
	vy_draw_text(LEFT, VY_UI_HEADER + 8, result ? VY_UI_OK : VY_UI_DIM,
		     'm', result ? result : "You are X. 1-9 or arrows");
	for (int i = 0; i < 9; i++) {
		int x = LEFT + i % 3 * CELL, y = TOP + i / 3 * CELL;
		char s[2] = { cell[i], 0 };

		if (i == cursor && !result)
			vy_fill_rect(x, y, CELL - 4, CELL - 4, VY_UI_ACCENT);
		vy_fill_rect(x + 2, y + 2, CELL - 8, CELL - 8,
			     VY_UI_SURFACE);
		if (cell[i])
			vy_draw_text(x + (CELL - 4 - 16) / 2,
				     y + (CELL - 4 - 32) / 2,
				     cell[i] == 'X' ? VY_UI_TEXT :
				     VY_UI_DANGER, 'l', s);
	}
	vy_flush();
}

static void play(int i)
{
	char s[2] = { 0, 0 };
	int o = -1;

	if (result || i < 0 || i > 8 || cell[i])
		return;
	cell[i] = 'X';
	if (!winner() && !full())
		o = computer_move();
	if (winner())
		result = winner() == 'X' ? "X wins! N: again" :
			 "O wins. N: again";
	else if (full())
		result = "A draw. N: again";
	draw();
	vy_log("tictactoe: X ");
	s[0] = (char)('1' + i);
	vy_log(s);
	vy_log(" O ");
	s[0] = o < 0 ? '-' : (char)('1' + o);
	vy_print(s);
	if (result)
		vy_print(winner() == 'X' ? "tictactoe: X wins" :
			 winner() == 'O' ? "tictactoe: O wins" :
			 "tictactoe: draw");
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint;

	if (c >= '1' && c <= '9')
		play((int)(c - '1'));
	else if (c == ' ' || c == 10)
		play(cursor);
	else if ((c | 0x20) == 'n') {
		memset(cell, 0, sizeof(cell));
		result = NULL;
		draw();
		vy_print("tictactoe: new game");
	} else if (ev->keycode == KEY_LEFT && cursor % 3) {
		cursor--;
	} else if (ev->keycode == KEY_RIGHT && cursor % 3 < 2) {
		cursor++;
	} else if (ev->keycode == KEY_UP && cursor > 2) {
		cursor -= 3;
	} else if (ev->keycode == KEY_DOWN && cursor < 6) {
		cursor += 3;
	} else {
		return;
	}
	draw();
}

int main(void)
{
	struct vy_event ev;

	h = TOP + 3 * CELL + 4;
	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (ev.type == VY_EV_KEY && ev.down) {
			key(&ev);
		} else if (ev.type == VY_EV_POINTER &&
			   ev.action == VY_PTR_DOWN && ev.x >= LEFT &&
			   ev.y >= TOP && ev.x < LEFT + 3 * CELL &&
			   ev.y < TOP + 3 * CELL) {
			cursor = (ev.y - TOP) / CELL * 3 + (ev.x - LEFT) / CELL;
			play(cursor);
		}
	}
	return 0;
}

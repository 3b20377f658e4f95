/*
 * reversi - Othello against the computer. You play black and move first:
 * a disc must close a line of white discs between it and another black
 * one, and every such line turns black. The computer (white) takes the
 * move that turns the most discs, the first from the top-left on a tie.
 * A side with no move passes; the game ends when neither can move.
 *
 * Keys: the arrows move the cursor (VY_UI_ACCENT), Enter or Space plays
 * there; small dots mark your legal moves. N starts a new game.
 *
 * On its console, once the frame shows it: "reversi: you <sq> black <n>
 * white <n>", "reversi: computer <sq> black <n> white <n>" (squares a1
 * top-left to h8), "reversi: illegal <sq>", "reversi: computer passes",
 * "reversi: you pass" and "reversi: game over black <n> white <n>" -
 * what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define SQ 40
#define LEFT 8
#define TOP (VY_UI_HEADER + 8)

enum { KEY_ENTER = 28, KEY_SPACE = 57, KEY_UP = 103, KEY_LEFT = 105,
       KEY_RIGHT = 106, KEY_DOWN = 108 };

static signed char b[64];	/* 1 black (you), -1 white, 0 empty */
static int cur, over, w = 2 * LEFT + 8 * SQ, h = TOP + 8 * SQ + 8 + VY_UI_ROW;

/* The discs a disc of side s on sq would turn; turns them if doit. */
static int flips(int sq, int s, int doit)
{
	int total = 0;

	if (b[sq])
		return 0;
	for (int d = 0; d < 9; d++) {
		int dr = d / 3 - 1, dc = d % 3 - 1, r = sq / 8, c = sq % 8;
		int k = 0;

		if (d == 4)
			continue;
		do {
			r += dr;
			c += dc;
			k++;
		} while ((unsigned)(r | c) < 8 && b[r * 8 + c] == -s);
		if ((unsigned)(r | c) >= 8 || b[r * 8 + c] != s)
			continue;
		total += --k;
		while (doit && k--)
			b[(r -= dr) * 8 + (c -= dc)] = (signed char)s;
	}
	if (doit && total)
		b[sq] = (signed char)s;
	return total;
}

/* The square turning the most discs for s, or -1 if none turns any. */
static int best(int s)
{
	int m = -1, most = 0;

	for (int i = 0; i < 64; i++) {
		int n = flips(i, s, 0);

		if (n > most) {
			most = n;
			m = i;
		}
	}
	return m;
}

static int discs(int s)
{
	int n = 0;

	for (int i = 0; i < 64; i++)
		n += b[i] == s;
	return n;
}

static void draw(void)
{
	char s[40] = "Black ", *p = s + 6;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Reversi");
	vy_fill_rect(LEFT, TOP, 8 * SQ, 8 * SQ, VY_UI_BORDER);
	for (int i = 0; i < 64; i++) {
		int x = LEFT + i % 8 * SQ, y = TOP + i / 8 * SQ;

		vy_fill_rect(x + 1, y + 1, SQ - 2, SQ - 2,
			     i == cur ? VY_UI_ACCENT : VY_UI_SURFACE);
		if (b[i])
			vy_fill_rect(x + 6, y + 6, SQ - 12, SQ - 12,
				     b[i] > 0 ? VY_UI_BG : VY_UI_TEXT);
		else if (!over && flips(i, 1, 0))
			vy_fill_rect(x + 18, y + 18, 4, 4, VY_UI_DIM);
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	p += vy_utoa(p, (uint64_t)discs(1));
	memcpy(p, " White ", 7);
	p += 7;
	p += vy_utoa(p, (uint64_t)discs(-1));
	if (over)
		memcpy(p, "  Over. N: new", 15);
	vy_ui_label(LEFT, h - VY_UI_ROW, VY_UI_ROW,
		    over ? VY_UI_TEXT : VY_UI_DIM, s);
	vy_flush();
}

static void say(const char *what, int sq)
{
	char s[3] = { (char)('a' + sq % 8), (char)('1' + sq / 8), 0 };

	vy_log("reversi: ");
	vy_log(what);
	if (sq >= 0)
		vy_log(s);
	if (*what == 'i') {
		vy_print("");	/* an illegal move: just where */
		return;
	}
	vy_log(sq >= 0 ? " black " : "black ");
	vy_log_num((uint64_t)discs(1));
	vy_log(" white ");
	vy_log_num((uint64_t)discs(-1));
	vy_print("");
}

/* Your move at cur, then the computer's, for as long as you must pass. */
static void play(void)
{
	if (over || !flips(cur, 1, 1)) {
		say("illegal ", cur);
		return;
	}
	draw();
	say("you ", cur);
	for (;;) {
		int m = best(-1);

		if (m >= 0) {
			flips(m, -1, 1);
			draw();
			say("computer ", m);
		}
		if (best(1) >= 0) {
			if (m < 0)
				vy_print("reversi: computer passes");
			return;
		}
		if (m < 0 || best(-1) < 0) {
			over = 1;
			draw();
			say("game over ", -1);
			return;
		}
		vy_print("reversi: you pass");
	}
}

static void new_game(void)
{
	memset(b, 0, sizeof(b));
	b[27] = b[36] = -1;
	b[28] = b[35] = 1;
	cur = 19;
	over = 0;
}

int main(void)
{
	struct vy_event ev;

	new_game();
	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		int k = ev.keycode;

		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
		} else if (ev.type != VY_EV_KEY || !ev.down) {
			continue;
		} else if ((ev.codepoint | 0x20) == 'n') {
			new_game();
			vy_print("reversi: new game");
		} else if (k == KEY_UP || k == KEY_DOWN) {
			cur = (cur + (k == KEY_UP ? 56 : 8)) % 64;
		} else if (k == KEY_LEFT || k == KEY_RIGHT) {
			cur = cur / 8 * 8 + (cur + (k == KEY_LEFT ? 7 : 1)) % 8;
		} else if (k == KEY_ENTER || k == KEY_SPACE) {
			play();
			continue;
		}
		draw();
	}
	return 0;
}

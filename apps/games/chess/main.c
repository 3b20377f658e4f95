/*
 * chess - chess for two players at one keyboard, with every rule that
 * decides which moves are legal: castling, en passant, promotion (always
 * to a queen), no move that leaves one's own king in check; the game ends
 * at checkmate or stalemate.
 *
 * Keys: the arrows move the cursor (VY_UI_ACCENT), Enter or Space picks
 * up the piece under it (VY_UI_SELECT) and puts it down on the square
 * then chosen; or type a move as its two squares, "e2e4". Escape drops
 * what was picked or typed, N starts a new game. A king in check stands
 * on VY_UI_DANGER. Tokens: white pieces light with a dark letter, black
 * pieces dark with a light one (K Q R B N P).
 *
 * On its console, once the frame shows it: "chess: <n> <move>" for move
 * n (e2e4, e1g1 for castling), followed by " check", " checkmate" or
 * " stalemate"; "chess: illegal <move>" for a move refused; "chess: new
 * game" - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define SQ 40
#define LEFT 8
#define TOP (VY_UI_HEADER + 8)

enum { KEY_ESC = 1, KEY_ENTER = 28, KEY_SPACE = 57, KEY_UP = 103,
       KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

/*
 * Squares 0 (a1) to 63 (h8), rank by rank. Pieces 1 pawn, 2 knight,
 * 3 bishop, 4 rook, 5 queen, 6 king; white positive, black negative.
 * rights: castling still allowed, bit 0 white king side, 1 white queen
 * side, 2 and 3 black's. ep: the square a pawn just skipped, or -1.
 */
static struct pos {
	signed char b[64];
	int side, ep, rights;
} P;
static int cur, pick, moves, over, ntyped;
static char typed[5];
static int w = 2 * LEFT + 8 * SQ, h = TOP + 8 * SQ + 8 + VY_UI_ROW;

static int sgn(int v)
{
	return (v > 0) - (v < 0);
}

static int iabs(int v)
{
	return v < 0 ? -v : v;
}

/* Whether every square strictly between f and t, on a line, is empty. */
static int clear(int f, int t)
{
	int step = sgn(t / 8 - f / 8) * 8 + sgn(t % 8 - f % 8);

	for (f += step; f != t; f += step)
		if (P.b[f])
			return 0;
	return 1;
}

/* Whether piece p on f attacks t (a pawn: diagonally forward). */
static int hits(int p, int f, int t)
{
	int a = iabs(t % 8 - f % 8), d = iabs(t / 8 - f / 8);

	switch (iabs(p)) {
	case 1:
		return a == 1 && t / 8 - f / 8 == sgn(p);
	case 2:
		return a * d == 2;
	case 3:
		return a == d && a && clear(f, t);
	case 4:
		return (!a || !d) && a + d && clear(f, t);
	case 5:
		return (a == d || !a || !d) && a + d && clear(f, t);
	}
	return a <= 1 && d <= 1 && a + d;
}

static int attacked(int sq, int by)
{
	for (int f = 0; f < 64; f++)
		if (sgn(P.b[f]) == by && hits(P.b[f], f, sq))
			return 1;
	return 0;
}

static int king(int s)
{
	int i = 0;

	while (i < 63 && P.b[i] != 6 * s)
		i++;
	return i;
}

/* A move by the piece's own rules, before asking about its own king. */
static int pseudo(int f, int t)
{
	int p = P.b[f], s = sgn(p), q = P.b[t], df = t % 8 - f % 8;
	int dr = t / 8 - f / 8, rook = df > 0 ? f + 3 : f - 4;

	if (!p || s != P.side || sgn(q) == s)
		return 0;
	if (iabs(p) == 1 && !df)
		return !q && (dr == s || (dr == 2 * s && !P.b[f + 8 * s] &&
					  f / 8 == (s > 0 ? 1 : 6)));
	if (iabs(p) == 1)
		return hits(p, f, t) && (q || t == P.ep);
	if (iabs(p) == 6 && !dr && iabs(df) == 2)
		return f == (s > 0 ? 4 : 60) && P.b[rook] == 4 * s &&
		       (P.rights >> ((s < 0) * 2 + (df < 0)) & 1) &&
		       clear(f, rook) && !attacked(f, -s) &&
		       !attacked(f + sgn(df), -s);
	return hits(p, f, t);
}

static void apply(int f, int t)
{
	/* Squares whose piece moving (or taken) ends castling rights. */
	static const signed char ends[] = { 4, 3, 7, 1, 0, 2, 60, 12, 63, 4,
					    56, 8 };
	int p = P.b[f], s = sgn(p), df = t % 8 - f % 8;

	if (iabs(p) == 1 && t == P.ep && df)
		P.b[t - 8 * s] = 0;
	if (iabs(p) == 6 && iabs(df) == 2) {
		P.b[(f + t) / 2] = (signed char)(4 * s);
		P.b[df > 0 ? f + 3 : f - 4] = 0;
	}
	P.ep = iabs(p) == 1 && iabs(t - f) == 16 ? (f + t) / 2 : -1;
	if (iabs(p) == 1 && (t / 8 == 0 || t / 8 == 7))
		p = 5 * s;
	for (int i = 0; i < 12; i += 2)
		if (f == ends[i] || t == ends[i])
			P.rights &= ~ends[i + 1];
	P.b[t] = (signed char)p;
	P.b[f] = 0;
	P.side = -s;
}

static int legal(int f, int t)
{
	struct pos save = P;
	int ok = pseudo(f, t);

	if (ok) {
		apply(f, t);
		ok = !attacked(king(-P.side), P.side);
	}
	P = save;
	return ok;
}

static int can_move(void)
{
	for (int f = 0; f < 64; f++)
		for (int t = 0; t < 64; t++)
			if (legal(f, t))
				return 1;
	return 0;
}

static void new_game(void)
{
	static const signed char back[] = { 4, 2, 3, 5, 6, 3, 2, 4 };

	memset(&P, 0, sizeof(P));
	for (int i = 0; i < 8; i++) {
		P.b[i] = back[i];
		P.b[8 + i] = 1;
		P.b[48 + i] = -1;
		P.b[56 + i] = (signed char)-back[i];
	}
	P.side = 1;
	P.ep = -1;
	P.rights = 15;
	cur = 12;
	pick = -1;
	moves = over = ntyped = 0;
	*typed = 0;	/* a move half typed goes with the game */
}

static void draw(void)
{
	static const char *const say[] = { "Black to move", "White to move",
		"Checkmate! N: new game", "Stalemate. N: new game" };
	int check = attacked(king(P.side), -P.side);

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Chess");
	for (int i = 0; i < 64; i++) {
		int x = LEFT + i % 8 * SQ, y = TOP + (7 - i / 8) * SQ;
		int p = P.b[i];
		char l[2] = { "PNBRQK"[iabs(p) - 1], 0 };

		vy_fill_rect(x, y, SQ, SQ, i == cur ? VY_UI_ACCENT :
			     i == pick ? VY_UI_SELECT :
			     check && p == 6 * P.side ? VY_UI_DANGER :
			     (i + i / 8) & 1 ? VY_UI_BORDER : VY_UI_SURFACE);
		if (!p)
			continue;
		vy_fill_rect(x + 4, y + 4, SQ - 8, SQ - 8,
			     p > 0 ? VY_UI_TEXT : VY_UI_BG);
		vy_draw_text(x + 12, y + 4, p > 0 ? VY_UI_BG : VY_UI_TEXT, 'l',
			     l);
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(LEFT, h - VY_UI_ROW, VY_UI_ROW,
		    over ? VY_UI_TEXT : VY_UI_DIM,
		    say[over ? over + 1 : P.side > 0]);
	/* What is being typed, or that the side to move is in check. */
	vy_ui_label(LEFT + 15 * VY_UI_CHAR_W, h - VY_UI_ROW, VY_UI_ROW,
		    *typed ? VY_UI_TEXT : VY_UI_DANGER, over ? "" : *typed ?
		    typed : check ? "Check!" : "");
	vy_flush();
}

static void try_move(int f, int t)
{
	char s[5] = { (char)('a' + f % 8), (char)('1' + f / 8),
		      (char)('a' + t % 8), (char)('1' + t / 8), 0 };
	int check;

	typed[0] = 0;
	if (over || !legal(f, t)) {
		draw();
		vy_log("chess: illegal ");
		vy_print(s);
		return;
	}
	apply(f, t);
	moves++;
	pick = -1;
	check = attacked(king(P.side), -P.side);
	over = can_move() ? 0 : check ? 1 : 2;
	draw();
	vy_log("chess: ");
	vy_log_num((uint64_t)moves);
	vy_log(" ");
	vy_log(s);
	vy_print(over == 1 ? " checkmate" : over ? " stalemate" :
		 check ? " check" : "");
}

static void key(const struct vy_event *ev)
{
	int k = ev->keycode, c = (int)(ev->codepoint | 0x20);

	if (c == 'n') {
		new_game();
		draw();
		vy_print("chess: new game");
		return;
	}
	if (c >= (ntyped & 1 ? '1' : 'a') && c <= (ntyped & 1 ? '8' : 'h')) {
		typed[ntyped++] = (char)c;
		if (ntyped == 4) {
			ntyped = 0;
			try_move((typed[1] - '1') * 8 + typed[0] - 'a',
				 (typed[3] - '1') * 8 + typed[2] - 'a');
			return;
		}
	} else if (k == KEY_ESC) {
		pick = -1;
		ntyped = 0;
	} else if (k == KEY_UP || k == KEY_DOWN) {
		cur = (cur + (k == KEY_UP ? 8 : 56)) % 64;
	} else if (k == KEY_LEFT || k == KEY_RIGHT) {
		cur = cur / 8 * 8 + (cur + (k == KEY_LEFT ? 7 : 1)) % 8;
	} else if (k == KEY_ENTER || k == KEY_SPACE) {
		if (!over && sgn(P.b[cur]) == P.side) {
			pick = cur == pick ? -1 : cur;
		} else if (pick >= 0) {
			try_move(pick, cur);	/* it draws */
			return;
		}
	} else {
		return;
	}
	typed[ntyped] = 0;
	draw();
}

int main(void)
{
	new_game();
	draw();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}

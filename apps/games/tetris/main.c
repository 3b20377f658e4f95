/*
 * tetris - the falling-blocks game: steer each piece as it falls, fill a
 * row across the well to clear it. Left/Right move, Up turns the piece
 * clockwise, Down drops it one row, Space drops it all the way and locks
 * it, P pauses and goes on, N starts a new game. Cleared rows score 100,
 * 300, 500 or 800 (one to four at once) times the level; every 10 rows is
 * a level, and the pieces fall faster.
 *
 * Every game has a number (in the header): the same number deals the
 * same pieces, so two people can race on one game, or a game can be
 * played again. G, the digits and Enter start game number so-and-so.
 *
 * On its console: "tetris: game <n>" as a game starts; once the frame
 * shows it, after each piece locks:
 * "tetris: piece <n> <kind> at <x>,<y> lines <l> score <s>" (x, y: the
 * top-left of the piece's box, x from -1), then "tetris: game over" when
 * the next piece has no room - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define W 10
#define H 20
#define CELL 16
#define LEFT 8
#define TOP (VY_UI_HEADER + 32)

enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108,
       KEY_SPACE = 57 };

/*
 * Each piece's cells as bits y * 4 + x of its box; I and O turn in a
 * 4x4 box, the others in the top-left 3x3 of it.
 */
static const uint16_t shape[7] = { 0x00F0, 0x0660, 0x0072, 0x0036, 0x0063,
				   0x0071, 0x0074 };
static const char names[] = "IOTSZJL";

static uint8_t board[H][W];
static uint16_t cur;
static int kind, px, py, score, lines, pieces, over, paused;
static int w = 2 * LEFT + W * CELL, h = TOP + H * CELL + LEFT;
/* The game's number, the pieces' generator, a number being typed. */
static uint32_t game, deal, typing, typed;

/* The box turned a quarter clockwise: (x, y) goes to (n - 1 - y, x). */
static uint16_t turn(uint16_t m)
{
	int n = kind < 2 ? 4 : 3;
	uint16_t r = 0;

	for (int i = 0; i < 16; i++)
		if (m >> i & 1)
			r |= (uint16_t)(1 << ((i & 3) * 4 + n - 1 - i / 4));
	return r;
}

static int fits(uint16_t m, int x, int y)
{
	for (int i = 0; i < 16; i++) {
		int cx = x + (i & 3), cy = y + i / 4;

		if ((m >> i & 1) && ((unsigned)cx >= W || (unsigned)cy >= H ||
				     board[cy][cx]))
			return 0;
	}
	return 1;
}

/* The next kind: a linear congruential step, as in C's own rand(). */
static void spawn(void)
{
	deal = deal * 1103515245u + 12345u;
	kind = (int)((deal >> 16) % 7);
	cur = shape[kind];
	px = 3;
	py = 0;
	over = !fits(cur, px, py);
}

static void text(int y, uint32_t rgba, const char *a, int n, const char *b,
		 int m)
{
	char s[40], *p = s;

	while (*a)
		*p++ = *a++;
	p += vy_utoa(p, (uint64_t)n);
	while (*b)
		*p++ = *b++;
	vy_utoa(p, (uint64_t)m);
	vy_draw_text(LEFT, y, rgba, 'm', s);
}

static void draw(void)
{
	char title[24] = "Tetris ";

	if (typing) {
		memcpy(title, "Game: ", 7);
		if (typed)
			vy_utoa(title + 6, typed);
		memcpy(title + strlen(title), "_", 2);
	} else {
		vy_utoa(title + 7, game);
	}
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, title);
	text(VY_UI_HEADER + 8, VY_UI_TEXT, "Score ", score, " Lines ", lines);
	vy_fill_rect(LEFT, TOP, W * CELL, H * CELL, VY_UI_SURFACE);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			if (board[y][x])
				vy_fill_rect(LEFT + x * CELL + 1,
					     TOP + y * CELL + 1, CELL - 2,
					     CELL - 2, VY_UI_SELECT);
	for (int i = 0; i < 16 && !over; i++)
		if (cur >> i & 1)
			vy_fill_rect(LEFT + (px + (i & 3)) * CELL + 1,
				     TOP + (py + i / 4) * CELL + 1, CELL - 2,
				     CELL - 2, VY_UI_ACCENT);
	if (over || paused)
		vy_draw_text(LEFT, TOP + 8, over ? VY_UI_DANGER : VY_UI_TEXT,
			     'm', over ? "Game over. N: new" : "Paused. P: go on");
	vy_flush();
}

/* The piece becomes part of the board; full rows go, the rest fall. */
static void lock(void)
{
	static const int pts[] = { 0, 100, 300, 500, 800 };
	int n = 0, lx = px, ly = py;
	char k[2] = { names[kind], 0 };

	for (int i = 0; i < 16; i++)
		if (cur >> i & 1)
			board[py + i / 4][px + (i & 3)] = 1;
	for (int y = H - 1; y >= 0; y--) {
		int full = 1;

		for (int x = 0; x < W; x++)
			full &= board[y][x];
		if (!full)
			continue;
		memmove(board[1], board[0], (size_t)y * W);
		memset(board[0], 0, W);
		n++;
		y++;
	}
	score += pts[n] * (lines / 10 + 1);
	lines += n;
	pieces++;
	spawn();
	draw();
	vy_log("tetris: piece ");
	vy_log_num((uint64_t)pieces);
	vy_log(" ");
	vy_log(k);
	vy_log(lx < 0 ? " at -" : " at ");
	vy_log_num((uint64_t)(lx < 0 ? -lx : lx));
	vy_log(",");
	vy_log_num((uint64_t)ly);
	vy_log(" lines ");
	vy_log_num((uint64_t)lines);
	vy_log(" score ");
	vy_log_num((uint64_t)score);
	vy_print("");
	if (over)
		vy_print("tetris: game over");
}

static void new_game(uint32_t number)
{
	memset(board, 0, sizeof(board));
	score = lines = pieces = paused = 0;
	game = deal = number;
	spawn();
	vy_log("tetris: game ");
	vy_log_num(game);
	vy_print("");
}

/* G, then digits, then Enter; any other key gives up. */
static void type_number(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint;

	if (c >= '0' && c <= '9' && typed < 100000000) {
		typed = typed * 10 + c - '0';
	} else {
		typing = 0;
		if (ev->keycode == VY_KEY_ENTER && typed)
			new_game(typed);
	}
	draw();
}

/* One row down, or lock where it stands. */
static void fall(void)
{
	if (fits(cur, px, py + 1)) {
		py++;
		draw();
	} else {
		lock();
	}
}

static void key(const struct vy_event *ev)
{
	int k = ev->keycode;

	if (typing) {
		type_number(ev);
		return;
	}
	if ((ev->codepoint | 0x20) == 'n') {
		new_game(vy_random() % 9999 + 1);
	} else if ((ev->codepoint | 0x20) == 'g') {
		typing = 1;
		typed = 0;
	} else if ((ev->codepoint | 0x20) == 'p' && !over) {
		paused = !paused;
	} else if (over || paused) {
		return;
	} else if (k == KEY_LEFT || k == KEY_RIGHT) {
		int d = k == KEY_RIGHT ? 1 : -1;

		px += fits(cur, px + d, py) ? d : 0;
	} else if (k == KEY_UP) {
		if (fits(turn(cur), px, py))
			cur = turn(cur);
	} else if (k == KEY_DOWN) {
		fall();
		return;
	} else if (k == KEY_SPACE) {
		while (fits(cur, px, py + 1))
			py++;
		lock();
		return;
	}
	draw();
}

int main(void)
{
	struct vy_event ev;
	uint64_t due = 0;

	new_game(vy_random() % 9999 + 1);
	draw();
	for (;;) {
		/* Faster each level, but never under 100 ms a row. */
		int delay = 800 - 60 * (lines / 10) < 100 ? 100 :
			    800 - 60 * (lines / 10);
		uint64_t now = vy_ms();

		if (!due)
			due = now + (uint64_t)delay;
		/* Nothing falls while a game number is typed. */
		switch (vy_next_event(&ev, over || paused || typing ? -1 :
				      due > now ? (int)(due - now) : 0)) {
		case VY_EV_QUIT:
			return 0;
		case VY_EV_TIMEOUT:
			due = vy_ms() + (uint64_t)delay;
			if (!over)
				fall();
			break;
		case VY_EV_RESIZE:
			w = ev.w;
			h = ev.h;
			draw();
			break;
		case VY_EV_KEY:
			if (ev.down)
				key(&ev);
			break;
		default:
			break;
		}
		/* held still: a whole step once the game goes on again,
		 * not a fall the moment a pause ends */
		if (over || paused || typing)
			due = 0;
	}
}

/*
 * 2048 - slide the tiles with the arrow keys (or WASD, HJKL); two equal
 * tiles that meet merge into their sum. A new 2 (one time in ten a 4)
 * comes after every move that changed the board. N starts a new game.
 *
 * After each move it says on its console, once the frame shows it,
 * "2048: <dir> score <s> best <largest tile> tiles <n>", and "2048: game
 * over" when no move is left: what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define N 4
#define CELL 64
#define GAP 8
#define TOP (VY_UI_HEADER + 32)

enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

static int board[N][N], score, over, w = N * (CELL + GAP) + GAP, h;

/* Tile colours: the palette's accent darkening to the danger red. */
static const uint32_t tint[] = {
	0x2B3345FFu, 0x36507AFFu, 0x3B6EB8FFu, 0x3B82F6FFu, 0x30A46CFFu,
	0x2F8F5BFFu, 0xC9A227FFu, 0xD9822BFFu, 0xE5484DFFu, 0xC2185BFFu,
	0x8E24AAFFu, 0x5E35B1FFu,
};

static void spawn(void)
{
	int free_cells[N * N], n = 0;

	for (int i = 0; i < N * N; i++)
		if (!board[i / N][i % N])
			free_cells[n++] = i;
	if (n) {
		int i = free_cells[vy_random() % (uint32_t)n];

		board[i / N][i % N] = vy_random() % 10 ? 2 : 4;
	}
}

static void new_game(void)
{
	memset(board, 0, sizeof(board));
	score = over = 0;
	spawn();
	spawn();
}

/* Slides row (its cells at board[r][c(i)] for i = 0..3, toward i = 0). */
static int slide(int *cells[N])
{
	int out[N] = { 0 }, n = 0, moved = 0, merged = 0;

	for (int i = 0; i < N; i++) {
		int v = *cells[i];

		if (!v)
			continue;
		if (n && out[n - 1] == v && !merged) {
			out[n - 1] = 2 * v;
			score += 2 * v;
			merged = 1;
		} else {
			out[n++] = v;
			merged = 0;
		}
	}
	for (int i = 0; i < N; i++) {
		moved |= *cells[i] != out[i];
		*cells[i] = out[i];
	}
	return moved;
}

/* dir: 0 left, 1 right, 2 up, 3 down. Did anything move? */
static int move(int dir)
{
	int moved = 0;

	for (int k = 0; k < N; k++) {
		int *cells[N];

		for (int i = 0; i < N; i++) {
			int j = dir & 1 ? N - 1 - i : i;

			cells[i] = dir < 2 ? &board[k][j] : &board[j][k];
		}
		moved |= slide(cells);
	}
	return moved;
}

static int can_move(void)
{
	for (int r = 0; r < N; r++)
		for (int c = 0; c < N; c++)
			if (!board[r][c] ||
			    (c + 1 < N && board[r][c] == board[r][c + 1]) ||
			    (r + 1 < N && board[r][c] == board[r + 1][c]))
				return 1;
	return 0;
}

static int best(void)
{
	int b = 0;

	for (int i = 0; i < N * N; i++)
		if (board[i / N][i % N] > b)
			b = board[i / N][i % N];
	return b;
}

static void draw(void)
{
	char s[24] = "Score ";
	int bw = N * (CELL + GAP) + GAP, x0 = (w - bw) / 2;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "2048");
	vy_utoa(s + 6, (uint64_t)score);
	vy_draw_text(x0, VY_UI_HEADER + 8, VY_UI_TEXT, 'm', s);
	vy_draw_text(x0 + bw - 13 * VY_UI_CHAR_W, VY_UI_HEADER + 8, VY_UI_DIM,
		     'm', over ? "Game over: N" : "Arrows, N new");
	vy_fill_rect(x0, TOP, bw, bw, VY_UI_SURFACE);
	for (int r = 0; r < N; r++)
		for (int c = 0; c < N; c++) {
			int v = board[r][c], x = x0 + GAP + c * (CELL + GAP);
			int y = TOP + GAP + r * (CELL + GAP), t = 0, len;

			for (int u = v; u > 1; u >>= 1)
				t++;
			vy_fill_rect(x, y, CELL, CELL,
				     tint[t < 12 ? t : 11]);
			if (!v)
				continue;
			len = vy_utoa(s, (uint64_t)v);
			vy_draw_text(x + (CELL - len * (len > 3 ? 8 : 16)) / 2,
				     y + (CELL - (len > 3 ? 16 : 32)) / 2,
				     VY_UI_ACCENT_TEXT, len > 3 ? 'm' : 'l', s);
		}
	vy_flush();
}

static void say(const char *what)
{
	int n = 0;

	for (int i = 0; i < N * N; i++)
		n += board[i / N][i % N] != 0;
	vy_log("2048: ");
	vy_log(what);
	vy_log(" score ");
	vy_log_num((uint64_t)score);
	vy_log(" best ");
	vy_log_num((uint64_t)best());
	vy_log(" tiles ");
	vy_log_num((uint64_t)n);
	vy_print("");
}

static void key(const struct vy_event *ev)
{
	static const char *const names[] = { "left", "right", "up", "down" };
	uint32_t c = ev->codepoint | 0x20;	/* either case */
	int dir = -1;

	if (ev->keycode == KEY_LEFT || c == 'a' || c == 'h')
		dir = 0;
	else if (ev->keycode == KEY_RIGHT || c == 'd' || c == 'l')
		dir = 1;
	else if (ev->keycode == KEY_UP || c == 'w' || c == 'k')
		dir = 2;
	else if (ev->keycode == KEY_DOWN || c == 's' || c == 'j')
		dir = 3;
	if (c == 'n') {
		new_game();
		draw();
		say("new");
		return;
	}
	if (dir < 0 || over || !move(dir))
		return;
	spawn();
	over = !can_move();
	draw();
	say(names[dir]);
	if (over)
		vy_print("2048: game over");
}

int main(void)
{
	h = TOP + w + GAP;
	new_game();
	draw();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}

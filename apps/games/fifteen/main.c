/*
 * fifteen - the 15 puzzle: slide the numbered tiles into order, 1 to 15
 * with the gap last. The arrow keys (or WASD, HJKL) move the tile next
 * to the gap into it, in the direction pressed; a click on a tile in the
 * gap's row or column slides it there. N shuffles again, by 200 random
 * moves from the solved board, so every deal can be solved.
 *
 * On its console, once the frame shows it: "fifteen: moves <n> in place
 * <tiles in their place>" after each move, "fifteen: solved" - what its
 * test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define N 4
#define CELL 56
#define GAP 6
#define TOP (VY_UI_HEADER + 32)
#define LEFT 8

enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

static int tile[N * N], gap, moves, w = 2 * LEFT + N * (CELL + GAP), h;

static int in_place(void)
{
	int n = 0;

	for (int i = 0; i < N * N - 1; i++)
		n += tile[i] == i + 1;
	return n;
}

/* The tile at (r, c) into the gap, if they are neighbours. */
static int slide_from(int r, int c)
{
	int gr = gap / N, gc = gap % N;

	if ((unsigned)r >= N || (unsigned)c >= N ||
	    (r - gr) * (r - gr) + (c - gc) * (c - gc) != 1)
		return 0;
	tile[gap] = tile[r * N + c];
	tile[r * N + c] = 0;
	gap = r * N + c;
	return 1;
}

static void shuffle(void)
{
	static const int dr[] = { -1, 1, 0, 0 }, dc[] = { 0, 0, -1, 1 };

	for (int i = 0; i < N * N; i++)
		tile[i] = (i + 1) % (N * N);
	gap = N * N - 1;
	for (int done = 0; done < 200 || in_place() == N * N - 1;) {
		int d = (int)(vy_random() % 4);

		done += slide_from(gap / N + dr[d], gap % N + dc[d]);
	}
	moves = 0;
}

static void draw(void)
{
	char s[24] = "Moves ";

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Fifteen");
	vy_utoa(s + 6, (uint64_t)moves);
	vy_draw_text(LEFT, VY_UI_HEADER + 8, VY_UI_TEXT, 'm',
		     in_place() == N * N - 1 ? "Solved! N: again" : s);
	for (int i = 0; i < N * N; i++) {
		int x = LEFT + i % N * (CELL + GAP);
		int y = TOP + i / N * (CELL + GAP), len;

		if (!tile[i])
			continue;
		vy_fill_rect(x, y, CELL, CELL, tile[i] == i + 1 ?
			     VY_UI_ACCENT : VY_UI_RAISED);
		len = vy_utoa(s, (uint64_t)tile[i]);
		vy_draw_text(x + (CELL - 16 * len) / 2, y + (CELL - 32) / 2,
			     VY_UI_TEXT, 'l', s);
	}
	vy_flush();
}

static void moved(void)
{
	moves++;
	draw();
	vy_log("fifteen: moves ");
	vy_log_num((uint64_t)moves);
	vy_log(" in place ");
	vy_log_num((uint64_t)in_place());
	vy_print("");
	if (in_place() == N * N - 1)
		vy_print("fifteen: solved");
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint | 0x20;
	int r = gap / N, col = gap % N;

	/* The tile moves the way pressed: it comes from the other side. */
	if (ev->keycode == KEY_LEFT || c == 'a' || c == 'h')
		col++;
	else if (ev->keycode == KEY_RIGHT || c == 'd' || c == 'l')
		col--;
	else if (ev->keycode == KEY_UP || c == 'w' || c == 'k')
		r++;
	else if (ev->keycode == KEY_DOWN || c == 's' || c == 'j')
		r--;
	else if (c == 'n') {
		shuffle();
		draw();
		vy_print("fifteen: shuffled");
		return;
	}
	if (in_place() < N * N - 1 && slide_from(r, col))
		moved();
}

/* A click on a tile in the gap's row or column slides the tiles. */
static void click(int x, int y)
{
	int c = (x - LEFT) / (CELL + GAP), r = (y - TOP) / (CELL + GAP);
	int any = 0;

	if (x < LEFT || y < TOP || c >= N || r >= N ||
	    in_place() == N * N - 1 || (r != gap / N && c != gap % N))
		return;
	while (gap != r * N + c) {
		int gr = gap / N, gc = gap % N;

		any |= slide_from(gr + (r > gr) - (r < gr),
				  gc + (c > gc) - (c < gc));
	}
	if (any)
		moved();
}

int main(void)
{
	struct vy_event ev;

	h = TOP + N * (CELL + GAP) + 2;
	shuffle();
	draw();
	vy_print("fifteen: shuffled");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (ev.type == VY_EV_KEY && ev.down) {
			key(&ev);
		} else if (ev.type == VY_EV_POINTER &&
			   ev.action == VY_PTR_DOWN) {
			click(ev.x, ev.y);
		}
	}
	return 0;
}

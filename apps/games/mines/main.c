/*
 * mines - Minesweeper on a 9x9 field with 10 mines. The arrow keys (or
 * WASD, HJKL) move the cursor, Space or Enter opens a cell, F flags it,
 * N starts again; a click opens, a right click flags. The first cell
 * opened is never a mine: the mines are laid after it. A cell with no
 * mine around it opens its neighbours too.
 *
 * On its console, once the frame shows it: "mines: opened <cells>
 * flags <n>" after each change, then "mines: won" or "mines: lost" -
 * what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define N 9
#define MINES 10
#define CELL 28
#define TOP (VY_UI_HEADER + 32)
#define LEFT 8

enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };
enum { PLAYING, WON, LOST };

static char mine[N][N], open_[N][N], flag[N][N];
static int laid, state, cx, cy, opened, flags, w = 2 * LEFT + N * CELL, h;

static int around(int r, int c)
{
	int n = 0;

	for (int dr = -1; dr <= 1; dr++)
		for (int dc = -1; dc <= 1; dc++)
			if ((unsigned)(r + dr) < N && (unsigned)(c + dc) < N)
				n += mine[r + dr][c + dc];
	return n;
}

/* The mines, anywhere but (r, c) and its neighbours. */
static void lay(int r, int c)
{
	for (int n = 0; n < MINES;) {
		int i = (int)(vy_random() % (N * N)), mr = i / N, mc = i % N;

		if (mine[mr][mc] || ((mr - r) * (mr - r) <= 1 &&
				      (mc - c) * (mc - c) <= 1))
			continue;
		mine[mr][mc] = 1;
		n++;
	}
	laid = 1;
}

/* Opens (r, c), and around it while there is no mine near. */
static void open_cell(int r, int c)
{
	int stack[N * N][2], sp = 0;

	stack[sp][0] = r;
	stack[sp++][1] = c;
	while (sp) {
		sp--;
		r = stack[sp][0];
		c = stack[sp][1];
		if (open_[r][c] || flag[r][c])
			continue;
		open_[r][c] = 1;
		opened++;
		if (around(r, c))
			continue;
		for (int dr = -1; dr <= 1; dr++)
			for (int dc = -1; dc <= 1; dc++) {
				int nr = r + dr, nc = c + dc;

				if ((unsigned)nr < N && (unsigned)nc < N &&
				    !open_[nr][nc] && sp < N * N) {
					stack[sp][0] = nr;
					stack[sp++][1] = nc;
				}
			}
	}
}

static void draw(void)
{
	static const uint32_t digit[] = { 0, 0x3B82F6FFu, 0x30A46CFFu,
		0xE5484DFFu, 0x8E24AAFFu, 0xD9822BFFu, 0x14B8A6FFu,
		0xE6E9EFFFu, 0x98A2B3FFu };
	char s[32] = "Mines 10  Flags ";

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Mines");
	vy_utoa(s + 16, (uint64_t)flags);
	vy_draw_text(LEFT, VY_UI_HEADER + 8, state == LOST ? VY_UI_DANGER :
		     state == WON ? VY_UI_OK : VY_UI_TEXT, 'm',
		     state == LOST ? "Boom! N: again" : state == WON ?
		     "Cleared! N: again" : s);
	for (int r = 0; r < N; r++)
		for (int c = 0; c < N; c++) {
			int x = LEFT + c * CELL, y = TOP + r * CELL;
			int show = open_[r][c] || (state == LOST && mine[r][c]);
			char d[2] = { 0, 0 };

			/* The cursor: an accent ring, as keyboard focus. */
			if (r == cy && c == cx)
				vy_fill_rect(x - 2, y - 2, CELL + 2, CELL + 2,
					     VY_UI_ACCENT);
			vy_fill_rect(x, y, CELL - 2, CELL - 2,
				     show ? VY_UI_SURFACE : VY_UI_BORDER);
			if (show && mine[r][c]) {
				vy_fill_rect(x + 8, y + 8, 10, 10,
					     VY_UI_DANGER);
			} else if (show && around(r, c)) {
				d[0] = (char)('0' + around(r, c));
				vy_draw_text(x + 9, y + 5, digit[around(r, c)],
					     'm', d);
			} else if (!show && flag[r][c]) {
				vy_fill_rect(x + 10, y + 6, 3, 14, VY_UI_TEXT);
				vy_fill_rect(x + 13, y + 6, 7, 6,
					     VY_UI_DANGER);
			}
		}
	vy_flush();
}

static void say(void)
{
	vy_log("mines: opened ");
	vy_log_num((uint64_t)opened);
	vy_log(" flags ");
	vy_log_num((uint64_t)flags);
	vy_print("");
	if (state != PLAYING)
		vy_print(state == WON ? "mines: won" : "mines: lost");
}

static void new_game(void)
{
	memset(mine, 0, sizeof(mine));
	memset(open_, 0, sizeof(open_));
	memset(flag, 0, sizeof(flag));
	laid = opened = flags = 0;
	state = PLAYING;
}

static void act(int open_it)
{
	if (state != PLAYING)
		return;
	if (!open_it) {
		if (open_[cy][cx])
			return;
		flag[cy][cx] = !flag[cy][cx];
		flags += flag[cy][cx] ? 1 : -1;
	} else {
		if (open_[cy][cx] || flag[cy][cx])
			return;
		if (!laid)
			lay(cy, cx);
		if (mine[cy][cx])
			state = LOST;
		else
			open_cell(cy, cx);
		if (state == PLAYING && opened == N * N - MINES)
			state = WON;
	}
	draw();
	say();
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint | 0x20;

	if (ev->keycode == KEY_LEFT || c == 'a' || c == 'h')
		cx = cx ? cx - 1 : 0;
	else if (ev->keycode == KEY_RIGHT || c == 'd' || c == 'l')
		cx = cx < N - 1 ? cx + 1 : cx;
	else if (ev->keycode == KEY_UP || c == 'w' || c == 'k')
		cy = cy ? cy - 1 : 0;
	else if (ev->keycode == KEY_DOWN || c == 's' || c == 'j')
		cy = cy < N - 1 ? cy + 1 : cy;
	else if (ev->codepoint == ' ' || ev->codepoint == 10)
		return act(1);
	else if (c == 'f')
		return act(0);
	else if (c == 'n') {
		new_game();
		draw();
		say();
		return;
	} else
		return;
	draw();
}

int main(void)
{
	struct vy_event ev;

	h = TOP + N * CELL + 8;
	new_game();
	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (ev.type == VY_EV_KEY && ev.down) {
			key(&ev);
		} else if (ev.type == VY_EV_POINTER &&
			   ev.action == VY_PTR_DOWN) {
			int c = (ev.x - LEFT) / CELL, r = (ev.y - TOP) / CELL;

			if (ev.x < LEFT || ev.y < TOP || c >= N || r >= N)
				continue;
			cx = c;
			cy = r;
			act(!(ev.buttons & VY_BUTTON_RIGHT));
		}
	}
	return 0;
}

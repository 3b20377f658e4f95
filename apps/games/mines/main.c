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
enum { MINE = 1, OPEN = 2, FLAG = 4 };	/* the bits of a cell */

static unsigned char field[N][N];
static int state, cx, cy, opened, flags, w = 2 * LEFT + N * CELL, h;

static int around(int r, int c)
{
	int n = 0;

	for (int dr = -1; dr <= 1; dr++)
		for (int dc = -1; dc <= 1; dc++)
			if ((unsigned)(r + dr) < N && (unsigned)(c + dc) < N)
				n += field[r + dr][c + dc] & MINE;
	return n;
}

/* The mines, anywhere but (r, c) and its neighbours. */
static void lay(int r, int c)
{
	for (int n = 0; n < MINES;) {
		int i = (int)(vy_random() % (N * N)), mr = i / N, mc = i % N;

		if (field[mr][mc] & MINE || ((mr - r) * (mr - r) <= 1 &&
					     (mc - c) * (mc - c) <= 1))
			continue;
		field[mr][mc] |= MINE;
		n++;
	}
}

/*
 * Opens (r, c), and around it while there is no mine near. Each call
 * deeper opens one more cell, so the recursion is at most N * N deep.
 */
static void open_cell(int r, int c)
{
	if ((unsigned)r >= N || (unsigned)c >= N || field[r][c] & (OPEN | FLAG))
		return;
	field[r][c] |= OPEN;
	opened++;
	if (around(r, c))
		return;
	for (int dr = -1; dr <= 1; dr++)
		for (int dc = -1; dc <= 1; dc++)
			open_cell(r + dr, c + dc);
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
			int cell = field[r][c], n = around(r, c);
			int show = cell & OPEN || (state == LOST && cell & MINE);
			char d[2] = { (char)('0' + n), 0 };

			/* The cursor: an accent ring, as keyboard focus. */
			if (r == cy && c == cx)
				vy_fill_rect(x - 2, y - 2, CELL + 2, CELL + 2,
					     VY_UI_ACCENT);
			vy_fill_rect(x, y, CELL - 2, CELL - 2,
				     show ? VY_UI_SURFACE : VY_UI_BORDER);
			if (show && cell & MINE) {
				vy_fill_rect(x + 8, y + 8, 10, 10,
					     VY_UI_DANGER);
			} else if (show && n) {
				vy_draw_text(x + 9, y + 5, digit[n], 'm', d);
			} else if (!show && cell & FLAG) {
				vy_fill_rect(x + 10, y + 6, 3, 14, VY_UI_TEXT);
				vy_fill_rect(x + 13, y + 6, 7, 6,
					     VY_UI_DANGER);
			}
		}
	vy_flush();
}

/* Draws the change and reports it on the console (what test.py reads). */
static void show_change(void)
{
	draw();
	vy_log("mines: opened ");
	vy_log_num((uint64_t)opened);
	vy_log(" flags ");
	vy_log_num((uint64_t)flags);
	vy_print("");
	if (state != PLAYING)
		vy_print(state == WON ? "mines: won" : "mines: lost");
}

static void act(int open_it)
{
	unsigned char *cell = &field[cy][cx];

	if (state != PLAYING || *cell & OPEN)
		return;
	if (!open_it) {
		*cell ^= FLAG;
		flags += *cell & FLAG ? 1 : -1;
	} else {
		if (*cell & FLAG)
			return;
		/* Nothing opened yet: the mines are not laid yet either. */
		if (!opened)
			lay(cy, cx);
		if (*cell & MINE)
			state = LOST;
		else
			open_cell(cy, cx);
		if (state == PLAYING && opened == N * N - MINES)
			state = WON;
	}
	show_change();
}

static void key(const struct vy_event *ev)
{
	/* Left, right, up, down: the arrow, then its two letters. */
	static const unsigned char arrow[] = { KEY_LEFT, KEY_RIGHT, KEY_UP,
					       KEY_DOWN };
	static const unsigned char letters[] = "ahdlwksj";
	uint32_t c = ev->codepoint | 0x20;

	for (int i = 0; i < 4; i++)
		if (ev->keycode == arrow[i] || c == letters[2 * i] ||
		    c == letters[2 * i + 1]) {
			int *at = i < 2 ? &cx : &cy;
			int to = *at + (i & 1 ? 1 : -1);

			if ((unsigned)to < N)
				*at = to;
			draw();
			return;
		}
	if (ev->codepoint == ' ' || ev->codepoint == 10) {
		act(1);
	} else if (c == 'f') {
		act(0);
	} else if (c == 'n') {
		memset(field, 0, sizeof(field));
		opened = flags = 0;
		state = PLAYING;
		show_change();
	}
}

int main(void)
{
	struct vy_event ev;

	h = TOP + N * CELL + 8;
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

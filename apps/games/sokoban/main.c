/*
 * sokoban - push every box onto a goal. The arrow keys (or WASD) walk
 * and push one box at a time (never two, never into a wall); U undoes
 * the last move (as far back as the last HIST), R restarts the level, N (or Enter, once it is solved)
 * goes on to the next of the built-in levels.
 *
 * On its console, once the frame shows it: "sokoban: level <n> moves
 * <m> pushes <p>" after each level start, move and undo, "sokoban:
 * blocked" for a move refused, "sokoban: level <n> solved" - what its
 * test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define MAXW 8
#define MAXH 8
#define CELL 28
#define TOP (VY_UI_HEADER + 8)
#define HIST 512

enum { WALL = 1, GOAL = 2, BOX = 4 };
enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

/* Rows split by '|': # wall, . goal, $ box, * box on goal, @ player. */
static const char *const levels[] = {
	"#######|#     #|#.$ $.#|#  @  #|#######",
	"####|# .#|#  ###|#*@  #|#  $ #|#  ###|####",
	"######|#    #|# #@ #|# $* #|# .* #|#    #|######",
};
#define NLEVELS (int)(sizeof(levels) / sizeof(levels[0]))

static char map[MAXH][MAXW], hist[HIST];
static int level, pr, pc, moves, pushes, back, w = 240, h = 296;
static const int dr[] = { -1, 1, 0, 0 }, dc[] = { 0, 0, -1, 1 };

static void load(int n)
{
	const char *s = levels[n];
	int r = 0, c = 0;

	level = n;
	moves = pushes = back = 0;
	memset(map, 0, sizeof(map));
	for (; *s; s++) {
		if (*s == '|') {
			r++;
			c = 0;
			continue;
		}
		map[r][c] = *s == '#' ? WALL : *s == '.' ? GOAL :
			    *s == '$' ? BOX : *s == '*' ? BOX | GOAL : 0;
		if (*s == '@') {
			pr = r;
			pc = c;
		}
		c++;
	}
}

static int solved(void)
{
	for (int i = 0; i < MAXW * MAXH; i++)
		if ((map[0][i] & (BOX | GOAL)) == BOX)
			return 0;
	return 1;
}

static void draw(void)
{
	char s[40] = "Level ";
	int n = 6 + vy_utoa(s + 6, (uint64_t)level + 1);

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Sokoban");
	for (int r = 0; r < MAXH; r++)
		for (int c = 0; c < MAXW; c++) {
			int x = 8 + c * CELL, y = TOP + r * CELL, m = map[r][c];

			if (m & WALL)
				vy_fill_rect(x, y, CELL, CELL, VY_UI_BORDER);
			if (m & GOAL)
				vy_fill_rect(x + 10, y + 10, 8, 8, VY_UI_DIM);
			if (m & BOX)
				vy_fill_rect(x + 3, y + 3, CELL - 6, CELL - 6,
					     m & GOAL ? VY_UI_OK :
							VY_UI_SELECT);
		}
	vy_fill_rect(8 + pc * CELL + 6, TOP + pr * CELL + 6, CELL - 12,
		     CELL - 12, VY_UI_ACCENT);
	memcpy(s + n, " Moves ", 7);
	vy_utoa(s + n + 7, (uint64_t)moves);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(8, h - VY_UI_ROW, VY_UI_ROW, solved() ? VY_UI_OK :
		    VY_UI_DIM, solved() ? "Solved! N: next level" : s);
	vy_flush();
}

static void say(void)
{
	draw();
	vy_log("sokoban: level ");
	vy_log_num((uint64_t)level + 1);
	if (solved()) {
		vy_print(" solved");
		return;
	}
	vy_log(" moves ");
	vy_log_num((uint64_t)moves);
	vy_log(" pushes ");
	vy_log_num((uint64_t)pushes);
	vy_print("");
}

/* A step in direction d, pushing the box ahead if the cell past it is free. */
static void walk(int d)
{
	int r = pr + dr[d], c = pc + dc[d], push = 0;

	if (map[r][c] & BOX) {
		if (map[r + dr[d]][c + dc[d]] & (WALL | BOX))
			r = -1;
		else
			push = 4;
	}
	if (r < 0 || (map[r][c] & WALL)) {
		vy_print("sokoban: blocked");
		return;
	}
	if (push) {
		map[r][c] &= ~BOX;
		map[r + dr[d]][c + dc[d]] |= BOX;
		pushes++;
	}
	/* a ring: the oldest step is forgotten, not the next refused */
	hist[moves++ % HIST] = (char)(d | push);
	back += back < HIST;
	pr = r;
	pc = c;
	say();
}

/* Steps back; a push undone pulls its box back too. */
static void undo(void)
{
	int d, r, c;

	if (!back)
		return;
	back--;
	d = hist[--moves % HIST];
	r = pr + dr[d & 3];
	c = pc + dc[d & 3];
	if (d & 4) {
		map[r][c] &= ~BOX;
		map[pr][pc] |= BOX;
		pushes--;
	}
	pr -= dr[d & 3];
	pc -= dc[d & 3];
	say();
}

int main(void)
{
	struct vy_event ev;

	load(0);
	say();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		uint32_t k = ev.codepoint | 0x20;
		int done = solved();

		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		}
		if (ev.type != VY_EV_KEY || !ev.down)
			continue;
		if (k == 'n' || (done && ev.keycode == 28)) {
			load((level + 1) % NLEVELS);
			say();
		} else if (k == 'r') {
			load(level);
			say();
		} else if (k == 'u') {
			undo();
		} else if (!done) {
			int d = ev.keycode == KEY_UP || k == 'w' ? 0 :
				ev.keycode == KEY_DOWN || k == 's' ? 1 :
				ev.keycode == KEY_LEFT || k == 'a' ? 2 :
				ev.keycode == KEY_RIGHT || k == 'd' ? 3 : -1;

			if (d >= 0)
				walk(d);
		}
	}
	return 0;
}

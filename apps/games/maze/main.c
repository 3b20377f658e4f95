/*
 * maze - walk out of a maze: from the top-left corner to the exit at
 * the bottom right. The arrow keys (or WASD) walk one cell; walls stop
 * you. The mazes are numbered: maze n is always the same maze (carved
 * by a depth-first walk from a generator seeded with n), so a friend
 * can race you through it; N goes to the next, R back to the start.
 *
 * On its console, once the frame shows it: "maze: <n> at <x> <y> moves
 * <m>" at each start and step, "maze: blocked" for a step into a wall,
 * "maze: escaped in <m> moves" - what its test (test.py) reads.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define CW 10
#define CH 8
#define GW (2 * CW + 1)
#define GH (2 * CH + 1)
#define U 12
#define TOP (VY_UI_HEADER + 8)

enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

static char wall[GH][GW];
static int num = 1, px, py, moves, w = 2 * 8 + GW * U, h = TOP + GH * U + 40;
static uint32_t seed;
static const int dx[] = { 0, 0, -1, 1 }, dy[] = { -1, 1, 0, 0 };

static uint32_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 17;
	seed ^= seed << 5;
	return seed;
}

/* A depth-first walk that knocks down the wall to each new cell. */
static void carve(void)
{
	static unsigned char stack[CW * CH];
	int sp = 1;

	seed = (uint32_t)num * 2654435761u ^ 0x9E3779B9u;
	memset(wall, 1, sizeof(wall));
	stack[0] = 0;
	wall[1][1] = 0;
	while (sp) {
		int c = stack[sp - 1], x = c % CW, y = c / CW, n = 0, d;
		int can[4];

		for (d = 0; d < 4; d++) {
			int nx = x + dx[d], ny = y + dy[d];

			if (nx >= 0 && nx < CW && ny >= 0 && ny < CH &&
			    wall[2 * ny + 1][2 * nx + 1])
				can[n++] = d;
		}
		if (!n) {
			sp--;
			continue;
		}
		d = can[rnd() % (uint32_t)n];
		wall[2 * y + 1 + dy[d]][2 * x + 1 + dx[d]] = 0;
		wall[2 * y + 1 + 2 * dy[d]][2 * x + 1 + 2 * dx[d]] = 0;
		stack[sp++] = (unsigned char)((y + dy[d]) * CW + x + dx[d]);
	}
	px = py = moves = 0;
}

static void draw(void)
{
	char s[16] = "Maze ";

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_utoa(s + 5, (uint64_t)num);
	vy_ui_header(w, s);
	for (int y = 0; y < GH; y++)
		for (int x = 0; x < GW; x++)
			if (wall[y][x])
				vy_fill_rect(8 + x * U, TOP + y * U, U, U,
					     VY_UI_BORDER);
	vy_fill_rect(8 + (2 * CW - 1) * U, TOP + (2 * CH - 1) * U, U, U,
		     VY_UI_OK);
	vy_fill_rect(8 + (2 * px + 1) * U + 2, TOP + (2 * py + 1) * U + 2,
		     U - 4, U - 4, VY_UI_ACCENT);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(8, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
		    px == CW - 1 && py == CH - 1 ? "Out! N: next maze" :
		    "Arrows walk, N: next maze");
	vy_flush();
}

static void say(void)
{
	draw();
	vy_log("maze: ");
	vy_log_num((uint64_t)num);
	vy_log(" at ");
	vy_log_num((uint64_t)px);
	vy_log(" ");
	vy_log_num((uint64_t)py);
	vy_log(" moves ");
	vy_log_num((uint64_t)moves);
	vy_print("");
	if (px == CW - 1 && py == CH - 1) {
		vy_log("maze: escaped in ");
		vy_log_num((uint64_t)moves);
		vy_print(" moves");
	}
}

int main(void)
{
	struct vy_event ev;

	carve();
	say();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		uint32_t k = ev.codepoint | 0x20;
		int c = ev.keycode, d;

		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		}
		if (ev.type != VY_EV_KEY || !ev.down)
			continue;
		if (k == 'n' || k == 'r') {
			num += k == 'n';
			carve();
			say();
			continue;
		}
		d = c == KEY_UP || k == 'w' ? 0 :
		    c == KEY_DOWN || k == 's' ? 1 :
		    c == KEY_LEFT || k == 'a' ? 2 :
		    c == KEY_RIGHT || k == 'd' ? 3 : -1;
		if (d < 0 || (px == CW - 1 && py == CH - 1))
			continue;
		if (wall[2 * py + 1 + dy[d]][2 * px + 1 + dx[d]]) {
			vy_print("maze: blocked");
			continue;
		}
		px += dx[d];
		py += dy[d];
		moves++;
		say();
	}
	return 0;
}

/*
 * life - Conway's Game of Life on a 48x32 field that wraps at its edges.
 * Enter runs or pauses it (5 generations a second), Space steps one
 * generation, the arrows move the cursor and F flips the cell under it
 * (a click flips one too), G places a glider at the cursor, R fills the
 * field at random, C clears it.
 *
 * On its console, once the frame shows it: "life: generation <n> cells
 * <live cells>" after each step, each flip and each pattern - what its
 * test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define COLS 48
#define ROWS 32
#define CELL 8
#define TOP (VY_UI_HEADER + 24)
#define LEFT 8
#define TICK_MS 200

enum { KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

static unsigned char field[ROWS][COLS], next_field[ROWS][COLS];
static int generation, running, cx = COLS / 2, cy = ROWS / 2;
static int w = 2 * LEFT + COLS * CELL, h = TOP + ROWS * CELL + 8;

static int cells(void)
{
	int n = 0;

	for (int r = 0; r < ROWS; r++)
		for (int c = 0; c < COLS; c++)
			n += field[r][c];
	return n;
}

static void step(void)
{
	for (int r = 0; r < ROWS; r++)
		for (int c = 0; c < COLS; c++) {
			int n = 0;

			for (int dr = -1; dr <= 1; dr++)
				for (int dc = -1; dc <= 1; dc++)
					if (dr || dc)
						n += field[(r + dr + ROWS) % ROWS]
							  [(c + dc + COLS) % COLS];
			next_field[r][c] = n == 3 || (n == 2 && field[r][c]);
		}
	memcpy(field, next_field, sizeof(field));
	generation++;
}

static void draw(void)
{
	char s[48] = "Generation ";
	int n = 11;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Life");
	n += vy_utoa(s + n, (uint64_t)generation);
	memcpy(s + n, running ? "  running" : "  paused", 10);
	vy_draw_text(LEFT, VY_UI_HEADER + 4, VY_UI_DIM, 'm', s);
	vy_fill_rect(LEFT, TOP, COLS * CELL, ROWS * CELL, VY_UI_SURFACE);
	vy_fill_rect(LEFT + cx * CELL, TOP + cy * CELL, CELL, CELL,
		     VY_UI_ACCENT);
	for (int r = 0; r < ROWS; r++)
		for (int c = 0; c < COLS; c++)
			if (field[r][c])
				vy_fill_rect(LEFT + c * CELL + 1,
					     TOP + r * CELL + 1, CELL - 2,
					     CELL - 2, VY_UI_OK);
	vy_flush();
}

static void say(void)
{
	draw();
	vy_log("life: generation ");
	vy_log_num((uint64_t)generation);
	vy_log(" cells ");
	vy_log_num((uint64_t)cells());
	vy_print("");
}

static void glider(void)
{
	static const int at[5][2] = { { 0, 1 }, { 1, 2 }, { 2, 0 }, { 2, 1 },
				      { 2, 2 } };

	for (int i = 0; i < 5; i++)
		field[(cy + at[i][0]) % ROWS][(cx + at[i][1]) % COLS] = 1;
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint | 0x20;

	if (ev->keycode == KEY_LEFT)
		cx = (cx + COLS - 1) % COLS;
	else if (ev->keycode == KEY_RIGHT)
		cx = (cx + 1) % COLS;
	else if (ev->keycode == KEY_UP)
		cy = (cy + ROWS - 1) % ROWS;
	else if (ev->keycode == KEY_DOWN)
		cy = (cy + 1) % ROWS;
	else if (ev->codepoint == 10)
		running = !running;
	else if (ev->codepoint == ' ') {
		step();
		return say();
	} else if (c == 'f') {
		field[cy][cx] ^= 1;
		return say();
	} else if (c == 'g') {
		glider();
		return say();
	} else if (c == 'c' || c == 'r') {
		for (int r = 0; r < ROWS; r++)
			for (int col = 0; col < COLS; col++) {
				field[r][col] = c == 'r' &&
						vy_random() % 4 == 0;
			}
		generation = 0;
		return say();
	} else {
		return;
	}
	draw();
}

int main(void)
{
	struct vy_event ev;
	uint64_t next = 0;

	draw();
	for (;;) {
		uint64_t now = vy_ms();
		int wait = running ? (next > now ? (int)(next - now) : 0) : -1;
		enum vy_event_type type = vy_next_event(&ev, wait);

		if (type == VY_EV_QUIT)
			break;
		if (type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (type == VY_EV_KEY && ev.down) {
			key(&ev);
		} else if (type == VY_EV_POINTER && ev.action == VY_PTR_DOWN &&
			   ev.x >= LEFT && ev.y >= TOP &&
			   ev.x < LEFT + COLS * CELL &&
			   ev.y < TOP + ROWS * CELL) {
			cx = (ev.x - LEFT) / CELL;
			cy = (ev.y - TOP) / CELL;
			field[cy][cx] ^= 1;
			say();
		}
		if (running && vy_ms() >= next) {
			step();
			say();
			next = vy_ms() + TICK_MS;
		}
	}
	return 0;
}

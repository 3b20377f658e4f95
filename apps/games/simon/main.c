/*
 * simon - repeat a growing sequence of colours. Each round the four
 * pads light one after another, one step more than the round before;
 * press 1-4 (the pads' numbers) in the same order. A key during the
 * show stops it and counts as your first answer. A wrong key ends the
 * game; Enter (or N) starts the next. Thirty-two rounds win.
 *
 * Games are numbered and game n's sequence is always the same, so it
 * can be replayed and compared; the next game's number and the best
 * round stay in /data/simon as "<last game> <best round>".
 *
 * On its console: "simon: game <g> round <r> shows <digits 1-4>" as a
 * round starts, "simon: game over at round <r> best <b>" after a wrong
 * key, "simon: won" - what its test (test.py) reads.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define PAD 96
#define TOP (VY_UI_HEADER + 8)
#define LONGEST 32

enum { SHOW, ANSWER, OVER };

static const uint32_t colour[4] = {
	VY_UI_OK, VY_UI_DANGER, VY_UI_ACCENT, VY_UI_TEXT
};
/* The steps shown so far, '1'-'4', as a string: the log prints it. */
static char seq[LONGEST + 1];
static int game, best, round, state = OVER, step, lit = -1, w = 216, h = 272;
static uint64_t due;
/* The game's generator: its next output is the next round's new step. */
static uint32_t seed;

static void save(void)
{
	char s[24];
	int n = vy_utoa(s, (uint64_t)game);

	s[n++] = ' ';
	n += vy_utoa(s + n, (uint64_t)best);
	s[n++] = '\n';
	vy_data_write("simon", s, (size_t)n);
}

static void draw(void)
{
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Simon");
	for (int i = 0; i < 4; i++) {
		int x = 8 + i % 2 * (PAD + 8), y = TOP + i / 2 * (PAD + 8);
		char s[2] = { (char)('1' + i), 0 };

		vy_fill_rect(x, y, PAD, PAD, i == lit ? colour[i] :
			     VY_UI_RAISED);
		vy_fill_rect(x, y + PAD - 6, PAD, 6, colour[i]);
		vy_draw_text(x + 40, y + 32, i == lit ? VY_UI_BG : VY_UI_DIM,
			     'l', s);
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(8, h - VY_UI_ROW, VY_UI_ROW, state == OVER ?
		    VY_UI_DANGER : VY_UI_DIM, state == SHOW ? "Watch..." :
		    state == ANSWER ? "Your turn: 1-4" : "Over. Enter: again");
	vy_flush();
}

/* One step more, from the game's generator, and the show of them all. */
static void next_round(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 17;
	seed ^= seed << 5;
	seq[round++] = (char)('1' + (seed >> 16 & 3));
	seq[round] = '\0';
	state = SHOW;
	step = 0;
	lit = -1;
	due = vy_ms() + 300;
	draw();
	vy_log("simon: game ");
	vy_log_num((uint64_t)game);
	vy_log(" round ");
	vy_log_num((uint64_t)round);
	vy_log(" shows ");
	vy_print(seq);
}

/* Game g's sequence comes from a generator seeded with g. */
static void new_game(void)
{
	seed = (uint32_t)++game * 2654435761u ^ 0x9E3779B9u;
	round = 0;
	save();
	next_round();
}

/* The end of a game in which rounds were repeated right. */
static void game_over(int rounds)
{
	state = OVER;
	if (rounds > best)
		best = rounds;
	save();
	draw();
}

/* A pad pressed: the next step of the answer, or the end. */
static void press(int d)
{
	if (state == SHOW)
		step = 0;
	state = ANSWER;
	lit = d;
	if (seq[step] == '1' + d) {
		if (++step < round) {
			draw();
			return;
		}
		if (round == LONGEST) {
			game_over(round);
			vy_print("simon: won");
			return;
		}
		next_round();
		return;
	}
	game_over(round - 1);
	vy_log("simon: game ");	/* the start of the round's line too */
	vy_log("over at round ");
	vy_log_num((uint64_t)round);
	vy_log(" best ");
	vy_log_num((uint64_t)best);
	vy_print("");
}

/* Adds the digits at p to *v while it is below limit; returns the end. */
static const char *read_number(const char *p, int limit, int *v)
{
	while (*p >= '0' && *p <= '9' && *v < limit)
		*v = *v * 10 + *p++ - '0';
	return p;
}

/*
 * The app, apart from main: with main only "return 0", wasm-opt sees
 * that wasi-libc's exit path after it is never taken (100 bytes less).
 */
__attribute__((noinline)) static void run(void)
{
	struct vy_event ev;
	/* Up to 23 bytes, their NUL, and the byte after it, which the
	 * separator's skip may reach. */
	char s[25] = "";
	long n = vy_data_read("simon", s, sizeof(s) - 2);

	/* "<last game> <best round>"; a new player starts anywhere. */
	if (n > 0) {
		read_number(read_number(s, 100000000, &game) + 1, LONGEST,
			    &best);
	} else {
		uint32_t r = 0;	/* WASI's directly: vy_random() is 65 bytes */

		(void)!__wasi_random_get((uint8_t *)&r, sizeof(r));
		game = (int)(r % 10000);
	}
	new_game();
	for (;;) {
		int64_t wait = (int64_t)(due - vy_ms());
		int t = vy_next_event(&ev, state != SHOW ? -1 :
				      wait < 0 ? 0 : (int)wait);
		uint32_t k = ev.codepoint;

		if (t == VY_EV_QUIT)
			return;
		if (t == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (t == VY_EV_KEY && ev.down) {
			if (state == OVER && (ev.keycode == 28 ||
					      (k | 0x20) == 'n'))
				new_game();
			else if (state != OVER && k - '1' < 4)
				press((int)(k - '1'));
		}
		/* The show: each step lit 400 ms, then 150 ms dark. */
		if (state == SHOW && vy_ms() >= due) {
			if (lit >= 0) {
				lit = -1;
				due += 150;
				if (++step == round) {
					state = ANSWER;
					step = 0;
				}
			} else {
				lit = seq[step] - '1';
				due += 400;
			}
			draw();
		}
	}
}

int main(void)
{
	run();
	return 0;
}

/*
 * memory - the pairs game: sixteen cards face down, eight pairs of
 * numbers. Turn two; a pair stays up, two that differ turn back at the
 * next card turned. The arrows move the focus, Enter or Space turns
 * the focused card; each face-down card also shows a letter, a
 * to p, that turns it at once (in either case). After the last pair, Enter deals again.
 *
 * On its console, once the frame shows it: "memory: card <i> is <n>"
 * for each card turned (0-15, row by row), with " pairs <p> tries <t>"
 * after the second of two, "memory: won in <t> tries", and
 * "memory: dealt" - what its test (test.py) reads.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define CELL 56
#define STEP 64
#define TOP (VY_UI_HEADER + 8)

enum { KEY_ENTER = 28, KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106,
       KEY_DOWN = 108 };

static char val[16], done[16];
static int up1 = -1, up2 = -1, cur, pairs, tries, w = 264, h = 328;

static void deal(void)
{
	for (int i = 0; i < 16; i++)
		val[i] = (char)('1' + i / 2);
	/* Fisher-Yates: every order equally likely. */
	for (int i = 15; i > 0; i--) {
		int j = (int)(vy_random() % (uint32_t)(i + 1));
		char t = val[i];

		val[i] = val[j];
		val[j] = t;
	}
	memset(done, 0, sizeof(done));
	up1 = up2 = -1;
	pairs = tries = 0;
}

static void draw(void)
{
	char s[32] = "Pairs ";
	int n = 6 + vy_utoa(s + 6, (uint64_t)pairs);

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Memory");
	for (int i = 0; i < 16; i++) {
		int x = 8 + i % 4 * STEP, y = TOP + i / 4 * STEP;
		int open = done[i] || i == up1 || i == up2;
		char c[2] = { open ? val[i] : (char)('a' + i), 0 };

		if (i == cur)
			vy_fill_rect(x - 3, y - 3, CELL + 6, CELL + 6,
				     VY_UI_ACCENT);
		vy_fill_rect(x, y, CELL, CELL, done[i] ? VY_UI_OK :
			     open ? VY_UI_SELECT : VY_UI_RAISED);
		if (open)
			vy_draw_text(x + 20, y + 12, VY_UI_TEXT, 'l', c);
		else
			vy_draw_text(x + 4, y + 2, VY_UI_DIM, 'm', c);
	}
	memcpy(s + n, " Tries ", 7);
	vy_utoa(s + n + 7, (uint64_t)tries);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(8, h - VY_UI_ROW, VY_UI_ROW, pairs == 8 ? VY_UI_OK :
		    VY_UI_DIM, pairs == 8 ? "All pairs! Enter: again" : s);
	vy_flush();
}

static void turn(int i)
{
	if (up2 >= 0)
		up1 = up2 = -1;	/* the last two that differed go back */
	if (done[i] || i == up1) {
		draw();
		return;
	}
	if (up1 < 0) {
		up1 = i;
	} else {
		tries++;
		if (val[up1] == val[i]) {
			done[up1] = done[i] = 1;
			pairs++;
			up1 = -1;
		} else {
			up2 = i;
		}
	}
	draw();
	vy_log("memory: card ");
	vy_log_num((uint64_t)i);
	vy_log(" is ");
	vy_log((char[2]){ val[i], 0 });
	if (up1 >= 0 && up2 < 0) {
		vy_print("");
		return;
	}
	vy_log(" pairs ");
	vy_log_num((uint64_t)pairs);
	vy_log(" tries ");
	vy_log_num((uint64_t)tries);
	vy_print("");
	if (pairs == 8) {
		vy_log("memory: won in ");
		vy_log_num((uint64_t)tries);
		vy_print(" tries");
	}
}

int main(void)
{
	struct vy_event ev;

	deal();
	draw();
	vy_print("memory: dealt");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		uint32_t k = ev.codepoint;
		int c = ev.keycode;

		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		}
		if (ev.type != VY_EV_KEY || !ev.down)
			continue;
		if (pairs == 8 && (c == KEY_ENTER || k == ' ')) {
			deal();
			draw();
			vy_print("memory: dealt");
		} else if ((k | 0x20) >= 'a' && (k | 0x20) <= 'p') {
			turn(cur = (int)((k | 0x20) - 'a'));
		} else if (k == ' ' || c == KEY_ENTER) {
			turn(cur);
		} else {
			cur = (cur + (c == KEY_RIGHT) - (c == KEY_LEFT) +
			       4 * (c == KEY_DOWN) - 4 * (c == KEY_UP)) & 15;
			draw();
		}
	}
	return 0;
}

/*
 * flashcards - goes through a deck of cards, one "front|back" line each,
 * from /data/cards.txt (a built-in deck of capitals when there is none;
 * lines without a '|' are skipped). Space turns the card over; Y marks
 * it known and N not yet, and the next card comes; after the last one
 * the score shows. R starts the deck again.
 *
 * On its console, once the frame shows it: "flashcards: <n> cards" at
 * start and after R, "flashcards: flipped <card>", "flashcards: <card>
 * known|unknown", and "flashcards: score <known>/<n>" at the end - what
 * its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"		/* wasi-libc's string functions are larger */

#define MAX 200

enum { KEY_SPACE = 57 };

static char deck[8192] = "France|Paris\nJapan|Tokyo\nKenya|Nairobi\n"
			 "Peru|Lima\nCanada|Ottawa\n";
static char *front[MAX], *back[MAX];
static int n, cur, known, flipped, w = 360, h = 240;

static void load(void)
{
	long len = vy_data_read("cards.txt", deck, sizeof(deck) - 1);
	char *p = deck;

	if (len >= 0)
		deck[len] = '\0';
	while (*p && n < MAX) {
		char *end = strchr(p, '\n'), *bar;

		if (end)
			*end = '\0';
		bar = strchr(p, '|');
		if (bar && bar > p && bar[1]) {
			*bar = '\0';
			front[n] = p;
			back[n++] = bar + 1;
		}
		p = end ? end + 1 : p + strlen(p);
	}
}

static void say(const char *what, int num, const char *tail)
{
	vy_log("flashcards: ");
	vy_log(what);
	vy_log_num((uint64_t)num);
	vy_print(tail);
}

static void draw(void)
{
	char s[40] = "Card ", *p;
	int cw = w - 4 * VY_UI_UNIT, ch = h - VY_UI_HEADER - 2 * VY_UI_ROW -
		 3 * VY_UI_UNIT, y = VY_UI_HEADER + VY_UI_ROW + VY_UI_UNIT;
	const char *t = !n ? "No cards in /data/cards.txt" : cur == n ?
			"Done! R: again" : flipped ? back[cur] : front[cur];

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Flash cards");
	p = s + 5 + vy_utoa(s + 5, (uint64_t)(cur < n ? cur + 1 : n));
	memcpy(p, " of ", 4);
	p += 4 + vy_utoa(p + 4, (uint64_t)n);
	memcpy(p, ", known ", 8);
	vy_utoa(p + 8, (uint64_t)known);
	vy_ui_label(2 * VY_UI_UNIT, VY_UI_HEADER, VY_UI_ROW, VY_UI_DIM, s);
	vy_fill_rect(2 * VY_UI_UNIT, y, cw, ch, flipped ? VY_UI_SELECT :
		     VY_UI_RAISED);
	vy_ui_label(2 * VY_UI_UNIT + (cw - vy_ui_text_w(t)) / 2, y, ch,
		    VY_UI_TEXT, t);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
		    "Space turn over, Y known, N not yet");
	vy_flush();
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint | 0x20;

	if (c == 'r') {
		cur = known = flipped = 0;
		draw();
		say("", n, " cards");
	} else if (cur == n) {
		return;
	} else if (ev->keycode == KEY_SPACE) {
		flipped = !flipped;
		draw();
		say("flipped ", cur + 1, "");
	} else if (c == 'y' || c == 'n') {
		known += c == 'y';
		cur++;
		flipped = 0;
		draw();
		say("", cur, c == 'y' ? " known" : " unknown");
		if (cur == n) {
			vy_log("flashcards: score ");
			vy_log_num((uint64_t)known);
			vy_log("/");
			vy_log_num((uint64_t)n);
			vy_print("");
		}
	}
}

int main(void)
{
	load();
	draw();
	say("", n, " cards");
	vy_ui_run(&w, &h, draw, key);
	return 0;
}

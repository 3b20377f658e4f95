/*
 * @NAME@ - @DESCRIPTION@
 *
 * A window app, as `vyoma new` made it: a header with its name and a
 * count that + and - change (never below zero). Each new count is said
 * on its console once the frame shows it: its test (test.py beside this
 * file) waits for that line, then looks at the pixels.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"	/* byte-loop memchr, strlen...: about 500 bytes less */

static int w = 320, h = 200, count;

static void draw(void)
{
	char s[24] = "Count: ";

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "@NAME@");
	vy_utoa(s + 7, (uint64_t)count);
	vy_draw_text(16, 48, VY_UI_TEXT, 'l', s);
	vy_draw_text(16, 96, VY_UI_DIM, 'm', "+ and - change it");
	vy_flush();
}

/* + and - change the count; each new count is drawn, then said. */
static void key(const struct vy_event *ev)
{
	int was = count;

	if (ev->codepoint == '+' || ev->codepoint == '=')
		count++;
	else if (ev->codepoint == '-' && count > 0)
		count--;
	if (count != was) {
		draw();
		vy_log("@NAME@: count ");
		vy_log_num((uint64_t)count);
		vy_print("");
	}
}

int main(void)
{
	draw();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}

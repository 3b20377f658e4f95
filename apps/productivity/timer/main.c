/*
 * timer - a countdown timer. Type digits to set it (they shift in from
 * the right, as on a microwave: 1 3 0 is 1:30, 9 0 is 90 seconds, up to
 * 99:59); Backspace
 * takes the last one back. Enter starts the countdown, Space pauses and
 * resumes it, R resets it to the time set. At zero the window flashes
 * in the accent colour until a key is pressed.
 *
 * On its console, once the frame shows it: "timer: set <s>", "timer:
 * start <s>", "timer: paused <s>", "timer: resumed <s>", "timer: <s>"
 * each second it counts, "timer: reset <s>" and "timer: done" (<s> is
 * the seconds left, rounded up) - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"	/* wasi-libc's string functions are larger */

enum { KEY_BACKSPACE = 14, KEY_ENTER = 28, KEY_SPACE = 57 };
enum { IDLE, RUNNING, PAUSED, DONE };

static int w = 240, h = 160, state, flash;
static unsigned shown;		/* the seconds last said */
static unsigned digits;		/* what was typed, as MMSS */
static uint64_t deadline;	/* vy_ms() at zero, while running */
static unsigned left_ms;	/* while paused or idle */

static unsigned set_ms(void)
{
	unsigned s = digits / 100 * 60 + digits % 100;

	return (s < 5999 ? s : 5999) * 1000;
}

static unsigned remaining(void)
{
	uint64_t now = vy_ms();

	if (state != RUNNING)
		return left_ms;
	return now >= deadline ? 0 : (unsigned)(deadline - now);
}

static void draw(void)
{
	unsigned s = (remaining() + 999) / 1000;
	char t[6];
	int bg = state == DONE && !(flash & 1);

	t[0] = (char)('0' + s / 600 % 10);
	t[1] = (char)('0' + s / 60 % 10);
	t[2] = ':';
	t[3] = (char)('0' + s % 60 / 10);
	t[4] = (char)('0' + s % 10);
	t[5] = '\0';
	vy_fill_rect(0, 0, w, h, bg ? VY_UI_ACCENT : VY_UI_BG);
	vy_ui_header(w, "Timer");
	vy_draw_text((w - 80) / 2, VY_UI_HEADER + (h - VY_UI_HEADER -
		     VY_UI_ROW - 32) / 2, bg ? VY_UI_ACCENT_TEXT :
		     state == RUNNING ? VY_UI_TEXT : VY_UI_DIM, 'l', t);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
		    state == DONE ? "Done! Any key" : state == IDLE ?
		    "0-9 set, Enter start" : "Space pause, R reset");
	vy_flush();
}

/* Draws, then says what happened and the seconds left. */
static void said(const char *what)
{
	draw();
	shown = (remaining() + 999) / 1000;
	vy_log("timer: ");
	vy_log(what);
	vy_log_num(shown);
	vy_print("");
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint;

	if (state == DONE) {
		state = IDLE;
		left_ms = set_ms();
		said("reset ");
	} else if (c >= '0' && c <= '9' && state == IDLE) {
		/* not clamped as typed: 9 then 0 then 0 is 9:00 */
		digits = (digits * 10 + c - '0') % 10000;
		left_ms = set_ms();
		said("set ");
	} else if (ev->keycode == KEY_BACKSPACE && state == IDLE) {
		digits /= 10;
		left_ms = set_ms();
		said("set ");
	} else if (ev->keycode == KEY_ENTER && state == IDLE && digits) {
		state = RUNNING;
		deadline = vy_ms() + left_ms;
		said("start ");
	} else if (ev->keycode == KEY_SPACE && state == RUNNING) {
		left_ms = remaining();
		state = PAUSED;
		said("paused ");
	} else if (ev->keycode == KEY_SPACE && state == PAUSED) {
		state = RUNNING;
		deadline = vy_ms() + left_ms;
		said("resumed ");
	} else if ((c | 0x20) == 'r') {
		state = IDLE;
		left_ms = set_ms();
		said("reset ");
	}
}

int main(void)
{
	struct vy_event ev;
	draw();
	for (;;) {
		/* Wake at the next whole second shown, or the next flash. */
		int wait = state == RUNNING ? (int)(remaining() % 1000) + 1 :
			   state == DONE ? 500 : -1;

		if (vy_next_event(&ev, wait) == VY_EV_QUIT)
			break;
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (ev.type == VY_EV_KEY && ev.down) {
			key(&ev);
		} else if (ev.type == VY_EV_TIMEOUT && state == DONE) {
			flash++;
			draw();
		}
		if (state == RUNNING && remaining() == 0) {
			state = DONE;
			flash = 0;
			draw();
			vy_print("timer: done");
		} else if (state == RUNNING &&
			   (remaining() + 999) / 1000 != shown) {
			said("");
		}
	}
	return 0;
}

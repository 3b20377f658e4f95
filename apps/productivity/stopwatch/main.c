/*
 * stopwatch - a stopwatch with laps, to the hundredth of a second.
 * Space starts and stops it, L (or Enter) takes a lap while it runs,
 * R resets it while it is stopped. The time shown is redrawn ten times
 * a second while it runs, not otherwise.
 *
 * On its console, once the frame shows it: "stopwatch: started",
 * "stopwatch: lap <n> <m:ss.cc>", "stopwatch: stopped <m:ss.cc>",
 * "stopwatch: reset" - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define LAPS 8
#define LEFT 16
#define TICK_MS 100

static uint64_t started, before;	/* ms: this run's start, runs before */
static uint64_t lap[LAPS];
static int laps, running, w = 280, h = 300;

static uint64_t elapsed(void)
{
	return before + (running ? vy_ms() - started : 0);
}

/* "m:ss.cc" into s. */
static void clock_text(char *s, uint64_t ms)
{
	uint64_t cs = ms / 10, m = cs / 6000;
	int n = vy_utoa(s, m);

	s[n++] = ':';
	s[n++] = (char)('0' + cs / 1000 % 6);
	s[n++] = (char)('0' + cs / 100 % 10);
	s[n++] = '.';
	s[n++] = (char)('0' + cs / 10 % 10);
	s[n++] = (char)('0' + cs % 10);
	s[n] = '\0';
}

static void draw(void)
{
	char s[32];

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Stopwatch");
	clock_text(s, elapsed());
	vy_draw_text(LEFT, VY_UI_HEADER + 16, running ? VY_UI_ACCENT :
		     VY_UI_TEXT, 'l', s);
	vy_draw_text(LEFT, VY_UI_HEADER + 56, VY_UI_DIM, 'm',
		     running ? "Space stop, L lap" : "Space start, R reset");
	for (int i = 0; i < laps; i++) {
		char row[40] = "Lap ";
		int n = 4 + vy_utoa(row + 4, (uint64_t)(i + 1));

		memcpy(row + n, "   ", 3);
		clock_text(row + n + 3, lap[i]);
		vy_draw_text(LEFT, VY_UI_HEADER + 88 + i * 20, VY_UI_TEXT,
			     'm', row);
	}
	vy_flush();
}

static void say(const char *what, int n, uint64_t ms)
{
	char s[32];

	vy_log("stopwatch: ");
	vy_log(what);
	if (n) {
		vy_log(" ");
		vy_log_num((uint64_t)n);
	}
	if (ms != (uint64_t)-1) {
		clock_text(s, ms);
		vy_log(" ");
		vy_log(s);
	}
	vy_print("");
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint | 0x20;

	if (ev->codepoint == ' ') {
		if (running) {
			before = elapsed();
			running = 0;
			draw();
			say("stopped", 0, before);
		} else {
			started = vy_ms();
			running = 1;
			draw();
			say("started", 0, (uint64_t)-1);
		}
	} else if ((c == 'l' || ev->codepoint == 10) && running &&
		   laps < LAPS) {
		lap[laps++] = elapsed();
		draw();
		say("lap", laps, lap[laps - 1]);
	} else if (c == 'r' && !running) {
		before = 0;
		laps = 0;
		draw();
		say("reset", 0, (uint64_t)-1);
	}
}

int main(void)
{
	struct vy_event ev;

	draw();
	for (;;) {
		enum vy_event_type type = vy_next_event(&ev, running ?
							TICK_MS : -1);

		if (type == VY_EV_QUIT)
			break;
		if (type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (type == VY_EV_KEY && ev.down) {
			key(&ev);
		} else if (type == VY_EV_TIMEOUT && running) {
			draw();
		}
	}
	return 0;
}

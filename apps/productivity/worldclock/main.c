/*
 * worldclock - the time now in 24 cities, west to east. Each city has a
 * fixed offset from UTC, its standard time: there are no daylight-saving
 * rules here (so in its summer, New York is shown an hour behind its
 * clocks). Up and Down choose a city, Home and End the first and last;
 * the list is redrawn as each minute turns.
 *
 * On its console, once the frame shows it: "worldclock: <city> <Day>
 * <HH:MM> UTC<+-H:MM>" for the chosen city at start, after each move
 * and each minute - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"		/* wasi-libc's string functions are larger */

#define N 24
#define LIST (VY_UI_HEADER + VY_UI_UNIT)

enum { KEY_HOME = 102, KEY_UP = 103, KEY_END = 107, KEY_DOWN = 108 };

/* Names, each ending in '|', and offsets in quarters of an hour. */
static const char cities[] =
	"Honolulu|Anchorage|Los Angeles|Denver|Chicago|New York|St. John's|"
	"Sao Paulo|UTC|London|Paris|Cairo|Moscow|Dubai|Karachi|Delhi|"
	"Kathmandu|Dhaka|Bangkok|Singapore|Tokyo|Adelaide|Sydney|Auckland|";
static const signed char quarters[N] = {
	-40, -36, -32, -28, -24, -20, -14, -12, 0, 0, 4, 8, 12, 16, 20, 22,
	23, 24, 28, 32, 36, 38, 40, 48,
};
static int sel = 8, w = 360, h = 360;

/* "City           Thu 15:35 UTC+5:30" for city i, into s. */
static void line_of(int i, char *s)
{
	static const char wd[] = "ThuFriSatSunMonTueWed";
	const char *c = cities;
	int q = quarters[i], a = q < 0 ? -q : q;
	long long t = (long long)(vy_time() / 60) + q * 15;
	int n = 0, m = (int)(t % 1440);

	for (int k = 0; k < i; c++)
		k += *c == '|';
	memset(s, ' ', 16);
	while (*c != '|')
		s[n++] = *c++;
	memcpy(s + 16, wd + t / 1440 % 7 * 3, 3);
	s[19] = ' ';
	s[20] = (char)('0' + m / 600);
	s[21] = (char)('0' + m / 60 % 10);
	s[22] = ':';
	s[23] = (char)('0' + m % 60 / 10);
	s[24] = (char)('0' + m % 10);
	memcpy(s + 25, " UTC+", 5);
	s[29] = q < 0 ? '-' : '+';
	n = 30 + vy_utoa(s + 30, (uint64_t)(a / 4));
	s[n] = ':';
	s[n + 1] = (char)('0' + a % 4 * 15 / 10);
	s[n + 2] = (char)('0' + a % 4 * 15 % 10);
	s[n + 3] = '\0';
}

static void draw(void)
{
	int rows = (h - LIST - VY_UI_ROW) / VY_UI_ROW;
	int first = sel >= rows ? sel - rows + 1 : 0;
	char s[40];

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "World clock");
	for (int i = first; i < N && i < first + rows; i++) {
		line_of(i, s);
		vy_ui_row(0, LIST + (i - first) * VY_UI_ROW,
			  w - VY_UI_SCROLL_W, s, i == sel);
	}
	vy_ui_scrollbar(w - VY_UI_SCROLL_W, LIST, rows * VY_UI_ROW, first,
			rows, N);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
		    "Standard time, no daylight saving");
	vy_flush();
}

/* Draws, then says the chosen city's time. */
static void said(void)
{
	char s[40];

	draw();
	line_of(sel, s);
	vy_log("worldclock: ");
	vy_print(s);
}

int main(void)
{
	struct vy_event ev;

	said();
	for (;;) {
		int k, wait = (int)(60 - vy_time() % 60) * 1000;

		if (vy_next_event(&ev, wait) == VY_EV_QUIT)
			break;
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
			continue;
		} else if (ev.type == VY_EV_KEY && ev.down) {
			k = ev.keycode;
			sel = k == KEY_HOME ? 0 : k == KEY_END ? N - 1 :
			      k == KEY_UP && sel ? sel - 1 :
			      k == KEY_DOWN && sel < N - 1 ? sel + 1 : sel;
		} else if (ev.type != VY_EV_TIMEOUT) {
			continue;
		}
		said();
	}
	return 0;
}

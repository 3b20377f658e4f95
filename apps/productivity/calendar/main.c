/*
 * calendar - one month at a time, weeks from Monday, today marked with
 * the accent. The < and > buttons, PageUp/PageDown or Left/Right change
 * the month; Today or Home comes back to this one. Dates are UTC, from
 * vy_time(), converted with the civil-from-days algorithms (proleptic
 * Gregorian: leap years every 4, not every 100, every 400).
 *
 * Each month shown is said once on the console ("calendar: 2026-12"),
 * which is how the tests know what is on the screen.
 */
#include "vyoma_ui.h"
#include "vyoma_date.h"
#include "vyoma_tiny.h"

#define KEY_HOME 102
#define KEY_PAGEUP 104
#define KEY_LEFT 105
#define KEY_RIGHT 106
#define KEY_PAGEDOWN 109

#define BTN_W 24
#define TODAY_W 56

static int width = 300, height = 300;
/* Months are counted as year * 12 + month - 1, so stepping is adding. */
static int shown;		/* the month shown */
static int this_month, today;	/* today's month and day of the month */
static int logged;		/* the month last said on the console */

/* Arrays, not pointers to strings: 12 pointers cost more than the pad. */
static const char month_names[12][10] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

/* The header's buttons, right to left: >, <, Today (by 0: today's). */
static const struct button {
	unsigned char from_right, w;	/* x is width - from_right */
	signed char by;			/* the months it steps */
	char label[6];
} buttons[] = {
	{ VY_UI_UNIT + BTN_W, BTN_W, 1, ">" },
	{ VY_UI_UNIT + 2 * BTN_W + 4, BTN_W, -1, "<" },
	{ VY_UI_UNIT + 2 * BTN_W + TODAY_W + 8, TODAY_W, 0, "Today" },
};

/* The keys that change the month, and by how many (0: today's). */
static const struct {
	unsigned char keycode;
	signed char by;
} keys[] = {
	{ KEY_PAGEUP, -1 }, { KEY_LEFT, -1 }, { KEY_PAGEDOWN, 1 },
	{ KEY_RIGHT, 1 }, { KEY_HOME, 0 },
};

/* Reads the clock; returns whether the date changed. */
static int update_today(void)
{
	int y, m, d;

	vy_civil_from_days((long)(vy_time() / 86400), &y, &m, &d);
	m += y * 12 - 1;
	if (m == this_month && d == today)
		return 0;
	this_month = m;
	today = d;
	return 1;
}

/* Steps the month shown by months, or back to today's for 0. */
static void change_month(int by)
{
	int m = shown + by;

	if (!by)
		shown = this_month;
	else if (m >= 12 && m < 10000 * 12)
		shown = m;	/* years 1 to 9999: four digits in the title */
}

/* "calendar: 2026-12", once for each month shown. */
static void say_month(void)
{
	char line[32], *p = stpcpy(line, "calendar: ");
	int month = shown % 12 + 1;

	if (shown == logged)
		return;
	logged = shown;
	p += vy_utoa(p, (uint64_t)(shown / 12));
	*p++ = '-';
	*p++ = (char)('0' + month / 10);
	*p++ = (char)('0' + month % 10);
	*p = '\0';
	vy_print(line);
}

/* The first day of a month, in days since 1970-01-01. */
static long first_day(int m)
{
	return vy_days_from_civil(m / 12, m % 12 + 1, 1);
}

static void draw(void)
{
	static const char weekdays[7][3] = {
		"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su",
	};
	char title[24], *p;
	long first = first_day(shown);
	int days = (int)(first_day(shown + 1) - first);
	int lead = vy_weekday(first);	/* weeks start on Monday */
	int cw = (width - 2 * VY_UI_UNIT) / 7;
	int top = VY_UI_HEADER + VY_UI_UNIT + VY_UI_ROW;
	int ch = (height - top - VY_UI_UNIT) / 6;
	int marked = shown == this_month ? today : 0;
	int i;

	p = stpcpy(title, month_names[shown % 12]);
	*p++ = ' ';
	vy_utoa(p, (uint64_t)(shown / 12));

	vy_fill_rect(0, 0, width, height, VY_UI_BG);
	vy_ui_header(width, title);
	for (i = 0; i < 3; i++)
		vy_ui_button(width - buttons[i].from_right, 4, buttons[i].w,
			     VY_UI_ROW, buttons[i].label,
			     buttons[i].by || marked ? VY_UI_NORMAL :
			     VY_UI_PRIMARY);
	for (i = 0; i < 7; i++)
		vy_ui_label(VY_UI_UNIT + i * cw + (cw - 2 * VY_UI_CHAR_W) / 2,
			    VY_UI_HEADER + VY_UI_UNIT, VY_UI_ROW, VY_UI_DIM,
			    weekdays[i]);
	vy_fill_rect(VY_UI_UNIT, top - 1, width - 2 * VY_UI_UNIT, 1,
		     VY_UI_BORDER);
	for (i = 1; i <= days; i++) {
		int cell = lead + i - 1, col = cell % 7;
		int x = VY_UI_UNIT + col * cw, y = top + cell / 7 * ch;
		char num[4];
		int n = vy_utoa(num, (uint64_t)i);

		if (i == marked)
			vy_fill_rect(x + 2, y + 2, cw - 4, ch - 4,
				     VY_UI_ACCENT);
		vy_ui_label(x + (cw - n * VY_UI_CHAR_W) / 2, y, ch,
			    i == marked ? VY_UI_ACCENT_TEXT :
			    col >= 5 ? VY_UI_DIM : VY_UI_TEXT, num);
	}
	vy_flush();
	say_month();
}

static int on_key(const struct vy_event *ev)
{
	int i = 0;

	while (i < 5 && ev->keycode != keys[i].keycode)
		i++;
	if (!ev->down || i == 5)
		return 0;
	change_month(keys[i].by);
	return 1;
}

static int on_click(int x, int y)
{
	int i = 0;

	while (i < 3 && !vy_ui_in(width - buttons[i].from_right, 4,
				  buttons[i].w, VY_UI_ROW, x, y))
		i++;
	if (i == 3)
		return 0;
	change_month(buttons[i].by);
	return 1;
}

/* main's result is constant, so wasm-opt drops libc's exit path. */
__attribute__((noinline)) static void run(void)
{
	struct vy_event ev;
	int redraw = 1;

	update_today();
	change_month(0);
	for (;;) {
		if (redraw)
			draw();
		/* Once a minute, to notice midnight. */
		switch (vy_next_event(&ev, 60000)) {
		case VY_EV_QUIT:
			return;
		case VY_EV_RESIZE:
			width = ev.w;
			height = ev.h;
			redraw = 1;
			break;
		case VY_EV_KEY:
			redraw = on_key(&ev);
			break;
		case VY_EV_POINTER:
			redraw = ev.action == VY_PTR_DOWN &&
				 on_click(ev.x, ev.y);
			break;
		case VY_EV_TIMEOUT:
			redraw = update_today();
			break;
		default:
			redraw = 0;
		}
	}
}

int main(void)
{
	run();
	return 0;
}

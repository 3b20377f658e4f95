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
static int year, month;		/* the month shown, 1-12 */
static int today_y, today_m, today_d;
static int logged_y, logged_m;

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

/* Reads the clock; returns whether the date changed. */
static int update_today(void)
{
	int y, m, d;

	vy_civil_from_days((long)(vy_time() / 86400), &y, &m, &d);
	if (y == today_y && m == today_m && d == today_d)
		return 0;
	today_y = y;
	today_m = m;
	today_d = d;
	return 1;
}

static void go_today(void)
{
	year = today_y;
	month = today_m;
}

static void step_month(int by)
{
	int m = year * 12 + month - 1 + by;

	if (m < 12 || m >= 10000 * 12)
		return;	/* years 1 to 9999: four digits in the title */
	year = m / 12;
	month = m % 12 + 1;
}

static char *put(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = '\0';
	return p;
}

/* "calendar: 2026-12", once for each month shown. */
static void say_month(void)
{
	char line[32], *p = put(line, "calendar: ");

	if (year == logged_y && month == logged_m)
		return;
	logged_y = year;
	logged_m = month;
	p += vy_utoa(p, (uint64_t)year);
	*p++ = '-';
	*p++ = (char)('0' + month / 10);
	*p++ = (char)('0' + month % 10);
	*p = '\0';
	vy_print(line);
}

/* The header's buttons, right to left: >, <, Today. */
static int button_x(int i)
{
	int x = width - VY_UI_UNIT - BTN_W;

	if (i >= 1)
		x -= BTN_W + 4;
	if (i == 2)
		x -= TODAY_W + 4;
	return x;
}

static void draw_day(int x, int y, int cw, int ch, int day, int col)
{
	char num[4];
	int n = vy_utoa(num, (uint64_t)day);
	int is_today = year == today_y && month == today_m &&
		       day == today_d;
	uint32_t ink = is_today ? VY_UI_ACCENT_TEXT :
		       col >= 5 ? VY_UI_DIM : VY_UI_TEXT;

	if (is_today)
		vy_fill_rect(x + 2, y + 2, cw - 4, ch - 4, VY_UI_ACCENT);
	vy_ui_label(x + (cw - n * VY_UI_CHAR_W) / 2, y, ch, ink, num);
}

static void draw(void)
{
	static const char *const weekdays[7] = {
		"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su",
	};
	char title[24], *p;
	long first = vy_days_from_civil(year, month, 1);
	int days = (int)(vy_days_from_civil(year + (month == 12),
					    month % 12 + 1, 1) - first);
	int lead = vy_weekday(first);	/* weeks start on Monday */
	int cw = (width - 2 * VY_UI_UNIT) / 7;
	int top = VY_UI_HEADER + VY_UI_UNIT + VY_UI_ROW;
	int ch = (height - top - VY_UI_UNIT) / 6;
	int i;

	p = put(title, month_names[month - 1]);
	*p++ = ' ';
	vy_utoa(p, (uint64_t)year);

	vy_fill_rect(0, 0, width, height, VY_UI_BG);
	vy_ui_header(width, title);
	vy_ui_button(button_x(0), 4, BTN_W, VY_UI_ROW, ">", VY_UI_NORMAL);
	vy_ui_button(button_x(1), 4, BTN_W, VY_UI_ROW, "<", VY_UI_NORMAL);
	vy_ui_button(button_x(2), 4, TODAY_W, VY_UI_ROW, "Today",
		     year == today_y && month == today_m ? VY_UI_NORMAL :
		     VY_UI_PRIMARY);
	for (i = 0; i < 7; i++)
		vy_ui_label(VY_UI_UNIT + i * cw + (cw - 2 * VY_UI_CHAR_W) / 2,
			    VY_UI_HEADER + VY_UI_UNIT, VY_UI_ROW, VY_UI_DIM,
			    weekdays[i]);
	vy_fill_rect(VY_UI_UNIT, top - 1, width - 2 * VY_UI_UNIT, 1,
		     VY_UI_BORDER);
	for (i = 0; i < days; i++) {
		int cell = lead + i;

		draw_day(VY_UI_UNIT + cell % 7 * cw, top + cell / 7 * ch, cw,
			 ch, i + 1, cell % 7);
	}
	vy_flush();
	say_month();
}

static int on_key(const struct vy_event *ev)
{
	if (!ev->down)
		return 0;
	switch (ev->keycode) {
	case KEY_PAGEUP:
	case KEY_LEFT:
		step_month(-1);
		return 1;
	case KEY_PAGEDOWN:
	case KEY_RIGHT:
		step_month(1);
		return 1;
	case KEY_HOME:
		go_today();
		return 1;
	}
	return 0;
}

static int on_click(int x, int y)
{
	int i;

	for (i = 0; i < 3; i++) {
		if (!vy_ui_in(button_x(i), 4, i == 2 ? TODAY_W : BTN_W,
			      VY_UI_ROW, x, y))
			continue;
		if (i == 2)
			go_today();
		else
			step_month(i == 0 ? 1 : -1);
		return 1;
	}
	return 0;
}

int main(void)
{
	struct vy_event ev;
	int redraw = 1;

	update_today();
	go_today();
	for (;;) {
		if (redraw)
			draw();
		/* Once a minute, to notice midnight. */
		switch (vy_next_event(&ev, 60000)) {
		case VY_EV_QUIT:
			return 0;
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

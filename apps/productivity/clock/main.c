/*
 * clock - shows the time (UTC, HH:MM:SS) and the date, redrawn every second.
 * A click or the T key switches between the 24-hour and 12-hour forms.
 * Waits with vy_next_event() rather than sleep() so that it stops at once
 * when the supervisor closes its stdin.
 *
 * The look is docs/ui.md's: the date as the header bar's title with the
 * time zone at its right, the time large in the middle of the content,
 * the hint on the status row along the bottom.
 */
#include "vyoma_ui.h"
#include "vyoma_date.h"
#include "vyoma_tiny.h"

static void two_digits(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

static int twelve_hour;

static void draw(int w, int h, uint64_t now)
{
	char hms[] = "00:00:00 AM", date[] = "0000-00-00";
	unsigned secs = (unsigned)(now % 86400), hour = secs / 3600;
	int y, m, d, width = twelve_hour ? 11 : 8;

	if (twelve_hour) {
		hms[9] = hour < 12 ? 'A' : 'P';
		hour = hour % 12 ? hour % 12 : 12;
	} else {
		hms[8] = '\0';
	}
	two_digits(hms, hour);
	two_digits(hms + 3, secs / 60 % 60);
	two_digits(hms + 6, secs % 60);
	vy_civil_from_days((long)(now / 86400), &y, &m, &d);
	two_digits(date, (unsigned)y / 100);
	two_digits(date + 2, (unsigned)y % 100);
	two_digits(date + 5, (unsigned)m);
	two_digits(date + 8, (unsigned)d);

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, date);
	vy_ui_label(w - VY_UI_UNIT - 3 * VY_UI_CHAR_W, 0, VY_UI_HEADER,
		    VY_UI_DIM, "UTC");
	/* Centred between the header and the status row, in 'l' (16x32). */
	vy_draw_text((w - width * 16) / 2,
		     (VY_UI_HEADER + h - VY_UI_ROW - 32) / 2, VY_UI_TEXT, 'l',
		     hms);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
		    "click or T: 12/24 hours");
	vy_flush();
}

int main(void)
{
	struct vy_event ev;
	int w = 200, h = 120;
	uint64_t shown = 0;

	for (;;) {
		uint64_t now = vy_time();

		if (now != shown) {
			draw(w, h, now);
			shown = now;
		}
		if (vy_next_event(&ev, 1000) == VY_EV_QUIT)
			break;
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			shown = 0;
		} else if ((ev.type == VY_EV_POINTER &&
			    ev.action == VY_PTR_DOWN) ||
			   (ev.type == VY_EV_KEY && ev.down &&
			    (ev.codepoint | 0x20) == 't')) {
			twelve_hour = !twelve_hour;
			shown = 0;
		}
	}
	return 0;
}

/*
 * clock - shows the time (UTC, HH:MM:SS) and the date, redrawn every second.
 * A click or the T key switches between the 24-hour and 12-hour forms.
 * Waits with vy_next_event() rather than sleep() so that it stops at once
 * when the supervisor closes its stdin.
 */
#include "vyoma.h"
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

	vy_fill_rect(0, 0, w, h, 0x111827FF);
	vy_draw_text((w - width * 16) / 2, h / 2 - 28, 0x34D399FF, 'l', hms);
	vy_draw_text((w - 10 * 8) / 2, h / 2 + 10, 0x9CA3AFFF, 'm', date);
	vy_draw_text(4, h - 10, 0x6B7280FF, 's',
		     "UTC - click or T: 12/24 hours");
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

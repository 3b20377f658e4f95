/*
 * setter - stands in for the settings app in the desktop's tests: sends
 * the desktop three good settings and two bad ones ("@desktop: set
 * ..."), then prints every message it gets ("got <sender>: <text>").
 * desktop.py installs it as "settings" (obeyed) and as "impostor"
 * (which the desktop must ignore).
 */
#include "vyoma.h"

static const char *const lines[] = {
	"set wallpaper=ocean", "set accent=E5484DFF", "set clock=12",
	"set bogus=1", "set accent=E5484DFG",
};

#define LINES (sizeof(lines) / sizeof(lines[0]))

int main(void)
{
	struct vy_event ev;
	unsigned i, refused = 0;

	for (i = 0; i < LINES; i++)
		vy_send("desktop", lines[i]);
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if (strstr(ev.text, "is not running") && refused < 500) {
			vy_sleep_ms(100);
			vy_send("desktop", lines[refused++ % LINES]);
			continue;
		}
		vy_log("got ");
		vy_log(ev.from);
		vy_log(": ");
		vy_print(ev.text);
	}
	return 0;
}

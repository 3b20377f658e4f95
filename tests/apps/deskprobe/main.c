/*
 * deskprobe - a stand-in desktop shell for the window manager's tests: it
 * reserves a 40-pixel strip at the bottom and raises it (magenta), logs
 * every line it is sent ("got ..."), answers each windows event by asking
 * for the list, minimises then restores the first window of the app named
 * "green" it sees, and tries malformed and out-of-bounds commands first.
 */
#include "vyoma.h"

#define STRIP 40
#define STRIP_RGBA 0xFF00FFFF

static const char *const hostile[] = {
	"window focus 0", "window explode 5", "window focus 99999",
	"window focus", "window close 1 2", "window focus 12x",
	"desktop raise 1,2,3", "desktop raise 1,2,3,-4",
	("desktop raise 0,0,1,1 0,0,1,1 0,0,1,1 0,0,1,1 0,0,1,1 0,0,1,1 "
	 "0,0,1,1 0,0,1,1 0,0,1,1"),
	"desktop raise 99999,0,1,1", "desktop reserve 500 500",
	"desktop reserve -1 0", "desktop reserve 10", "desktop wobble",
	"windows extra", "desktop focus now",
};

static void ask(const char *text)
{
	vy_send("supervisor", text);
	vy_flush();
}

/* "window <verb> <id>" for the id at the start of a windows row. */
static void act(const char *verb, const char *row)
{
	char line[64] = "window ";
	size_t n = 7;

	while (*verb)
		line[n++] = *verb++;
	line[n++] = ' ';
	while (*row >= '0' && *row <= '9' && n < sizeof(line) - 1)
		line[n++] = *row++;
	line[n] = '\0';
	ask(line);
}

static void draw(int w, int h)
{
	char line[96] = "desktop raise 0,";
	size_t n = 16;

	vy_fill_rect(0, 0, w, h, 0x101010FF);
	vy_fill_rect(0, h - STRIP, w, STRIP, STRIP_RGBA);
	vy_flush();
	ask("desktop reserve 0 40");
	n += (size_t)vy_utoa(line + n, (uint64_t)(h - STRIP));
	line[n++] = ',';
	n += (size_t)vy_utoa(line + n, (uint64_t)w);
	memcpy(line + n, ",40", 4);
	ask(line);
}

int main(void)
{
	struct vy_event ev;
	size_t i;
	int phase = 0;

	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		ask(hostile[i]);
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			draw(ev.w, ev.h);
		} else if (ev.type == VY_EV_FOCUS) {
			vy_print(ev.down ? "focus in" : "focus out");
		} else if (ev.type == VY_EV_MESSAGE) {
			const char *t = ev.text;

			vy_log("got @");
			vy_log(ev.from);
			vy_log(": ");
			vy_print(t);
			if (strcmp(ev.from, "supervisor") != 0 ||
			    strncmp(t, "windows ", 8) != 0 ||
			    !strstr(t, " app=green "))
				continue;
			if (phase == 0 && strstr(t, "state=normal")) {
				act("minimise", t + 8);
				phase = 1;
			} else if (phase == 1 && strstr(t, "state=minimised")) {
				act("restore", t + 8);
				phase = 2;
			}
		} else if (ev.type == VY_EV_OTHER) {
			vy_log("got ");
			vy_print(ev.text);
			if (strcmp(ev.text, "VYOMA_EVENT:windows") == 0)
				ask("windows");
		}
	}
	return 0;
}

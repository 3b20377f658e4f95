/*
 * notes - a message board: every line that arrives on stdin (messages from
 * other apps, "@sender: text") is shown, newest at the bottom, and the last
 * one is kept in /data/last.txt when the app has a data directory, and
 * shown again when the app next starts (after a reboot, say). Drawn in
 * the shared look (vyoma_ui.h, docs/ui.md): the header bar, then one
 * list row a message, as many as the window's height holds.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define KEEP 12
#define WIDTH 120

static char lines[KEEP][WIDTH + 1];
static int count;

static void remember(const char *from, const char *text)
{
	char *dst;
	size_t n = 0;

	if (count == KEEP) {
		memmove(lines[0], lines[1], sizeof(lines[0]) * (KEEP - 1));
		count--;
	}
	dst = lines[count++];
	while (from && *from && n < WIDTH - 2)
		dst[n++] = *from++;
	if (n) {
		dst[n++] = ':';
		dst[n++] = ' ';
	}
	while (*text && n < WIDTH)
		dst[n++] = *text++;
	dst[n] = '\0';
}

static void save_last(const char *line)
{
	char buf[WIDTH + 1];
	size_t n = strlen(line);

	memcpy(buf, line, n);
	buf[n] = '\n';
	/* Without the filesystem capability there is simply nothing kept. */
	vy_data_write("last.txt", buf, n + 1);
}

static void draw(int w, int h)
{
	int i, y = VY_UI_HEADER + VY_UI_UNIT;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Notes");
	/* Only whole rows, with the bottom padding below the last. */
	for (i = 0; i < count && y + VY_UI_ROW + VY_UI_UNIT <= h;
	     i++, y += VY_UI_ROW)
		vy_ui_label(VY_UI_UNIT, y, VY_UI_ROW, VY_UI_TEXT, lines[i]);
	vy_flush();
}

/* The line saved by the last run, if there is one. */
static void restore_last(void)
{
	char buf[WIDTH + 2];
	long n = vy_data_read("last.txt", buf, sizeof(buf) - 1);

	if (n <= 0)
		return;
	buf[n] = '\0';
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	remember("kept", buf);
	vy_print(lines[count - 1]);
}

int main(void)
{
	struct vy_event ev;
	int w = 320, h = 200;

	restore_last();
	draw(w, h);
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw(w, h);
		} else if (ev.type == VY_EV_MESSAGE) {
			remember(ev.from, ev.text);
			save_last(lines[count - 1]);
			draw(w, h);
			/* Printed once it is on the screen: a test can wait for it. */
			vy_print(lines[count - 1]);
		}
	}
	return 0;
}

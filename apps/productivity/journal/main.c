/*
 * journal - a diary: one entry a day, each in /data/YYYY-MM-DD.txt. It
 * opens on today (UTC). Typing writes at the end of the entry, Enter
 * starts a new line, Backspace takes back the last character; Left and
 * Right go to the day before or after, Up and Down a week, Home back to
 * today. Every change is saved at once, whole (vy_data_replace); an
 * entry emptied is removed.
 *
 * On its console, once the frame shows it: "journal: <YYYY-MM-DD>
 * <bytes> bytes" when a day is opened and after each change - what its
 * test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"		/* wasi-libc's string functions are larger */
#include "vyoma_date.h"

#define MAX 4000
#define TEXT (VY_UI_HEADER + VY_UI_UNIT + VY_UI_ROW)

enum { KEY_BACKSPACE = 14, KEY_ENTER = 28, KEY_HOME = 102, KEY_UP = 103,
       KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

static char text[MAX + 1], name[16] = "YYYY-MM-DD.txt";
static long day, len;
static int w = 400, h = 320;

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/* The file name of day, and the entry in it. */
static void open_day(void)
{
	int y, m, d;

	vy_civil_from_days(day, &y, &m, &d);
	put2(name, y / 100);
	put2(name + 2, y);
	put2(name + 5, m);
	put2(name + 8, d);
	len = vy_data_read(name, text, MAX);
	if (len < 0)
		len = 0;
	text[len] = '\0';
}

static void draw(void)
{
	static const char wd[] = "MonTueWedThuFriSatSun";
	int cols = (w - 2 * VY_UI_UNIT - 8) / VY_UI_CHAR_W, x = 0;
	int y = TEXT + 4;
	char head[16], line[128];
	size_t l = 0;

	if (cols > (int)sizeof(line) - 1)
		cols = sizeof(line) - 1;
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Journal");
	memcpy(head, wd + vy_weekday(day) * 3, 3);
	head[3] = ' ';
	memcpy(head + 4, name, 10);
	head[14] = '\0';
	vy_ui_label(VY_UI_UNIT, VY_UI_HEADER, VY_UI_ROW, VY_UI_TEXT, head);
	vy_fill_rect(VY_UI_UNIT, TEXT, w - 2 * VY_UI_UNIT,
		     h - TEXT - VY_UI_ROW - VY_UI_UNIT, VY_UI_SURFACE);
	/* Lines wrap at the width; what does not fit is not drawn. */
	for (long i = 0; i <= len; i++) {
		if (i == len || text[i] == '\n' || (int)l == cols) {
			line[l] = '\0';
			if (y + VY_UI_CHAR_H < h - VY_UI_ROW - VY_UI_UNIT)
				vy_draw_text(VY_UI_UNIT + 4, y, VY_UI_TEXT,
					     'm', line);
			x = (int)l;
			if (i < len && text[i] != '\n')
				i--;	/* wrapped: this one starts the next */
			else if (i < len)
				x = 0;
			if (i < len)
				y += VY_UI_CHAR_H;
			l = 0;
		} else {
			line[l++] = text[i];
		}
	}
	if (y + VY_UI_CHAR_H < h - VY_UI_ROW - VY_UI_UNIT)
		vy_fill_rect(VY_UI_UNIT + 4 + x * VY_UI_CHAR_W, y, 2,
			     VY_UI_CHAR_H, VY_UI_ACCENT);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
		    "Left/Right day, Up/Down week, Home today");
	vy_flush();
}

static void said(void)
{
	draw();
	vy_log("journal: ");
	name[10] = '\0';
	vy_log(name);
	name[10] = '.';
	vy_log(" ");
	vy_log_num((uint64_t)len);
	vy_print(" bytes");
}

static void save(void)
{
	int dir = vy__data_dir();

	if (len)
		dir = vy_data_replace(name, text, (size_t)len);
	else if (dir >= 0)
		(void)__wasi_path_unlink_file((__wasi_fd_t)dir, name);
	if (dir < 0)
		vy_print("journal: cannot save");
}

static void key(const struct vy_event *ev)
{
	int k = ev->keycode;
	uint32_t c = ev->codepoint;

	if (k == KEY_LEFT || k == KEY_RIGHT || k == KEY_UP ||
	    k == KEY_DOWN || k == KEY_HOME) {
		day = k == KEY_HOME ? (long)(vy_time() / 86400) :
		      day + (k == KEY_LEFT ? -1 : k == KEY_RIGHT ? 1 :
			     k == KEY_UP ? -7 : 7);
		open_day();
		said();
		return;
	}
	if (k == KEY_BACKSPACE && len)
		len--;
	else if (k == KEY_ENTER && len < MAX)
		text[len++] = '\n';
	else if (c >= 32 && c < 127 && len < MAX &&
		 !(ev->mods & VY_MOD_CTRL))
		text[len++] = (char)c;
	else
		return;
	text[len] = '\0';
	save();
	said();
}

int main(void)
{
	day = (long)(vy_time() / 86400);
	open_day();
	said();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}

/*
 * journal - a diary: one entry a day, each in /data/YYYY-MM-DD.txt. It
 * opens on today (UTC). Typing writes at the end of the entry, Enter
 * starts a new line, Backspace takes back the last character; Left and
 * Right go to the day before or after, Up and Down a week, Home back to
 * today. Every change is saved at once, whole (vy_data_replace); an
 * entry emptied is removed. An entry longer than MAX bytes (written
 * elsewhere) is shown as far as it fits and cannot be changed here, so
 * that no save cuts it.
 *
 * On its console, once the frame shows it: "journal: <YYYY-MM-DD>
 * <bytes> bytes" when a day is opened and after each change - what its
 * test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"		/* wasi-libc's string functions are larger */
#include "vyoma_date.h"

#define MAX 16000
#define TEXT (VY_UI_HEADER + VY_UI_UNIT + VY_UI_ROW)

enum { KEY_BACKSPACE = 14, KEY_ENTER = 28, KEY_HOME = 102, KEY_UP = 103,
       KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108 };

static char text[MAX + 1];	/* the entry: len bytes, no NUL needed */
static int cut;		/* the day's file is longer: read only */
/* The day shown, "Www YYYY-MM-DD", and its file, "YYYY-MM-DD.txt". */
static char title[] = "Www YYYY-MM-DD", name[] = "YYYY-MM-DD.txt";
static long day, len;
static int w = 400, h = 320;

/* Two digits of v; one copy, not four inlined divisions. */
__attribute__((noinline)) static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/* Goes to day to: its title and file name, and the entry in it. */
static void open_day(long to)
{
	static const char wd[] = "MonTueWedThuFriSatSun";
	int y, m, d;

	day = to;
	vy_civil_from_days(day, &y, &m, &d);
	memcpy(title, wd + vy_weekday(day) * 3, 3);
	put2(title + 4, y / 100);
	put2(title + 6, y);
	put2(title + 9, m);
	put2(title + 12, d);
	memcpy(name, title + 4, 10);
	len = vy_data_read(name, text, MAX + 1);
	if (len < 0)
		len = 0;
	cut = len > MAX;
	if (cut)
		len = MAX;
}

static void draw(void)
{
	int cols = (w - 2 * VY_UI_UNIT - 8) / VY_UI_CHAR_W;
	int y = TEXT + 4, bottom = h - VY_UI_ROW - VY_UI_UNIT;
	char line[128];
	int l = 0;

	/* At least a character a line, or the wrap would never move on. */
	if (cols < 1)
		cols = 1;
	if (cols > (int)sizeof(line) - 1)
		cols = sizeof(line) - 1;
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Journal");
	vy_ui_label(VY_UI_UNIT, VY_UI_HEADER, VY_UI_ROW, VY_UI_TEXT, title);
	vy_fill_rect(VY_UI_UNIT, TEXT, w - 2 * VY_UI_UNIT, bottom - TEXT,
		     VY_UI_SURFACE);
	/* Lines wrap at the width; what does not fit is not drawn. */
	for (long i = 0;; i++) {
		if (i < len && text[i] != '\n' && l < cols) {
			line[l++] = text[i];
			continue;
		}
		line[l] = '\0';
		if (y + VY_UI_CHAR_H >= bottom)
			break;	/* below the page: this, the rest, the cursor */
		vy_draw_text(VY_UI_UNIT + 4, y, VY_UI_TEXT, 'm', line);
		if (i == len) {	/* the cursor, after the last line */
			vy_fill_rect(VY_UI_UNIT + 4 + l * VY_UI_CHAR_W, y, 2,
				     VY_UI_CHAR_H, VY_UI_ACCENT);
			break;
		}
		if (text[i] != '\n')
			i--;	/* wrapped: this one starts the next */
		y += VY_UI_CHAR_H;
		l = 0;
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW,
		    cut ? VY_UI_DANGER : VY_UI_DIM, cut ?
		    "Too long to change here: read only" :
		    "Left/Right day, Up/Down week, Home today");
	vy_flush();
}

static long today(void)
{
	return (long)(vy_time() / 86400);
}

static void said(void)
{
	draw();
	vy_log("journal: ");
	vy_log(title + 4);
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

/* The days each key from Home to Down moves; Home (0) goes to today. */
#define NOT_A_MOVE 100
static const signed char days[] = {
	[KEY_HOME - KEY_HOME] = 0, [KEY_UP - KEY_HOME] = -7,
	[KEY_UP + 1 - KEY_HOME] = NOT_A_MOVE, [KEY_LEFT - KEY_HOME] = -1,
	[KEY_RIGHT - KEY_HOME] = 1, [KEY_RIGHT + 1 - KEY_HOME] = NOT_A_MOVE,
	[KEY_DOWN - KEY_HOME] = 7
};

static void key(const struct vy_event *ev)
{
	int k = ev->keycode;
	uint32_t c = ev->codepoint;
	unsigned int move = (unsigned int)(k - KEY_HOME);

	if (move < sizeof(days) && days[move] != NOT_A_MOVE) {
		open_day(move ? day + days[move] : today());
		said();
		return;
	}
	if (cut)
		return;
	if (k == KEY_BACKSPACE && len)
		len--;
	else if (len < MAX && (k == KEY_ENTER || (c >= 32 && c < 127 &&
						   !(ev->mods & VY_MOD_CTRL))))
		text[len++] = k == KEY_ENTER ? '\n' : (char)c;
	else
		return;
	save();
	said();
}

/*
 * The app, apart from main: with main only "return 0", wasm-opt sees
 * that wasi-libc's exit path after it is never taken (47 bytes less).
 */
__attribute__((noinline)) static void run(void)
{
	open_day(today());
	said();
	vy_ui_run(&w, &h, draw, key);
}

int main(void)
{
	run();
	return 0;
}

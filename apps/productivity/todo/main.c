/*
 * todo - a to-do list kept in /data/todo.txt, one item a line, "[x] "
 * or "[ ] " before it. Type and Enter to add an item; Up and Down
 * choose one, Space ticks it off (or back), Delete removes it; Escape
 * clears what is typed. Every change is saved at once, whole: a power
 * cut leaves the list before it or after it (vy_data_replace). A file
 * the list cannot hold whole (more than MAX_ITEMS items, one longer than
 * ITEM_MAX) is shown as far as it fits and never saved over.
 *
 * On its console, once the frame shows it: "todo: <items> items,
 * <done> done" after each change - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define MAX_ITEMS 200
#define ITEM_MAX 60
#define LINE_MAX (4 + ITEM_MAX + 1)	/* "[x] ", the text, '\n' */
#define LEFT 8
#define LIST (VY_UI_HEADER + 8 + VY_UI_ROW + 8)

enum { KEY_UP = 103, KEY_DOWN = 108, KEY_DELETE = 111 };

/*
 * The list as the file holds it, each item a line ending in '\n', so
 * that saving it is a single write: len bytes, n items.
 */
static char list[MAX_ITEMS * LINE_MAX];
static int len, n, sel, w = 360, h = 320;
static char typed[ITEM_MAX + 1];
static int typed_len;
static int cut;	/* the file did not fit: never saved over */

/* The line of item i (< n) in list. */
static char *item(int i)
{
	char *p = list;

	while (i--)
		p += vy__line_len(p) + 1;
	return p;
}

/* Adds an item at the end of the list: its box, ticked or not, and text. */
static void add_item(const char *text, int l, int ticked)
{
	char *p = list + len;

	memcpy(p, ticked ? "[x] " : "[ ] ", 4);
	memcpy(p + 4, text, (size_t)l);
	p[4 + l] = '\n';
	len += 5 + l;
	n++;
}

/* Keeps the file's well-formed items: as many, and as much of each, as
 * fit, and says (cut) if that is not all of them. */
static void load(void)
{
	static char file[sizeof(list) + 1];
	long got = vy_data_read("todo.txt", file, sizeof(list) + 1);
	char *next;

	cut = got > (long)sizeof(list);
	file[got > 0 && !cut ? got : 0] = '\0';
	for (char *p = file; *p; p = next) {
		int l = (int)vy__line_len(p);

		next = p + l + !!p[l];
		if (l < 4 || p[0] != '[' || p[2] != ']' || p[3] != ' ')
			continue;
		cut |= l - 4 > ITEM_MAX || n == MAX_ITEMS;
		if (n < MAX_ITEMS)
			add_item(p + 4, l - 4 > ITEM_MAX ? ITEM_MAX : l - 4,
				 p[1] == 'x');
	}
}

static void draw(void)
{
	int rows = (h - LIST - 8) / VY_UI_ROW, first = sel >= rows ?
		   sel - rows + 1 : 0;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "To do");
	vy_ui_field(LEFT, VY_UI_HEADER + 8, w - 2 * LEFT, typed, typed_len,
		    1);
	if (!typed_len)
		vy_draw_text(LEFT + 4, VY_UI_HEADER + 12, VY_UI_DIM, 'm',
			     cut ? "Too big to save: read only" :
			     n ? "Add: type, Enter" :
			     "Nothing to do. Type, Enter");
	for (int i = first; i < n && i - first < rows; i++) {
		char *line = item(i), *text = line + 4;
		int y = LIST + (i - first) * VY_UI_ROW, done = line[1] == 'x';

		vy_fill_rect(LEFT, y, w - 2 * LEFT, VY_UI_ROW,
			     i == sel ? VY_UI_SELECT : VY_UI_BG);
		vy_fill_rect(LEFT + 6, y + 6, 12, 12, done ?
			     VY_UI_OK : VY_UI_BORDER);
		/* The text up to its '\n': the SDK sends no more of it. */
		vy_draw_text(LEFT + 28, y + 4, done ? VY_UI_DIM : VY_UI_TEXT,
			     'm', text);
		if (done)	/* struck through */
			vy_fill_rect(LEFT + 28, y + 12,
				     8 * (int)vy__line_len(text), 1, VY_UI_DIM);
	}
	vy_flush();
}

static void changed(void)
{
	int done = 0;

	for (char *p = list; p < list + len; p += vy__line_len(p) + 1)
		done += p[1] == 'x';
	if (cut)
		vy_print("todo: not saved: /data/todo.txt holds more than the "
			 "list can");
	else if (vy_data_replace("todo.txt", list, (size_t)len))
		vy_print("todo: cannot save /data/todo.txt");
	draw();
	vy_log("todo: ");
	vy_log_num((uint64_t)n);
	vy_log(" items, ");
	vy_log_num((uint64_t)done);
	vy_print(" done");
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint;
	char *p = item(sel), *next;

	if (ev->keycode == KEY_UP) {
		sel -= sel > 0;
	} else if (ev->keycode == KEY_DOWN) {
		sel += sel < n - 1;
	} else if (!typed_len && n && (ev->keycode == KEY_DELETE ||
					 c == ' ')) {
		if (ev->keycode == KEY_DELETE) {
			next = item(sel + 1);
			memmove(p, next, (size_t)(list + len - next));
			len -= (int)(next - p);
			n--;
			/* the last went: the one before it */
			sel -= sel == n && n;
		} else {
			p[1] ^= 'x' ^ ' ';	/* "[ ]" and "[x]" swap */
		}
		return changed();
	} else if (c == 10 && typed_len && n < MAX_ITEMS) {
		sel = n;
		add_item(typed, typed_len, 0);
		typed_len = 0;
		typed[0] = '\0';
		return changed();
	} else {
		/* What is typed: Backspace or Delete erases, Escape clears. */
		int l = typed_len;

		if (c == 27)
			l = 0;
		else if ((c == 8 || c == 127) && l)
			l--;
		else if (c >= ' ' && c < 127 && l < ITEM_MAX)
			typed[l++] = (char)c;
		else
			return;
		typed[typed_len = l] = '\0';
	}
	draw();
}

int main(void)
{
	load();
	draw();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}

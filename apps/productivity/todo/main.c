/*
 * todo - a to-do list kept in /data/todo.txt, one item a line, "[x] "
 * or "[ ] " before it. Type and Enter to add an item; Up and Down
 * choose one, Space ticks it off (or back), Delete removes it; Escape
 * clears what is typed. Every change is saved at once, whole: a power
 * cut leaves the list before it or after it (vy_data_replace).
 *
 * On its console, once the frame shows it: "todo: <items> items,
 * <done> done" after each change - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define MAX_ITEMS 64
#define ITEM_MAX 60
#define LEFT 8
#define LIST (VY_UI_HEADER + 8 + VY_UI_ROW + 8)

enum { KEY_UP = 103, KEY_DOWN = 108, KEY_DELETE = 111 };

static struct item {
	char text[ITEM_MAX + 1];
	char done;
} items[MAX_ITEMS];
static int n, sel, w = 360, h = 320;
static char typed[ITEM_MAX + 1];
static int typed_len;

static void load(void)
{
	static char buf[MAX_ITEMS * (ITEM_MAX + 5) + 1];
	long len = vy_data_read("todo.txt", buf, sizeof(buf) - 1);
	char *p = buf;

	if (len <= 0)
		return;
	buf[len] = '\0';
	while (*p && n < MAX_ITEMS) {
		char *end = strchr(p, '\n');
		size_t l;

		if (!end)
			end = p + strlen(p);
		if (end - p >= 4 && p[0] == '[' && p[2] == ']' && p[3] == ' ') {
			l = (size_t)(end - p - 4);
			l = l > ITEM_MAX ? ITEM_MAX : l;
			memcpy(items[n].text, p + 4, l);
			items[n].text[l] = '\0';
			items[n++].done = p[1] == 'x';
		}
		p = *end ? end + 1 : end;
	}
}

static void save(void)
{
	static char buf[MAX_ITEMS * (ITEM_MAX + 5) + 1];
	size_t len = 0;

	for (int i = 0; i < n; i++) {
		size_t l = strlen(items[i].text);

		memcpy(buf + len, items[i].done ? "[x] " : "[ ] ", 4);
		memcpy(buf + len + 4, items[i].text, l);
		buf[len + 4 + l] = '\n';
		len += l + 5;
	}
	if (vy_data_replace("todo.txt", buf, len))
		vy_print("todo: cannot save /data/todo.txt");
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
			     n ? "Add: type, Enter" :
			     "Nothing to do. Type, Enter");
	for (int i = first; i < n && i - first < rows; i++) {
		int y = LIST + (i - first) * VY_UI_ROW;

		vy_fill_rect(LEFT, y, w - 2 * LEFT, VY_UI_ROW,
			     i == sel ? VY_UI_SELECT : VY_UI_BG);
		vy_fill_rect(LEFT + 6, y + 6, 12, 12, items[i].done ?
			     VY_UI_OK : VY_UI_BORDER);
		vy_draw_text(LEFT + 28, y + 4, items[i].done ? VY_UI_DIM :
			     VY_UI_TEXT, 'm', items[i].text);
		if (items[i].done)	/* struck through */
			vy_fill_rect(LEFT + 28, y + 12,
				     8 * (int)strlen(items[i].text), 1,
				     VY_UI_DIM);
	}
	vy_flush();
}

static void changed(void)
{
	int done = 0;

	for (int i = 0; i < n; i++)
		done += items[i].done;
	save();
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

	if (ev->keycode == KEY_UP) {
		sel = sel ? sel - 1 : 0;
	} else if (ev->keycode == KEY_DOWN) {
		sel = sel < n - 1 ? sel + 1 : sel;
	} else if (ev->keycode == KEY_DELETE && !typed_len && n) {
		memmove(items + sel, items + sel + 1,
			sizeof(items[0]) * (size_t)(n - sel - 1));
		n--;
		sel = sel >= n && n ? n - 1 : sel;
		return changed();
	} else if (c == 10 && typed_len && n < MAX_ITEMS) {
		memcpy(items[n].text, typed, (size_t)typed_len + 1);
		items[n].done = 0;
		sel = n++;
		typed_len = 0;
		typed[0] = '\0';
		return changed();
	} else if (c == ' ' && !typed_len && n) {
		items[sel].done = !items[sel].done;
		return changed();
	} else if (c == 27) {
		typed_len = 0;
		typed[0] = '\0';
	} else if ((c == 8 || c == 127) && typed_len) {
		typed[--typed_len] = '\0';
	} else if (c >= 0x20 && c < 0x7F && typed_len < ITEM_MAX) {
		typed[typed_len++] = (char)c;
		typed[typed_len] = '\0';
	} else {
		return;
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

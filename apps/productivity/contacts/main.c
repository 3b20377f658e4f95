/*
 * contacts - an address book kept in /data/contacts.txt, one contact a
 * line: name, phone and email separated by tabs, sorted by name.
 *
 * Keys in the list: typing filters it (a contact shows when any of its
 * fields holds what is typed, in any case), Backspace and Escape undo
 * that; Up and Down choose; Enter edits the chosen contact; Ctrl+N adds
 * one; Delete twice removes it (the row shows the danger colour
 * between). In the form: Tab, Up and Down move between the fields,
 * Enter keeps the contact (it needs a name), Escape drops the change.
 * Every change is saved at once, whole (vy_data_replace). A file this
 * book cannot hold whole (more than MAX contacts, a field longer than
 * FMAX - 1 bytes) is shown as far as it fits and never saved over: the
 * footer says so, and nothing in it is lost.
 *
 * On its console, once the frame shows it: "contacts: <n> contacts,
 * <m> shown" at start and after every change to the list or the filter
 * - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"	/* wasi-libc's string functions are larger */

#define MAX 500
#define FMAX 64			/* a field's bytes, its NUL included */
#define LIST (VY_UI_HEADER + 2 * VY_UI_UNIT + VY_UI_ROW)

enum { KEY_ESC = 1, KEY_BACKSPACE = 14, KEY_TAB = 15, KEY_ENTER = 28,
       KEY_N = 49, KEY_UP = 103, KEY_DOWN = 108, KEY_DELETE = 111 };

struct contact {
	char f[3][FMAX];	/* name, phone, email */
};

static struct contact book[MAX], form;
static char query[FMAX];
static int n, shown[MAX], nshown, sel, w = 400, h = 320;
static int editing = -1;	/* -1: the list; else the form, for book[i] */
static int field, arming;	/* the form's focus; Delete pressed once */
static int cut;			/* the file did not fit: never saved over */
static char buf[MAX * 3 * FMAX];

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int has(const char *s, const char *q)
{
	for (; *s; s++) {
		int i = 0;

		while (q[i] && lower(s[i]) == lower(q[i]))
			i++;
		if (!q[i])
			return 1;
	}
	return !*q;
}

static void filter(void)
{
	nshown = 0;
	for (int i = 0; i < n; i++)
		if (has(book[i].f[0], query) || has(book[i].f[1], query) ||
		    has(book[i].f[2], query))
			shown[nshown++] = i;
	if (sel >= nshown)
		sel = nshown - 1;
	if (sel < 0)
		sel = 0;
}

static int before(const struct contact *a, const struct contact *b)
{
	const char *p = a->f[0], *q = b->f[0];

	while (*p && lower(*p) == lower(*q))
		p++, q++;
	return lower(*p) < lower(*q);
}

/* Puts c in its place by name. */
static void insert(const struct contact *c)
{
	int i = n++;

	for (; i > 0 && before(c, &book[i - 1]); i--)
		book[i] = book[i - 1];
	book[i] = *c;
}

static void drop(int i)
{
	n--;
	memmove(&book[i], &book[i + 1], (size_t)(n - i) * sizeof(book[0]));
}

static void load(void)
{
	long len = vy_data_read("contacts.txt", buf, sizeof(buf) - 1);
	char *p = buf;

	buf[len > 0 ? len : 0] = '\0';
	cut = len >= (long)sizeof(buf) - 1;
	while (*p) {
		struct contact c;
		int k = 0, l = 0;

		memset(&c, 0, sizeof(c));
		for (; *p && *p != '\n'; p++) {
			if (*p == '\t')
				k++, l = 0;	/* past the third: ignored */
			else if (k < 3 && l < FMAX - 1)
				c.f[k][l++] = *p;
			else if (k < 3)
				cut = 1;
		}
		if (*p)
			p++;
		if (!c.f[0][0])	/* a line without a name is no contact */
			continue;
		if (n == MAX)
			cut = 1;
		else
			insert(&c);
	}
}

static void save(void)
{
	size_t len = 0;

	if (cut) {
		vy_print("contacts: not saved: /data/contacts.txt holds more "
			 "than the book can");
		return;
	}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 3; k++) {
			size_t l = strlen(book[i].f[k]);

			memcpy(buf + len, book[i].f[k], l);
			len += l;
			buf[len++] = k < 2 ? '\t' : '\n';
		}
	if (vy_data_replace("contacts.txt", buf, len))
		vy_print("contacts: cannot save /data/contacts.txt");
}

static void draw(void)
{
	static const char *const label[] = { "Name", "Phone", "Email" };
	int rows = (h - LIST - VY_UI_ROW) / VY_UI_ROW;
	int first = sel >= rows ? sel - rows + 1 : 0;
	char line[3 * FMAX + 8];

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Contacts");
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	if (editing >= 0) {
		for (int k = 0; k < 3; k++) {
			int y = VY_UI_HEADER + VY_UI_UNIT + k * 32;

			vy_ui_label(VY_UI_UNIT, y, VY_UI_ROW, VY_UI_DIM,
				    label[k]);
			vy_ui_field(72, y, w - 80, form.f[k],
				    (int)strlen(form.f[k]), k == field);
		}
		vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
			    "Tab next, Enter keep, Esc drop");
		vy_flush();
		return;
	}
	vy_ui_field(VY_UI_UNIT, VY_UI_HEADER + VY_UI_UNIT, w - 16, query,
		    (int)strlen(query), 1);
	for (int i = first; i < nshown && i < first + rows; i++) {
		struct contact *c = &book[shown[i]];
		int y = LIST + (i - first) * VY_UI_ROW;
		size_t l = 0;

		for (int k = 0; k < 3; k++) {
			size_t m = strlen(c->f[k]);

			memcpy(line + l, c->f[k], m);
			l += m;
			memcpy(line + l, "  ", 3);
			l += 2;
		}
		line[(w - 16) / VY_UI_CHAR_W < (int)l ?
		     (w - 16) / VY_UI_CHAR_W : (int)l] = '\0';
		vy_ui_row(0, y, w, line, i == sel);
		if (i == sel && arming)
			vy_fill_rect(0, y, 4, VY_UI_ROW, VY_UI_DANGER);
	}
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW,
		    arming || cut ? VY_UI_DANGER : VY_UI_DIM, arming ?
		    "Delete again to remove" : cut ? "Too big to save: read only" :
		    "Ctrl+N add, Enter edit, Del");
	vy_flush();
}

static void changed(void)
{
	filter();
	draw();
	vy_log("contacts: ");
	vy_log_num((uint64_t)n);
	vy_log(" contacts, ");
	vy_log_num((uint64_t)nshown);
	vy_print(" shown");
}

static void type(char *s, const struct vy_event *ev)
{
	size_t l = strlen(s);

	if (ev->keycode == KEY_BACKSPACE && l)
		s[l - 1] = '\0';
	else if (ev->codepoint >= 32 && ev->codepoint < 127 && l < FMAX - 1)
		s[l] = (char)ev->codepoint, s[l + 1] = '\0';
}

static void form_key(const struct vy_event *ev)
{
	if (ev->keycode == KEY_ESC) {
		editing = -1;
	} else if (ev->keycode == KEY_ENTER && form.f[0][0]) {
		if (editing < n)
			drop(editing);
		insert(&form);
		save();
		editing = -1;
		changed();
		return;
	} else if (ev->keycode == KEY_TAB || ev->keycode == KEY_DOWN) {
		field = (field + 1) % 3;
	} else if (ev->keycode == KEY_UP) {
		field = (field + 2) % 3;
	} else {
		type(form.f[field], ev);
	}
	draw();
}

static void list_key(const struct vy_event *ev)
{
	int was = arming;

	arming = 0;
	if (ev->keycode == KEY_DELETE && nshown) {
		arming = !was;
		if (was) {
			drop(shown[sel]);
			save();
			changed();
			return;
		}
	} else if (ev->keycode == KEY_N && ev->mods & VY_MOD_CTRL &&
		   n < MAX) {
		memset(&form, 0, sizeof(form));
		editing = n;
		field = 0;
	} else if (ev->keycode == KEY_ENTER && nshown) {
		form = book[shown[sel]];
		editing = shown[sel];
		field = 0;
	} else if (ev->keycode == KEY_UP || ev->keycode == KEY_DOWN) {
		sel += ev->keycode == KEY_UP ? -1 : 1;
		filter();
	} else if (ev->keycode == KEY_ESC) {
		query[0] = '\0';
		changed();
		return;
	} else if (!(ev->mods & VY_MOD_CTRL)) {
		type(query, ev);
		changed();
		return;
	}
	draw();
}

int main(void)
{
	struct vy_event ev;

	load();
	changed();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (ev.type == VY_EV_KEY && ev.down) {
			if (editing >= 0)
				form_key(&ev);
			else
				list_key(&ev);
		}
	}
	return 0;
}

/*
 * editor - a text editor for the user's files: open (the `open` event,
 * or Ctrl+O and a path), edit with the keyboard and the mouse, save
 * atomically (Ctrl+S, Ctrl+Shift+S to save as), find (Ctrl+F), undo and
 * redo (Ctrl+Z, Ctrl+Y), and the system clipboard (Ctrl+C, X, V).
 *
 * This file owns the screen, the keys and the pointer; buffer.h holds the
 * text, undo.h the history, file.h reading and writing; memory comes
 * from the SDK's vyoma_alloc.h.
 * Only the lines in view are drawn, one draw_text each, so a file of
 * 50,000 lines costs no more a frame than one of 50.
 */
#include "vyoma_alloc.h"
#include "vyoma.h"
#include "vyoma_ui.h"
#include "vyoma_services.h"

#include "buffer.h"
#include "undo.h"
#include "file.h"
#include "vyoma_tiny.h"

#define LINE_H VY_UI_CHAR_H
#define PAD 4
#define BTN_W 64
#define CHUNK 4000	/* text bytes per draw_text, under the line limit */

/* Linux key codes. */
enum {
	K_ESC = 1, K_Y = 21, K_O = 24, K_A = 30, K_S = 31, K_F = 33,
	K_Z = 44, K_X = 45, K_C = 46, K_V = 47, K_HOME = 102, K_UP = 103,
	K_PGUP = 104, K_LEFT = 105, K_RIGHT = 106, K_END = 107, K_DOWN = 108,
	K_PGDN = 109,
};

enum { F_NONE, F_OPEN, F_SAVE, F_FIND };	/* what the field asks for */
enum { D_NONE, D_TEXT, D_SCROLL };		/* what a held button drags */

static int W = 640, H = 440;
static int cur, anc;		/* cursor and selection anchor (bytes) */
static int want_col = -1;	/* the column Up and Down keep to */
static int top, left;		/* first line and column in view */
static int follow;		/* bring the cursor into view when drawing */
static char path[PATH_MAX_LEN + 1];	/* "" while untitled */

static char status[200];
static int status_len, status_err, announce;

static int field;
static char ftext[PATH_MAX_LEN + 1], needle[PATH_MAX_LEN + 1];
static int flen, confirm_open;
static int dragging, paste_wanted;

/* ---- status row --------------------------------------------------- */

/*
 * Appends s to dst (len bytes of cap), each byte outside well-formed
 * UTF-8 or a control character as '?': whatever a path holds, a draw
 * line stays one well-formed line.
 */
static int put_clean(char *dst, int len, int cap, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	int avail = (int)strlen(s);

	while (avail > 0 && len + 4 < cap) {
		int n = u8seq(u, avail);

		if (n > 1)
			memcpy(dst + len, u, (size_t)n);
		else
			dst[len] = *u < 0x20 || *u >= 0x7f ? '?' : (char)*u;
		len += n;
		u += n;
		avail -= n;
	}
	dst[len] = '\0';
	return len;
}

/* A new status message; draw() prints it to the log once it is shown. */
static void say(int err, const char *s)
{
	status_len = put_clean(status, 0, sizeof(status), s);
	status_err = err;
	announce = 1;
}

static void say_more(const char *s)
{
	status_len = put_clean(status, status_len, sizeof(status), s);
}

static void say_num(int n)
{
	char b[12];

	vy_utoa(b, (uint64_t)n);
	say_more(b);
}

/* ---- geometry ----------------------------------------------------- */

static int text_y(void)
{
	return VY_UI_HEADER + PAD;
}

static int text_h(void)
{
	int h = H - text_y() - VY_UI_ROW - (field ? VY_UI_ROW : 0);

	return h < LINE_H ? LINE_H : h;
}

static int rows(void)
{
	return text_h() / LINE_H;
}

static int digits(int n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static int gutter_w(void)
{
	int d = digits(nlines());

	return ((d < 3 ? 3 : d) + 2) * VY_UI_CHAR_W;
}

static int text_x(void)
{
	return gutter_w() + PAD;
}

static int cols(void)
{
	int c = (W - text_x() - VY_UI_SCROLL_W) / VY_UI_CHAR_W;

	return c < 1 ? 1 : c;
}

static int modified(void)
{
	return at_step != saved_step;
}

static int sel_a(void)
{
	return cur < anc ? cur : anc;
}

static int sel_b(void)
{
	return cur < anc ? anc : cur;
}

/* ---- drawing ------------------------------------------------------ */

/*
 * Line l from column `left', cut at the window's edge: tabs become
 * spaces and anything that is not well-formed text a '?', so the draw
 * line is always valid. Longer than CHUNK bytes goes in pieces.
 */
static void draw_line(int l, int y)
{
	static char out[CHUNK + 8];
	int p = line_start(l), end = line_end(l), c = 0, n = 0;
	int last = left + cols(), from = left;

	for (; p < end && c < last; p = next_pos(p)) {
		int nc = col_after(p, c), k = u8len(p), ch = bat(p);

		if (n + 8 > CHUNK) {
			out[n] = '\0';
			vy_draw_text(text_x() + (from - left) * VY_UI_CHAR_W,
				     y, VY_UI_TEXT, 'm', out);
			from = c;
			n = 0;
		}
		if (ch == '\t') {
			for (; c < nc && c < last; c++)
				if (c >= left)
					out[n++] = ' ';
			continue;
		}
		if (c >= left) {
			/* Byte by byte: moving the gap here would cost more. */
			if (k > 1)
				for (int i = 0; i < k; i++)
					out[n + i] = (char)bat(p + i);
			else
				out[n] = ch < 0x20 || ch >= 0x7f ?
					 '?' : (char)ch;
			n += k;
		}
		c = nc;
	}
	out[n] = '\0';
	if (n)
		vy_draw_text(text_x() + (from - left) * VY_UI_CHAR_W, y,
			     VY_UI_TEXT, 'm', out);
}

/* The selected part of line l, newline included, as a band. */
static void draw_selection(int l, int y)
{
	int s = line_start(l), e = line_end(l), a = sel_a(), b = sel_b();
	int c0, c1, x0, x1, right = W - VY_UI_SCROLL_W;

	if (a == b || b <= s || a > e || (a == e && b == e))
		return;
	c0 = a <= s ? 0 : col_of(a);
	c1 = b > e ? col_of(e) + 1 : col_of(b);
	x0 = text_x() + (c0 - left) * VY_UI_CHAR_W;
	x1 = text_x() + (c1 - left) * VY_UI_CHAR_W;
	if (x0 < text_x())
		x0 = text_x();
	if (x1 > right)
		x1 = right;
	if (x1 > x0)
		vy_fill_rect(x0, y, x1 - x0, LINE_H, VY_UI_SELECT);
}

static void draw_number(int l, int y, int current)
{
	char b[12];
	int n = vy_utoa(b, (uint64_t)l + 1);

	vy_draw_text(gutter_w() - VY_UI_CHAR_W - n * VY_UI_CHAR_W, y,
		     current ? VY_UI_TEXT : VY_UI_DIM, 'm', b);
}

static void draw_header(void)
{
	static char title[96];
	const char *base = strrchr(path, '/');
	int n = put_clean(title, 0, 64, path[0] ? (base ? base + 1 : path) :
			  "Untitled");

	if (modified())
		put_clean(title, n, sizeof(title), " (modified)");
	vy_ui_header(W, title);
	vy_ui_button(W - 2 * (BTN_W + VY_UI_UNIT), 4, BTN_W, VY_UI_ROW,
		     "Open", VY_UI_NORMAL);
	vy_ui_button(W - (BTN_W + VY_UI_UNIT), 4, BTN_W, VY_UI_ROW, "Save",
		     modified() ? VY_UI_PRIMARY : VY_UI_NORMAL);
}

static void draw_field(void)
{
	static const char *const labels[] = {
		"", "Open:", "Save as:", "Find:"
	};
	const char *label = labels[field];
	int y = H - 2 * VY_UI_ROW, x = VY_UI_UNIT * 2 + vy_ui_text_w(label);
	int fw = W - x - VY_UI_UNIT, fit = (fw - 12) / VY_UI_CHAR_W, from = 0;

	vy_fill_rect(0, y, W, VY_UI_ROW, VY_UI_BG);
	vy_ui_label(VY_UI_UNIT, y, VY_UI_ROW, VY_UI_DIM, label);
	/* A long path shows its end, where the typing is. */
	if (flen > fit && fit > 0)
		from = flen - fit;
	while (from < flen && (ftext[from] & 0xC0) == 0x80)
		from++;
	vy_ui_field(x, y, fw, ftext + from, flen - from, 1);
}

static void draw_status(void)
{
	char pos[40];
	int y = H - VY_UI_ROW, n, room;
	char cut = 0;

	n = put_clean(pos, 0, sizeof(pos), "Ln ");
	n += vy_utoa(pos + n, (uint64_t)line_of(cur) + 1);
	n = put_clean(pos, n, sizeof(pos), ", Col ");
	n += vy_utoa(pos + n, (uint64_t)col_of(cur) + 1);
	vy_fill_rect(0, y, W, VY_UI_ROW, VY_UI_SURFACE);
	vy_fill_rect(0, y, W, 1, VY_UI_BORDER);
	vy_ui_label(W - VY_UI_UNIT - n * VY_UI_CHAR_W, y, VY_UI_ROW,
		    VY_UI_TEXT, pos);
	/* The message, cut before the position (at a character boundary). */
	room = (W - 3 * VY_UI_UNIT) / VY_UI_CHAR_W - n;
	if (room < 0)
		room = 0;
	if (room < status_len) {
		while (room > 0 && (status[room] & 0xC0) == 0x80)
			room--;
		cut = status[room];
		status[room] = '\0';
	}
	vy_ui_label(VY_UI_UNIT, y, VY_UI_ROW,
		    status_err ? VY_UI_DANGER : VY_UI_DIM, status);
	if (cut)
		status[room] = cut;
}

/* Scrolls so that the cursor is in view, with a margin sideways. */
static void follow_cursor(void)
{
	int l = line_of(cur), c = col_of(cur), r = rows(), n = cols();

	if (l < top)
		top = l;
	else if (l >= top + r)
		top = l - r + 1;
	if (c < left)
		left = c > n / 4 ? c - n / 4 : 0;
	else if (c >= left + n)
		left = c - n + 1 + n / 4;
}

static void draw(void)
{
	int r = rows(), i, l, y, total = nlines(), cl = line_of(cur);

	if (follow)
		follow_cursor();
	follow = 0;
	if (top > total - r)
		top = total - r;
	if (top < 0)
		top = 0;
	vy_fill_rect(0, 0, W, H, VY_UI_BG);
	draw_header();
	vy_fill_rect(gutter_w() - 1, text_y(), 1, text_h(), VY_UI_BORDER);
	for (i = 0; i < r && top + i < total; i++) {
		l = top + i;
		y = text_y() + i * LINE_H;
		draw_selection(l, y);
		draw_number(l, y, l == cl);
		draw_line(l, y);
	}
	if (cl >= top && cl < top + r) {
		int x = text_x() + (col_of(cur) - left) * VY_UI_CHAR_W;

		if (x >= text_x() - 1 && x < W - VY_UI_SCROLL_W)
			vy_fill_rect(x - 1, text_y() + (cl - top) * LINE_H, 2,
				     LINE_H, VY_UI_ACCENT);
	}
	vy_ui_scrollbar(W - VY_UI_SCROLL_W, text_y(), text_h(), top, r, total);
	if (field)
		draw_field();
	draw_status();
	vy_flush();
	/* Said in the log once it is on the screen: tests wait for it. */
	if (announce)
		vy_print(status);
	announce = 0;
}

/* ---- editing ------------------------------------------------------ */

static void move_to(int pos, int extend)
{
	cur = pos;
	if (!extend)
		anc = pos;
	want_col = -1;
	may_merge = 0;
	follow = 1;
}

/* Replaces bytes [a, b) with s[0..n); the cursor goes after them. */
static void replace(int a, int b, const char *s, int n, int typed)
{
	if (gap_need(n)) {
		say(1, "out of memory");
		return;
	}
	undo_record(a, b - a, s, n, typed);
	buf_delete(a, b - a);
	buf_insert(a, s, n);
	move_to(a + n, 0);
	may_merge = typed;
}

static void type_char(uint32_t cp)
{
	char s[4];
	int n;

	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | cp >> 6);
		n = 2;
	} else if (cp < 0x10000) {
		if (cp >= 0xD800 && cp < 0xE000)
			return;
		s[0] = (char)(0xE0 | cp >> 12);
		n = 3;
	} else if (cp < 0x110000) {
		s[0] = (char)(0xF0 | cp >> 18);
		n = 4;
	} else {
		return;
	}
	for (int i = 1; i < n; i++)
		s[i] = (char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3F));
	replace(sel_a(), sel_b(), s, n, 1);
}

static void undo(int redo)
{
	int pos = undo_apply(redo);

	if (pos < 0)
		say(0, redo ? "nothing to redo" : "nothing to undo");
	else
		move_to(pos, 0);
}

/* Copies the selection to the clipboard; 0 if it went. */
static int copy(void)
{
	int a = sel_a(), b = sel_b();

	if (a == b)
		return -1;
	if (vy_clipboard_set(span(a, b), (size_t)(b - a))) {
		say(1, "selection too long for the clipboard (4000 bytes)");
		return -1;
	}
	return 0;
}

/* The supervisor's answers: the clipboard's text, or why not. */
static void on_reply(const char *msg)
{
	static char clip[VY_CLIP_MAX + 1];
	long n;

	if (paste_wanted && (n = vy_clipboard_parse(msg, clip,
						    sizeof(clip))) >= 0) {
		paste_wanted = 0;
		replace(sel_a(), sel_b(), clip, (int)n, 0);
		say(0, "pasted ");
		say_num((int)n);
		say_more(" bytes");
	} else if (strncmp(msg, "clipboard set ", 14) == 0) {
		say(0, "copied ");
		say_more(msg + 14);
		say_more(" bytes");
	} else if (strncmp(msg, "error ", 6) == 0) {
		paste_wanted = 0;
		say(1, msg + 6);
	}
}

/* ---- files and finding -------------------------------------------- */

static void open_file(const char *p)
{
	int err = strlen(p) > PATH_MAX_LEN ? ENAMETOOLONG : file_load(p);
	int n;

	if (err) {
		say(1, "cannot open ");
		say_more(p);
		say_more(": ");
		say_more(why(err));
		return;
	}
	strcpy(path, p);
	undo_reset();
	cur = anc = top = left = 0;
	want_col = -1;
	field = F_NONE;
	n = blen();
	say(0, "opened ");
	say_more(p);
	say_more(" ");
	/* Lines, not line starts: a final newline ends the last line. */
	say_num(nlines() - (n > 0 && bat(n - 1) == '\n') - (n == 0));
	say_more(" lines");
}

static void save_to(const char *p)
{
	int err = strlen(p) > PATH_MAX_LEN ? ENAMETOOLONG : file_save(p);

	if (err) {
		say(1, "cannot save ");
		say_more(p);
		say_more(": ");
		say_more(why(err));
		return;
	}
	if (p != path)
		strcpy(path, p);
	saved_step = at_step;
	may_merge = 0;
	field = F_NONE;
	say(0, "saved ");
	say_more(p);
	say_more(" ");
	say_num(blen());
	say_more(" bytes");
}

/* The first match of needle in t[from, to), or -1. */
static int search(const char *t, int from, int to, int n)
{
	while (from + n <= to) {
		const char *hit = memchr(t + from, needle[0],
					 (size_t)(to - n + 1 - from));

		if (!hit)
			return -1;
		if (memcmp(hit, needle, (size_t)n) == 0)
			return (int)(hit - t);
		from = (int)(hit - t) + 1;
	}
	return -1;
}

/* Selects the next match after the selection, from the top if none. */
static void find_next(void)
{
	int n = (int)strlen(needle), len = blen(), at;
	const char *t = span(0, len);

	if (!n)
		return;
	at = search(t, sel_b(), len, n);
	if (at < 0)
		at = search(t, 0, len, n);
	if (at < 0) {
		say(1, "not found: ");
		say_more(needle);
		return;
	}
	move_to(at + n, 0);
	anc = at;
	say(0, "found ");
	say_more(needle);
	say_more(" at line ");
	say_num(line_of(at) + 1);
}

/* ---- the field ---------------------------------------------------- */

static void field_open(int kind)
{
	const char *slash = strrchr(path, '/');
	int n = slash ? (int)(slash - path) + 1 : 0;

	field = kind;
	confirm_open = 0;
	if (kind == F_FIND) {
		strcpy(ftext, needle);
	} else if (n) {
		memcpy(ftext, path, (size_t)n);	/* the file's folder */
		ftext[n] = '\0';
	} else {
		strcpy(ftext, "/home/user/");
	}
	flen = (int)strlen(ftext);
}

/* The field's path, relative names taken from the home folder. */
static const char *field_path(void)
{
	static char full[PATH_MAX_LEN + 16];

	if (ftext[0] == '/')
		return ftext;
	memcpy(full, "/home/user/", 11);
	strcpy(full + 11, ftext);
	return full;
}

static void field_enter(void)
{
	if (field == F_FIND) {
		strcpy(needle, ftext);
		find_next();
	} else if (field == F_SAVE) {
		save_to(field_path());
	} else if (modified() && !confirm_open) {
		confirm_open = 1;
		say(1, "unsaved changes: press Enter again to open anyway");
	} else {
		open_file(field_path());
	}
}

static void field_key(const struct vy_event *e)
{
	uint32_t cp = e->codepoint;

	if (e->keycode == K_ESC) {
		field = F_NONE;
	} else if (cp == '\n') {
		field_enter();
	} else if (cp == 8) {
		while (flen > 0 && (ftext[--flen] & 0xC0) == 0x80)
			;
		ftext[flen] = '\0';
		confirm_open = 0;
	} else if (cp >= 0x20 && cp < 0x7f && flen < PATH_MAX_LEN &&
		   !(e->mods & VY_MOD_CTRL)) {
		/* The keyboard types ASCII; a path needs nothing else. */
		ftext[flen++] = (char)cp;
		ftext[flen] = '\0';
		confirm_open = 0;
	}
}

/* ---- keys --------------------------------------------------------- */

/* Up and Down (and pages): by lines, keeping to the wanted column. */
static void move_lines(int by, int extend)
{
	int l = line_of(cur) + by, col = want_col < 0 ? col_of(cur) : want_col;

	if (l < 0)
		move_to(0, extend);
	else if (l >= nlines())
		move_to(blen(), extend);
	else
		move_to(pos_at_col(l, col), extend);
	want_col = col;
}

static void ctrl_key(int code, int shift)
{
	switch (code) {
	case K_O:
		field_open(F_OPEN);
		break;
	case K_S:
		if (shift || !path[0])
			field_open(F_SAVE);
		else
			save_to(path);
		break;
	case K_F:
		field_open(F_FIND);
		break;
	case K_A:
		move_to(blen(), 0);
		anc = 0;
		break;
	case K_C:
		copy();
		break;
	case K_X:
		if (copy() == 0)
			replace(sel_a(), sel_b(), "", 0, 0);
		break;
	case K_V:
		paste_wanted = 1;
		vy_clipboard_get();
		break;
	case K_Z:
		undo(shift);
		break;
	case K_Y:
		undo(1);
		break;
	case K_HOME:
		move_to(0, shift);
		break;
	case K_END:
		move_to(blen(), shift);
		break;
	}
}

static void on_key(const struct vy_event *e)
{
	int shift = e->mods & VY_MOD_SHIFT, a = sel_a(), b = sel_b();
	uint32_t cp = e->codepoint;

	if (e->mods & (VY_MOD_ALT | VY_MOD_SUPER))
		return;
	if (field && !(e->mods & VY_MOD_CTRL && e->keycode != K_V)) {
		field_key(e);
		return;
	}
	if (e->mods & VY_MOD_CTRL) {
		ctrl_key(e->keycode, shift);
		return;
	}
	switch (e->keycode) {
	case K_LEFT:
		move_to(a != b && !shift ? a : prev_pos(cur), shift);
		return;
	case K_RIGHT:
		move_to(a != b && !shift ? b : next_pos(cur), shift);
		return;
	case K_UP:
		move_lines(-1, shift);
		return;
	case K_DOWN:
		move_lines(1, shift);
		return;
	case K_PGUP:
		top -= rows();
		move_lines(-rows(), shift);
		return;
	case K_PGDN:
		top += rows();
		move_lines(rows(), shift);
		return;
	case K_HOME:
		move_to(line_start(line_of(cur)), shift);
		return;
	case K_END:
		move_to(line_end(line_of(cur)), shift);
		return;
	case K_ESC:
		anc = cur;
		return;
	}
	if (cp == 8 || cp == 127) {
		if (a == b && cp == 8)
			a = prev_pos(cur);
		else if (a == b)
			b = next_pos(cur);
		if (a != b)
			replace(a, b, "", 0, 0);
	} else if (cp == '\t') {
		replace(a, b, "    ", 4, 1);	/* always spaces */
	} else if (cp == '\n') {
		replace(a, b, "\n", 1, 0);	/* a line is one undo step */
	} else if (cp >= 0x20 && cp != 0x7f) {
		type_char(cp);
	}
}

/* ---- the pointer -------------------------------------------------- */

static int pos_at(int x, int y)
{
	int r = y - text_y(), l = top + (r < 0 ? -1 : r / LINE_H);
	int c = left + (x - text_x() + VY_UI_CHAR_W / 2) / VY_UI_CHAR_W;

	if (l < 0)
		return 0;
	if (l >= nlines())
		return blen();
	return pos_at_col(l, c < left ? left : c);
}

static void scroll_to(int y)
{
	top = vy_ui_scroll_to(y - text_y(), text_h(), rows(), nlines());
}

/* Returns 1 when something changed on the screen. */
static int on_pointer(const struct vy_event *e)
{
	int x = e->x, y = e->y;

	if (e->action == VY_PTR_DOWN && e->buttons == VY_BUTTON_LEFT) {
		if (y < VY_UI_HEADER && x >= W - 2 * (BTN_W + VY_UI_UNIT)) {
			if (x < W - (BTN_W + VY_UI_UNIT))
				field_open(F_OPEN);
			else
				ctrl_key(K_S, 0);
		} else if (y >= text_y() && y < text_y() + text_h()) {
			dragging = x >= W - VY_UI_SCROLL_W ? D_SCROLL : D_TEXT;
			if (dragging == D_SCROLL)
				scroll_to(y);
			else
				move_to(pos_at(x, y), 0);
		}
		return 1;
	}
	if (!dragging)
		return 0;
	if (dragging == D_SCROLL)
		scroll_to(y);
	else
		move_to(pos_at(x, y), 1);
	if (!(e->buttons & VY_BUTTON_LEFT))
		dragging = D_NONE;
	return 1;
}

int main(void)
{
	struct vy_event ev;
	int dirty = 1;
	char *b = malloc(4096);

	if (!b)
		return 1;
	buf_adopt(b, 0, 4096);
	if (!T.ls)
		return 1;
	say(0, "Ctrl+O open, Ctrl+S save, Ctrl+F find");
	announce = 0;
	for (;;) {
		const char *open_path;
		int t = vy_next_event(&ev, dirty ? 0 : -1);

		if (t == VY_EV_QUIT)
			break;
		if (t == VY_EV_TIMEOUT) {
			draw();
			dirty = 0;
		} else if (t == VY_EV_RESIZE) {
			W = ev.w;
			H = ev.h;
			follow = dirty = 1;
		} else if (t == VY_EV_KEY && ev.down) {
			on_key(&ev);
			dirty = 1;
		} else if (t == VY_EV_POINTER) {
			dirty |= on_pointer(&ev);
		} else if (t == VY_EV_MESSAGE &&
			   strcmp(ev.from, "supervisor") == 0) {
			on_reply(ev.text);
			dirty = 1;
		} else if (t == VY_EV_OTHER &&
			   (open_path = vy_open_event(ev.text))) {
			open_file(open_path);
			dirty = 1;
		}
	}
	return 0;
}

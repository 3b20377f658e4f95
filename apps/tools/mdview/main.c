/*
 * mdview - a Markdown viewer for a file opened from Files (or `open
 * FILE`: the VYOMA_EVENT:open event). Shown: headings (# to ######, in
 * the accent colour), paragraphs joined and wrapped to the window,
 * lists (-, *, + and 1.), block quotes (>), rules (---), fenced code
 * blocks (```, on a panel, never wrapped) and inline *emphasis* or
 * **strong** (in the accent colour) and `code` (dimmed).
 *
 * Keys: Up/Down a line, PageUp/PageDown (or Space) a page, Home/End.
 * The first 64 KiB of a file are shown, in at most 8192 lines; bytes
 * that are not UTF-8 show as '?', control characters as spaces.
 *
 * Logs, after the frame shows it: "mdview: N lines, H headings, C code
 * lines" when a file is laid out (N counts lines as wrapped), "mdview:
 * top T" after a scroll, "mdview: cannot open the file" on failure.
 */
#include "vyoma_ui.h"
#include "vyoma_services.h"
#include "vyoma_file.h"
#include "vyoma_utf8.h"

#define MAX_FILE 65536
#define MAX_LINES 8192
#define LINE_H VY_UI_CHAR_H
#define TOP (VY_UI_HEADER + VY_UI_UNIT)
#define INDENT 16

enum { K_SPACE = 57, K_HOME = 102, K_UP = 103, K_PGUP = 104, K_END = 107,
       K_DOWN = 108, K_PGDN = 109 };

/* What a display line is; headings are 1 to 6. */
enum { PARA = 7, ITEM, MORE, QUOTE, CODE, RULE, BLANK };

struct line {
	int off;		/* its text in buf */
	unsigned short n;	/* bytes */
	unsigned char kind;
	unsigned char em;	/* inline state at its start: 1 em, 2 code */
};

static char buf[MAX_FILE + 1], title[128] = "Markdown viewer";
static struct line lines[MAX_LINES];
static int w = 640, h = 480, len, nlines, top, heads, codes;

static int page(void)
{
	int n = (h - TOP - VY_UI_UNIT) / LINE_H;

	return n < 1 ? 1 : n;
}

static void add(int off, int n, int kind, int em)
{
	if (nlines < MAX_LINES)
		lines[nlines++] = (struct line){ off, (unsigned short)n,
						 (unsigned char)kind,
						 (unsigned char)em };
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The kind of the source line at s, and where its text starts. */
static int classify(const char *s, int n, int *skip)
{
	int i = 0;

	*skip = 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i == n)
		return BLANK;
	if (n - i >= 3 && (s[i] == '-' || s[i] == '*' || s[i] == '_') &&
	    s[i + 1] == s[i] && s[i + 2] == s[i]) {
		int j = i;

		while (j < n && (s[j] == s[i] || s[j] == ' '))
			j++;
		if (j == n)
			return RULE;
	}
	if (s[i] == '#') {
		int k = 0;

		while (i + k < n && s[i + k] == '#')
			k++;
		if (k <= 6 && (i + k == n || s[i + k] == ' ')) {
			*skip = i + k + (i + k < n);
			return k;
		}
	}
	if (s[i] == '>') {
		*skip = i + 1 + (i + 1 < n && s[i + 1] == ' ');
		return QUOTE;
	}
	if ((s[i] == '-' || s[i] == '*' || s[i] == '+') && i + 1 < n &&
	    s[i + 1] == ' ') {
		*skip = i + 2;
		return ITEM;
	}
	if (is_digit(s[i])) {
		int j = i;

		while (j < n && is_digit(s[j]))
			j++;
		if (j + 1 < n && s[j] == '.' && s[j + 1] == ' ') {
			*skip = i;	/* the number stays */
			return ITEM;
		}
	}
	*skip = i;
	return PARA;
}

static int fence(const char *s, int n)
{
	return n >= 3 && s[0] == '`' && s[1] == '`' && s[2] == '`';
}

/* The inline state after n bytes of s, starting from em. */
static int scan(const char *s, int n, int em)
{
	for (int i = 0; i < n; i++)
		if (s[i] == '`')
			em ^= 2;
		else if (s[i] == '*' && !(em & 2))
			em ^= 1, i += i + 1 < n && s[i + 1] == '*';
	return em;
}

/*
 * The file as display lines for the window's width. Paragraph and list
 * lines that continue on the next source line were already joined (a
 * newline made a space) by prepare().
 */
static void layout(void)
{
	int cols = (w - 2 * VY_UI_UNIT - VY_UI_SCROLL_W) / VY_UI_CHAR_W;
	int off = 0, in_code = 0;

	/* A display line is drawn from a 256-byte copy. */
	cols = cols > 200 ? 200 : cols < 8 ? 8 : cols;
	nlines = heads = codes = 0;
	while (off < len) {
		char *s = buf + off;
		int n = 0, skip, kind, c, em = 0;

		while (off + n < len && s[n] != '\n')
			n++;
		kind = classify(s, n, &skip);
		/* An ordered item keeps its number and has no bullet. */
		if (kind == ITEM && !(skip >= 2 && s[skip - 1] == ' ' &&
				      strchr("-*+", s[skip - 2])))
			kind = MORE;
		if (fence(s + skip, n - skip)) {
			in_code = !in_code;
		} else if (in_code) {
			int cut = n < cols - 2 ? n : cols - 2;

			while (cut < n && (s[cut] & 0xC0) == 0x80)
				cut--;
			add(off, cut, CODE, 0);
			codes++;
		} else if (kind == RULE ||
			   (kind == BLANK && nlines &&
			    lines[nlines - 1].kind != BLANK)) {
			add(off, 0, kind, 0);
		} else {
			heads += kind < PARA;
			s += skip;
			n -= skip;
			c = cols - (kind >= ITEM ? 2 : 0);
			do {
				int cut = n;

				if (n > c) {
					for (cut = c; cut > 0 && s[cut] != ' ';
					     cut--)
						;
					/* No space: cut between characters. */
					for (cut = cut ? cut : c;
					     (s[cut] & 0xC0) == 0x80; cut--)
						;
				}
				add((int)(s - buf), cut, kind, em);
				em = scan(s, cut, em);
				if (kind == ITEM)
					kind = MORE;
				while (cut < n && s[cut] == ' ')
					cut++;
				s += cut;
				n -= cut;
			} while (n > 0);
			n = 0;
			s = buf + off;
			while (off + n < len && s[n] != '\n')
				n++;
		}
		off += n + 1;
	}
	if (top > nlines - page())
		top = nlines - page();
	if (top < 0)
		top = 0;
}

/*
 * Makes the text safe to draw: a draw line must be well-formed UTF-8
 * without control characters, so a byte outside a well-formed sequence
 * becomes '?' and a control character (but newline and tab) a space.
 */
static void clean(void)
{
	for (int i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		int n = vy_utf8_len((unsigned char *)buf + i, (size_t)(len - i));

		if (c < 0x20 && c != '\n' && c != '\t')
			buf[i] = ' ';
		else if (!n)
			buf[i] = '?';
		else
			i += n - 1;
	}
}

/* Joins lines continuing a paragraph or list item, outside code. */
static void prepare(void)
{
	int off = 0, in_code = 0, prev = BLANK;

	clean();
	while (off < len) {
		int n = 0, skip, kind;

		while (off + n < len && buf[off + n] != '\n')
			n++;
		kind = classify(buf + off, n, &skip);
		if (fence(buf + off + skip, n - skip))
			in_code = !in_code, kind = BLANK;
		else if (in_code)
			kind = BLANK;
		else if (kind == PARA && (prev == PARA || prev == ITEM))
			buf[off - 1] = ' ', kind = prev;
		prev = kind;
		off += n + 1;
	}
}

/* Text with its inline marks as colours; x advances. */
static void inline_text(int x, int y, const char *s, int n, int em)
{
	char seg[256];
	int k = 0;

	for (int i = 0; i <= n; i++) {
		int mark = i < n && (s[i] == '`' || (s[i] == '*' && !(em & 2)));

		if ((mark || i == n || k == 255) && k) {
			seg[k] = 0;
			if (em & 2)
				vy_fill_rect(x, y, k * VY_UI_CHAR_W, LINE_H,
					     VY_UI_SURFACE);
			vy_draw_text(x, y, em & 2 ? VY_UI_DIM : em ?
				     VY_UI_ACCENT : VY_UI_TEXT, 'm', seg);
			x += k * VY_UI_CHAR_W;
			k = 0;
		}
		if (i == n)
			break;
		if (mark) {
			em = scan(s + i, 1, em);
			i += s[i] == '*' && i + 1 < n && s[i + 1] == '*';
		} else if (s[i] != ' ' || !k || seg[k - 1] != ' ') {
			/* Tabs and the joins of lines: one space. */
			seg[k++] = s[i] == '\t' ? ' ' : s[i];
		}
	}
}

static void draw(void)
{
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, title);
	for (int i = top; i < nlines && i < top + page(); i++) {
		struct line *l = &lines[i];
		const char *s = buf + l->off;
		int x = VY_UI_UNIT, y = TOP + (i - top) * LINE_H;
		char t[256];
		int j, k;

		if (l->kind < PARA) {
			memcpy(t, s, l->n);
			t[l->n] = 0;
			vy_draw_text(x, y, VY_UI_ACCENT, 'm', t);
			vy_draw_text(x + 1, y, VY_UI_ACCENT, 'm', t);
			if (l->kind == 1)
				vy_fill_rect(x, y + LINE_H - 1,
					     l->n * VY_UI_CHAR_W, 1,
					     VY_UI_BORDER);
		} else if (l->kind == CODE) {
			vy_fill_rect(x, y, w - 2 * x - VY_UI_SCROLL_W, LINE_H,
				     VY_UI_SURFACE);
			for (j = k = 0; j < l->n && k < 200; j++)
				if (s[j] == '\t')
					do
						t[k++] = ' ';
					while (k & 3);
				else
					t[k++] = s[j];
			t[k] = 0;
			vy_draw_text(x + VY_UI_UNIT, y, VY_UI_TEXT, 'm', t);
		} else if (l->kind == RULE) {
			vy_fill_rect(x, y + LINE_H / 2,
				     w - 2 * x - VY_UI_SCROLL_W, 1,
				     VY_UI_BORDER);
		} else if (l->kind != BLANK) {
			if (l->kind == ITEM)
				vy_fill_rect(x + 4, y + 6, 4, 4, VY_UI_DIM);
			if (l->kind == QUOTE)
				vy_fill_rect(x, y, 2, LINE_H, VY_UI_BORDER);
			inline_text(l->kind == PARA ? x : x + INDENT, y, s,
				    l->n, l->em);
		}
	}
	vy_ui_scrollbar(w - VY_UI_SCROLL_W, TOP, h - TOP, top, page(),
			nlines);
	vy_flush();
}

static void open_file(const char *p)
{
	int fd = vy_file_open(p);
	__wasi_size_t n = 0;
	const char *base = strrchr(p, '/');

	len = nlines = top = 0;
	if (fd >= 0) {
		while (len < MAX_FILE) {
			__wasi_iovec_t iov = { (uint8_t *)buf + len,
					       MAX_FILE - len };

			if (__wasi_fd_read(fd, &iov, 1, &n) || !n)
				break;
			len += (int)n;
		}
		(void)!__wasi_fd_close(fd);
	}
	if (fd < 0) {
		draw();
		vy_print("mdview: cannot open the file");
		return;
	}
	base = base ? base + 1 : p;
	n = strlen(base) < sizeof(title) ? strlen(base) : sizeof(title) - 1;
	memcpy(title, base, n);
	title[n] = 0;
	prepare();
	layout();
	draw();
	vy_log("mdview: ");
	vy_log_num((uint64_t)nlines);
	vy_log(" lines, ");
	vy_log_num((uint64_t)heads);
	vy_log(" headings, ");
	vy_log_num((uint64_t)codes);
	vy_print(" code lines");
}

int main(void)
{
	struct vy_event ev;
	const char *p;

	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		int k = ev.keycode, was = top;

		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			layout();
			draw();
		} else if (ev.type == VY_EV_OTHER &&
			   (p = vy_open_event(ev.text))) {
			open_file(p);
		} else if (ev.type == VY_EV_KEY && ev.down) {
			top += k == K_UP ? -1 : k == K_DOWN ? 1 :
			       k == K_PGUP ? -page() :
			       k == K_PGDN || k == K_SPACE ? page() :
			       k == K_HOME ? -top : k == K_END ? nlines : 0;
			if (top > nlines - page())
				top = nlines - page();
			if (top < 0)
				top = 0;
			if (top != was) {
				draw();
				vy_log("mdview: top ");
				vy_log_num((uint64_t)top);
				vy_print("");
			}
		}
	}
	return 0;
}

#include "vyoma_tiny.h"

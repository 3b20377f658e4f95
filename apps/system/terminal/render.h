/*
 * render.h - draws the screen model (screen.h) into the window with
 * the SDK's draw lines, in the 8x16 font: only the rows marked dirty,
 * each as a background, one fill per run of another background and one
 * text line per run of one colour, then the cursor. The caller flushes.
 */
#ifndef TERMINAL_RENDER_H
#define TERMINAL_RENDER_H

#include "vyoma.h"
#include "screen.h"

#define CELL_W 8
#define CELL_H 16

static inline uint32_t rgba(int colour)
{
	return term_rgb[colour] << 8 | 0xFF;
}

static inline size_t utf8_put(char *p, uint32_t cp)
{
	if (cp < 0x80) {
		p[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (char)(0xC0 | cp >> 6);
		p[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (char)(0xE0 | cp >> 12);
		p[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		p[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | cp >> 18);
	p[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	p[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	p[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static inline int cell_blank(struct cell c)
{
	return c.cp == ' ' || c.cp == 0;
}

/* Text in one colour; bold is drawn twice, a pixel apart. */
static inline void render_text(int x, int y, int fg, int bold,
			       const char *text)
{
	vy_draw_text(x, y, rgba(fg), 'm', text);
	if (bold)
		vy_draw_text(x + 1, y, rgba(fg), 'm', text);
}

/*
 * The text runs of a line: blanks join any run (they draw nothing), so
 * a run ends only where a character of another colour starts.
 */
static inline void render_runs(const struct cell *line, int cols, int y)
{
	static char buf[TERM_MAX_COLS * 4 + 1];
	int c = 0;

	while (c < cols) {
		int start, last, fg, bold;
		size_t n = 0;

		while (c < cols && cell_blank(line[c]))
			c++;
		if (c == cols)
			break;
		start = last = c;
		fg = cell_fg(line[c]);
		bold = line[c].bold;
		for (; c < cols; c++) {
			if (cell_blank(line[c]))
				continue;
			if (cell_fg(line[c]) != fg || (int)line[c].bold != bold)
				break;
			last = c;
		}
		for (int i = start; i <= last; i++)
			n += utf8_put(buf + n, cell_blank(line[i]) ? ' ' :
				      line[i].cp);
		buf[n] = '\0';
		render_text(start * CELL_W, y, fg, bold, buf);
		c = last + 1;
	}
}

static inline void render_row(struct screen *s, int row, int w, int focused)
{
	const struct cell *line = scr_line(s, row - s->view);
	int y = row * CELL_H, c = 0;

	vy_fill_rect(0, y, w, CELL_H, rgba(COL_BG));
	while (c < s->cols) {
		int start = c, bg = cell_bg(line[c]);

		while (c < s->cols && cell_bg(line[c]) == bg)
			c++;
		if (bg != COL_BG)
			vy_fill_rect(start * CELL_W, y, (c - start) * CELL_W,
				     CELL_H, rgba(bg));
	}
	render_runs(line, s->cols, y);
	if (s->cursor_on && !s->view && row == s->pen.y) {
		struct cell cur = line[s->pen.x];
		int fg = cell_fg(cur), bg = cell_bg(cur);
		int x = s->pen.x * CELL_W;
		char ch[5];

		if (fg == bg)	/* concealed text: the cursor still shows */
			fg = bg == COL_FG ? COL_BG : COL_FG;

		if (!focused) {
			/* An outline: the focus is elsewhere. */
			vy_fill_rect(x, y, CELL_W, 1, rgba(fg));
			vy_fill_rect(x, y + CELL_H - 1, CELL_W, 1, rgba(fg));
			vy_fill_rect(x, y, 1, CELL_H, rgba(fg));
			vy_fill_rect(x + CELL_W - 1, y, 1, CELL_H, rgba(fg));
			return;
		}
		vy_fill_rect(x, y, CELL_W, CELL_H, rgba(fg));
		if (!cell_blank(cur)) {
			ch[utf8_put(ch, cur.cp)] = '\0';
			render_text(x, y, bg, cur.bold, ch);
		}
	}
}

/* Draws what changed since the last call; returns whether it drew. */
static inline int render(struct screen *s, int w, int h, int focused)
{
	int drew = 0;

	if (s->all_dirty) {
		vy_fill_rect(0, 0, w, h, rgba(COL_BG));
		memset(s->dirty, 1, (size_t)s->rows);
		s->all_dirty = 0;
	}
	for (int r = 0; r < s->rows; r++) {
		if (!s->dirty[r])
			continue;
		s->dirty[r] = 0;
		render_row(s, r, w, focused);
		drew = 1;
	}
	return drew;
}

#endif

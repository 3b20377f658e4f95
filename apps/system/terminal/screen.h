/*
 * screen.h - the terminal's screen model: a grid of cells, the
 * scrollback above it, the cursor, the scrolling region and the
 * current attributes, and every edit a VT100 can make to them. No I/O:
 * vt.h drives it, render.h draws it.
 *
 * Lines live in one ring (history, then the screen), addressed through
 * an index map, so scrolling the whole screen is a step of `base` and
 * scrolling a region is a rotation of a few map entries; no cells move.
 * Every line has room for TERM_MAX_COLS cells; the window's width says
 * how many are in use, and the columns a wider window uncovers are
 * blanked then, so edits only ever touch the columns in use.
 */
#ifndef TERMINAL_SCREEN_H
#define TERMINAL_SCREEN_H

#include <stdint.h>
#include <string.h>

#define TERM_MAX_COLS 512
#define TERM_MAX_ROWS 256
#define TERM_HISTORY 1024	/* at least this many lines of scrollback */
#define TERM_LINES (TERM_HISTORY + TERM_MAX_ROWS)

/* Colour indices: 0-15 the ANSI palette, then the two defaults. */
enum { COL_FG = 16, COL_BG = 17, COL_COUNT = 18 };

/* 0xRRGGBB of each colour index. */
static const uint32_t term_rgb[COL_COUNT] = {
	0x000000, 0xCD3131, 0x0DBC79, 0xE5E510,
	0x2472C8, 0xBC3FBC, 0x11A8CD, 0xE5E5E5,
	0x666666, 0xF14C4C, 0x23D18B, 0xF5F543,
	0x3B8EEA, 0xD670D6, 0x29B8DB, 0xFFFFFF,
	0xD1D5DB, 0x0B1020,
};

/*
 * Colours are resolved when written: bold brightens, reverse swaps.
 * They are stored XORed with the defaults, so that a blank cell in the
 * default colours is all zero bits: scrolling and erasing, which blank
 * whole lines, are then a memset.
 */
struct cell {
	uint32_t cp : 21;	/* 0: never written, drawn as a space */
	uint32_t fgx : 5;
	uint32_t bgx : 5;
	uint32_t bold : 1;
};

static inline struct cell cell_make(uint32_t cp, int fg, int bg, int bold)
{
	struct cell c;

	c.cp = cp;
	c.fgx = (uint32_t)(fg ^ COL_FG);
	c.bgx = (uint32_t)(bg ^ COL_BG);
	c.bold = (uint32_t)(bold != 0);
	return c;
}

static inline int cell_fg(struct cell c)
{
	return (int)c.fgx ^ COL_FG;
}

static inline int cell_bg(struct cell c)
{
	return (int)c.bgx ^ COL_BG;
}

struct pen {
	int x, y;
	int fg, bg, bold, reverse;
};

struct screen {
	int cols, rows;
	int base;		/* ring slot of screen row 0 */
	int hist;		/* lines of history above it */
	int top, bot;		/* scrolling region, inclusive */
	int wrap_pending;	/* the last column was written: wrap next */
	int autowrap, cursor_on;
	int view;		/* lines scrolled back; 0 shows the screen */
	int all_dirty;
	struct pen pen, saved;
	uint16_t map[TERM_LINES];	/* ring slot -> stored line */
	uint8_t dirty[TERM_MAX_ROWS];	/* by screen row as displayed */
	struct cell cells[TERM_LINES][TERM_MAX_COLS];
};

static inline int scr_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Screen row `row` (negative: history); rows are not range-checked. */
static inline struct cell *scr_line(struct screen *s, int row)
{
	int slot = (s->base + row) % TERM_LINES;

	if (slot < 0)
		slot += TERM_LINES;
	return s->cells[s->map[slot]];
}

/* What erasing leaves: nothing, on the current background. */
static inline struct cell scr_blank(const struct screen *s)
{
	return cell_make(0, COL_FG, s->pen.bg, 0);
}

static inline void scr_fill(struct cell *line, int from, int to,
			    struct cell c)
{
	if (!c.bgx) {
		memset(line + from, 0, (size_t)(to - from) * sizeof(*line));
		return;
	}
	for (int i = from; i < to; i++)
		line[i] = c;
}

static inline void scr_touch(struct screen *s, int row)
{
	row += s->view;
	if (row >= 0 && row < s->rows)
		s->dirty[row] = 1;
}

static inline void scr_touch_all(struct screen *s)
{
	s->all_dirty = 1;
}

/* Output always shows the live screen, not the scrollback. */
static inline void scr_to_bottom(struct screen *s)
{
	if (s->view) {
		s->view = 0;
		scr_touch_all(s);
	}
}

/* Moves the cursor, keeping the rows it leaves and enters redrawn. */
static inline void scr_goto(struct screen *s, int x, int y)
{
	scr_touch(s, s->pen.y);
	s->pen.x = scr_clamp(x, 0, s->cols - 1);
	s->pen.y = scr_clamp(y, 0, s->rows - 1);
	s->wrap_pending = 0;
	scr_touch(s, s->pen.y);
}

/*
 * Scrolls rows top..bot up by n: the top n go to the history when the
 * region is the whole screen, and are lost otherwise.
 */
static inline void scr_scroll_up(struct screen *s, int top, int bot, int n)
{
	struct cell blank = scr_blank(s);
	int span = bot - top + 1, i;

	n = scr_clamp(n, 0, span);
	if (!n)
		return;
	if (top == 0 && bot == s->rows - 1) {
		for (i = 0; i < n; i++) {
			s->base = (s->base + 1) % TERM_LINES;
			if (s->hist < TERM_LINES - s->rows)
				s->hist++;
			scr_fill(scr_line(s, bot), 0, s->cols, blank);
		}
	} else {
		uint16_t keep[TERM_MAX_ROWS];

		for (i = 0; i < span; i++)
			keep[i] = s->map[(s->base + top + i) % TERM_LINES];
		for (i = 0; i < span; i++)
			s->map[(s->base + top + i) % TERM_LINES] =
				keep[(i + n) % span];
		for (i = bot - n + 1; i <= bot; i++)
			scr_fill(scr_line(s, i), 0, s->cols, blank);
	}
	for (i = top; i <= bot; i++)
		scr_touch(s, i);
}

/* Scrolls rows top..bot down by n; blank lines appear at the top. */
static inline void scr_scroll_down(struct screen *s, int top, int bot, int n)
{
	struct cell blank = scr_blank(s);
	uint16_t keep[TERM_MAX_ROWS];
	int span = bot - top + 1, i;

	n = scr_clamp(n, 0, span);
	if (!n)
		return;
	for (i = 0; i < span; i++)
		keep[i] = s->map[(s->base + top + i) % TERM_LINES];
	for (i = 0; i < span; i++)
		s->map[(s->base + top + i) % TERM_LINES] =
			keep[(i + span - n) % span];
	for (i = top; i < top + n; i++)
		scr_fill(scr_line(s, i), 0, s->cols, blank);
	for (i = top; i <= bot; i++)
		scr_touch(s, i);
}

/* Line feed (IND): down a row, scrolling at the region's bottom. */
static inline void scr_index(struct screen *s)
{
	s->wrap_pending = 0;
	if (s->pen.y == s->bot)
		scr_scroll_up(s, s->top, s->bot, 1);
	else if (s->pen.y < s->rows - 1)
		scr_goto(s, s->pen.x, s->pen.y + 1);
}

/* Reverse index (RI): up a row, scrolling at the region's top. */
static inline void scr_reverse_index(struct screen *s)
{
	s->wrap_pending = 0;
	if (s->pen.y == s->top)
		scr_scroll_down(s, s->top, s->bot, 1);
	else if (s->pen.y > 0)
		scr_goto(s, s->pen.x, s->pen.y - 1);
}

/* Writes one character at the cursor, wrapping first if it must. */
static inline void scr_put(struct screen *s, uint32_t cp)
{
	struct pen *p = &s->pen;
	int fg = p->fg, bg = p->bg, t;

	if (s->wrap_pending && s->autowrap) {
		p->x = 0;
		scr_index(s);
	}
	s->wrap_pending = 0;
	if (p->bold && fg < 8)
		fg += 8;
	if (p->reverse) {
		t = fg;
		fg = bg;
		bg = t;
	}
	scr_line(s, p->y)[p->x] = cell_make(cp, fg, bg, p->bold);
	scr_touch(s, p->y);
	if (p->x == s->cols - 1)
		s->wrap_pending = 1;
	else
		p->x++;
}

/* ED: 0 cursor to end, 1 start to cursor, 2 all, 3 all and history. */
static inline void scr_erase_display(struct screen *s, int how)
{
	struct cell blank = scr_blank(s);
	int y = s->pen.y, i;

	if (how == 0) {
		scr_fill(scr_line(s, y), s->pen.x, s->cols, blank);
		for (i = y + 1; i < s->rows; i++)
			scr_fill(scr_line(s, i), 0, s->cols, blank);
		for (i = y; i < s->rows; i++)
			scr_touch(s, i);
	} else if (how == 1) {
		for (i = 0; i < y; i++)
			scr_fill(scr_line(s, i), 0, s->cols, blank);
		scr_fill(scr_line(s, y), 0, s->pen.x + 1, blank);
		for (i = 0; i <= y; i++)
			scr_touch(s, i);
	} else if (how == 2 || how == 3) {
		for (i = 0; i < s->rows; i++)
			scr_fill(scr_line(s, i), 0, s->cols, blank);
		if (how == 3) {
			s->hist = 0;
			s->view = 0;
		}
		scr_touch_all(s);
	}
	s->wrap_pending = 0;
}

/* EL: 0 cursor to end, 1 start to cursor, 2 the whole line. */
static inline void scr_erase_line(struct screen *s, int how)
{
	struct cell *line = scr_line(s, s->pen.y);
	struct cell blank = scr_blank(s);

	if (how == 0)
		scr_fill(line, s->pen.x, s->cols, blank);
	else if (how == 1)
		scr_fill(line, 0, s->pen.x + 1, blank);
	else if (how == 2)
		scr_fill(line, 0, s->cols, blank);
	scr_touch(s, s->pen.y);
	s->wrap_pending = 0;
}

/* ECH: n blanks from the cursor, the cursor staying put. */
static inline void scr_erase_chars(struct screen *s, int n)
{
	int x = s->pen.x;

	n = scr_clamp(n, 1, s->cols - x);
	scr_fill(scr_line(s, s->pen.y), x, x + n, scr_blank(s));
	scr_touch(s, s->pen.y);
	s->wrap_pending = 0;
}

/* ICH (insert) and DCH (delete, n < 0): shift the rest of the line. */
static inline void scr_shift_chars(struct screen *s, int n)
{
	struct cell *line = scr_line(s, s->pen.y);
	int x = s->pen.x, room = s->cols - x, k = n < 0 ? -n : n;

	k = scr_clamp(k, 1, room);
	if (n > 0) {
		memmove(line + x + k, line + x,
			(size_t)(room - k) * sizeof(*line));
		scr_fill(line, x, x + k, scr_blank(s));
	} else {
		memmove(line + x, line + x + k,
			(size_t)(room - k) * sizeof(*line));
		scr_fill(line, s->cols - k, s->cols, scr_blank(s));
	}
	scr_touch(s, s->pen.y);
	s->wrap_pending = 0;
}

/* IL (n > 0) and DL (n < 0), inside the region only; cursor to col 0. */
static inline void scr_shift_lines(struct screen *s, int n)
{
	int y = s->pen.y;

	if (y < s->top || y > s->bot)
		return;
	if (n > 0)
		scr_scroll_down(s, y, s->bot, n);
	else
		scr_scroll_up(s, y, s->bot, -n);
	scr_goto(s, 0, y);
}

/* DECSTBM: 1-based rows, 0 meaning the edge; the cursor goes home. */
static inline void scr_set_region(struct screen *s, int top, int bot)
{
	top = top ? top - 1 : 0;
	bot = bot ? bot - 1 : s->rows - 1;
	if (bot > s->rows - 1)
		bot = s->rows - 1;
	if (top >= bot)
		return;
	s->top = top;
	s->bot = bot;
	scr_goto(s, 0, 0);
}

static inline void scr_save_cursor(struct screen *s)
{
	s->saved = s->pen;
}

static inline void scr_restore_cursor(struct screen *s)
{
	struct pen p = s->saved;

	scr_goto(s, p.x, p.y);	/* redraws the row the cursor leaves */
	p.x = s->pen.x;
	p.y = s->pen.y;
	s->pen = p;
}

static inline void scr_reset_pen(struct screen *s)
{
	s->pen.fg = COL_FG;
	s->pen.bg = COL_BG;
	s->pen.bold = s->pen.reverse = 0;
}

/* RIS: a blank screen, default attributes, the cursor home. */
static inline void scr_reset(struct screen *s)
{
	scr_reset_pen(s);
	s->top = 0;
	s->bot = s->rows - 1;
	s->autowrap = s->cursor_on = 1;
	scr_erase_display(s, 2);
	scr_goto(s, 0, 0);
	s->saved = s->pen;
}

static inline void scr_init(struct screen *s, int cols, int rows)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < TERM_LINES; i++)
		s->map[i] = (uint16_t)i;
	s->cols = scr_clamp(cols, 1, TERM_MAX_COLS);
	s->rows = scr_clamp(rows, 1, TERM_MAX_ROWS);
	scr_reset(s);
	for (int i = 0; i < s->rows; i++)
		scr_fill(scr_line(s, i), 0, TERM_MAX_COLS, scr_blank(s));
}

/*
 * A new window size. Content stays top-left, clipped or extended; if
 * the cursor's row would fall off the bottom, the top lines go to the
 * history instead, so the line being typed stays in view.
 */
static inline void scr_resize(struct screen *s, int cols, int rows)
{
	struct cell blank = cell_make(0, COL_FG, COL_BG, 0);
	int i, shift;

	cols = scr_clamp(cols, 1, TERM_MAX_COLS);
	rows = scr_clamp(rows, 1, TERM_MAX_ROWS);
	shift = s->pen.y - (rows - 1);
	if (shift > 0) {
		s->base = (s->base + shift) % TERM_LINES;
		s->hist += shift;
		s->pen.y -= shift;
		s->saved.y = s->saved.y > shift ? s->saved.y - shift : 0;
	}
	if (s->hist > TERM_LINES - rows)
		s->hist = TERM_LINES - rows;
	for (i = s->rows - (shift > 0 ? shift : 0); i < rows; i++)
		scr_fill(scr_line(s, i), 0, TERM_MAX_COLS, blank);
	if (cols > s->cols)
		for (i = 0; i < TERM_LINES; i++)
			scr_fill(s->cells[i], s->cols, cols, blank);
	s->cols = cols;
	s->rows = rows;
	s->top = 0;
	s->bot = rows - 1;
	s->view = scr_clamp(s->view, 0, s->hist);
	s->pen.x = scr_clamp(s->pen.x, 0, cols - 1);
	s->saved.x = scr_clamp(s->saved.x, 0, cols - 1);
	s->saved.y = scr_clamp(s->saved.y, 0, rows - 1);
	s->wrap_pending = 0;
	scr_touch_all(s);
}

/* Shift+PgUp / Shift+PgDn: move the view by n lines (up if n > 0). */
static inline void scr_scroll_view(struct screen *s, int n)
{
	int v = scr_clamp(s->view + n, 0, s->hist);

	if (v != s->view) {
		s->view = v;
		scr_touch_all(s);
	}
}

#endif

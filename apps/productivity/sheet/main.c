/*
 * sheet - a small spreadsheet: 8 columns (A-H) by 20 rows of cells, each
 * a number, some text, or a formula: "=" and then numbers, cells (A1,
 * b7), + - * / and brackets, and SUM(A1:C4) over a block (named by its
 * top left and bottom right cells). Numbers keep 3 decimal places (a
 * division or product drops the rest). A formula that reads
 * itself, through any chain, shows #CYCLE; one that does not parse
 * #ERR; a division by zero #DIV/0; text counts as 0.
 *
 * Keys: the arrows move, Home goes to A1; Enter edits the cell (typing
 * starts afresh), Enter again keeps it and moves down, an arrow keeps it
 * and moves its way, Escape drops the edit; Delete empties the cell. The sheet is saved in /data/sheet.txt
 * ("A1<tab>contents" lines) after every change, and read at start.
 *
 * On its console, once the frame shows it: "sheet: <cell> = <value>"
 * after each cell is changed - what its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"		/* wasi-libc's string functions are larger */

#define COLS 8
#define ROWS 20
#define CELLS (COLS * ROWS)
#define LEN 40			/* a cell's text, its NUL included */
#define CH 18			/* a grid row: the 'm' font and a line */
#define GRID (VY_UI_HEADER + VY_UI_ROW + 2 * VY_UI_UNIT)
#define LEFT 32

enum { KEY_ESC = 1, KEY_BACKSPACE = 14, KEY_ENTER = 28, KEY_HOME = 102,
       KEY_UP = 103, KEY_LEFT = 105, KEY_RIGHT = 106, KEY_DOWN = 108,
       KEY_DELETE = 111 };
/* A cell's state while the sheet is worked out; errors after OK. */
enum { TODO, BUSY, OK, TEXT, E_CYCLE, E_ERR, E_DIV };

static char cell[CELLS][LEN], edit[LEN];
static long long val[CELLS];		/* thousandths */
static unsigned char state[CELLS];
static int cur, editing, w = 600, h = 470;
static const char *p;			/* the formula being read */
static int err;				/* its first error */

static long long expr(void);
static void eval(int i);

static int upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A cell's name (A1..H20) at p: its index, or -1. */
static int ref(void)
{
	int c = upper(*p) - 'A', r = 0;

	if (c < 0 || c >= COLS || !digit(p[1]))
		return -1;
	for (p++; digit(*p); p++)
		r = r > ROWS ? r : r * 10 + *p - '0';
	return r >= 1 && r <= ROWS ? (r - 1) * COLS + c : -1;
}

/* A cell's value in a formula: its error becomes the formula's. */
static long long value_of(int i)
{
	if (i < 0) {
		err = err ? err : E_ERR;
		return 0;
	}
	eval(i);
	if (state[i] >= E_CYCLE && !err)
		err = state[i];
	return val[i];
}

static long long number(void)
{
	long long v = 0, scale = 1000;
	const char *start = p;

	while (digit(*p))
		v = v * 10 + *p++ - '0';
	if (*p == '.')
		for (p++; digit(*p); p++)
			if (scale /= 10)	/* past 3 places: dropped */
				v = v * 10 + *p - '0';
	for (; scale > 1; scale /= 10)
		v *= 10;
	if (p == start || (p == start + 1 && *start == '.'))
		err = err ? err : E_ERR;
	return v;
}

static int eat(char c)
{
	while (*p == ' ')
		p++;
	if (*p != c)
		return 0;
	p++;
	while (*p == ' ')
		p++;
	return 1;
}

static long long factor(void)
{
	long long v = 0;

	if (eat('-'))
		return -factor();
	if (eat('(')) {
		v = expr();
		if (!eat(')'))
			err = err ? err : E_ERR;
	} else if (!strncmp(p, "SUM(", 4) || !strncmp(p, "sum(", 4)) {
		int a, b;

		p += 4;
		a = ref();
		b = eat(':') ? ref() : -1;
		if (a < 0 || b < 0 || !eat(')'))
			return value_of(-1);
		for (int r = a / COLS; r <= b / COLS; r++)
			for (int c = a % COLS; c <= b % COLS; c++)
				v += value_of(r * COLS + c);
	} else if (upper(*p) >= 'A' && upper(*p) <= 'Z') {
		v = value_of(ref());
	} else {
		v = number();
	}
	while (*p == ' ')
		p++;
	return v;
}

static long long term(void)
{
	long long v = factor();

	for (;;) {
		if (eat('*')) {
			v = v * factor() / 1000;
		} else if (eat('/')) {
			long long d = factor();

			if (!d) {
				err = err ? err : E_DIV;
				return 0;
			}
			v = v * 1000 / d;
		} else {
			return v;
		}
	}
}

static long long expr(void)
{
	long long v = term();

	for (;;) {
		if (eat('+'))
			v += term();
		else if (eat('-'))
			v -= term();
		else
			return v;
	}
}

/* Works out cell i, once, and the cells it reads first. */
static void eval(int i)
{
	const char *saved = p;
	int outer = err;

	if (state[i] == BUSY)
		state[i] = E_CYCLE;
	if (state[i] != TODO)
		return;
	state[i] = BUSY;
	err = 0;
	p = cell[i] + (cell[i][0] == '=');
	val[i] = *p == '-' && cell[i][0] != '=' ? (p++, -number()) :
		 cell[i][0] == '=' ? expr() : number();
	if (*p)
		err = err ? err : E_ERR;
	if (cell[i][0] != '=' && err == E_ERR)	/* text: counts as 0 */
		err = TEXT;
	/* A cell in a cycle learns it from itself, read again. */
	state[i] = state[i] == E_CYCLE ? E_CYCLE : err ? err : OK;
	if (state[i] > OK)
		val[i] = 0;
	p = saved;
	err = outer;
}

static void eval_all(void)
{
	memset(state, TODO, sizeof(state));
	for (int i = 0; i < CELLS; i++)
		eval(i);
}

/* What cell i shows: its value, its error, or its text. */
static const char *shown(int i, char *buf)
{
	static const char *const errs[] = { "#CYCLE", "#ERR", "#DIV/0" };
	long long v = val[i];
	char *q = buf;
	int f;

	if (state[i] == TEXT)
		return cell[i];
	if (state[i] > TEXT)
		return errs[state[i] - E_CYCLE];
	if (v < 0) {
		*q++ = '-';
		v = -v;
	}
	q += vy_utoa(q, (uint64_t)(v / 1000));
	f = (int)(v % 1000);
	if (f) {
		vy_utoa(q, (uint64_t)(f + 1000));
		*q = '.';	/* over the 1 that kept the zeros */
		for (q += 3; *q == '0'; q--)
			*q = '\0';
	}
	return buf;
}

static void name_of(int i, char *s)
{
	s[0] = (char)('A' + i % COLS);
	vy_utoa(s + 1, (uint64_t)(i / COLS + 1));
}

static void draw(void)
{
	int cw = (w - LEFT - VY_UI_UNIT) / COLS;
	char s[24];

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Sheet");
	name_of(cur, s);
	vy_ui_label(VY_UI_UNIT, VY_UI_HEADER + VY_UI_UNIT, VY_UI_ROW,
		    VY_UI_DIM, s);
	vy_ui_field(LEFT + 16, VY_UI_HEADER + VY_UI_UNIT, w - LEFT - 24,
		    editing ? edit : cell[cur], editing ?
		    (int)strlen(edit) : -1, editing);
	vy_fill_rect(0, GRID, w, CH, VY_UI_SURFACE);
	vy_fill_rect(0, GRID, LEFT, (ROWS + 1) * CH, VY_UI_SURFACE);
	for (int c = 0; c < COLS; c++) {
		s[0] = (char)('A' + c);
		s[1] = '\0';
		vy_draw_text(LEFT + c * cw + cw / 2 - 4, GRID + 1, VY_UI_DIM,
			     'm', s);
		vy_fill_rect(LEFT + c * cw, GRID, 1, (ROWS + 1) * CH,
			     VY_UI_BORDER);
	}
	for (int i = 0; i < CELLS; i++) {
		int x = LEFT + i % COLS * cw, y = GRID + (i / COLS + 1) * CH;
		const char *t = shown(i, s);
		char cut[LEN];
		size_t n = strlen(t), fit = (size_t)(cw - 4) / VY_UI_CHAR_W;

		if (i % COLS == 0) {
			vy_utoa(cut, (uint64_t)(i / COLS + 1));
			vy_draw_text(4, y + 1, VY_UI_DIM, 'm', cut);
			vy_fill_rect(0, y, w, 1, VY_UI_BORDER);
		}
		if (i == cur)
			vy_fill_rect(x + 1, y + 1, cw - 1, CH - 1,
				     VY_UI_SELECT);
		memcpy(cut, t, n < fit ? n : fit);
		cut[n < fit ? n : fit] = '\0';
		vy_draw_text(x + 3, y + 1, state[i] > TEXT ? VY_UI_DANGER :
			     VY_UI_TEXT, 'm', cut);
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_DIM,
		    "Arrows move, Enter edit, =A1+SUM(B1:B4)");
	vy_flush();
}

static void save(void)
{
	static char buf[CELLS * (LEN + 5)];
	size_t len = 0;

	for (int i = 0; i < CELLS; i++) {
		size_t n = strlen(cell[i]);

		if (!n)
			continue;
		name_of(i, buf + len);
		len += strlen(buf + len);
		buf[len++] = '\t';
		memcpy(buf + len, cell[i], n);
		len += n;
		buf[len++] = '\n';
	}
	if (vy_data_replace("sheet.txt", buf, len))
		vy_print("sheet: cannot save /data/sheet.txt");
}

static void load(void)
{
	static char buf[CELLS * (LEN + 5) + 1];
	long len = vy_data_read("sheet.txt", buf, sizeof(buf) - 1);

	buf[len > 0 ? len : 0] = '\0';
	for (p = buf; *p;) {
		int i = ref();
		size_t n = 0;

		if (*p++ == '\t' && i >= 0)
			for (; *p && *p != '\n' && n < LEN - 1; p++)
				cell[i][n++] = *p;
		while (*p && *p++ != '\n')
			;
	}
}

/* Keeps text in the current cell, says what it is now, moves down. */
static void keep(const char *text)
{
	char s[24];

	memcpy(cell[cur], text, strlen(text) + 1);
	editing = 0;
	save();
	eval_all();
	draw();
	name_of(cur, s);
	vy_log("sheet: ");
	vy_log(s);
	vy_log(" = ");
	vy_print(shown(cur, s));
}

static void key(const struct vy_event *ev)
{
	int k = ev->keycode;
	size_t n = strlen(edit);

	/* An edit is kept by Enter, which moves down, or by an arrow, which
	 * moves its way, as other spreadsheets do: the edit once went on in
	 * the cell the arrow moved to. */
	if (editing && (k == KEY_ENTER || k == KEY_UP || k == KEY_DOWN ||
			k == KEY_LEFT || k == KEY_RIGHT)) {
		keep(edit);
		k += (KEY_DOWN - KEY_ENTER) * (k == KEY_ENTER);
	}
	if (editing && k == KEY_ESC) {
		editing = 0;
	} else if (editing && k == KEY_BACKSPACE) {
		if (n)
			edit[n - 1] = '\0';
	} else if (ev->codepoint >= 32 && ev->codepoint < 127) {
		if (!editing)
			n = 0;
		editing = 1;
		if (n < LEN - 1)
			edit[n++] = (char)ev->codepoint;
		edit[n] = '\0';
	} else if (k == KEY_ENTER) {
		editing = 1;
		memcpy(edit, cell[cur], LEN);
	} else if (k == KEY_DELETE) {
		keep("");
		return;
	} else if (k == KEY_HOME) {
		cur = 0;
	} else if (k == KEY_LEFT && cur % COLS) {
		cur--;
	} else if (k == KEY_RIGHT && cur % COLS < COLS - 1) {
		cur++;
	} else if (k == KEY_UP && cur >= COLS) {
		cur -= COLS;
	} else if (k == KEY_DOWN && cur + COLS < CELLS) {
		cur += COLS;
	}
	draw();
}

int main(void)
{
	load();
	eval_all();
	draw();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}

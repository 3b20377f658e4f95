/*
 * calculator - a four-function calculator window: a display (the
 * expression so far above the number being typed, or the result) and a
 * 4x5 grid of buttons. Keys and clicks do the same things.
 *
 * The expression is kept as numbers and the operators between them and
 * evaluated with the usual precedence (x and / before + and -) when = is
 * pressed. Numbers are doubles, shown with at most 12 significant digits,
 * so that 0.1 + 0.2 reads 0.3; there is no printf, so the conversions
 * both ways are written here.
 *
 * Keys: digits . + - * x / % = Enter; Backspace; Escape or C clears;
 * n or F9 changes the sign. % is a percentage of what comes before after
 * + or - (200 + 10% is 220), else hundredths (50 * 10% is 5).
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define MAX_TERMS 32
#define ENTRY_MAX 15		/* digits a person may type in one number */
#define NUM_MAX 24		/* fmt()'s longest number and its NUL */
#define EXPR_MAX (MAX_TERMS * (NUM_MAX + 4) + 4)
#define TOP (VY_UI_HEADER + 80)	/* the button grid's top */
#define GAP 4

#define KEY_F9 67

enum { TYPING, RESULT, ERROR };

static double vals[MAX_TERMS];
static char ops[MAX_TERMS];	/* ops[i] follows vals[i]: + - * / */
static int nterms;
static char entry[NUM_MAX];	/* the number being typed, as text */
static int entry_typed;		/* typed, not a result moved in */
static double result;
static int state;
static char last_expr[EXPR_MAX];	/* the expression = evaluated */
static int width = 264, height = 340, pressed = -1;
static char said[EXPR_MAX + NUM_MAX + 16];	/* printed once drawn */

/* The buttons, row by row, and the key each one stands for. */
static const char *const labels[20] = {
	"C", "<-", "%", "\xC3\xB7",
	"7", "8", "9", "\xC3\x97",
	"4", "5", "6", "-",
	"1", "2", "3", "+",
	"\xC2\xB1", "0", ".", "=",
};
static const char actions[] = "CB%/789*456-123+N0.=";

static double ten_to(int k)
{
	double p = 1;

	while (k-- > 0)
		p *= 10;	/* exact up to 1e22, near enough beyond */
	return p;
}

/* x scaled by 10^s and rounded to an integer. */
static uint64_t scaled(double x, int s)
{
	x = s < 0 ? x / ten_to(-s) : x * ten_to(s);
	return (uint64_t)(x + 0.5);
}

static char *put(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = '\0';
	return p;
}

/*
 * Writes x with at most 12 significant digits and no trailing zeros:
 * plain from 0.000001 to 999999999999, else as 1.5e20. Returns the end.
 * Beyond 1e100 is an error; below 1e-99 is 0.
 */
static char *fmt(char *p, double x)
{
	char d[24];
	uint64_t m = 0;
	int e = 0, i, nd = 12, tries;
	double y;

	if (x - x != 0 || x >= 1e100 || x <= -1e100)
		return put(p, "Error");
	if (x < 0) {
		*p++ = '-';
		x = -x;
	}
	if (x < 1e-99)
		return put(p, "0");
	/* A first guess at the decimal exponent, then corrected. */
	for (y = x; y >= 10; y /= 10)
		e++;
	for (; y < 1; y *= 10)
		e--;
	for (tries = 0; tries < 4; tries++) {
		m = scaled(x, 11 - e);
		if (m >= 1000000000000ull)
			e++;
		else if (m < 100000000000ull)
			e--;
		else
			break;
	}
	vy_utoa(d, m);
	while (nd > 1 && d[nd - 1] == '0')
		nd--;
	if (e >= 0 && e < 12) {
		for (i = 0; i <= e; i++)
			*p++ = d[i];
		if (nd > e + 1)
			*p++ = '.';
		for (; i < nd; i++)
			*p++ = d[i];
	} else if (e < 0 && e >= -6) {
		p = put(p, "0.");
		for (i = -1; i > e; i--)
			*p++ = '0';
		for (i = 0; i < nd; i++)
			*p++ = d[i];
	} else {
		*p++ = d[0];
		if (nd > 1)
			*p++ = '.';
		for (i = 1; i < nd; i++)
			*p++ = d[i];
		p = put(p, e < 0 ? "e-" : "e");
		p += vy_utoa(p, (uint64_t)(e < 0 ? -e : e));
	}
	*p = '\0';
	return p;
}

/* The value of a number as fmt() writes it or a person types it. */
static double parse(const char *s)
{
	double m = 0, p = 1;
	int neg = *s == '-', dot = 0, e = 0, eneg;

	s += neg;
	for (; *s && *s != 'e'; s++) {
		if (*s == '.') {
			dot = 1;
			continue;
		}
		m = m * 10 + (*s - '0');
		p *= dot ? 10 : 1;
	}
	/* One division by an exact power of ten: correctly rounded. */
	if (*s == 'e') {
		eneg = *++s == '-';
		s += eneg;
		while (*s >= '0' && *s <= '9' && e < 400)
			e = e * 10 + *s++ - '0';
		if (eneg)
			p *= ten_to(e);
		else
			m *= ten_to(e);
	}
	m /= p;
	return neg ? -m : m;
}

/*
 * The first count numbers with the operators between them; ascii for the
 * log (2+3*4), else as shown (2 + 3 × 4), with a trailing operator when
 * trailing is set.
 */
static void expression(char *buf, int count, int ascii, int trailing)
{
	static const char *const shown[] = {
		" + ", " - ", " \xC3\x97 ", " \xC3\xB7 ",
	};
	char *p = buf;
	int i;

	*p = '\0';
	for (i = 0; i < count; i++) {
		char op[2] = { ops[i], 0 };

		p = fmt(p, vals[i]);
		if (i == count - 1 && !trailing)
			break;
		p = put(p, ascii ? op : shown[strchr("+-*/", ops[i]) -
						"+-*/"]);
	}
}

/* Products and quotients first, then sums: 2+3*4 is 14. */
static int evaluate(int count, double *out)
{
	double sum = 0, term = vals[0], sign = 1;
	int i;

	for (i = 1; i < count; i++) {
		char op = ops[i - 1];

		if (op == '*') {
			term *= vals[i];
		} else if (op == '/') {
			if (vals[i] == 0)
				return -1;
			term /= vals[i];
		} else {
			sum += sign * term;
			sign = op == '-' ? -1 : 1;
			term = vals[i];
		}
	}
	*out = sum + sign * term;
	return *out - *out != 0 || *out >= 1e100 || *out <= -1e100 ? -1 : 0;
}

static void clear_all(void)
{
	nterms = 0;
	entry[0] = '\0';
	state = TYPING;
}

/*
 * Evaluates, and says so on the console ("calculator: 2+3*4 = 14") once
 * the result is on the screen.
 */
static void equals(void)
{
	int count = nterms;
	char *p;

	if (entry[0])
		vals[count++] = parse(entry);
	if (count == 0 || state != TYPING)
		return;
	expression(last_expr, count, 0, 0);
	put(last_expr + strlen(last_expr), " =");
	state = evaluate(count, &result) ? ERROR : RESULT;
	p = put(said, "calculator: ");
	expression(p, count, 1, 0);
	p = put(p + strlen(p), " = ");
	if (state == ERROR)
		put(p, "Error");
	else
		fmt(p, result);
	nterms = 0;
	entry[0] = '\0';
}

static void operator(char op)
{
	if (state == ERROR)
		return;
	if (state == RESULT) {
		vals[0] = result;
		nterms = 1;
		state = TYPING;
	} else if (entry[0] || nterms == 0) {
		if (nterms == MAX_TERMS - 1)
			return;
		vals[nterms++] = parse(entry);
		entry[0] = '\0';
	}
	ops[nterms - 1] = op;	/* a second operator replaces the first */
}

/* A result (or nothing) becomes the number being typed, to change it. */
static void take_result(void)
{
	if (state == TYPING)
		return;
	if (state == RESULT)
		fmt(entry, result);
	else
		entry[0] = '\0';
	nterms = 0;
	state = TYPING;
	entry_typed = 0;
}

static void digit(char c)
{
	size_t n, digits = 0;

	if (state != TYPING)
		clear_all();
	if (!entry_typed)
		entry[0] = '\0';
	entry_typed = 1;
	n = strlen(entry);
	for (size_t i = 0; i < n; i++)
		digits += entry[i] >= '0' && entry[i] <= '9';
	if (c == '.' ? strchr(entry, '.') != NULL : digits >= ENTRY_MAX)
		return;
	if (c == '.' && (n == 0 || (n == 1 && entry[0] == '-')))
		entry[n++] = '0';
	if (n == 1 && entry[0] == '0' && c != '.')
		n = 0;	/* no leading zeros */
	entry[n++] = c;
	entry[n] = '\0';
}

/*
 * x% as desktop calculators have it: after + or -, x percent of what
 * comes before (200 + 10% is 200 + 20), else x hundredths (50 * 10% is
 * 50 * 0.1).
 */
static void percent(void)
{
	double base = 1;
	char op = nterms ? ops[nterms - 1] : 0;

	/* what comes before failing (1/0 + 10%): hundredths, as after * */
	if ((op == '+' || op == '-') && evaluate(nterms, &base))
		base = 1;
	fmt(entry, base * parse(entry) / 100);
}

static void act(char a)
{
	size_t n;

	if ((a >= '0' && a <= '9') || a == '.') {
		digit(a);
	} else if (strchr("+-*/", a)) {
		operator(a);
	} else if (a == '=') {
		equals();
	} else if (a == 'C') {
		clear_all();
	} else if (a == 'B') {
		if (state != TYPING)
			clear_all();
		n = entry_typed ? strlen(entry) : 0;
		entry[n ? n - 1 : 0] = '\0';
		if (n == 2 && entry[0] == '-')
			entry[0] = '\0';
	} else if (a == 'N' || a == '%') {
		take_result();
		if (!entry[0])
			return;
		if (a == '%') {
			percent();
		} else if (entry[0] == '-') {
			memmove(entry, entry + 1, strlen(entry));
		} else if (strlen(entry) < NUM_MAX - 1) {
			memmove(entry + 1, entry, strlen(entry) + 1);
			entry[0] = '-';
		}
	}
}

/* Where button i is: 4 columns, 5 rows under the display. */
static void button_box(int i, int *x, int *y, int *bw, int *bh)
{
	*bw = (width - 2 * VY_UI_UNIT - 3 * GAP) / 4;
	*bh = (height - TOP - VY_UI_UNIT - 4 * GAP) / 5;
	*x = VY_UI_UNIT + i % 4 * (*bw + GAP);
	*y = TOP + i / 4 * (*bh + GAP);
}

static int button_at(int px, int py)
{
	int i, x, y, bw, bh;

	for (i = 0; i < 20; i++) {
		button_box(i, &x, &y, &bw, &bh);
		if (vy_ui_in(x, y, bw, bh, px, py))
			return i;
	}
	return -1;
}

/* Characters in UTF-8 text: × and ÷ take two bytes, one cell. */
static int chars(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += (*s & 0xC0) != 0x80;
	return n;
}

/* Text right-aligned at the display's edge, large if it fits. */
static void display_text(int y, uint32_t rgba, const char *text, int large)
{
	int room = width - 4 * VY_UI_UNIT, n = chars(text);

	if (large && n * 16 <= room) {
		vy_draw_text(width - 2 * VY_UI_UNIT - n * 16, y, rgba, 'l',
			     text);
		return;
	}
	/*
	 * The end of a long expression is the part worth seeing; cut whole
	 * characters only (half of one is not UTF-8, and the line would be
	 * refused).
	 */
	while (n > 0 && n * VY_UI_CHAR_W > room) {
		do
			text++;
		while ((*text & 0xC0) == 0x80);
		n--;
	}
	vy_draw_text(width - 2 * VY_UI_UNIT - n * VY_UI_CHAR_W,
		     y + (large ? 8 : 0), rgba, 'm', text);
}

static void draw(void)
{
	static char top[EXPR_MAX], big[NUM_MAX];
	int i, x, y, bw, bh;

	vy_fill_rect(0, 0, width, height, VY_UI_BG);
	vy_ui_header(width, "Calculator");
	vy_fill_rect(VY_UI_UNIT, VY_UI_HEADER + VY_UI_UNIT,
		     width - 2 * VY_UI_UNIT, 64, VY_UI_SURFACE);
	if (state == TYPING)
		expression(top, nterms, 0, 1);
	else
		memcpy(top, last_expr, sizeof(top));
	if (state == RESULT)
		fmt(big, result);
	else if (entry[0])
		memcpy(big, entry, sizeof(big));
	else
		fmt(big, nterms ? vals[nterms - 1] : 0);
	display_text(VY_UI_HEADER + 12, VY_UI_DIM, top, 0);
	display_text(VY_UI_HEADER + 32, state == ERROR ? VY_UI_DANGER :
		     VY_UI_TEXT, state == ERROR ? "Error" : big, 1);
	for (i = 0; i < 20; i++) {
		button_box(i, &x, &y, &bw, &bh);
		vy_ui_button(x, y, bw, bh, labels[i], i == pressed ?
			     VY_UI_HOT : actions[i] == '=' ? VY_UI_PRIMARY :
			     VY_UI_NORMAL);
	}
	vy_flush();
}

/* The action a key stands for, or 0. */
static char key_action(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint;

	if (ev->keycode == KEY_F9 || c == 'n' || c == 'N')
		return 'N';
	if (c == '\n' || c == '\r')
		return '=';
	if (c == 8)
		return 'B';
	if (c == 27 || c == 127 || c == 'c' || c == 'C')
		return 'C';
	if (c == 'x' || c == 'X')
		return '*';
	if (c == ',')
		return '.';
	return c && c < 128 && strchr(actions, (int)c) ? (char)c : 0;
}

/* main's result is constant, so wasm-opt drops libc's exit path. */
__attribute__((noinline)) static void run(void)
{
	struct vy_event ev;

	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		int was = pressed;
		char a = 0;

		if (ev.type == VY_EV_RESIZE) {
			width = ev.w;
			height = ev.h;
		} else if (ev.type == VY_EV_KEY) {
			a = key_action(&ev);
			pressed = -1;
			if (ev.down && a)
				pressed = (int)(strchr(actions, a) - actions);
			else if (ev.down || was < 0)
				continue;
			a = ev.down ? a : 0;
		} else if (ev.type == VY_EV_POINTER) {
			if (ev.action == VY_PTR_DOWN) {
				pressed = button_at(ev.x, ev.y);
				a = pressed >= 0 ? actions[pressed] : 0;
			} else if (ev.action == VY_PTR_UP) {
				pressed = -1;
			}
			if (pressed == was)
				continue;
		} else {
			continue;
		}
		if (a)
			act(a);
		draw();
		if (said[0])
			vy_print(said);
		said[0] = '\0';
	}
}

int main(void)
{
	run();
	return 0;
}

/*
 * pcalc - a programmer's calculator: an expression of 64-bit unsigned
 * integers (decimal, 0x hex, 0o octal, 0b binary) and the operators
 * + - * / % & | ^ ~ << >> with C's precedence and parentheses is typed,
 * Enter evaluates it, and the result is shown in hex, decimal (and
 * signed, when the top bit is set), octal and binary at once. Arithmetic
 * wraps at 2^64; a shift by 64 or more gives 0; "ans" is the last result.
 *
 * Keys: type the expression, Backspace, Left/Right, Enter evaluates,
 * Escape clears the field.
 *
 * Logs after the frame shows it: "pcalc: = DEC" for a result,
 * "pcalc: error WHY at COLUMN" for a bad expression.
 */
#include "vyoma_ui.h"

#define MAX_EXPR 70
#define FIELD_Y (VY_UI_HEADER + VY_UI_UNIT)
#define OUT_Y (FIELD_Y + VY_UI_ROW + VY_UI_UNIT)

enum { K_BACK = 14, K_ENTER = 28, K_ESC = 1, K_LEFT = 105, K_RIGHT = 106 };

static int w = 632, h = 248, len, cur;
static char expr[MAX_EXPR + 1];
static uint64_t ans;
static const char *q, *bad;	/* the parse position; the error, if any */
static char msg[48] = "Type an expression, Enter for its value";

/* v in base b (2 to 16) at s, a space every group digits; the end. */
static char *put(char *s, uint64_t v, unsigned b, int group)
{
	char tmp[80];
	int n = 0;

	do {
		if (group && n % (group + 1) == group)
			tmp[n++] = ' ';
		tmp[n++] = "0123456789abcdef"[v % b];
		v /= b;
	} while (v);
	while (n)
		*s++ = tmp[--n];
	*s = 0;
	return s;
}

static void fail(const char *why)
{
	if (!bad)
		bad = why;
}

static void blanks(void)
{
	while (*q == ' ')
		q++;
}

static uint64_t expr_at(int min);

static uint64_t primary(void)
{
	uint64_t v = 0;
	unsigned b = 10, d;
	int any = 0;

	blanks();
	if (*q == '(') {
		q++;
		v = expr_at(1);
		blanks();
		if (*q != ')')
			fail("')' expected");
		q++;
		return v;
	}
	if (*q == '~' || *q == '-' || *q == '+') {
		char op = *q++;

		v = primary();
		return op == '~' ? ~v : op == '-' ? -v : v;
	}
	if (!strncmp(q, "ans", 3)) {
		q += 3;
		return ans;
	}
	if (*q == '0' && (q[1] | 32) == 'x')
		b = 16, q += 2;
	else if (*q == '0' && (q[1] | 32) == 'o')
		b = 8, q += 2;
	else if (*q == '0' && (q[1] | 32) == 'b')
		b = 2, q += 2;
	for (;; q++, any = 1) {
		d = *q >= '0' && *q <= '9' ? (unsigned)(*q - '0') :
		    (*q | 32) >= 'a' && (*q | 32) <= 'f' ?
		    (unsigned)((*q | 32) - 'a' + 10) : 99;
		if (d >= b)
			break;
		if (v > (UINT64_MAX - d) / b)
			fail("number too big");
		v = v * b + d;
	}
	if (!any)
		fail("number expected");
	return v;
}

/* The operator at q: its precedence (C's order; 0 if none), its length. */
static int prec(int *n)
{
	static const char ops[] = "|^&<>+-*/%";
	static const char lv[] = { 1, 2, 3, 4, 4, 5, 5, 6, 6, 6 };
	const char *o = *q ? strchr(ops, *q) : 0;

	*n = 1;
	if (!o)
		return 0;
	if (*q == '<' || *q == '>') {
		if (q[1] != *q)
			return 0;
		*n = 2;
	}
	return lv[o - ops];
}

static uint64_t expr_at(int min)
{
	uint64_t a = primary(), b;
	int p, n;

	for (;;) {
		char op;

		blanks();
		p = prec(&n);
		if (!p || p < min || bad)
			return a;
		op = *q;
		q += n;
		b = expr_at(p + 1);
		if ((op == '/' || op == '%') && !b) {
			fail("division by zero");
			return 0;
		}
		a = op == '|' ? a | b : op == '^' ? a ^ b : op == '&' ? a & b :
		    op == '<' ? (b > 63 ? 0 : a << b) :
		    op == '>' ? (b > 63 ? 0 : a >> b) :
		    op == '+' ? a + b : op == '-' ? a - b : op == '*' ? a * b :
		    op == '/' ? a / b : a % b;
	}
}

static void row(int i, const char *label, const char *text)
{
	int y = OUT_Y + i * VY_UI_ROW;

	vy_ui_label(VY_UI_UNIT, y, VY_UI_ROW, VY_UI_DIM, label);
	vy_ui_label(VY_UI_UNIT + 5 * VY_UI_CHAR_W, y, VY_UI_ROW, VY_UI_TEXT,
		    text);
}

static void draw(void)
{
	char s[90], *e;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Programmer's calculator");
	vy_ui_field(VY_UI_UNIT, FIELD_Y, w - 2 * VY_UI_UNIT, expr, cur, 1);
	put(s, ans, 16, 4);
	row(0, "HEX", s);
	e = put(s, ans, 10, 0);
	if ((int64_t)ans < 0) {
		memcpy(e, "  (-", 4);
		e = put(e + 4, -ans, 10, 0);
		memcpy(e, ")", 2);
	}
	row(1, "DEC", s);
	put(s, ans, 8, 0);
	row(2, "OCT", s);
	put(s, ans, 2, 8);
	row(3, "BIN", s);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW,
		    bad ? VY_UI_DANGER : VY_UI_DIM, msg);
	vy_flush();
}

static void evaluate(void)
{
	uint64_t v;

	q = expr;
	bad = 0;
	v = expr_at(1);
	blanks();
	if (*q && !bad)
		bad = *q == ')' ? "unbalanced ')'" : "operator expected";
	if (bad) {
		char *e = msg + strlen(bad);

		memcpy(msg, bad, strlen(bad));
		memcpy(e, " at column ", 11);
		put(e + 11, (uint64_t)(q - expr + 1), 10, 0);
		draw();
		vy_log("pcalc: error ");
		vy_print(msg);
		return;
	}
	ans = v;
	memcpy(msg, "= ", 2);
	put(msg + 2, v, 10, 0);
	draw();
	vy_log("pcalc: ");
	vy_print(msg);
}

int main(void)
{
	struct vy_event ev;

	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		int k = ev.keycode;
		uint32_t c = ev.codepoint;

		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
		} else if (ev.type != VY_EV_KEY || !ev.down ||
			   ev.mods & (VY_MOD_CTRL | VY_MOD_ALT)) {
			continue;
		} else if (k == K_ENTER) {
			evaluate();
			continue;
		} else if (k == K_ESC) {
			len = cur = 0;
		} else if (k == K_BACK && cur) {
			memmove(expr + cur - 1, expr + cur,
				(size_t)(len - cur + 1));
			len--;
			cur--;
		} else if (k == K_LEFT || k == K_RIGHT) {
			cur += k == K_LEFT ? -(cur > 0) : cur < len;
		} else if (c >= 32 && c < 127 && len < MAX_EXPR) {
			memmove(expr + cur + 1, expr + cur,
				(size_t)(len - cur + 1));
			expr[cur++] = (char)c;
			len++;
		} else {
			continue;
		}
		expr[len] = 0;
		draw();
	}
	return 0;
}

#include "vyoma_tiny.h"

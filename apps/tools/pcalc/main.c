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
#include "vyoma_tiny.h"

#define MAX_EXPR 70
#define FIELD_Y (VY_UI_HEADER + VY_UI_UNIT)
#define OUT_Y (FIELD_Y + VY_UI_ROW + VY_UI_UNIT)

enum { K_BACK = 14, K_ENTER = 28, K_ESC = 1, K_LEFT = 105, K_RIGHT = 106 };

static int w = 632, h = 248, len, cur;
/* Two NULs to spare: memcmp(q, "ans", 3) may read 2 bytes past the end. */
static char expr[MAX_EXPR + 3];
static uint64_t ans;
static const char *q, *bad;	/* the parse position; the error, if any */
static char msg[48] = "Type an expression, Enter for its value";

static const char digits[] = "0123456789abcdef";

#define NONE 64	/* no place of a 64-bit number but 0 is a multiple of it */

/*
 * v in base b (2 to 16) at s, its last digit in the given place (0: the
 * units), a space after each place that is a multiple of group but 0
 * (NONE: no spaces); returns the end, where it puts a NUL.
 */
static char *put(char *s, uint64_t v, unsigned b, unsigned group,
		 unsigned place)
{
	if (v >= b)	/* the higher digits first */
		s = put(s, v / b, b, group, place + 1);
	*s++ = digits[v % b];
	if (place && !(place % group))
		*s++ = ' ';
	*s = 0;
	return s;
}

/* Not inlined: a call is shorter than a copy at each of its callers. */
static __attribute__((noinline)) void fail(const char *why)
{
	if (!bad)
		bad = why;
}

static void blanks(void)
{
	while (*q == ' ')
		q++;
}

/* A number: decimal, or 0x hex, 0o octal, 0b binary. */
static uint64_t number(void)
{
	const char *s = q, *start, *digit;
	uint64_t v = 0, next;
	unsigned b = 10;

	if (*s == '0') {
		/* 0x, 0o or 0b: the letter after the 0 picks the base */
		static const char letter[] = "xob", base[] = { 16, 8, 2 };
		const char *l = strchr(letter, s[1] | 32);

		if (l) {
			b = (unsigned)base[l - letter];
			s += 2;
		}
	}
	/*
	 * | 32 folds A-F to a-f; no typed character folds to a digit. Only
	 * the base's first b digits are searched.
	 */
	for (start = s; (digit = memchr(digits, *s | 32, b)); s++) {
		/* if v * b plus the digit wraps, what is left / b is below v */
		next = v * b + (unsigned)(digit - digits);
		if (next / b != v)
			fail("number too big");
		v = next;
	}
	if (s == start)
		fail("number expected");
	q = s;
	return v;
}

/*
 * The binary operators, in the order of enum op, and their precedence
 * levels (1 for |), three bits each from the lowest: a constant is
 * shorter than a table.
 */
static const char ops[] = "|^&<>+-*/%";
#define LEVELS 06665544321u
enum op { OR, XOR, AND, SHL, SHR, ADD, SUB, MUL, DIV, MOD };
#define UNARY 7	/* above every binary operator's level */

/*
 * The expression at q whose operators bind at least as tightly as min
 * (C's precedence: 1 for |, up to UNARY for an operand alone).
 */
static uint64_t expr_at(int min)
{
	uint64_t a, b;
	const char *o;
	int op, shift, level;
	char first;

	blanks();
	first = *q;
	if (memchr("(~-+", first, 4)) {	/* a bracket or a unary operator */
		q++;
		a = expr_at(first == '(' ? 1 : UNARY);
		if (first != '(') {
			if (first != '+')	/* -a is ~a + 1 */
				a = ~a + (first == '-');
		} else if (*q == ')') {	/* expr_at stops on a non-blank */
			q++;
		} else {
			/* and q stays: past the NUL it would leave expr */
			fail("')' expected");
		}
	} else if (!memcmp(q, "ans", 3)) {
		q += 3;
		a = ans;
	} else {
		a = number();
	}
	for (;;) {
		blanks();
		o = memchr(ops, *q, sizeof(ops) - 1);
		if (!o || bad)
			return a;
		op = (int)(o - ops);
		shift = op == SHL || op == SHR;	/* << and >> are 2 long */
		level = LEVELS >> 3 * op & 7;
		/* q[0] is *q: only a lone < or > fails the second test */
		if (level < min || q[shift] != *q)
			return a;
		q += 1 + shift;
		b = expr_at(level + 1);
		if (op >= DIV && !b) {
			fail("division by zero");
			return a;	/* any value: bad discards it */
		}
		a = op == OR ? a | b : op == XOR ? a ^ b : op == AND ? a & b :
		    op == SHL ? (b > 63 ? 0 : a << b) :
		    op == SHR ? (b > 63 ? 0 : a >> b) :
		    op == ADD ? a + b : op == SUB ? a - b : op == MUL ? a * b :
		    op == DIV ? a / b : a % b;
	}
}

static void draw(void)
{
	/* The four bases; binary in groups of 8, hex of 4 digits */
	static const struct {
		char label[4], base;
		signed char group;
	} rows[] = {
		{ "HEX", 16, 4 }, { "DEC", 10, NONE },
		{ "OCT", 8, NONE }, { "BIN", 2, 8 },
	};
	char s[90], *e;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Programmer's calculator");
	vy_ui_field(VY_UI_UNIT, FIELD_Y, w - 2 * VY_UI_UNIT, expr, cur, 1);
	for (int i = 0; i < 4; i++) {
		int y = OUT_Y + i * VY_UI_ROW;

		e = put(s, ans, rows[i].base, rows[i].group, 0);
		if (rows[i].base == 10 && (int64_t)ans < 0) {
			memcpy(e, "  (-", 4);
			e = put(e + 4, -ans, 10, NONE, 0);
			memcpy(e, ")", 2);
		}
		vy_ui_label(VY_UI_UNIT, y, VY_UI_ROW, VY_UI_DIM, rows[i].label);
		vy_ui_label(VY_UI_UNIT + 5 * VY_UI_CHAR_W, y, VY_UI_ROW,
			    VY_UI_TEXT, s);
	}
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
	if (*q)
		fail(*q == ')' ? "unbalanced ')'" : "operator expected");
	if (bad) {
		put(stpcpy(stpcpy(msg, bad), " at column "),
		    (uint64_t)(q - expr + 1), 10, NONE, 0);
	} else {
		ans = v;
		memcpy(msg, "= ", 2);
		put(msg + 2, v, 10, NONE, 0);
	}
	draw();
	vy_log("pcalc: ");
	if (bad)
		vy_log("error ");
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
			len = cur = *expr = 0;
		} else if (k == K_LEFT || k == K_RIGHT) {
			cur += (k == K_RIGHT && cur < len) -
			       (k == K_LEFT && cur > 0);
		} else if (k == K_BACK ? cur > 0 :
			   c >= 32 && c < 127 && len < MAX_EXPR) {
			/* the text from the cursor on moves left or right */
			int step = k == K_BACK ? -1 : 1;

			memmove(expr + cur + step, expr + cur,
				(size_t)(len - cur + 1));
			len += step;
			cur += step;
			if (step > 0)
				expr[cur - 1] = (char)c;
		} else {
			continue;
		}
		draw();
	}
	return 0;
}


/*
 * plot - a function plotter: type y = f(x) and press Enter.
 *
 * Expressions: numbers (12, 0.5), x, + - * / ^ (an integer power),
 * unary minus, parentheses, sin(...) and cos(...) in radians. The view
 * is x from -10 to 10 and y from -7.5 to 7.5, 16 pixels a unit, origin
 * in the middle; each pixel column gets the curve's point (joined to the
 * previous one so steep parts stay unbroken). Backspace edits, Escape
 * clears, Enter plots.
 *
 * Logged once the frame shows it (its test waits for this):
 * "plot: y = <expr> points <columns drawn>" or "plot: error <why> at
 * <column> in <expr>" for an expression it cannot read.
 */
#include "vyoma_ui.h"
#include "vyoma_math.h"
#include "vyoma_tiny.h"

#define PW 320
#define PH 240
#define PX VY_UI_UNIT
#define PY (VY_UI_HEADER + VY_UI_UNIT + VY_UI_ROW + VY_UI_UNIT)
#define UNIT 16
#define MAXLEN 38

static int w = PX * 2 + PW, h = PY + PH + VY_UI_UNIT + VY_UI_ROW;
static char expr[MAXLEN + 1], msg[64];
static int len, plotted, err_at;
static const char *p, *err;
static double xv;

static double sum(void);

static void skip(void)
{
	while (*p == ' ')
		p++;
}

static void fail(const char *why)
{
	if (!err) {
		err = why;
		err_at = (int)(p - expr);
	}
}

static int eat(char c)
{
	skip();
	if (*p != c)
		return 0;
	p++;
	return 1;
}

/* vy_sin of what the user typed: a far-off angle would trap it. */
static double sine(double a)
{
	if (!(a > -1e9 && a < 1e9))
		return __builtin_nan("");	/* no angle to speak of */
	return vy_sin(a);
}

static double unary(void);

static double atom(void)
{
	double v = 0;

	skip();
	if (*p >= '0' && *p <= '9') {
		double f = 0;

		for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
			if (*p == '.' && f)
				break;	/* a second point ends the number */
			if (*p == '.')
				f = 1;
			else if (f)
				v += (*p - '0') * (f /= 10);
			else
				v = v * 10 + (*p - '0');
		}
		return v;
	}
	if (*p == 'x') {
		p++;
		return xv;
	}
	if (!strncmp(p, "sin", 3) || !strncmp(p, "cos", 3)) {
		int c = *p == 'c';

		p += 3;
		if (!eat('('))
			fail("( expected");
		v = sum();
		if (!eat(')'))
			fail(") expected");
		return sine(c ? v + VY_PI / 2 : v);
	}
	if (eat('(')) {
		v = sum();
		if (!eat(')'))
			fail(") expected");
		return v;
	}
	fail(*p ? "unexpected character" : "number or x expected");
	return 0;
}

static double power(void)
{
	double b = atom(), r = 1, e;
	int n;

	if (!eat('^'))
		return b;
	e = unary();
	/* (int) of a value out of range would trap: such powers are NaN */
	if (!(e > -1000 && e < 1000))
		return __builtin_nan("");
	n = (int)e;
	for (int i = n < 0 ? -n : n; i > 0 && i < 1000; i--)
		r *= b;
	return n < 0 ? 1 / r : r;
}

static double unary(void)
{
	return eat('-') ? -unary() : power();
}

static double product(void)
{
	double v = unary();

	for (;;) {
		if (eat('*'))
			v *= unary();
		else if (eat('/'))
			v /= unary();
		else
			return v;
	}
}

static double sum(void)
{
	double v = product();

	for (;;) {
		if (eat('+'))
			v += product();
		else if (eat('-'))
			v -= product();
		else
			return v;
	}
}

/* f(x), or err set when the text is not an expression. */
static double eval(double x)
{
	double v;

	xv = x;
	p = expr;
	err = NULL;
	v = sum();
	skip();
	if (*p)
		fail("unexpected character");
	return v;
}

static void draw(void)
{
	int prev = -1;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Plot");
	vy_draw_text(PX, VY_UI_HEADER + VY_UI_UNIT + 4, VY_UI_DIM, 'm', "y=");
	vy_ui_field(PX + 24, VY_UI_HEADER + VY_UI_UNIT, PW - 24, expr, len, 1);
	vy_fill_rect(PX, PY, PW, PH, VY_UI_SURFACE);
	vy_fill_rect(PX, PY + PH / 2, PW, 1, VY_UI_BORDER);
	vy_fill_rect(PX + PW / 2, PY, 1, PH, VY_UI_BORDER);
	for (int c = 0; plotted && c < PW; c++) {
		double v = eval((double)(c - PW / 2) / UNIT) * UNIT;
		int y;

		/* NaN, infinities and far-off points leave a gap */
		if (!(v > -1e6 && v < 1e6)) {
			prev = -1;
			continue;
		}
		y = PH / 2 - (int)(v < 0 ? v - 0.5 : v + 0.5);
		if (y < 0 || y >= PH) {
			prev = -1;
			continue;
		}
		if (prev < 0)
			prev = y;
		vy_fill_rect(PX + c, PY + (prev < y ? prev : y), 1,
			     (prev < y ? y - prev : prev - y) + 1,
			     VY_UI_ACCENT);
		prev = y;
		plotted++;
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW,
		    err ? VY_UI_DANGER : VY_UI_DIM,
		    err ? msg : "Enter plots  x: -10..10");
	vy_flush();
}

static void run(void)
{
	char *m = msg;

	plotted = 0;
	eval(0);
	if (err) {
		memcpy(m, "error ", 6);
		m += 6;
		memcpy(m, err, strlen(err));
		m += strlen(err);
		memcpy(m, " at ", 4);
		vy_utoa(m + 4, (uint64_t)err_at + 1);
		draw();
		vy_log("plot: ");
		vy_log(msg);
		vy_log(" in ");
		vy_print(expr);
		return;
	}
	plotted = 1;
	draw();
	vy_log("plot: y = ");
	vy_log(expr);
	vy_log(" points ");
	vy_log_num((uint64_t)plotted - 1);
	vy_print("");
}

int main(void)
{
	struct vy_event ev;

	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
		} else if (ev.type != VY_EV_KEY || !ev.down) {
			continue;
		} else if (ev.keycode == VY_KEY_ENTER) {
			run();
			continue;
		} else if (!vy_ui_edit_key(expr, &len, MAXLEN, &ev)) {
			continue;
		}
		err = NULL;
		plotted = 0;	/* the curve was of the old text */
		draw();
	}
	return 0;
}

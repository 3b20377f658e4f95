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
/* Two NULs to spare: memcmp(p, "sin", 3) may read 2 bytes past the end. */
static char expr[MAXLEN + 3], msg[64];
static int len, plotted;
static const char *p, *err, *err_at;	/* the parse position; an error */
static double xv;

static double sum(void);

static void skip(void)
{
	while (*p == ' ')
		p++;
}

/* Not inlined: a call is shorter than a copy at each of its callers. */
static __attribute__((noinline)) void fail(const char *why)
{
	if (!err) {
		err = why;
		err_at = p;
	}
}

static int eat(int c)
{
	int hit;

	skip();
	hit = *p == c;
	p += hit;
	return hit;
}

/* vy_sin of what the user typed: a far-off angle would trap it. */
static double sine(double a)
{
	if (!(__builtin_fabs(a) < 1e9))
		return __builtin_nan("");	/* no angle to speak of */
	return vy_sin(a);
}

static double unary(void);

static double atom(void)
{
	double v = 0;
	char fn;

	if (eat('x'))
		return xv;
	if (*p >= '0' && *p <= '9') {
		double f = 0;

		/*
		 * f: 0 before the point, then the place of the next digit;
		 * a second point ends the number.
		 */
		for (;; p++) {
			unsigned d = (unsigned)(*p - '0');

			if (*p == '.' && !f)
				f = 1;
			else if (d > 9)
				return v;
			else if (f)
				v += d * (f /= 10);
			else
				v = v * 10 + d;
		}
	}
	/* sin(...), cos(...) and (...): what differs is what is done after */
	fn = !memcmp(p, "sin", 3) ? 's' : !memcmp(p, "cos", 3) ? 'c' : 0;
	if (fn) {
		p += 3;
		if (!eat('('))
			fail("( expected");
	} else if (!eat('(')) {
		fail(*p ? "unexpected character" : "number or x expected");
		return 0;
	}
	v = sum();
	if (!eat(')'))
		fail(") expected");
	return !fn ? v : sine(fn == 'c' ? v + VY_PI / 2 : v);
}

static double power(void)
{
	double b = atom(), r = 1, e;
	int n;

	if (!eat('^'))
		return b;
	e = unary();
	/*
	 * (int) of a value out of range would trap, and a huge power takes
	 * long: such powers are NaN.
	 */
	if (!(__builtin_fabs(e) < 1000))
		return __builtin_nan("");
	n = (int)e;
	for (int i = n < 0 ? -n : n; i > 0; i--)
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

		/*
		 * v rounded half away from zero; NaN, infinities and points
		 * off the view leave a gap.
		 */
		y = __builtin_fabs(v) < 1e6 ?
		    PH / 2 - (int)(v + __builtin_copysign(0.5, v)) : -1;
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
	plotted = 0;
	eval(0);
	if (err) {
		char *m = stpcpy(stpcpy(msg, "error "), err);

		memcpy(m, " at ", 4);
		vy_utoa(m + 4, (uint64_t)(err_at - expr + 1));
	}
	plotted = !err;
	draw();
	vy_log("plot: ");
	if (err) {
		vy_log(msg);
		vy_log(" in ");
		vy_print(expr);
		return;
	}
	vy_log("y = ");
	vy_log(expr);
	vy_log(" points ");
	vy_utoa(msg, (uint64_t)plotted - 1);	/* msg is an error's alone */
	vy_print(msg);
}

int main(void)
{
	struct vy_event ev;

	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			/* the same curve and message, drawn at the new size */
			w = ev.w;
			h = ev.h;
			draw();
			continue;
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

/*
 * turtle - Logo-like turtle graphics: type commands, Enter runs them.
 *
 * Commands (any number on a line, separated by blanks):
 *   fd N, bk N   walk N pixels forward or back, drawing if the pen is down
 *   rt N, lt N   turn N degrees right or left
 *   pu, pd       pen up, pen down
 *   home, cs     back to the middle facing up; cs also clears the picture
 *   repeat N [ ... ]   the bracketed commands N times (nested up to 8)
 * The turtle starts in the middle of the canvas, facing up; the picture
 * keeps its first 2048 segments, and a line may run 100000 commands.
 * A line that does not parse draws nothing and is reported in the
 * status row.
 * A line that ran is cleared; Backspace edits, Escape clears the line.
 *
 * Logged once the frame shows it (its test waits for this):
 * "turtle: segments <total drawn>" after a line ran, or "turtle: error
 * <why> at <column> in <line>".
 */
#include "vyoma_ui.h"
#include "vyoma_math.h"
#include "vyoma_tiny.h"

#define CW 320
#define CH 240
#define CX VY_UI_UNIT
#define CY (VY_UI_HEADER + VY_UI_UNIT + VY_UI_ROW + VY_UI_UNIT)
#define MAXLEN 38
#define MAXSEG 2048
#define MAXOPS 100000

static int w = CX * 2 + CW, h = CY + CH + VY_UI_UNIT + VY_UI_ROW;
static char line[MAXLEN + 1], msg[80];
static int len, nseg, pen = 1, ops, err_at;
static short seg[MAXSEG][4];
static double tx = CW / 2, ty = CH / 2, head;
static const char *p, *err;

static int round_(double v)
{
	/* far off the canvas is far enough: (int) of more would trap */
	v = v < -8000 ? -8000 : v > 8000 ? 8000 : v;
	return (int)(v < 0 ? v - 0.5 : v + 0.5);
}

static void fail(const char *why)
{
	if (!err) {
		err = why;
		err_at = (int)(p - line);
	}
}

static void skip(void)
{
	while (*p == ' ')
		p++;
}

static int number(void)
{
	int v = 0, neg;

	skip();
	neg = *p == '-';
	p += neg;
	if (*p < '0' || *p > '9')
		fail("number expected");
	while (*p >= '0' && *p <= '9' && v < 100000)
		v = v * 10 + *p++ - '0';
	return neg ? -v : v;
}

static void walk(int n)
{
	double nx = tx + vy_sin(head * VY_PI / 180) * n;
	double ny = ty - vy_sin((head + 90) * VY_PI / 180) * n;

	if (pen && nseg < MAXSEG) {
		seg[nseg][0] = (short)round_(tx);
		seg[nseg][1] = (short)round_(ty);
		seg[nseg][2] = (short)round_(nx);
		seg[nseg][3] = (short)round_(ny);
		nseg++;
	}
	tx = nx;
	ty = ny;
}

/* Is the word at p cmd (followed by a blank, bracket or the end)? */
static int word(const char *cmd)
{
	size_t n = strlen(cmd);

	if (strncmp(p, cmd, n) || (p[n] && p[n] != ' ' && p[n] != '[' &&
				   p[n] != ']'))
		return 0;
	p += n;
	return 1;
}

/* Runs commands up to a ']' (inside a repeat) or the end. */
static void run(int depth)
{
	for (;;) {
		skip();
		if (err || !*p || *p == ']')
			return;
		if (++ops > MAXOPS) {
			fail("too long");
		} else if (word("fd")) {
			walk(number());
		} else if (word("bk")) {
			walk(-number());
		} else if (word("rt")) {
			head += number();
		} else if (word("lt")) {
			head -= number();
		} else if (word("pu")) {
			pen = 0;
		} else if (word("pd")) {
			pen = 1;
		} else if (word("cs")) {
			nseg = 0;
			goto home;
		} else if (word("home")) {
home:
			tx = CW / 2;
			ty = CH / 2;
			head = 0;
		} else if (word("repeat")) {
			int n = number();
			const char *body;

			skip();
			if (*p != '[' || depth >= 8) {
				fail(depth >= 8 ? "too deep" : "[ expected");
				return;
			}
			body = ++p;
			/* none: Logo does not run the list, so only finds its
			 * end (it once ran it once) */
			for (int d = 0; n <= 0 && *p && (*p != ']' || d); p++)
				d += (*p == '[') - (*p == ']');
			while (n-- > 0 && !err) {
				p = body;
				run(depth + 1);
			}
			if (*p != ']')
				fail("] expected");
			p++;
		} else {
			fail("unknown command");
		}
	}
}

/* A pixel of a segment: the canvas clips it. */
static void dot(int x, int y)
{
	if ((unsigned)x < CW && (unsigned)y < CH)
		vy_fill_rect(CX + x, CY + y, 1, 1, VY_UI_TEXT);
}

static void draw(void)
{
	int x = round_(tx), y = round_(ty);

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Turtle");
	vy_ui_field(CX, VY_UI_HEADER + VY_UI_UNIT, CW, line, len, 1);
	vy_fill_rect(CX, CY, CW, CH, VY_UI_SURFACE);
	for (int i = 0; i < nseg; i++)
		vy_line(seg[i][0], seg[i][1], seg[i][2], seg[i][3], dot);
	if ((unsigned)x < CW && (unsigned)y < CH)
		vy_fill_rect(CX + x - 1, CY + y - 1, 3, 3, VY_UI_ACCENT);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW,
		    err ? VY_UI_DANGER : VY_UI_DIM,
		    err ? msg : "fd bk rt lt pu pd repeat N [ ]");
	vy_flush();
}

static void enter(void)
{
	int was_seg = nseg, was_pen = pen;
	double x = tx, y = ty, a = head;
	char *m = msg;

	p = line;
	err = NULL;
	ops = 0;
	run(0);
	if (*p == ']')
		fail("unexpected ]");
	if (!err) {
		line[len = 0] = 0;	/* ready for the next line */
		draw();
		vy_log("turtle: segments ");
		vy_log_num((uint64_t)nseg);
		vy_print("");
		return;
	}
	/* a bad line leaves the picture and the turtle as they were */
	nseg = was_seg;
	pen = was_pen;
	tx = x;
	ty = y;
	head = a;
	memcpy(m, err, strlen(err));
	m += strlen(err);
	memcpy(m, " at ", 4);
	vy_utoa(m + 4, (uint64_t)err_at + 1);
	draw();
	vy_log("turtle: error ");
	vy_log(msg);
	vy_log(" in ");
	vy_print(line);
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
			enter();
			continue;
		} else if (!vy_ui_edit_key(line, &len, MAXLEN, &ev)) {
			continue;
		}
		err = NULL;
		draw();
	}
	return 0;
}

/*
 * desktop - the desktop shell (docs/desktop.md): the wallpaper, the
 * taskbar (the launcher's button, a button per window, a notification
 * count, the battery, the clock, the session button), the launcher, the
 * session menu and notification toasts. The battery comes from the power
 * driver (docs/drivers.md), asked once a minute; no battery, no icon.
 * The window manager stays in the supervisor: this app draws its own
 * full-screen window, raises the parts that must stay above the other
 * windows (`desktop raise`) and asks the window manager to act on
 * windows (`window <verb> <id>`).
 *
 * Every change redraws the whole window (well under 300 commands), so
 * its buffer never keeps a closed launcher's or an old toast's pixels.
 *
 * Settings live in /data/settings.txt as the very "key=value" lines the
 * settings app sends ("@desktop: set clock=12"), read by one parser.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"	/* wasi-libc's string functions are larger */

#define BAR		32	/* the taskbar's height */
#define ITEM		40	/* a launcher row: icon, name, description */
#define HEAD		24	/* a category heading in the launcher */
#define WINS_X		76	/* where the window buttons start */
#define MAX_APPS	256	/* the catalogue is 200+; all installed still fit */
#define MAX_WINS	32
#define MAX_TOASTS	4
#define TOAST_W		328
#define TOAST_H		64
#define TOAST_MS	4000

struct app {
	char name[33], cat[17], desc[56];
	char kind;	/* w(indow) c(ommand) s(ervice); session: L O P R */
	uint32_t accent;
};

struct win {
	int id, focused;
	char state;	/* n(ormal) m(inimised) (ma)x(imised) */
	char title[40];
};

struct toast {
	int until;	/* now_ms(0) */
	char app[20], text[77];
};

/* Not an array's usual 16: that would pad the data with zeros. */
#define WORD_ALIGNED __attribute__((aligned(4)))

static struct app apps[MAX_APPS];
static int W, H;
static struct win wins[MAX_WINS];
static struct toast toasts[MAX_TOASTS];
static int napps, nwins, ntoasts, apps_done = 1, wins_done = 1;

/* The open panel: 0 none, 1 the launcher, 2 the session menu. */
static int mode, px, py, pw, ph, list_y, list_h;
/* Where the taskbar starts, how wide a window's button is. */
static int bar, bw = 24;
/* Its entries: an app's index, or ~index for the heading of its category. */
static short ent[2 * MAX_APPS];
static int nent, top, end, sel, confirm = -1, prev_focus, focus_id;
static char query[25];
static int qlen;

static int nnotes, badge_x, minute, dirty;
static char started[33], pending[33];	/* the last start; a command */
/* The power driver's last status: percent or -1 for none; its state=. */
static int battery = -1, asked_minute = -1;
static int opened;	/* a panel to say is shown, once it is */
static char supply[13];

/* The wallpapers the settings app offers, by the names it sends. */
static const char wp_names[][7] = { "dusk", "ocean", "slate", "forest" };
/*
 * Each is the palette's background, tinted downwards in its hue (the
 * settings app's swatch) up to this alpha: dark and calm, so that the
 * palette's text stays readable on it.
 */
static const uint32_t wp_tint[] WORD_ALIGNED = {
	0xC2607A48u, 0x1D8FB060u, 0x4A556890u, 0x3F7D4E58u
};
static int wallpaper, twelve;

/*
 * The colours drawn with, by their index: one byte at a call rather than
 * five. HOT is the accent setting's, VY_UI_ACCENT until it is set.
 */
enum colour { BG, SURFACE, RAISED, BORDER, TEXT, DIM, SELECT, DANGER,
	      WHITE, HOT };
static uint32_t palette[] WORD_ALIGNED = {
	VY_UI_BG, VY_UI_SURFACE, VY_UI_RAISED, VY_UI_BORDER, VY_UI_TEXT,
	VY_UI_DIM, VY_UI_SELECT, VY_UI_DANGER, VY_UI_ACCENT_TEXT, VY_UI_ACCENT
};

static void paint(void);

/* The SDK's own counters, low as well: they are used in many places. */
static size_t vy__out_len, vy__err_len, vy__in_len, vy__in_skip;
static int vy__eof, vy__discarding;

/* One line being built: a command, a settings file. */
static char out[512];
static int olen;

static void put(const char *s)
{
	while (*s && olen < (int)sizeof(out) - 1)
		out[olen++] = *s++;
	out[olen] = '\0';
}

/* A number after the text that comes before it. */
static void put_num(const char *before, int v)
{
	put(before);
	if (olen < (int)sizeof(out) - 11)	/* room for any int */
		olen += vy_utoa(out + olen, (uint64_t)(v < 0 ? 0 : v));
}

/* Most of what the desktop sends goes to the supervisor. */
static void tell(const char *s)
{
	vy_send("supervisor", s);
}

/* a and b as one message to app. */
static void say(const char *app, const char *a, const char *b)
{
	olen = 0;
	put(a);
	put(b);
	vy_send(app, out);
}

static void say_num(const char *a, int n)
{
	olen = 0;
	put_num(a, n);
	tell(out);
}

/*
 * Copies s into d (cap bytes with the NUL) up to its end or the first
 * stop (0: none), never splitting a UTF-8 sequence.
 */
static void copy(char *d, const char *s, int cap, char stop)
{
	int n = 0;

	while (s[n] && n < cap - 1 && s[n] != stop)
		n++;
	while (n > 0 && (s[n] & 0xC0) == 0x80)
		n--;
	memcpy(d, s, (size_t)n);
	d[n] = '\0';
}

/* s past its prefix p, or NULL when s does not start with p. */
static const char *after(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return NULL;
	return s;
}

/*
 * Whether s is p: after() and a test, so that neither strcmp nor the
 * strncmp under it is linked in.
 */
static int is(const char *s, const char *p)
{
	s = after(s, p);
	return s && !*s;
}

/* s in n characters at most: when longer, cut after a word, "...". */
static void clip(char *d, const char *s, int n)
{
	int k = n - 3;

	copy(d, s, n + 1, 0);
	if (!s[strlen(d)])
		return;
	while (k > 0 && d[k] != ' ')
		k--;
	if (k > 0)
		memcpy(d + k, "...", 4);
}

/* The value after key in a reply row, or "". */
static const char *val(const char *s, const char *key)
{
	const char *v;

	for (; *s; s++)
		if ((v = after(s, key)))
			return v;
	return "";
}

/* Not inlined: has() calls it twice in its inner loop, hex8() once. */
static __attribute__((noinline)) int upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* Eight hex digits, then the end or a space; 0 when well formed. */
static int hex8(const char *s, uint32_t *out_v)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		int c = upper(s[i]);	/* not s[i] | 32: "\x10" is no "0" */

		c = c >= 'A' ? c - 'A' + 10 : c <= '9' ? c - '0' : -1;
		if (c < 0 || c > 15)
			return -1;
		v = v << 4 | (uint32_t)c;
	}
	if (s[8] && s[8] != ' ')
		return -1;
	*out_v = v;
	return 0;
}

/*
 * A clock in milliseconds: the wall clock's (wall) or the monotonic one,
 * as vy_time() and vy_ms() read them, in one function rather than two.
 */
static uint64_t now_ms(int wall)
{
	__wasi_timestamp_t t = 0;

	(void)!__wasi_clock_time_get(wall ? __WASI_CLOCKID_REALTIME :
				     __WASI_CLOCKID_MONOTONIC, 1000000, &t);
	return t / 1000000u;
}

/* Minutes since the epoch: the clock's, the battery's turn. */
static int now_minute(void)
{
	return (int)(now_ms(1) / 60000);
}

/* ---- settings ----------------------------------------------------- */

/* The settings as given, one line each, to be saved as they came. */
static char lines[3][24];

static int setting(const char *s)
{
	const char *v;
	int i, k = 2;

	if ((v = after(s, "wallpaper="))) {
		for (i = 0; !is(v, wp_names[i]); i++)
			if (i == 3)
				return -1;
		wallpaper = i;
		k = 0;
	} else if ((v = after(s, "accent="))) {
		if (hex8(v, &palette[HOT]))
			return -1;
		k = 1;
	} else if (is(s, "clock=24") || is(s, "clock=12")) {
		twelve = s[6] == '1';
	} else {
		return -1;
	}
	copy(lines[k], s, sizeof(lines[k]), ' ');
	return 0;
}

static void save(void)
{
	int i;

	olen = 0;
	for (i = 0; i < 3; i++) {
		put(lines[i]);
		put("\n");
	}
	vy_data_write("settings.txt", out, (size_t)olen);
}

static void load(void)
{
	long n = vy_data_read("settings.txt", out, sizeof(out) - 1);
	char *s = out, *e;	/* out is free before the first command */

	if (n <= 0)
		return;
	out[n] = '\0';
	while ((e = strchr(s, '\n'))) {
		*e = '\0';
		setting(s);
		s = e + 1;
	}
}

/* ---- the launcher's entries ---------------------------------------- */

static int has(const char *s)
{
	int i;

	for (; *s; s++) {
		for (i = 0; i < qlen && upper(s[i]) == upper(query[i]); i++)
			;
		if (i == qlen)
			return 1;
	}
	return 0;
}

/* Not inlined into build(): with it, that is some bytes longer. */
static __attribute__((noinline)) int shown(const struct app *a)
{
	if (mode == 2)
		return a->kind < 'a';
	return has(a->name) || has(a->desc);	/* "" is in every name */
}

/* The entries shown, each category's under its heading. */
static void build(void)
{
	const char *cat = "-";	/* the last heading's: none is "-" (add) */
	int i, n = 0;

	for (i = 0; i < napps; i++) {
		if (!shown(&apps[i]))
			continue;
		if (!is(apps[i].cat, cat)) {
			cat = apps[i].cat;
			ent[n++] = (short)~i;
		}
		ent[n++] = (short)i;
	}
	nent = n;
	top = 0;
	sel = n > 1 ? 1 : -1;
	confirm = -1;
	dirty = 1;
}

/* In category order, the session's entries last. */
static int before(const struct app *a, const struct app *b)
{
	int c = (a->kind < 'a') - (b->kind < 'a'), i = 0;

	if (c)
		return c < 0;
	while (a->cat[i] && a->cat[i] == b->cat[i])	/* strcmp() < 0 */
		i++;
	return (unsigned char)a->cat[i] < (unsigned char)b->cat[i];
}

/*
 * The rows come in name order: each goes after every app of its
 * category, so the list stays sorted by category, then name.
 */
static void add(const char *name, char kind, const char *cat,
		const char *desc, uint32_t colour)
{
	struct app a, *p = &apps[napps++];

	copy(a.name, name, sizeof(a.name), ' ');
	a.kind = kind;
	/* The category as its heading says it: "Other" for none. */
	copy(a.cat, *cat == '-' ? "other" : cat, sizeof(a.cat), ' ');
	a.cat[0] = (char)upper(a.cat[0]);
	copy(a.desc, desc, sizeof(a.desc), 0);
	a.accent = colour;
	for (; p > apps && before(&a, p - 1); p--)
		*p = p[-1];
	*p = a;
}

/* An entry of the session menu: power-off in the danger colour. */
static void session(const char *name, char kind, const char *desc)
{
	add(name, kind, "session", desc,
	    kind == 'P' ? VY_UI_DANGER : VY_UI_BORDER);
}

/* "apps <name> kind=.. state=.. category=.. accent=.. opens=.. description=" */
static void app_row(const char *s)
{
	const char *kind = val(s, " kind=");
	uint32_t c = VY_UI_ACCENT;

	if (apps_done)	/* the first row of a new list */
		napps = 0;
	apps_done = !*kind;
	if (apps_done) {	/* "apps end <n>" */
		session("lock", 'L', "Lock the screen (Super+L)");
		session("log-out", 'O', "End the session: your apps stop");
		session("power-off", 'P', "Turn the computer off");
		session("restart", 'R', "Start the computer again");
		build();
		return;
	}
	/* Neither a service nor the desktop is anything to start. */
	if (napps >= MAX_APPS - 4 || *kind == 's' || after(s, "desktop "))
		return;
	hex8(val(s, " accent="), &c);
	add(s, *kind, val(s, " category="),
	    val(s, " description="), c);
}

/* "windows <id> app=.. state=.. focused=.. x= y= w= h= title=.." */
static void window_row(const char *s)
{
	struct win *w;

	if (wins_done) {	/* the first row of a new list */
		nwins = 0;
		focus_id = 0;
	}
	wins_done = !!after(s, "end ");
	if (wins_done) {
		paint();
		/* Then on the console: "windows: n1 m0" (state, focus). */
		vy_log("windows:");
		for (w = wins; w < wins + nwins; w++) {
			static char one[4] = " ";	/* static: no frame */

			one[1] = w->state;
			one[2] = (char)('0' + w->focused);
			vy_log(one);
		}
		vy_print("");
		return;
	}
	if (nwins == MAX_WINS)
		return;
	w = &wins[nwins++];
	w->id = vy__parse_int(&s);	/* the supervisor wrote it */
	w->state = *val(s, " state=");
	w->focused = *val(s, " focused=") == '1';
	if (w->focused)
		focus_id = w->id;
	copy(w->title, val(s, " title="), sizeof(w->title), 0);
	if (!w->title[0])
		copy(w->title, val(s, " app="), sizeof(w->title), ' ');
}

/* ---- opening, closing and using the panels -------------------------- */

static void open_panel(int m)
{
	if (!mode)	/* who had the keyboard, to give it back */
		prev_focus = focus_id;
	mode = m;
	opened = m;
	qlen = 0;
	query[0] = '\0';
	build();	/* which sets dirty */
	tell("desktop focus");
	if (m == 1)
		tell("apps");	/* what is installed now */
}

static void close_panel(int give_back)
{
	if (!mode)
		return;
	mode = 0;
	confirm = -1;
	dirty = 1;
	if (give_back && prev_focus)
		say_num("window focus ", prev_focus);
}

static void activate(void)
{
	struct app *a;
	int i, kind;

	if (sel < 0)	/* else an app's entry: build() and step() see to it */
		return;
	i = ent[sel];
	a = &apps[i];	/* dirty: key() and pointer() set it */
	kind = a->kind;
	/* The session's: a second press ends it; the lock loses nothing. */
	if (kind < 'a') {
		if (kind == 'L' || confirm == i)
			tell(kind == 'L' ? "lock" : kind == 'O' ? "logout" :
			     kind == 'P' ? "poweroff" : "reboot");
		confirm = i;	/* the lock's back to -1: the panel is open */
		if (kind == 'L')
			close_panel(0);
		return;
	}
	vy_log("starting ");
	vy_print(a->name);
	close_panel(0);
	/* A command runs in a new terminal, once the terminal is there. */
	memcpy(kind == 'c' ? pending : started, a->name, sizeof(started));
	if (kind == 'c')
		tell("new terminal");
	else
		say("supervisor", "start ", started);
}

static void step(int d)
{
	int e = sel;

	do
		e += d;
	while ((unsigned)e < (unsigned)nent && ent[e] < 0);
	if ((unsigned)e < (unsigned)nent) {
		sel = e;
		confirm = -1;
	}
}

/*
 * A key (vy_next_event()'s VY_EV_KEY): "down,<keycode>,<codepoint>,<mods>"
 * or "up,...", read as vy__classify reads it.
 */
static void key(const char *s)
{
	int keycode, n = qlen;
	uint32_t c;

	s = after(s, "down,");
	if (!s || !mode)
		return;
	keycode = vy__parse_int(&s);
	c = (uint32_t)vy__parse_int(&s);
	dirty = 1;
	if (c == 27) {
		close_panel(1);
	} else if (c == 10) {
		activate();
	} else if (c == 9) {	/* Tab: launcher <-> session menu */
		open_panel(3 - mode);
	} else if (keycode == 103 || keycode == 108) {
		step(keycode == 103 ? -1 : 1);
	} else if (mode == 1 && (c == 8 ? n > 0 :
				 c >= ' ' && c < 127 && n < 24)) {
		if (c == 8)	/* Backspace */
			n--;
		else
			query[n++] = (char)c;
		query[n] = '\0';
		qlen = n;
		build();
	}
}

/* ---- drawing ------------------------------------------------------- */

/*
 * The entry past the last that fits when the list starts at from. Not
 * inlined into the loop of panel() that calls it: that is shorter.
 */
static __attribute__((noinline)) int fit(int from)
{
	int y = list_y, e;

	for (e = from; e < nent; e++) {
		y += ent[e] < 0 ? HEAD : ITEM;
		if (y > list_y + list_h)
			break;
	}
	return e;
}

static void text(int x, int y, enum colour c, const char *s)
{
	vy_draw_text(x, y, palette[c], 'm', s);
}

static void rect(int x, int y, int w, int h, enum colour c)
{
	vy_fill_rect(x, y, w, h, palette[c]);
}

/* A rectangle that stays above the windows: `desktop raise' names it. */
static void area(int x, int y, int w, int h, enum colour c)
{
	rect(x, y, w, h, c);
	put_num(" ", x);
	put_num(",", y);
	put_num(",", w);
	put_num(",", h);
}

/* A rounded-looking tile in the app's colour with its first letter. */
static void icon(int x, int y, uint32_t c, char letter)
{
	char s[2] = { (char)upper(letter), 0 };

	c |= 0xFF;
	vy_fill_rect(x + 1, y, 30, 32, c);
	vy_fill_rect(x, y + 1, 32, 30, c);
	vy_draw_text(x + 8, y, VY_UI_ACCENT_TEXT, 'l', s);
}

static void panel(void)
{
	char s[64];
	/* Copies of the globals: the calls below could change them. */
	int x = px, w = pw, e, y = list_y, t = py, h = ph;

	area(x, t, w, h, BORDER);
	rect(x + 1, t + 1, w - 2, h - 1, BG);
	if (mode == 1) {
		vy_ui_field(x + 8, t + 8, w - 16, query, qlen, 1);
		if (!qlen)
			text(x + 20, t + 11, DIM, "Type to search");
	} else if (battery >= 0) {	/* "Battery 57%, Discharging" */
		memcpy(s, "Battery ", 8);
		e = 8 + vy_utoa(s + 8, (uint64_t)battery);
		memcpy(s + e, "%, ", 3);
		copy(s + e + 3, supply, sizeof(supply), 0);
		text(x + 8, t + 12, DIM, s);
	}
	e = top;
	if (sel > 0 && sel < e)	/* sel > 0: ent[0] is a heading */
		e = sel - 1;	/* with its heading, if it is one */
	while ((end = fit(e)) <= sel)
		e++;
	for (top = e; e < end; e++) {
		int i = ent[e], again;

		if (i < 0) {
			text(x + 8, y + 4, DIM, apps[~i].cat);
			y += HEAD;
			continue;
		}
		if (e == sel)
			rect(x + 4, y, w - 20, ITEM, SELECT);
		icon(x + 8, y + 4, apps[i].accent, apps[i].name[0]);
		text(x + 48, y + 3, TEXT, apps[i].name);
		again = i == confirm;
		clip(s, again ? "Again to confirm" : apps[i].desc,
		     (w - 72) / 8);
		text(x + 48, y + 21, again ? DANGER : DIM, s);
		y += ITEM;
	}
	vy_ui_scrollbar(x + w - 12, list_y, list_h, top,
			end - top, nent);
}

/* A button's label as it fits: w is at most 168 (paint). */
static char label_shown[24];

static void button(int x, int w, const char *label, enum colour bg,
		   enum colour fg)
{
	rect(x, bar + 4, w, VY_UI_ROW, bg);
	copy(label_shown, label, w / 8 - 1, 0);
	text(x + 8, bar + 8, fg, label_shown);
}

static void taskbar(void)
{
	char clk[] = "00:00 AM";
	int i, m = now_minute(), h = m / 60 % 24, x, w = W, y = bar;

	minute = m;
	area(0, y, w, BAR, BORDER);
	rect(0, y + 1, w, BAR - 1, SURFACE);
	button(4, 64, "Apps", mode == 1 ? HOT : RAISED, TEXT);
	for (i = 0; i < nwins; i++)
		button(WINS_X + i * bw, bw - 4, wins[i].title,
		       wins[i].focused ? HOT : wins[i].state == 'm' ?
		       BG : RAISED, wins[i].state == 'm' ? DIM : TEXT);
	button(w - 64, 60, "Power", mode == 2 ? HOT : RAISED, TEXT);
	if (twelve) {
		clk[6] = h < 12 ? 'A' : 'P';
		h = (h + 11) % 12 + 1;	/* 12, 1, ... 11 */
	} else {
		clk[5] = '\0';
	}
	clk[0] = (char)('0' + h / 10);
	clk[1] = (char)('0' + h % 10);
	clk[3] = (char)('0' + m / 10 % 6);
	clk[4] = (char)('0' + m % 10);
	x = w - (twelve ? 136 : 112);	/* 72 px right of its end */
	text(x, y + 8, TEXT, clk);
	if (battery >= 0) {	/* an outline, filled as charged, and "57%" */
		x -= 64;
		rect(x, y + 10, 18, 12, TEXT);
		rect(x + 1, y + 11, 16, 11, SURFACE);
		rect(x + 18, y + 13, 2, 6, TEXT);
		rect(x + 2, y + 12, battery * 14 / 100, 8,
		     battery < 15 ? DANGER : TEXT);
		i = vy_utoa(clk, (uint64_t)battery);
		text(x + 24, y + 8, TEXT, clk);
		text(x + 24 + 8 * i, y + 8, TEXT, "%");
	}
	badge_x = x - 40;
	if (nnotes) {
		vy_utoa(clk, (uint64_t)(nnotes < 99 ? nnotes : 99));
		button(badge_x, 32, clk, HOT, WHITE);
	}
}

/* Newest at the bottom, just above the taskbar. */
static void toast(int i)
{
	struct toast *t = &toasts[i];
	char line[40];
	int x = W - TOAST_W - 8, y = bar - (ntoasts - i) * (TOAST_H + 8);

	area(x, y, TOAST_W, TOAST_H, SURFACE);
	rect(x, y, 4, TOAST_H, HOT);
	text(x + 12, y + 6, DIM, t->app);
	copy(line, t->text, 39, 0);
	text(x + 12, y + 24, TEXT, line);
	text(x + 12, y + 42, TEXT, t->text + strlen(line));
}

static void paint(void)
{
	uint32_t tint = wp_tint[wallpaper];
	int i, w = W, h = H, bh = h / 32 + 1;	/* copies, kept across calls */

	if (!w)
		return;	/* not before the first resize */
	bar = h - BAR;
	bw = nwins ? (w - WINS_X - 200) / nwins : 0;
	bw = bw > 168 ? 168 : bw < 24 ? 24 : bw;
	i = mode == 1 ? 40 : battery < 0 ? 8 : 8 + HEAD;	/* above the list */
	pw = mode == 1 ? 480 : 272;
	ph = mode == 1 ? 420 : 112 + i;
	if (ph > bar)
		ph = bar;
	px = mode == 1 ? 0 : w - pw;
	py = bar - ph;
	list_y = py + i;
	list_h = ph - 8 - i;

	rect(0, 0, w, h, BG);
	for (i = 1; i < 32; i++)	/* a gradient in 32 bands */
		vy_fill_rect(0, i * bh, w, bh, (tint & ~0xFFu) |
			     ((tint & 0xFF) * (unsigned)i / 31));
	text(w - 64, 8, DIM, "VyomaOS");
	olen = 0;	/* the drawing names what stays above the windows */
	put("desktop raise");
	taskbar();
	if (mode)
		panel();
	for (i = 0; i < ntoasts; i++)
		toast(i);
	vy_flush();
	tell(out);
	dirty = 0;
	if (opened)
		vy_print(opened == 1 ? "launcher shown" : "session menu shown");
	opened = 0;
}

/* ---- input ---------------------------------------------------------- */

static void panel_click(int x, int y)
{
	int e = top, last = end, t = list_y;	/* entry e's top, as drawn */

	if (x >= px + pw - 12 && last - e < nent) {	/* the scroll bar */
		top = e = vy_ui_scroll_to(y - t, list_h, last - e, nent);
		sel = e + (ent[e] < 0);
		return;
	}
	for (; e < last; t += ent[e++] < 0 ? HEAD : ITEM)
		if (ent[e] >= 0 && y >= t && y < t + ITEM) {
			if (sel != e)
				confirm = -1;
			sel = e;
			activate();
			return;
		}
}

/*
 * The pointer (vy_next_event()'s VY_EV_POINTER): "down,<x>,<y>,<buttons>"
 * or "up,...", "move,...", read as vy__classify reads it.
 */
static void pointer(const char *s)
{
	int down = *s == 'd', x, y, i, was = mode;

	s = strchr(s, ',');
	s = s ? s + 1 : "";
	x = vy__parse_int(&s);
	y = vy__parse_int(&s);
	if (!down || !(vy__parse_int(&s) & VY_BUTTON_LEFT))
		return;
	dirty = 1;
	if (mode && vy_ui_in(px, py, pw, ph, x, y)) {
		panel_click(x, y);
		return;
	}
	close_panel(1);	/* a click anywhere else closes it */
	if (y < bar)
		return;
	if (x < 68) {
		if (was != 1)
			open_panel(1);
	} else if (x >= W - 64) {
		if (was != 2)
			open_panel(2);
	} else if (x >= badge_x && x < badge_x + 32) {
		nnotes = 0;
	} else if (x >= WINS_X && (i = (x - WINS_X) / bw) < nwins &&
		   (x - WINS_X) % bw < bw - 4) {
		say_num(wins[i].state == 'm' ? "window restore " :
			wins[i].focused ? "window minimise " : "window focus ",
			wins[i].id);
	}
}

/* "<app>,<text>": a toast for about four seconds. */
static void notify(const char *s)
{
	const char *comma = strchr(s, ',');
	struct toast *t;

	if (!comma)
		return;
	if (ntoasts == MAX_TOASTS)	/* the oldest makes room */
		memmove(toasts, toasts + 1, sizeof(*toasts) * --ntoasts);
	t = &toasts[ntoasts++];
	copy(t->app, s, sizeof(t->app), ',');
	copy(t->text, comma + 1, sizeof(t->text), 0);
	t->until = (int)now_ms(0) + TOAST_MS;
	nnotes++;
	paint();	/* on the screen before the console says so */
	vy_log("toast shown: ");
	vy_print(t->app);
}

static void expire(void)
{
	int m;

	while (ntoasts && toasts[0].until <= (int)now_ms(0)) {
		memmove(toasts, toasts + 1, sizeof(*toasts) * --ntoasts);
		paint();
		vy_print("toast hidden");
	}
	m = now_minute();
	if (m != minute)
		dirty = 1;
	if (m != asked_minute) {
		asked_minute = m;
		vy_send("power", "status");
	}
}

/*
 * "status ac=<..> battery=<0-100|none> state=<..>" from the power driver;
 * said on the console when it changes, once the frame shows it.
 */
static void power_status(const char *s)
{
	const char *v;
	int was = battery, n = 0;
	unsigned percent = 0;

	if (!after(s, "status "))
		return;
	v = val(s, " battery=");
	for (; v[n] >= '0' && v[n] <= '9'; n++)
		percent = percent * 10 + (unsigned)(v[n] - '0');
	battery = n && n <= 3 ? (int)percent : -1;
	if (battery > 100)
		battery = 100;
	copy(supply, val(s, " state="), sizeof(supply), ' ');
	if (battery == was)
		return;
	paint();
	vy_log("power: battery ");
	if (battery >= 0)
		vy_log_num((uint64_t)battery);
	vy_print(battery < 0 ? "none" : "%");
}

/* Until the oldest toast ends or the clock's minute turns. */
static int wait_ms(void)
{
	int t = (int)(60 - now_ms(1) / 1000 % 60) * 1000;
	int left = ntoasts ? toasts[0].until - (int)now_ms(0) : t;

	return left < 0 ? 0 : left < t ? left : t;
}

static void from_supervisor(const char *s)
{
	char t[24];
	const char *v;

	if ((v = after(s, "windows "))) {
		window_row(v);
	} else if ((v = after(s, "apps "))) {
		app_row(v);
	} else if (pending[0] && after(s, "new terminal")) {
		copy(t, s + 4, sizeof(t), ' ');	/* "terminal#<id>" */
		say(t, "run ", pending);
		pending[0] = '\0';
	} else if ((v = after(s, "error"))) {
		const char *q = after(v, " '");

		if (started[0] && q && (q = after(q, started)) &&
		    is(q, "' is already running")) {
			say("supervisor", "new ", started);	/* another one */
			started[0] = '\0';
		} else if (after(v, " unknown app 'power'") ||
			   after(v, " 'power'")) {
			battery = -1;	/* no power driver: no battery */
		} else {
			vy_print(s);
		}
	}
}

static void message(const char *from, const char *s)
{
	const char *v;
	int bad;

	if (is(from, "supervisor")) {
		from_supervisor(s);
		return;
	}
	if (is(from, "power")) {
		power_status(s);
		return;
	}
	v = after(from, "settings");
	if (!v || (*v && *v != '#'))
		return;	/* only the settings app changes settings */
	v = after(s, "set ");
	bad = !v || setting(v);
	if (!bad) {
		save();
		paint();	/* on the screen before the answer */
	}
	vy_send(from, bad ? "error unknown setting" : "ok");
}

/*
 * One line from the supervisor: a message ("@<from>: <text>") or an
 * event (docs/protocol.md, docs/desktop.md). Read as vy__classify reads
 * it, but here: its struct holds every field of every event, and filling
 * them in is some 200 bytes more than the few the desktop uses. Not
 * inlined into run(): that is shorter.
 */
static __attribute__((noinline)) void line(char *s)
{
	const char *e = after(s, "VYOMA_EVENT:"), *v;
	char *colon;

	if (!e) {
		colon = strchr(s, ':');
		if (*s == '@' && colon && colon[1] == ' ') {
			*colon = '\0';
			message(s + 1, colon + 2);
		}
	} else if ((v = after(e, "resize:"))) {
		W = vy__parse_int(&v);
		H = vy__parse_int(&v);
		dirty = 1;
	} else if ((v = after(e, "key:"))) {
		key(v);
	} else if ((v = after(e, "pointer:"))) {
		pointer(v);
	} else if ((v = after(e, "focus:"))) {
		if (!is(v, "in"))	/* another window took the keyboard */
			close_panel(0);
	} else if (is(e, "windows")) {
		tell("windows");
	} else if (is(e, "launcher")) {
		mode == 1 ? close_panel(1) : open_panel(1);
	} else if ((v = after(e, "notify:"))) {
		notify(v);
	}
}

static __attribute__((noinline)) void run(void)
{
	load();
	tell("desktop reserve 0 32");
	tell("windows");
	tell("apps");
	for (;;) {
		int timeout;
		char *s;

		if (dirty)
			paint();
		/* vy_next_event()'s loop, the line going to line() */
		timeout = wait_ms();
		while (!(s = vy__take_line())) {
			__wasi_iovec_t iov = { (uint8_t *)vy__in + vy__in_len,
					       VY_LINE_MAX + 1 - vy__in_len };
			__wasi_size_t n;

			if (vy__eof)
				return;	/* the supervisor is stopping us */
			if (!vy__wait_stdin(timeout))
				break;
			if (__wasi_fd_read(0, &iov, 1, &n) || !n)
				vy__eof = 1;
			else
				vy__in_len += n;
		}
		if (s)
			line(s);
		expire();
	}
}

int main(void)
{
	run();
	return 0;
}

/*
 * login - the greeter, the first screen of the system. The supervisor
 * runs it (as the system, not as a user) when nobody is logged in and
 * when a session is locked; its window is the whole screen and gets
 * every key. `@supervisor: greeter' says which of three layouts to show:
 *
 *  - setup (first boot, no users yet): a name, a password and the same
 *    password again; `setup <name> <hex>' makes that user, an admin;
 *  - login: the users to choose from, a name and a password;
 *    `login <name> <hex>';
 *  - lock: the locked user's password (`login <user> <hex>'), or
 *    "Switch user": the login layout, for someone else (Escape returns).
 *
 * A password travels as the hex of its bytes, "-" when empty. The app
 * decides nothing: the supervisor checks passwords, counts failures and
 * holds its answers back; the greeter only shows the delay `greeter'
 * reports, asking again each second while there is one. After
 * `login ok' or `setup ok' the supervisor stops it.
 *
 * Passwords live in fixed buffers, wiped as soon as they are sent, with
 * every copy the app made: the command line, the output buffer and the
 * key lines it read (the SDK's input buffer).
 *
 * The console says what is on the screen once it is drawn: "screen:
 * login alice,bob", "screen: lock alice", "status: <text>". Never a
 * password, nor its length.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"	/* wasi-libc's string functions are larger */

#define NAME_MAX	32	/* bytes of a user name */
#define PASS_MAX	256	/* bytes of a password: 512 hex digits */
#define MAX_USERS	32
#define CARD_W		416	/* the card, in the middle */
#define PAD		16
#define LIST_ROWS	4	/* users shown at once */
#define KEY_UP		103
#define KEY_DOWN	108

enum { NONE, SETUP, LOGIN, LOCK };	/* modes and layouts */

/* What a layout holds. The fields first: they index text[]. */
enum { I_NAME, I_PASS, I_PASS2, I_GO, I_SWITCH, I_LIST, I_END = -1 };

/* Each layout's items, top to bottom: the order of Tab. */
static const signed char order[4][4] = {
	[NONE] = { I_END, I_END, I_END, I_END },
	[SETUP] = { I_NAME, I_PASS, I_PASS2, I_GO },
	[LOGIN] = { I_NAME, I_PASS, I_GO, I_END },
	[LOCK] = { I_PASS, I_GO, I_SWITCH, I_END },
};

static const char *const mode_names[4] = { "", "setup", "login", "lock" };
static const char *const labels[3] = {
	"User name", "Password", "Confirm password",
};

static int W = 800, H = 600;
static int mode, switched, delay, busy, done;
static int focus = I_NAME, sel = -1, top;	/* list: choice, first row */
static char users[MAX_USERS][NAME_MAX + 1], locked[NAME_MAX + 1];
static int nusers;
static char text[3][PASS_MAX + 1];	/* the name, the password, again */
static int len[3];
static char status[96];
static uint32_t status_ink;
static int say_screen, say_status, say_delay;
static int cy, card_h, picked;	/* the card as last drawn; the row hit */
static char pend[8];	/* the kinds of the commands awaiting a reply */
static int npend;
static uint64_t asked_ms;	/* when `greeter' was last asked */
static char cmd[8 + NAME_MAX + 2 * PASS_MAX + 2];

/* ---- text ------------------------------------------------------------ */

static char *put(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = '\0';
	return p;
}

/* s past its prefix p, or NULL when s does not start with p. */
static const char *after(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return NULL;
	return s;
}

/* The value after key in a reply, or "". */
static const char *val(const char *s, const char *key)
{
	const char *v;

	for (; *s; s++)
		if ((v = after(s, key)))
			return v;
	return "";
}

/* Copies a word (to a space, a comma or the end) into d, cut to cap - 1
 * bytes; returns where the word ends in s. */
static const char *word(char *d, const char *s, int cap)
{
	int n = 0;

	for (; *s && *s != ' ' && *s != ','; s++)
		if (n < cap - 1)
			d[n++] = *s;
	d[n] = '\0';
	return s;
}

/* Stores the compiler may not drop: what a password leaves behind. */
static void wipe(volatile char *p, size_t n)
{
	while (n--)
		*p++ = 0;
}

static void wipe_secrets(void)
{
	wipe(text[I_PASS], sizeof(text[0]) * 2);	/* both passwords */
	len[I_PASS] = len[I_PASS2] = 0;
	wipe(cmd, sizeof(cmd));
	/* What was written and what was read: the key lines are gone
	 * (main() wipes each), their stale copies lie past the data. */
	wipe(vy__out + vy__out_len, sizeof(vy__out) - vy__out_len);
	wipe(vy__in + vy__in_len, sizeof(vy__in) - vy__in_len);
}

static void set_status(const char *s, uint32_t ink)
{
	int n;

	for (n = 0; s[n] && n < (int)sizeof(status) - 1; n++)
		status[n] = s[n];
	status[n] = '\0';
	status_ink = ink;
	say_status = 1;
}

/* ---- talking to the supervisor -------------------------------------- */

/* Replies come in the order of the commands: pend says whose is next. */
static void ask(char kind, const char *line)
{
	vy_send("supervisor", line);
	if (npend < (int)sizeof(pend))
		pend[npend++] = kind;
}

static void ask_greeter(void)
{
	asked_ms = vy_ms();
	if (!memchr(pend, 'g', (size_t)npend))
		ask('g', "greeter");
}

static int layout(void)
{
	return mode == LOCK && switched ? LOGIN : mode;
}

static void pick(int i)
{
	if (i < 0 || i >= nusers)
		return;
	sel = i;
	word(text[I_NAME], users[i], NAME_MAX + 1);
	len[I_NAME] = (int)strlen(text[I_NAME]);
	top = sel < top ? sel : sel >= top + LIST_ROWS ?
	      sel - LIST_ROWS + 1 : top;
}

/* The list follows the name typed. */
static void match(void)
{
	sel = -1;
	for (int i = 0; i < nusers; i++)
		if (!strcmp(users[i], text[I_NAME]))
			pick(i);
}

/* A user chosen in the list: another's password is no use. */
static void choose(int i)
{
	if (i != sel && i >= 0 && i < nusers)
		wipe_secrets();
	pick(i);
}

/* A new layout: empty fields, the focus on the first. */
static void start(void)
{
	int l = layout();

	wipe_secrets();
	text[I_NAME][0] = '\0';
	len[I_NAME] = top = 0;
	sel = -1;
	status[0] = '\0';
	focus = order[l][0];
	if (l == LOGIN && nusers && !switched) {
		pick(0);	/* the first user, ready for a password */
		focus = I_PASS;
	}
	say_screen = 1;
}

/* "greeter mode=<m> user=<name|-> users=<a,b|-> delay=<s>" */
static void greeter(const char *s)
{
	const char *m = val(s, "mode="), *u = val(s, " users=");
	const char *d = val(s, " delay=");
	char one[NAME_MAX + 1], lock[NAME_MAX + 1];
	int n = 0, changed = 0, was = delay;
	int nm = after(m, "setup") ? SETUP : after(m, "lock") ? LOCK : LOGIN;

	while (*u && *u != ' ' && n < MAX_USERS) {
		u = word(one, u, sizeof(one));
		u += *u == ',';
		if (!one[0] || !strcmp(one, "-"))
			continue;
		changed |= n >= nusers || strcmp(users[n], one);
		put(users[n++], one);
	}
	changed |= n != nusers;
	nusers = n;
	word(lock, val(s, " user="), sizeof(lock));
	if (!strcmp(lock, "-"))
		lock[0] = '\0';
	delay = vy__parse_int(&d);
	delay = delay < 0 ? 0 : delay > 3600 ? 3600 : delay;
	say_delay |= delay != was;
	if (nm != mode || strcmp(lock, locked)) {
		mode = nm;
		switched = 0;
		put(locked, lock);
		start();
		if (after(m, "damaged"))
			set_status("User database damaged: see the log",
				   VY_UI_DANGER);
	} else if (changed) {
		match();
		say_screen = 1;
	}
}

static void reply(const char *s)
{
	char kind = npend ? pend[0] : 0;

	if (npend)
		memmove(pend, pend + 1, (size_t)--npend);
	if (after(s, "greeter ")) {
		greeter(s + 8);
		return;
	}
	if (kind == 'g') {	/* refused: a missing capability, say */
		set_status(s, VY_UI_DANGER);
		return;
	}
	if (!kind)
		return;
	busy = 0;
	if (after(s, "login ok") || after(s, "setup ok")) {
		done = 1;	/* the supervisor stops us next */
		set_status("Logging in...", VY_UI_DIM);
		return;
	}
	/* One text whether or not the user exists, whatever the reason;
	 * the machine's own trouble (a damaged database) is said as it is. */
	if (kind == 'l' && after(s, "error authentication failed")) {
		set_status("Wrong user name or password", VY_UI_DANGER);
		focus = I_PASS;
	} else {
		set_status(after(s, "error ") ? s + 6 : s, VY_UI_DANGER);
		if (*status >= 'a' && *status <= 'z')
			*status -= 32;	/* a sentence, on the screen */
		focus = I_NAME;
	}
	ask_greeter();	/* how long the next try waits */
}

static void submit(void)
{
	static const char hex[] = "0123456789abcdef";
	int l = layout(), i;
	const char *name = l == LOCK ? locked : text[I_NAME];
	char *p;

	if (busy || done || delay > 0 || !mode)
		return;
	if (!*name) {
		set_status("Enter a user name", VY_UI_DANGER);
		focus = I_NAME;
		return;
	}
	if (l == SETUP && (!len[I_PASS] || len[I_PASS] != len[I_PASS2] ||
			   memcmp(text[I_PASS], text[I_PASS2],
				  (size_t)len[I_PASS]))) {
		set_status(len[I_PASS] ? "The passwords do not match" :
			   "Choose a password", VY_UI_DANGER);
		wipe_secrets();
		focus = I_PASS;
		return;
	}
	p = put(put(put(cmd, l == SETUP ? "setup " : "login "), name), " ");
	if (!len[I_PASS])
		*p++ = '-';	/* no password given */
	for (i = 0; i < len[I_PASS]; i++) {
		unsigned char b = (unsigned char)text[I_PASS][i];

		*p++ = hex[b >> 4];
		*p++ = hex[b & 15];
	}
	*p = '\0';
	ask(l == SETUP ? 's' : 'l', cmd);
	wipe_secrets();
	busy = 1;
	set_status("Checking...", VY_UI_DIM);
}

/* ---- drawing and hit-testing: one walk over the layout -------------- */

/* A rectangle out pixels larger than the box on every side. */
static void around(int x, int y, int w, int h, int out, uint32_t c)
{
	vy_fill_rect(x - out, y - out, w + 2 * out, h + 2 * out, c);
}

/* Text in rows of at most w pixels, broken at spaces; one row at least. */
static int lines(int x, int y, int w, const char *t, uint32_t ink, int paint)
{
	char s[64];
	int fit = w / VY_UI_CHAR_W, n, k;

	fit = fit > 63 ? 63 : fit < 1 ? 1 : fit;
	do {
		n = (int)strlen(t);
		if (n > fit) {
			for (k = fit; k > 0 && t[k] != ' '; k--)
				;
			n = k ? k : fit;
		}
		memcpy(s, t, (size_t)n);
		s[n] = '\0';
		if (paint)
			vy_ui_label(x, y, VY_UI_ROW, ink, s);
		y += VY_UI_ROW;
		for (t += n; *t == ' '; t++)
			;
	} while (*t);
	return y;
}

static void item(int it, int x, int y, int w)
{
	int l = layout(), n, k, fit = w / VY_UI_CHAR_W - 1;
	const char *t;
	char s[64];

	if (it == I_GO || it == I_SWITCH) {
		t = it == I_SWITCH ? "Switch user" : l == SETUP ?
		    "Create user" : l == LOCK ? "Unlock" : "Log in";
		if (it == I_GO && (busy || done || delay > 0)) {
			vy_fill_rect(x, y, w, VY_UI_ROW, VY_UI_RAISED);
			vy_ui_label(x + (w - vy_ui_text_w(t)) / 2, y,
				    VY_UI_ROW, VY_UI_DIM, t);
			return;
		}
		/* The primary one is what Enter does. */
		vy_ui_button(x, y, w, VY_UI_ROW, t, it == focus ||
			     (it == I_GO && focus != I_SWITCH) ?
			     VY_UI_PRIMARY : VY_UI_NORMAL);
		return;
	}
	around(x, y, w, VY_UI_ROW, 1, VY_UI_BORDER);
	t = text[it];
	n = len[it];
	if (it != I_NAME) {	/* a '*' for each character */
		for (k = n = 0; k < len[it]; k++)
			n += (text[it][k] & 0xC0) != 0x80;
		n = n < 63 ? n : 63;
		memset(s, '*', (size_t)n);
		s[n] = '\0';
		t = s;
	}
	if (n > fit)	/* the end, where the typing is */
		t += n - (fit > 0 ? fit : 0);
	vy_ui_field(x, y, w, t, (int)strlen(t), it == focus);
}

/*
 * Lays the card out from cy down: paints it (paint) or finds the item
 * at (px, py), I_END for none. card_h is its height either way.
 */
static int walk(int px, int py, int paint)
{
	int l = layout(), cw = W - 2 * PAD < CARD_W ? W - 2 * PAD : CARD_W;
	int x = (W - cw) / 2 + PAD, w = cw - 2 * PAD, y = cy + PAD;
	int hit = I_END, i, it, ly;
	const char *t = l == SETUP ? "Welcome to VyomaOS" : "VyomaOS";
	char s[64], *p;

	if (paint) {
		vy_fill_rect(0, 0, W, H, VY_UI_BG);
		for (i = 1; i < 32; i++)	/* a glow of the accent below */
			vy_fill_rect(0, H * i / 32, W, H * (i + 1) / 32 -
				     H * i / 32, (VY_UI_ACCENT & ~0xFFu) |
				     (uint32_t)i * 3 / 2);
		around(x - PAD, cy, cw, card_h, 1, VY_UI_BORDER);
		vy_fill_rect(x - PAD, cy, cw, card_h, VY_UI_SURFACE);
		vy_draw_text(W / 2 - vy_ui_text_w(t), y, VY_UI_TEXT, 'l', t);
		t = l == SETUP ? "Create the first user (an administrator)" :
		    l == LOGIN ? "Choose a user and enter the password" :
		    l == LOCK ? (put(put(s, "Locked - "), locked), s) : "";
		vy_ui_label(W / 2 - vy_ui_text_w(t) / 2, y + 40, VY_UI_ROW,
			    l == LOCK ? VY_UI_TEXT : VY_UI_DIM, t);
	}
	y += 40 + VY_UI_ROW + VY_UI_UNIT;
	if (l == LOGIN && nusers) {
		int rw = nusers > LIST_ROWS ? w - VY_UI_SCROLL_W : w;

		for (ly = y, i = top; i < nusers && i < top + LIST_ROWS; i++) {
			if (paint)
				vy_ui_row(x, y, rw, users[i], i == sel);
			else if (vy_ui_in(x, y, rw, VY_UI_ROW, px, py))
				hit = I_LIST, picked = i;
			y += VY_UI_ROW;
		}
		if (paint)
			vy_ui_scrollbar(x + w - VY_UI_SCROLL_W, ly, y - ly,
					top, LIST_ROWS, nusers);
		y += VY_UI_UNIT;
	}
	for (i = 0; i < 4 && (it = order[l][i]) != I_END; i++) {
		if (it <= I_PASS2) {
			if (paint)
				vy_draw_text(x, y, VY_UI_DIM, 'm', labels[it]);
			y += VY_UI_CHAR_H + 4;
		} else if (it == I_GO) {
			y += VY_UI_UNIT;
		}
		if (paint)
			item(it, x, y, w);
		else if (vy_ui_in(x, y, w, VY_UI_ROW, px, py))
			hit = it;
		y += VY_UI_ROW + VY_UI_UNIT;
	}
	y = lines(x, y, w, status, status_ink, paint);
	if (delay > 0) {
		p = put(s, "Too many attempts: wait ");
		put(p + vy_utoa(p, (uint64_t)delay), " s");
		y = lines(x, y, w, s, VY_UI_DANGER, paint);
	}
	card_h = y + PAD - cy;
	return hit;
}

static void draw(void)
{
	int i;

	walk(-1, -1, 0);	/* its height, to centre it */
	cy = (H - card_h) / 2 > 0 ? (H - card_h) / 2 : 0;
	walk(-1, -1, 1);
	vy_flush();
	if (say_screen && mode) {
		vy_log("screen: ");
		vy_log(mode_names[layout()]);
		if (layout() == LOCK) {
			vy_log(" ");
			vy_log(locked);
		}
		for (i = 0; layout() == LOGIN && i < nusers; i++) {
			vy_log(i ? "," : " ");
			vy_log(users[i]);
		}
		vy_print("");
	}
	if (say_status && status[0]) {
		vy_log("status: ");
		vy_print(status);
	}
	if (say_delay && delay > 0) {
		vy_log("status: Too many attempts: wait ");
		vy_log_num((uint64_t)delay);
		vy_print(" s");
	}
	say_screen = say_status = say_delay = 0;
}

/* ---- input ----------------------------------------------------------- */

static void switch_user(int on)
{
	if (mode != LOCK || busy || done || switched == on)
		return;
	switched = on;
	start();
}

static void type(uint32_t c)
{
	int f = focus, n = len[f], k;
	char *t = text[f];

	if (f > I_PASS2 || c > 0x10FFFF ||
	    (f == I_NAME && (c <= ' ' || c >= 127)))
		return;	/* names: printable ASCII, no space */
	k = c < 0x80 ? 0 : c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
	if (n + k + 1 > (f == I_NAME ? NAME_MAX : PASS_MAX))
		return;
	/* UTF-8: a lead byte, then k continuation bytes. */
	t[n++] = (char)(k ? (0xFF00 >> (k + 1) & 0xFF) | c >> 6 * k : c);
	while (k--)
		t[n++] = (char)(0x80 | (c >> 6 * k & 0x3F));
	t[n] = '\0';
	len[f] = n;
	if (f == I_NAME)
		match();
}

static void backspace(void)
{
	int f = focus, n = len[f];
	char c;

	if (f > I_PASS2 || !n)
		return;
	do {	/* a whole character: its continuation bytes, its lead */
		c = text[f][--n];
		text[f][n] = '\0';
	} while (n > 0 && (c & 0xC0) == 0x80);
	len[f] = n;
	if (f == I_NAME)
		match();
}

static void key(const struct vy_event *ev)
{
	int l = layout(), n, i;
	uint32_t c = ev->codepoint;

	if (done || !mode)
		return;
	for (n = 0; n < 4 && order[l][n] != I_END; n++)
		;
	for (i = 0; i < n - 1 && order[l][i] != focus; i++)
		;
	if (c == 9) {	/* Tab, Shift+Tab */
		focus = order[l][(i + (ev->mods & VY_MOD_SHIFT ? n - 1 : 1)) %
				 n];
	} else if (c == 10) {	/* Enter: the next field, or the action */
		if (focus == I_SWITCH)
			switch_user(1);
		else if (focus <= I_PASS2 && order[l][i + 1] <= I_PASS2 &&
			 order[l][i + 1] != I_END)
			focus = order[l][i + 1];
		else
			submit();
	} else if (c == 27) {
		switch_user(0);
	} else if (l == LOGIN && (ev->keycode == KEY_UP ||
				  ev->keycode == KEY_DOWN)) {
		choose(sel < 0 ? 0 : sel + (ev->keycode == KEY_UP ? -1 : 1));
	} else if (c == 8) {
		backspace();
	} else if (c >= ' ' && c != 127 &&
		   !(ev->mods & (VY_MOD_CTRL | VY_MOD_ALT | VY_MOD_SUPER))) {
		type(c);
	}
}

static void click(int x, int y)
{
	int it = walk(x, y, 0);

	if (done || it == I_END)
		return;
	if (it == I_LIST) {
		choose(picked);
		focus = I_PASS;
	} else if (it == I_GO) {
		submit();
	} else if (it == I_SWITCH) {
		switch_user(1);
	} else {
		focus = it;
	}
}

/* main's result is constant, so wasm-opt drops libc's exit path. */
__attribute__((noinline)) static void run(void)
{
	struct vy_event ev;
	int wait;

	ask_greeter();
	draw();
	for (;;) {
		wait = -1;
		if (delay > 0 && !busy) {	/* the source counts down */
			uint64_t since = vy_ms() - asked_ms;

			if (since >= 1000) {
				ask_greeter();
				since = 0;
			}
			wait = 1000 - (int)since;
		}
		switch (vy_next_event(&ev, wait)) {
		case VY_EV_QUIT:
			wipe_secrets();
			return;
		case VY_EV_RESIZE:
			W = ev.w;
			H = ev.h;
			break;
		case VY_EV_KEY:
			if (ev.down)
				key(&ev);
			/* The line held the character typed. */
			wipe((char *)ev.text, strlen(ev.text));
			if (!ev.down)
				continue;
			break;
		case VY_EV_POINTER:
			if (ev.action != VY_PTR_DOWN ||
			    !(ev.buttons & VY_BUTTON_LEFT))
				continue;
			click(ev.x, ev.y);
			break;
		case VY_EV_MESSAGE:
			if (strcmp(ev.from, "supervisor"))
				continue;
			reply(ev.text);
			break;
		default:
			continue;
		}
		draw();
	}
}

int main(void)
{
	run();
	return 0;
}

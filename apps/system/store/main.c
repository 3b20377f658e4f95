/*
 * store - the app store: the apps of the signed repository by category,
 * a search, each app's page saying in words what it may do (the
 * supervisor's words, `pkg may` rows), and
 * Install, Upgrade and Remove (docs/packages.md).
 *
 * The store decides nothing about trust and writes no installed app. It
 * asks the supervisor's `pkg` command what the trusted index holds
 * (`pkg available`, `pkg info NAME`), and runs the `pkg` command app as
 * a child for everything that downloads or changes: `pkg update`,
 * `pkg install NAME`, `pkg remove NAME`. That child has its own grant
 * to reach the repository (the store has none); its stdout and stderr
 * come back on one pipe, and each line it says is shown as it arrives.
 *
 * An upgrade that would be allowed more than the installed version is
 * refused by the supervisor until approved; pkg says what more, in
 * words, and the store shows them with Approve and Cancel (which has
 * the focus). Only Approve (a click on it, Enter while it has the focus,
 * or `a') runs `pkg -y install NAME`.
 *
 * /data/repository, if there, holds the repository's URL (pkg's -r).
 * Keys: Tab moves between the search, the categories and the list,
 * arrows move, Enter opens an app, Escape goes back, i installs or
 * upgrades, r removes (twice: it cannot be undone). What is on the
 * screen is said on the console too ("listed 3 apps", "page tac"),
 * after the frame that shows it.
 */
#include "vyoma_ui.h"
#include "vyoma_process.h"
#include "vyoma_tiny.h"

/*
 * Kept out of line: clang's -Oz copies small helpers (clamp(), back(),
 * ...) into every caller, and a call is shorter than the copies. Two
 * called once (ask_approval(), draw_cats()) are shorter apart too: in
 * their callers they took more locals and blocks than a call costs.
 */
#define noinline __attribute__((__noinline__))

#define KEY_ESC 1
#define KEY_BACKSPACE 14
#define KEY_TAB 15
#define KEY_HOME 102
#define KEY_UP 103
#define KEY_PAGEUP 104
#define KEY_LEFT 105
#define KEY_RIGHT 106
#define KEY_END 107
#define KEY_DOWN 108
#define KEY_PAGEDOWN 109

#define CATS_W 136			/* the categories' column */
#define PX (CATS_W + VY_UI_UNIT)	/* the right pane's left edge */
#define TOP (VY_UI_HEADER + VY_UI_UNIT)
#define LIST_Y (TOP + VY_UI_ROW + VY_UI_UNIT)
#define ITEM_H 40			/* a list item: two lines */
#define BUTTON_W 96
#define LINE_H 20			/* a line of a page's text */

#define MAX_APPS 256			/* the repository holds 100+ */
#define MAX_CATS 12
#define MAX_LINES 12			/* capability lines on a page */
#define LINE_MAX 96
#define QUERY_MAX 24

struct entry {
	union {
		struct {
			char *name, *version, *category, *size, *installed;
			char *desc;
		};
		char *word[6];	/* the same, for fields() */
	};
};

/* `pkg available`'s answer, cut into words in place; and its rows. */
static char listing[65536];
static struct entry apps[MAX_APPS];
static int napps;
static const char *cats[MAX_CATS];
static int ncats, cat;

/* What the list shows: apps of the category that match the search. */
static struct entry *shown[MAX_APPS];
static int nshown, sel, first;
static char query[QUERY_MAX + 1];
static int qlen;

static enum { F_SEARCH, F_CATS, F_LIST } focus = F_LIST;

/* The open page: `pkg info NAME`'s answer, and what it may do. */
static char info[8192];
static struct entry page;
static int on_page;
static char may[MAX_LINES][LINE_MAX];	/* "It may:" lines, in words */
static int nmay;
static char asks[MAX_LINES][LINE_MAX];	/* what an upgrade would add */
static int nasks, approving, collecting;
static int button, armed;	/* focused button; Remove asked once */

/* The pkg child running, if any, and what it is doing. */
enum { OP_NONE, OP_UPDATE, OP_INSTALL, OP_APPROVE, OP_REMOVE };
static int op, child_fd = -1;
static uint32_t child;
static char op_name[64];
static char partial[512];		/* its output's unfinished line */
static size_t partial_len;
static char last[LINE_MAX * 2];	/* the last line it said */
static char outcome[LINE_MAX]; /* its last stdout line ("installed") */

/* What each operation runs (pkg's command) and says while it runs. */
static const char *const verb[] = {
	"", "update", "install", "install", "remove",
};
static const char *const doing[] = {
	"", "Updating...", "Installing...", "Installing...", "Removing...",
};

static char repo[256];		/* /data/repository */
static int width = 640, height = 440;
static char status[LINE_MAX * 2];
static int status_style;
static char said[2048];		/* console lines, after the frame */
static size_t said_len;

/* ---- text ------------------------------------------------------------ */

/* How text() draws: in the palette's inks, or the page's title. */
enum { T_DIM, T_TEXT, T_ACCENT, T_OK, T_DANGER, T_TITLE };
static const uint32_t inks[] = {
	VY_UI_DIM, VY_UI_TEXT, VY_UI_ACCENT, VY_UI_OK, VY_UI_DANGER,
	VY_UI_TEXT,
};

static char *put(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = '\0';
	return p;
}

/* Copies s into a buffer of n bytes, cut to fit. */
static void copy(char *dst, const char *s, size_t n)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		dst[i] = s[i];
	while (s[i] && i && (s[i] & 0xC0) == 0x80)
		i--;	/* no half character */
	dst[i] = '\0';
}

/*
 * The line being put together for the screen, the console or the
 * supervisor. What is added is cut to fit: no answer or output, however
 * long, runs past it.
 */
static char line[512];
static size_t line_len;

static void add(const char *s)
{
	copy(line + line_len, s, sizeof(line) - line_len);
	line_len += strlen(line + line_len);
}

static void begin(const char *s)
{
	line_len = 0;
	add(s);
}

static void add_num(uint64_t v)
{
	char n[21];

	vy_utoa(n, v);
	add(n);
}

/* A line for the console, printed once the frame that shows it is out. */
static void say(const char *a, const char *b)
{
	char *end;

	if (said_len + strlen(a) + strlen(b) >= sizeof(said))
		return;
	end = put(put(said + said_len, a), b);
	*end++ = '\n';
	said_len = (size_t)(end - said);
}

/* The status row; with nothing to say, what the keys do. */
static void set_status(const char *text, int style)
{
	if (!*text) {
		text = "Tab, arrows, Enter to open; i install, r remove";
		style = T_DIM;
	}
	copy(status, text, sizeof(status));
	status_style = style;
}

/* v within 0 ... n - 1, or 0 when n is 0. */
static noinline int clamp(int v, int n)
{
	if (v >= n)
		v = n - 1;
	return v < 0 ? 0 : v;
}

static noinline int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Does hay hold needle, ignoring ASCII case? */
static int holds(const char *hay, const char *needle)
{
	for (; *hay; hay++) {
		size_t i = 0;

		while (needle[i] && lower(hay[i]) == lower(needle[i]))
			i++;
		if (!needle[i])
			return 1;
	}
	return !*needle;
}

/*
 * Ends the piece of text at s at its first end byte (a blank between
 * words, a newline between lines), NUL-terminated in place; returns
 * what follows.
 */
static char *cut(char *s, char end)
{
	while (*s && *s != end)
		s++;
	if (*s)
		*s++ = '\0';
	return s;
}

/* What follows prefix in s, or NULL when s does not start with it. */
static char *after(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return NULL;
	return (char *)s;
}

/*
 * Whether s is t: after() and a test, so that neither strcmp nor the
 * strncmp under it is linked in.
 */
static int same(const char *s, const char *t)
{
	s = after(s, t);
	return s && !*s;
}

/* Text at (x, y) in a style, cut to whole characters in w px. */
static void text(int x, int y, int w, int style, const char *s)
{
	static char buf[256];
	int large = style == T_TITLE;
	/* Characters: 8 px each, 16 in the large font. */
	int room = w >> (3 + large), n = 0;
	size_t i;

	for (i = 0; s[i] && i < sizeof(buf) - 1; i++)
		if ((s[i] & 0xC0) != 0x80 && n++ == room)
			break;
	copy(buf, s, i + 1);
	if (room > 0)
		vy_draw_text(x, y, inks[style], large ? 'l' : 'm', buf);
}

/* pkg's "-" in the installed version's place: not installed. */
static int installed(const struct entry *e)
{
	return !same(e->installed, "-");
}

static int has_update(const struct entry *e)
{
	return installed(e) && !same(e->installed, e->version);
}

/* A row's words "name version category size installed"; the rest. */
static char *fields(struct entry *e, char *row)
{
	for (int i = 0; i < 5; i++) {
		e->word[i] = row;
		row = cut(row, ' ');
	}
	return row;
}

/* ---- what the supervisor says ---------------------------------------- */

/*
 * One supervisor command's answer into buf, NUL-terminated: its rows, or
 * an "error ..." line (the caller reads them). NULL, or why the question
 * was refused.
 */
static const char *ask(const char *question, char *buf, size_t cap)
{
	size_t len = 0;

	if (vy_supervise(question, buf, cap - 1, &len))
		return "the supervisor refused the question";
	buf[len < cap - 1 ? len : cap - 1] = '\0';
	return NULL;
}

/* Categories in this order first (what a person looks for), then any. */
static const char *const known[] = {
	"system", "productivity", "creative", "games", "network", "tools",
};

/* Category c's index in cats; 0 ("all") when it is not there. */
static int cat_index(const char *c)
{
	int i = ncats - 1;

	while (i > 0 && !same(cats[i], c))
		i--;
	return i;
}

/* Says what the list shows: "list tools matching ta: tac". */
static void filter(void)
{
	nshown = 0;
	for (struct entry *e = apps; e < apps + napps; e++) {
		if (cat && !same(e->category, cats[cat]))
			continue;
		if (!holds(e->name, query) && !holds(e->desc, query))
			continue;	/* an empty query is in every name */
		shown[nshown++] = e;
	}
	sel = clamp(sel, nshown);
	begin("list ");
	add(cats[cat]);
	if (qlen) {
		add(" matching ");
		add(query);
	}
	add(":");
	for (int i = 0; i < nshown && line_len < 360; i++) {
		add(" ");
		add(shown[i]->name);
	}
	say(line, "");
}

/* The list anew from its first row: another category, another search. */
static void filter_from_top(void)
{
	sel = first = 0;
	filter();
}

/* `pkg available`: rows name version category size installed desc. */
static void list(void)
{
	char *row, *next, *rest, before[40];
	const char *err;

	/* The category shown, by name: the answer replaces the old one. */
	copy(before, cat ? cats[cat] : "", sizeof(before));
	/* The rows' prefix as the question: the supervisor splits it at
	 * blanks, and one string is kept, not two. */
	err = ask("pkg available ", listing, sizeof(listing));
	napps = 0;
	for (row = listing; !err && *row; row = next) {
		next = cut(row, '\n');
		if ((rest = after(row, "error "))) {
			err = rest;
		} else if ((rest = after(row, "pkg available ")) &&
			   napps < MAX_APPS) {
			apps[napps].desc = fields(&apps[napps], rest);
			napps++;
		}
	}
	if (err)
		napps = 0;	/* an error line anywhere: no list */
	ncats = 1;
	cats[0] = "all";
	/* The known ones first, in their order; then the others. */
	for (size_t k = 0; k <= sizeof(known) / sizeof(known[0]); k++)
		for (struct entry *e = apps; e < apps + napps; e++)
			if (k == sizeof(known) / sizeof(known[0]) ||
			    same(e->category, known[k]))
				if (!cat_index(e->category) &&
				    ncats < MAX_CATS)
					cats[ncats++] = e->category;
	cat = cat_index(before);
	filter();
	if (err) {
		set_status(err, T_DANGER);
		say("cannot list: ", err);
		return;
	}
	begin("listed ");
	add_num((uint64_t)napps);
	add(" apps");
	say(line, "");
}

/* ---- an app's page ---------------------------------------------------- */

/* `pkg info NAME`: the page's facts and what the app may do, in words. */
static int load_page(const char *name)
{
	char *row, *next, *rest;
	const char *err;

	begin("pkg info ");
	add(name);
	err = ask(line, info, sizeof(info));
	nmay = 0;
	/* No description until its row; no name until "pkg info"'s. */
	page = (struct entry){ .desc = "" };
	for (row = info; !err && *row; row = next) {
		next = cut(row, '\n');
		if ((rest = after(row, "error ")))
			err = rest;
		else if ((rest = after(row, "pkg info ")))
			fields(&page, rest);
		else if ((rest = after(row, "pkg description ")))
			page.desc = rest;
		else if ((rest = after(row, "pkg may ")) && nmay < MAX_LINES)
			copy(may[nmay++], rest, LINE_MAX); /* its words */
	}
	/* No "pkg info" row? fields() sets all five words, or none. */
	if (!err && !page.installed)
		err = "the supervisor's answer is malformed";
	if (err) {
		set_status(err, T_DANGER);
		return -1;
	}
	return 0;
}

static void open_page(const char *name)
{
	if (load_page(name))
		return;
	on_page = 1;
	approving = armed = button = 0;
	say("page ", page.name);
	for (int i = 0; i < nmay; i++)
		say("it may: ", may[i]);
}

/* ---- the pkg child ---------------------------------------------------- */

static void finish(int rc);
static int buttons(void);

/* Runs pkg [-rURL] [-y] VERB [name] with its output on a pipe to us. */
static void run_pkg(int what, const char *name)
{
	static char args[512];
	char *p = args;
	int32_t fds[2], io[3];
	int rc;

	if (op != OP_NONE)
		return;
	copy(op_name, name, sizeof(op_name));
	if (repo[0])
		p = put(put(p, "-r"), repo) + 1;	/* one word: -rURL */
	if (what == OP_APPROVE)
		p = put(p, "-y") + 1;
	p = put(p, verb[what]) + 1;
	if (op_name[0])
		p = put(p, op_name) + 1;
	nasks = collecting = armed = 0;
	last[0] = outcome[0] = '\0';
	partial_len = 0;
	op = what;
	rc = vy__pipe(fds);
	if (!rc) {
		io[0] = VY_STDIO_DEFAULT;
		io[1] = io[2] = fds[1];
		rc = vy__spawn("pkg", 3, args, (uint32_t)(p - args), "", 0, "",
			       0, io, &child);
		(void)!__wasi_fd_close((__wasi_fd_t)fds[1]);
		if (rc)
			(void)!__wasi_fd_close((__wasi_fd_t)fds[0]);
	}
	if (rc) {
		vy_utoa(put(last, "cannot run pkg: error "), (uint64_t)rc);
		finish(-1);
		return;
	}
	child_fd = fds[0];
	set_status(doing[what], T_DIM);
}

/* One line of pkg's output: progress, or what an upgrade would add. */
static void child_line(const char *text)
{
	const char *item = after(text, "  - ");

	/* pkg: "NAME: the new version asks for more; it would also be
	 * allowed to:", then a "  - words" line for each. */
	if (holds(text, "would also be allowed to:")) {
		collecting = 1;
		return;
	}
	if (collecting && item) {
		if (nasks < MAX_LINES)
			copy(asks[nasks++], item, LINE_MAX);
		return;
	}
	if (!*text || holds(text, "run again with -y"))
		return;	/* the store asks instead */
	/* Progress and errors are "pkg: ..." (stderr); what came of it is
	 * not (stdout), and may arrive before them (another buffer). */
	if (!after(text, "pkg: "))
		copy(outcome, text, sizeof(outcome));
	copy(last, text, sizeof(last));
	set_status(last, T_DIM);
	say("progress ", last);
}

static void read_child(void)
{
	__wasi_iovec_t iov = { (uint8_t *)partial + partial_len,
			       sizeof(partial) - 1 - partial_len };
	__wasi_size_t got = 0;
	char *l = partial, *nl, *end;
	int32_t code = 0;

	if (__wasi_fd_read((__wasi_fd_t)child_fd, &iov, 1, &got) || !got) {
		(void)!__wasi_fd_close((__wasi_fd_t)child_fd);
		child_fd = -1;
		if (partial_len)
			child_line(partial);	/* kept NUL-terminated */
		if (vy__wait(child, 0, &code))
			code = -1;
		finish(code);
		return;
	}
	partial_len += got;
	end = partial + partial_len;
	*end = '\0';
	/* memchr, not strchr: vy__take_line links it already. */
	while ((nl = memchr(l, '\n', (size_t)(end - l)))) {
		*nl = '\0';
		child_line(l);
		l = nl + 1;
	}
	partial_len = (size_t)(end - l);
	memmove(partial, l, partial_len + 1);
	if (partial_len == sizeof(partial) - 1) {
		child_line(partial);	/* a line too long: shown cut */
		partial_len = 0;
	}
}

/* pkg has asked for an approval: the panel, on the page of that app. */
static noinline void ask_approval(void)
{
	if (!on_page || !same(page.name, op_name)) {
		/* A failed load leaves no page: never approve on another
		 * app's fields, pointing into a reused buffer. */
		on_page = 0;
		open_page(op_name);
	}
	approving = on_page;
	button = 1;	/* Cancel: approving is a deliberate act */
	begin("approval asked for ");
	add(op_name);
	for (int i = 0; i < nasks; i++) {
		add(i ? ", " : ": ");
		add(asks[i]);
	}
	say(line, "");
	set_status("The new version asks for more: approve or cancel",
		   T_DANGER);
}

/* The child has ended with status rc: what came of it. */
static void finish(int rc)
{
	int what = op;
	/* "installed tac 0.1.0", "upgraded memo 2.0", "pkg removed memo":
	 * pkg's own words. */
	const char *done = after(outcome, "pkg ");

	op = OP_NONE;
	if (rc && what == OP_INSTALL && nasks) {
		ask_approval();
		return;
	}
	if (rc) {
		/* Its last line says why, if it said one. */
		set_status(last[0] ? last : "pkg failed", T_DANGER);
		say(what == OP_UPDATE ? "update failed: " : "failed: ",
		    status);
		if (what != OP_UPDATE)
			return;
		/* The list all the same: what the supervisor trusts. */
	} else if (what != OP_UPDATE) {
		if (!done)
			done = outcome;
		set_status(done, T_OK);
		say(done, "");
	}
	list();
	if (what == OP_UPDATE) {
		if (!rc)
			set_status(outcome, T_OK);
	} else if (on_page) {
		char name[64];

		/* The page shown (maybe another app's by now), anew. */
		copy(name, page.name, sizeof(name));
		on_page = !load_page(name);
		approving = armed = 0;
		button = buttons() - 1;	/* Back */
	}
}

/* ---- actions ---------------------------------------------------------- */

static const struct entry *current(void)
{
	if (on_page)
		return &page;
	return nshown ? shown[sel] : NULL;
}

static void install(void)
{
	const struct entry *e = current();

	if (e && (!installed(e) || has_update(e)))
		run_pkg(OP_INSTALL, e->name);
}

static void remove_app(void)
{
	const struct entry *e = current();

	if (!e || !installed(e) || op)
		return;
	if (!armed) {
		armed = 1;
		set_status("Remove again to remove it: this cannot be undone",
			   T_DANGER);
		say("remove? once more removes ", e->name);
		return;
	}
	run_pkg(OP_REMOVE, e->name);
}

static noinline void back(void)
{
	on_page = approving = armed = 0;
}

static void approve(void)
{
	if (approving)
		run_pkg(OP_APPROVE, page.name);	/* unless pkg is busy */
}

static void cancel(void)
{
	approving = 0;
	button = 0;
	say("approval cancelled for ", page.name);
	set_status("Cancelled: the installed version stays", T_DIM);
}

/* The page's buttons: what each says. */
enum { A_INSTALL, A_UPGRADE, A_REMOVE, A_BACK, A_APPROVE, A_CANCEL };
static const char *const labels[] = {
	"Install", "Upgrade", "Remove", "Back", "Approve", "Cancel",
};

/* The page's buttons, left to right, as its app stands: how many, which. */
enum { P_NEW, P_INSTALLED, P_UPDATE, P_APPROVAL };
static const struct {
	unsigned char n, which[3];
} layouts[] = {
	[P_NEW] = { 2, { A_INSTALL, A_BACK } },
	[P_INSTALLED] = { 2, { A_REMOVE, A_BACK } },
	[P_UPDATE] = { 3, { A_UPGRADE, A_REMOVE, A_BACK } },
	[P_APPROVAL] = { 2, { A_APPROVE, A_CANCEL } },
};
static const unsigned char *shows;	/* the page's buttons now */

/* Sets shows; returns how many buttons there are. */
static int buttons(void)
{
	int state = approving ? P_APPROVAL : !installed(&page) ? P_NEW :
		    has_update(&page) ? P_UPDATE : P_INSTALLED;

	shows = layouts[state].which;
	return layouts[state].n;
}

/* The page's i-th button pressed. */
static void press(int i)
{
	switch (shows[i]) {
	case A_INSTALL:
	case A_UPGRADE:
		install();
		break;
	case A_REMOVE:
		remove_app();
		return;
	case A_BACK:
		back();
		break;
	case A_APPROVE:
		approve();
		break;
	case A_CANCEL:
		cancel();
		break;
	}
	armed = 0;	/* any but Remove forgets a Remove asked for once */
}

static int buttons_y(void)
{
	return height - VY_UI_ROW - VY_UI_UNIT - VY_UI_ROW;
}

/* ---- drawing ---------------------------------------------------------- */

static noinline int visible(void)
{
	int n = (height - LIST_Y - VY_UI_ROW - VY_UI_UNIT) / ITEM_H;

	return n > 1 ? n : 1;
}

/*
 * A row's background, selected or not; the selection's edge in the
 * accent colour when it has the focus.
 */
static void row_back(int x, int y, int w, int h, uint32_t bg, int selected,
		     int focused)
{
	vy_fill_rect(x, y, w, h, selected ? VY_UI_SELECT : bg);
	if (selected && focused)
		vy_fill_rect(x, y, 3, h, VY_UI_ACCENT);
}

static noinline void draw_cats(void)
{
	vy_fill_rect(0, VY_UI_HEADER, CATS_W, height - VY_UI_HEADER,
		     VY_UI_SURFACE);
	for (int i = 0; i < ncats; i++) {
		int y = TOP + i * VY_UI_ROW;

		begin(cats[i]);
		if (line[0] >= 'a' && line[0] <= 'z')
			line[0] -= 32;	/* "Tools" */
		row_back(0, y, CATS_W, VY_UI_ROW, VY_UI_SURFACE, i == cat,
			 focus == F_CATS && !on_page);
		vy_ui_label(VY_UI_UNIT * 2, y, VY_UI_ROW, VY_UI_TEXT, line);
	}
}

static void badge(int right, int y, const char *label, uint32_t bg)
{
	int w = vy_ui_text_w(label) + VY_UI_UNIT;

	vy_fill_rect(right - w, y, w, VY_UI_CHAR_H + 2, bg);
	vy_draw_text(right - w + 4, y + 1, VY_UI_ACCENT_TEXT, 'm', label);
}

static void draw_list(void)
{
	int w = width - PX - VY_UI_UNIT, n = visible();

	vy_ui_field(PX, TOP, w, query, qlen, focus == F_SEARCH);
	if (!qlen && focus != F_SEARCH)
		vy_ui_label(PX + 4, TOP, VY_UI_ROW - 2, VY_UI_DIM,
			    "Search (Tab)");
	if (sel < first)
		first = sel;
	if (sel >= first + n)
		first = sel - n + 1;
	first = clamp(first, nshown - n + 1);
	for (int i = first; i < nshown && i < first + n; i++) {
		const struct entry *e = shown[i];
		int y = LIST_Y + (i - first) * ITEM_H, tw = w - VY_UI_SCROLL_W;
		int nx = PX + VY_UI_UNIT * 2;
		int right = PX + tw - VY_UI_UNIT;

		row_back(PX, y, tw, ITEM_H - 2, VY_UI_BG, i == sel,
			 focus == F_LIST);
		text(nx, y + 3, tw / 2, T_TEXT, e->name);
		text(nx + vy_ui_text_w(e->name) + VY_UI_UNIT, y + 3,
		     tw / 3, T_DIM, e->version);
		if (installed(e)) {
			int up = has_update(e);

			badge(right, y + 2, up ? "update available" :
			      "installed", up ? VY_UI_ACCENT : VY_UI_OK);
		}
		text(nx, y + 20, right - nx, T_DIM, e->desc);
	}
	if (!nshown)
		vy_ui_label(PX + VY_UI_UNIT, LIST_Y, VY_UI_ROW, VY_UI_DIM,
			    op == OP_UPDATE ? doing[op] : napps ?
			    "No app matches" : "No apps listed");
	vy_ui_scrollbar(PX + w - VY_UI_SCROLL_W, LIST_Y, n * ITEM_H, first, n,
			nshown);
}

/* Lines of words one under another, each "- words". */
static void bullets(int x, int y, int w, char (*words)[LINE_MAX], int n)
{
	for (int i = 0; i < n; i++) {
		begin("- ");
		add(words[i]);
		text(x, y + i * LINE_H, w, T_TEXT, line);
	}
}

static void draw_page(void)
{
	int x = PX + VY_UI_UNIT, w = width - x - VY_UI_UNIT, y = TOP + 120;
	int n = buttons(), up = has_update(&page);
	uint32_t size = 0;	/* a package is one module: under 4 GB */

	text(x, TOP, w, T_TITLE, page.name);
	for (const char *d = page.size; *d >= '0' && *d <= '9'; d++)
		size = size * 10 + (uint32_t)(*d - '0');
	begin("Version ");
	add(page.version);
	add("   ");
	add_num((size + 1023) / 1024);
	add(" KB   ");
	add(page.category);
	text(x, TOP + 40, w, T_DIM, line);
	text(x, TOP + 64, w, T_TEXT, page.desc);
	if (!installed(&page)) {
		begin("Not installed");
	} else {
		begin("Installed: ");
		add(page.installed);
	}
	if (up) {
		add(" (version ");
		add(page.version);
		add(" is available)");
	}
	text(x, TOP + 88, w, up ? T_ACCENT : T_DIM, line);
	if (approving) {
		int ph = 2 * VY_UI_ROW + (nasks + 1) * LINE_H;

		vy_fill_rect(x, y, w, ph, VY_UI_SURFACE);
		vy_fill_rect(x, y, 3, ph, VY_UI_DANGER);
		begin(page.name);
		add(" ");
		add(page.version);
		add(" asks for more. It would also be allowed to:");
		text(x + 16, y + 8, w - 24, T_TEXT, line);
		bullets(x + 24, y + 32, w - 32, asks, nasks);
		begin("Approve to upgrade, or Cancel to keep ");
		add(page.installed);
		add(".");
		text(x + 16, y + ph - 28, w - 24, T_DIM, line);
	} else {
		vy_ui_label(x, y, VY_UI_ROW, VY_UI_DIM, "It may:");
		bullets(x + 8, y + 24, w - 8, may, nmay);
		if (!nmay)
			text(x + 8, y + 24, w - 8, T_TEXT,
			     "- only run: no files, network or other apps");
	}
	for (int i = 0; i < n; i++)
		vy_ui_button(x + i * (BUTTON_W + VY_UI_UNIT), buttons_y(),
			     BUTTON_W, VY_UI_ROW, labels[shows[i]],
			     shows[i] == A_REMOVE && armed ? VY_UI_DANGEROUS :
			     i == button ? VY_UI_PRIMARY : VY_UI_NORMAL);
}

static void draw(void)
{
	vy_fill_rect(0, 0, width, height, VY_UI_BG);
	vy_ui_header(width, "Store");
	if (op)
		vy_ui_label(width - VY_UI_UNIT - 14 * VY_UI_CHAR_W, 0,
			    VY_UI_HEADER, VY_UI_ACCENT, doing[op]);
	draw_cats();
	if (on_page)
		draw_page();
	else
		draw_list();
	vy_fill_rect(0, height - VY_UI_ROW, width, VY_UI_ROW, VY_UI_SURFACE);
	text(VY_UI_UNIT, height - VY_UI_ROW + 4, width - 2 * VY_UI_UNIT,
	     status_style, status);
	vy_flush();
	/* Every line said ends in a newline: they go out in one write. */
	vy__fd_write_all(2, said, said_len);
	said_len = 0;
}

/* ---- input ------------------------------------------------------------ */

static void move(int by)
{
	sel = clamp(sel + by, nshown);
}

static void on_page_key(int key, uint32_t c)
{
	int n = buttons();

	if (key == KEY_ESC) {
		press(n - 1);	/* Back, or Cancel */
	} else if (key == KEY_TAB || key == KEY_RIGHT || key == KEY_LEFT) {
		/* The next button, or the one before; round. */
		button = (button + (key == KEY_LEFT ? n - 1 : 1)) % n;
	} else if (c == '\n') {
		press(button < n ? button : 0);
		return;
	} else if (approving && c == 'a') {
		approve();
	}
	armed = 0;
}

static void on_key(int key, uint32_t c)
{
	int dir = key == KEY_UP || key == KEY_PAGEUP || key == KEY_HOME ?
		  -1 : 1;
	int updown = key == KEY_UP || key == KEY_DOWN;

	/*
	 * i and r: for the page's app, or the list's while it has the
	 * focus; neither while an upgrade waits for approval. Any key but
	 * r forgets a Remove asked for once.
	 */
	if ((c == 'i' || c == 'r') &&
	    (on_page ? !approving : focus == F_LIST)) {
		if (c == 'i') {
			install();
			armed = 0;
		} else {
			remove_app();
		}
		return;
	}
	if (on_page) {
		on_page_key(key, c);
		return;
	}
	if (key == KEY_TAB) {
		focus = (focus + 1) % 3;	/* search, categories, list */
	} else if (focus == F_CATS && updown) {
		cat = clamp(cat + dir, ncats);
		filter_from_top();
	} else if (focus == F_CATS && (key == KEY_RIGHT || c == '\n')) {
		focus = F_LIST;
	} else if (updown) {
		move(dir);
	} else if (key == KEY_PAGEUP || key == KEY_PAGEDOWN) {
		move(dir * visible());
	} else if (focus != F_SEARCH && (key == KEY_HOME || key == KEY_END)) {
		move(dir * MAX_APPS);
	} else if (c == '\n') {
		if (nshown)
			open_page(current()->name);
	} else if (key == KEY_ESC && focus == F_SEARCH) {
		qlen = 0;
		query[0] = '\0';
		focus = F_LIST;
		filter();
	} else if (focus == F_SEARCH && key == KEY_BACKSPACE) {
		if (qlen)
			query[--qlen] = '\0';
		filter();
	} else if (focus == F_SEARCH && c >= ' ' && c < 127) {
		if (qlen < QUERY_MAX) {
			query[qlen++] = (char)c;
			query[qlen] = '\0';
		}
		filter_from_top();
	}
	armed = 0;
}

static void on_click(int x, int y)
{
	int n = visible();

	if (x < CATS_W) {
		/* Unsigned: a click above the first is far past the last. */
		unsigned i = (unsigned)(y - TOP) / VY_UI_ROW;

		if (i < (unsigned)ncats) {
			cat = (int)i;
			filter_from_top();
			back();
		}
		focus = F_CATS;
	} else if (on_page) {
		unsigned bx = (unsigned)(x - PX - VY_UI_UNIT);
		unsigned i = bx / (BUTTON_W + VY_UI_UNIT);

		/* On a button, not in the gap after it? (Unsigned, as above) */
		if (i < (unsigned)buttons() &&
		    bx % (BUTTON_W + VY_UI_UNIT) < BUTTON_W &&
		    (unsigned)(y - buttons_y()) < VY_UI_ROW) {
			button = (int)i;
			press(button);
		}
	} else if (y >= TOP && y < TOP + VY_UI_ROW) {
		focus = F_SEARCH;
	} else if (x >= width - VY_UI_UNIT - VY_UI_SCROLL_W && y >= LIST_Y &&
		   nshown > n) {
		/* vy_ui_scroll_to()'s sum in 32 bits (at most MAX_APPS rows);
		 * unsigned, so that a point however far only wraps, and
		 * clamp() keeps the row in the list. */
		sel = first = clamp((int)((unsigned)(y - LIST_Y) *
					  (unsigned)(nshown - n) /
					  (unsigned)(n * ITEM_H)),
				    nshown - n + 1);
	} else if (y >= LIST_Y) {
		int i = first + (y - LIST_Y) / ITEM_H;

		if (i < nshown && i < first + n) {
			sel = i;
			focus = F_LIST;
			open_page(current()->name);
		}
	}
}

/* ---- the loop --------------------------------------------------------- */

/*
 * The next line from the supervisor, as vy_next_event() reads it;
 * meanwhile the child's output, shown line by line. NULL once stdin
 * has closed: the supervisor is stopping us.
 */
static char *next_input(void)
{
	char *s;

	while (!(s = vy__take_line())) {
		__wasi_iovec_t iov = { (uint8_t *)vy__in + vy__in_len,
				       VY_LINE_MAX + 1 - vy__in_len };
		__wasi_subscription_t sub[2];
		__wasi_event_t evs[2];
		__wasi_size_t n;
		uint32_t ready;

		if (vy__eof)
			return NULL;
		vy_sub_fd(&sub[0], 0, 0, 0);
		vy_sub_fd(&sub[1], child_fd, 0, 1);
		/* Input first, as before: the child waits its turn. */
		ready = vy_poll_bits(sub, evs, child_fd < 0 ? 1 : 2, 1);
		if (ready & 1) {
			if (__wasi_fd_read(0, &iov, 1, &n) || !n)
				vy__eof = 1;
			else
				vy__in_len += n;
		} else if (ready & 2) {
			read_child();
			draw();
		}
	}
	return s;
}

static void load_repo(void)
{
	long n = vy_data_read("repository", repo, sizeof(repo) - 1);

	if (n < 0)
		n = 0;
	repo[n] = '\0';
	for (long i = 0; i < n; i++)
		if ((unsigned char)repo[i] <= ' ')
			repo[i] = '\0';	/* the URL ends at a blank */
}

/* Out of main, so that main's return leaves wasi-libc's exit unused. */
static noinline void run(void)
{
	char *s;

	load_repo();
	run_pkg(OP_UPDATE, "");
	draw();
	while ((s = next_input())) {
		/* Events as vy__classify reads them: only those acted on. */
		const char *e = after(s, "VYOMA_EVENT:"), *v;
		int a, b;

		if (!e)
			continue;
		if ((v = after(e, "resize:"))) {
			width = vy__parse_int(&v);
			height = vy__parse_int(&v);
		} else if ((v = after(e, "key:")) ||
			   (v = after(e, "pointer:"))) {
			/* "down,A,B,...": a key's code and character, or where
			 * the pointer was pressed; not "up," nor "move,". */
			if (!(v = after(v, "down,")))
				continue;
			a = vy__parse_int(&v);
			b = vy__parse_int(&v);
			if (*e == 'k')
				on_key(a, (uint32_t)b);
			else
				on_click(a, b);
		} else {
			continue;
		}
		draw();
	}
	if (op)
		vy_kill(child);
}

int main(void)
{
	run();
	return 0;
}

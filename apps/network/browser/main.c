/*
 * browser - a tiny text web browser: fetches http:// pages, shows their
 * text wrapped to the window with the links numbered, and follows a
 * link by its number. No images, scripts, styles or https.
 *
 * Keys: typing edits the address field (focused at start, and again on
 * Ctrl-L); Enter loads it. On the page: digits choose a link ("Link: 12"
 * in the status row), Enter follows it, Backspace or Escape forgets the
 * digits; Up/Down scroll a line, PageUp/PageDown a page, Home/End.
 *
 * Logs, once the frame shows it: "browser: loaded URL status N links N
 * lines N title T" after a page, "browser: error WHY" when one fails,
 * "browser: top N" after scrolling - what its test waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_net.h"
#include "vyoma_tiny.h"

#define PAGE_MAX 131072		/* response bytes kept */
#define TEXT_MAX 65536
#define MAX_LINES 4096
#define MAX_LINKS 100
#define URL_MAX 256
#define LINK_ON 1		/* text bytes that colour a link's words */
#define LINK_OFF 2

enum { K_ESC = 1, K_BS = 14, K_ENTER = 28, K_L = 38, K_HOME = 102,
       K_UP = 103, K_PGUP = 104, K_LEFT = 105, K_RIGHT = 106, K_END = 107,
       K_DOWN = 108, K_PGDN = 109 };

static char page[PAGE_MAX], text[TEXT_MAX], url[URL_MAX], cur[URL_MAX];
static char links[MAX_LINKS][URL_MAX], title[64], status[URL_MAX + 32];
static int starts[MAX_LINES + 1], nlines, top, tlen, nlinks, cursor;
static int w = 480, h = 360, editing = 1, choice, failed;

/* ---- small strings ------------------------------------------------- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Does s start with word, any case? */
static int starts_with(const char *s, const char *word)
{
	while (*word)
		if (lower(*s++) != *word++)
			return 0;
	return 1;
}

/* s's first n bytes (at most cap - 1) into d, NUL-terminated. */
static void copy(char *d, const char *s, int n, int cap)
{
	if (n > cap - 1)
		n = cap - 1;
	memcpy(d, s, (size_t)n);
	d[n] = '\0';
}

static void say(const char *a, const char *b)
{
	int n = (int)strlen(a);

	copy(status, a, n, sizeof(status));
	copy(status + n, b, (int)strlen(b), (int)sizeof(status) - n);
}

/* ---- HTML to text ---------------------------------------------------- */

static void put(int c)
{
	char last = tlen ? text[tlen - 1] : '\n';

	if (tlen >= TEXT_MAX - 8)
		return;
	if (c == ' ' && (last == ' ' || last == '\n'))
		return;
	if (c == '\n') {
		if (!tlen)
			return;
		if (last == ' ')
			tlen--;
		if (tlen > 1 && text[tlen - 1] == '\n' &&
		    text[tlen - 2] == '\n')
			return;	/* a blank line at most */
	}
	text[tlen++] = (char)c;
}

/* The value of attribute name inside a tag (s .. e), or NULL; *n its
 * length. */
static const char *attr(const char *s, const char *e, const char *name,
			int *n)
{
	for (; s < e; s++) {
		char q;
		const char *v;

		if (!starts_with(s, name) || (s[-1] != ' ' && s[-1] != '\t' &&
					      s[-1] != '\n'))
			continue;
		v = s + strlen(name);
		while (*v == ' ')
			v++;
		if (*v++ != '=')
			continue;
		while (*v == ' ')
			v++;
		q = *v == '"' || *v == '\'' ? *v++ : ' ';
		for (*n = 0; v + *n < e && v[*n] != q && v[*n] != '>'; ++*n)
			;
		return v;
	}
	return NULL;
}

/* An entity at s ('&'): the character, and *len its bytes. */
static int entity(const char *s, const char *e, int *len)
{
	static const char *const names[] = { "amp;", "lt;", "gt;", "quot;",
					     "apos;", "nbsp;" };
	int v = 0, hex = lower(s[2]) == 'x';
	const char *p = s + 2 + hex;

	*len = 1;
	if (s[1] == '#') {
		for (; p < e && p < s + 9 && *p != ';'; p++)
			v = v * (hex ? 16 : 10) + (*p <= '9' ? *p - '0' :
						   lower(*p) - 'a' + 10);
		if (p < e && *p == ';') {
			*len = (int)(p - s) + 1;
			return v >= ' ' && v < 127 ? v : '?';
		}
		return '&';
	}
	for (int i = 0; i < 6; i++)
		if (starts_with(s + 1, names[i])) {
			*len = (int)strlen(names[i]) + 1;
			return "&<>\"' "[i];
		}
	return '&';
}

/* Skips from s past the first "</name" and its '>'. */
static const char *skip_to_end(const char *s, const char *e,
			       const char *name)
{
	for (; s < e; s++)
		if (s[0] == '<' && s[1] == '/' && starts_with(s + 2, name))
			break;
	while (s < e && *s != '>')
		s++;
	return s;
}

/* The href of a link made absolute against cur into d. */
static void resolve(char *d, const char *href, int n)
{
	char *p = cur + 7, *slash;
	int keep;

	while (n && (href[n - 1] == ' ' || href[n - 1] == '\n'))
		n--;
	for (int i = 0; i < n; i++)
		if (href[i] == '#')
			n = i;
	if (n >= 7 && starts_with(href, "http://")) {
		copy(d, href, n, URL_MAX);
		return;
	}
	for (keep = 0; href[keep] >= 'a' && href[keep] <= 'z'; keep++)
		;
	if (keep < n && href[keep] == ':' && keep) {	/* mailto:, https: */
		copy(d, href, n, URL_MAX);
		return;
	}
	slash = strchr(p, '/');
	if (!slash)
		slash = p + strlen(p);
	if (href[0] != '/')	/* relative to the page's directory */
		for (char *q = slash; *q; q++)
			if (*q == '/')
				slash = q + 1;
	keep = (int)(slash - cur);
	copy(d, cur, keep, URL_MAX);
	if (!*slash && href[0] != '/' && keep < URL_MAX - 1)
		d[keep++] = '/';
	copy(d + keep, href, n, URL_MAX - keep);
}

static void render(const char *s, const char *e, int html)
{
	int in_link = 0;

	tlen = nlinks = 0;
	title[0] = '\0';
	while (s < e) {
		unsigned char c = (unsigned char)*s;
		const char *t, *end;
		int close, n;

		if (c == '&' && html) {
			put(entity(s, e, &n));
			s += n;
			continue;
		}
		if (c != '<' || !html) {
			if (c >= 0x80) {	/* '?' for a UTF-8 character */
				put('?');
				while (++s < e && (*s & 0xc0) == 0x80)
					;
				continue;
			}
			put(c == '\n' && !html ? '\n' : c <= ' ' ? ' ' : c);
			s++;
			continue;
		}
		if (starts_with(s, "<!--")) {
			for (s += 4; s + 2 < e && memcmp(s, "-->", 3); s++)
				;
			s += 3;
			continue;
		}
		close = s[1] == '/';
		t = s + 1 + close;
		for (end = t; end < e && *end != '>'; end++)
			;
		n = 0;
		while (t + n < end && lower(t[n]) >= 'a' && lower(t[n]) <= 'z')
			n++;
		n += t[n] >= '1' && t[n] <= '6';	/* h1-h6 */
#define TAG(x) (n == sizeof(x) - 1 && starts_with(t, x))
		if (!close && (TAG("script") || TAG("style"))) {
			end = skip_to_end(end, e, t[1] == 'c' || t[1] == 'C' ?
					  "script" : "style");
		} else if (!close && TAG("title")) {
			const char *te = skip_to_end(end, e, "title");
			const char *tt = end + 1;
			int tl = 0, k;

			while (te > tt && *te != '<')
				te--;
			while (tt < te && tl < (int)sizeof(title) - 1) {
				int c = *tt == '&' ? entity(tt, te, &k) : *tt;

				tt += *tt == '&' ? k : 1;
				title[tl++] = (char)(c < ' ' || c > '~' ?
						     ' ' : c);
			}
			title[tl] = '\0';
			end = skip_to_end(end, e, "title");
		} else if (TAG("a")) {
			const char *href;
			int hn;

			if (close && in_link) {
				char b[24] = "[";
				int k = vy_utoa(b + 1, (uint64_t)nlinks);

				put(LINK_OFF);
				b[k + 1] = ']';
				b[k + 2] = '\0';
				for (char *q = b; *q; q++)
					put(*q);
				in_link = 0;
			} else if (!close && !in_link && nlinks < MAX_LINKS &&
				   (href = attr(t, end, "href", &hn))) {
				resolve(links[nlinks++], href, hn);
				put(LINK_ON);
				in_link = 1;
			}
		} else if (TAG("li") && !close) {
			put('\n');
			put('*');
			put(' ');
		} else if (TAG("br") || TAG("tr") || TAG("div")) {
			put('\n');
		} else if (TAG("p") || TAG("ul") || TAG("ol") || TAG("pre") ||
			   TAG("table") || TAG("hr") || TAG("blockquote") ||
			   (n == 2 && lower(t[0]) == 'h' && t[1] >= '1')) {
			put('\n');
			put('\n');
		}
#undef TAG
		s = end + 1;
	}
	if (in_link)
		put(LINK_OFF);
	while (tlen && text[tlen - 1] == '\n')
		tlen--;
}

/* ---- layout and drawing ---------------------------------------------- */

static int text_top(void)
{
	return VY_UI_HEADER + VY_UI_UNIT + VY_UI_ROW + VY_UI_UNIT;
}

static int rows(void)
{
	int r = (h - VY_UI_ROW - text_top()) / VY_UI_CHAR_H;

	return r > 1 ? r : 1;
}

/* Line starts for the window's width: words wrapped, long ones cut. */
static void wrap(void)
{
	int cols = (w - 2 * VY_UI_UNIT - VY_UI_SCROLL_W) / VY_UI_CHAR_W;
	int i = 0;

	if (cols < 8)
		cols = 8;
	nlines = 0;
	while (i < tlen && nlines < MAX_LINES) {
		int col = 0, brk = -1, j = i;

		starts[nlines++] = i;
		for (; j < tlen && text[j] != '\n'; j++) {
			if (text[j] == LINK_ON || text[j] == LINK_OFF)
				continue;
			if (col == cols)
				break;
			if (text[j] == ' ')
				brk = j;
			col++;
		}
		if (j < tlen && text[j] != '\n' && brk > i)
			j = brk;	/* break at the last space */
		i = j + (j < tlen && (text[j] == '\n' || text[j] == ' '));
	}
	starts[nlines] = tlen;
}

static void draw(void)
{
	int y = text_top(), r = rows(), link = 0;
	char seg[256];

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, title[0] ? title : "Browser");
	vy_ui_field(VY_UI_UNIT, VY_UI_HEADER + VY_UI_UNIT, w - 2 * VY_UI_UNIT,
		    url, cursor, editing);
	/* Whether the first shown line starts inside a link. */
	for (int i = 0; i < starts[top]; i++)
		link = text[i] == LINK_ON ? 1 : text[i] == LINK_OFF ? 0 : link;
	for (int l = top; l < nlines && l < top + r; l++, y += VY_UI_CHAR_H) {
		int x = VY_UI_UNIT, i = starts[l], end = starts[l + 1];

		while (i < end) {
			int n = 0;

			while (i < end && n < 255 && text[i] != LINK_ON &&
			       text[i] != LINK_OFF && text[i] != '\n')
				seg[n++] = text[i++];
			seg[n] = '\0';
			vy_draw_text(x, y, link ? VY_UI_ACCENT : VY_UI_TEXT,
				     'm', seg);
			x += n * VY_UI_CHAR_W;
			if (i < end)
				link = text[i++] == LINK_ON ? 1 :
				       text[i - 1] == LINK_OFF ? 0 : link;
		}
	}
	vy_ui_scrollbar(w - VY_UI_SCROLL_W, text_top(), r * VY_UI_CHAR_H, top,
			r, nlines);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	if (choice) {
		char b[32] = "Link: ";

		vy_utoa(b + 6, (uint64_t)choice);
		vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW, VY_UI_ACCENT,
			    b);
	} else {
		vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW,
			    failed ? VY_UI_DANGER : VY_UI_DIM, status);
	}
	vy_flush();
}

/* ---- fetching ---------------------------------------------------------- */

/* A response header's value (any case), NUL-ended in place, or NULL. */
static char *header(char *head, const char *name)
{
	for (char *l = head; (l = strchr(l, '\n')); ) {
		l++;
		if (starts_with(l, name)) {
			char *v = l + strlen(name), *e;

			while (*v == ' ')
				v++;
			for (e = v; *e && *e != '\r' && *e != '\n'; e++)
				;
			*e = '\0';
			return v;
		}
	}
	return NULL;
}

/* Fetches cur; the body's bounds, or an error in status (NULL). */
static char *fetch(char **body_end, int *code)
{
	char host[URL_MAX], *p = cur + 7, *path, *body, *colon;
	unsigned port = 80;
	int fd, err, n = 0, hl;

	if (!starts_with(cur, "http://")) {
		say("only http:// pages: ", cur);
		return NULL;
	}
	path = strchr(p, '/');
	hl = path ? (int)(path - p) : (int)strlen(p);
	copy(host, p, hl, sizeof(host));
	colon = strchr(host, ':');
	if (colon) {
		*colon++ = '\0';
		for (port = 0; *colon >= '0' && *colon <= '9' && port < 65536;)
			port = port * 10 + (unsigned)(*colon++ - '0');
	}
	if (!host[0] || (colon && (*colon || !port || port > 65535))) {
		say("malformed address: ", cur);
		return NULL;
	}
	err = vy_connect(host, port, 5000, &fd);
	if (err) {
		say(err == __WASI_ERRNO_ACCES ? "not granted: " :
		    err == __WASI_ERRNO_CONNREFUSED ? "connection refused: " :
		    "cannot connect: ", host);
		return NULL;
	}
	/* HTTP/1.0: no chunks to undo, and the end is the close. */
	n = 0;
	for (const char *const *s = (const char *const[]){ "GET ",
	     path ? path : "/", " HTTP/1.0\r\nHost: ", host,
	     "\r\nUser-Agent: vyoma-browser\r\nConnection: close\r\n\r\n",
	     NULL }; *s; s++) {
		int k = (int)strlen(*s);

		copy(page + n, *s, k, PAGE_MAX - n);
		n += k;
	}
	if (write(fd, page, (size_t)n) != n) {
		close(fd);
		say("cannot send to ", host);
		return NULL;
	}
	/* A server that stops sending gets 10 s, not the window forever. */
	for (n = 0; n < PAGE_MAX - 1;) {
		__wasi_subscription_t sub[2];
		__wasi_event_t ev[2];
		ssize_t got;

		vy_sub_fd(&sub[0], fd, 0, 0);
		vy_sub_clock(&sub[1], 10000000000ull, 1);
		if (!(vy_poll_bits(sub, ev, 2, 1) & 1) ||
		    (got = read(fd, page + n, (size_t)(PAGE_MAX - 1 - n))) <= 0)
			break;
		n += (int)got;
	}
	close(fd);
	page[n] = '\0';
	for (body = page; *body && memcmp(body, "\r\n\r\n", 4); body++)
		;
	if (!starts_with(page, "http/1.") || !*body || !page[8]) {
		say("not an HTTP response from ", host);
		return NULL;
	}
	*body = '\0';
	*code = 0;
	for (p = page + 9; *p >= '0' && *p <= '9'; p++)
		*code = *code * 10 + *p - '0';
	*body_end = page + n;
	return body + 4;
}

static void load(const char *to)
{
	char *body, *end, *loc, *type;
	int code = 0, hops = 0;
	char b[24];

	/* "example.org" means http://example.org; "x://" stays. */
	for (loc = (char *)to; *loc >= 'a' && *loc <= 'z'; loc++)
		;
	copy(cur, "http://", memcmp(loc, "://", 3) ? 7 : 0, URL_MAX);
	copy(cur + strlen(cur), to, (int)strlen(to), URL_MAX - 7);
	for (;;) {
		body = fetch(&end, &code);
		if (!body || code / 100 != 3 || hops++ == 5 ||
		    !(loc = header(page, "location:")))
			break;
		{
			char next[URL_MAX];

			resolve(next, loc, (int)strlen(loc));
			copy(cur, next, (int)strlen(next), URL_MAX);
		}
	}
	copy(url, cur, (int)strlen(cur), URL_MAX);
	cursor = (int)strlen(url);
	top = choice = 0;
	failed = !body;
	if (body) {
		type = header(page, "content-type:");
		render(body, end, !type || !starts_with(type, "text/plain"));
		vy_utoa(b, (uint64_t)(code == 200 ? nlinks : code));
		if (code == 200)
			say(b, " links: type a number and Enter to follow");
		else
			say("HTTP status ", b);
		failed = code >= 400;
	} else {
		tlen = nlinks = 0;
		title[0] = '\0';
	}
	wrap();
	draw();
	if (!body) {
		vy_log("browser: error ");
		vy_print(status);
		return;
	}
	vy_log("browser: loaded ");
	vy_log(cur);
	vy_log(" status ");
	vy_log_num((uint64_t)code);
	vy_log(" links ");
	vy_log_num((uint64_t)nlinks);
	vy_log(" lines ");
	vy_log_num((uint64_t)nlines);
	vy_log(" title ");
	vy_print(title);
}

/* ---- keys --------------------------------------------------------------- */

static void scroll(int to)
{
	int most = nlines > rows() ? nlines - rows() : 0;

	to = to < 0 ? 0 : to > most ? most : to;
	if (to == top)
		return;
	top = to;
	draw();
	vy_log("browser: top ");
	vy_log_num((uint64_t)top);
	vy_print("");
}

static void edit_key(const struct vy_event *ev)
{
	int n = (int)strlen(url);
	uint32_t c = ev->codepoint;

	if (ev->keycode == K_ENTER) {
		editing = 0;
		load(url);
		return;
	}
	if (ev->keycode == K_BS && cursor > 0) {
		memmove(url + cursor - 1, url + cursor,
			(size_t)(n - cursor + 1));
		cursor--;
	} else if (ev->keycode == K_LEFT && cursor > 0) {
		cursor--;
	} else if (ev->keycode == K_RIGHT && cursor < n) {
		cursor++;
	} else if (ev->keycode == K_HOME) {
		cursor = 0;
	} else if (ev->keycode == K_END) {
		cursor = n;
	} else if (ev->keycode == K_ESC) {
		editing = 0;
	} else if (c > ' ' && c < 127 && n < URL_MAX - 1 &&
		   (n + 2) * VY_UI_CHAR_W < w - 2 * VY_UI_UNIT) {
		memmove(url + cursor + 1, url + cursor,
			(size_t)(n - cursor + 1));
		url[cursor++] = (char)c;
	} else {
		return;
	}
	draw();
}

static void page_key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint;
	int k = ev->keycode, r = rows();

	if (c >= '0' && c <= '9' && choice < 1000) {
		choice = choice * 10 + (int)(c - '0');
	} else if (k == K_BS || k == K_ESC) {
		choice = k == K_BS ? choice / 10 : 0;
	} else if (k == K_ENTER && choice) {
		if (choice > nlinks) {
			say("no such link", "");
			failed = 1;
			choice = 0;
			draw();
			vy_log("browser: error ");
			vy_print(status);
			return;
		} else {
			load(links[choice - 1]);
			return;
		}
	} else {
		scroll(k == K_UP ? top - 1 : k == K_DOWN ? top + 1 :
		       k == K_PGUP ? top - r + 1 : k == K_PGDN ? top + r - 1 :
		       k == K_HOME ? 0 : k == K_END ? nlines : top);
		return;
	}
	draw();
}

int main(void)
{
	struct vy_event ev;

	say("Type an http:// address and press Enter", "");
	wrap();
	draw();
	vy_print("browser: ready");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			wrap();
			scroll(top);
			draw();
		} else if (ev.type == VY_EV_KEY && ev.down) {
			if ((ev.mods & VY_MOD_CTRL) && ev.keycode == K_L) {
				editing = 1;
				cursor = (int)strlen(url);
				draw();
			} else if (editing) {
				edit_key(&ev);
			} else {
				page_key(&ev);
			}
		}
	}
	return 0;
}

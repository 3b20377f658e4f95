/*
 * chat - a line-based TCP chat window, between two VyomaOS instances or
 * with `nc HOST 7070` on a host: on the wire, one UTF-8 line ending in
 * "\n" per message, nothing else, so any line-oriented tool can talk
 * to it.
 *
 * This file owns the whole app: the sockets (one listener, one peer at
 * a time), the transcript and its word wrap, the input line and the
 * frame. Started, it listens on port 7070; `/connect HOST[:PORT]` calls
 * someone instead and `/listen PORT` moves the listener (window apps
 * get no arguments, so typed commands are how a person, and the tests,
 * pick an address). When the peer leaves, it listens again.
 *
 * Nothing blocks the window (a call is begun with VY_CONNECT_NOWAIT
 * and its end watched like any socket, for at most CONNECT_MS; only a
 * name's lookup happens in the call): one poll_oneoff waits on the
 * supervisor's events, the listener, the call, the peer's bytes and room
 * to send,
 * and what we send leaves from a buffer as fast as the socket takes it.
 * Lines typed while no one is connected wait there for the next peer.
 *
 * Every transcript line is printed on the console once it is on the
 * screen, so `log chat` (and the tests) can follow the conversation;
 * the "you: " and "peer: " prefixes keep a peer's words from passing
 * for the app's own status lines, there as on the screen.
 *
 * The look is docs/ui.md's: the header bar (with the count of lines
 * waiting for a peer at its right), the transcript, the input field,
 * and the connection's state on the status row along the bottom.
 */
#include <errno.h>
#include <unistd.h>

#include "vyoma_ui.h"
#include "vyoma_net.h"
#include "vyoma_utf8.h"
#include "vyoma_tiny.h"

#define DEFAULT_PORT 7070
#define CONNECT_MS 5000		/* the longest a call may ring */
#define FRAME_MS 16		/* at most one frame this often */
#define KEEP 64			/* transcript lines kept */
#define TEXT_MAX 512		/* bytes of a transcript line, prefix included */
#define RX_MAX (TEXT_MAX - 8)	/* longer peer lines are cut into pieces */
#define INPUT_MAX 400		/* bytes of the input line */
#define TX_MAX 8192		/* bytes waiting to be sent */
#define CHUNK 2048		/* bytes read or written at a time */

#define CELL_W VY_UI_CHAR_W	/* the 'm' font */
#define ROW_H VY_UI_CHAR_H	/* a transcript row */
#define PAD VY_UI_UNIT
#define TOP (VY_UI_HEADER + PAD)	/* the transcript's top */
/* From the bottom: the status row, the input field and the padding. */
#define INPUT_Y(h) ((h) - 2 * VY_UI_ROW - PAD)
#define BOTTOM(h) (INPUT_Y(h) - PAD)	/* the transcript's bottom */

#define WAITING VY_UI_DIM	/* status: listening, connecting */
#define ONLINE VY_UI_OK		/* status: connected */

enum kind { K_INFO, K_ERROR, K_YOU, K_PEER };

static const uint32_t kind_rgba[] = {
	VY_UI_DIM,		/* what the app says */
	VY_UI_DANGER,		/* refusals and failures */
	VY_UI_ACCENT,		/* you: */
	VY_UI_TEXT,		/* peer: */
};
static const char *const kind_prefix[] = { "", "", "you: ", "peer: " };

struct entry {
	uint8_t kind;
	uint16_t len;
	char text[TEXT_MAX];
};

/* The transcript, a ring: lines[(first + i) % KEEP] for i < count. */
static struct entry lines[KEEP];
static unsigned first, count;
static unsigned unlogged;	/* the newest lines not yet on the console */

static int listen_fd = -1, peer_fd = -1;
static unsigned listen_port = DEFAULT_PORT;
static unsigned epoch;		/* bumped whenever a socket comes or goes */
static char peer_name[24];	/* "A.B.C.D:PORT" */

static char status[TEXT_MAX];
static uint32_t status_rgba = WAITING;

static char tx[TX_MAX];
static size_t tx_len;
static char rx[RX_MAX];
static size_t rx_len;

static char input[INPUT_MAX + 1];
static size_t input_len, caret;

static int win_w = 480, win_h = 320, focused = 1, dirty = 1, scroll;

/* ---- text ------------------------------------------------------------ */

/* A message being put together, then said (say) or shown as status. */
static char msg[TEXT_MAX];
static size_t msg_len;

static void m_add(const char *s)
{
	size_t n = strlen(s);

	if (n > sizeof(msg) - 1 - msg_len)
		n = sizeof(msg) - 1 - msg_len;
	memcpy(msg + msg_len, s, n);
	msg_len += n;
	msg[msg_len] = '\0';
}

static void m_start(const char *s)
{
	msg_len = 0;
	m_add(s);
}

static void m_num(unsigned v)
{
	char buf[12];

	vy_utoa(buf, v);
	m_add(buf);
}

/* The bytes of the UTF-8 character that starts with c (text is valid). */
static size_t char_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/*
 * The length of the well-formed UTF-8 character at s (n bytes left),
 * or 0 for a byte that does not start one. C1 controls count as
 * malformed: the supervisor escapes them, a font has no glyph for them.
 */
static size_t utf8_ok(const unsigned char *s, size_t n)
{
	size_t len = (size_t)vy_utf8_len(s, n);

	return len == 2 && s[0] == 0xC2 && s[1] < 0xA0 ? 0 : len;
}

/* The number of cells the transcript's lines wrap at. */
static int columns(void)
{
	int c = (win_w - 2 * PAD) / CELL_W;

	return c < 8 ? 8 : c;
}

/*
 * The first row of s (len bytes) in cols cells: its length in bytes,
 * and where the next row starts in *next. A row breaks at the last
 * space that fits (the space itself is dropped), or mid-word when one
 * word is longer than the row.
 */
static size_t wrap(const char *s, size_t len, int cols, size_t *next)
{
	size_t i = 0, space = 0;
	int n = 0;

	while (i < len && n < cols) {
		if (s[i] == ' ')
			space = i;
		i += char_len((unsigned char)s[i]);
		n++;
	}
	*next = i;
	if (i >= len)
		return len;
	if (s[i] == ' ') {
		*next = i + 1;
		return i;
	}
	if (space) {
		*next = space + 1;
		return space;
	}
	return i;
}

static int rows_of(const struct entry *e, int cols)
{
	size_t off = 0, next;
	int n = 0;

	do {
		wrap(e->text + off, e->len - off, cols, &next);
		off += next;
		n++;
	} while (off < e->len);
	return n;
}

static struct entry *line_at(unsigned i)
{
	return &lines[(first + i) % KEEP];
}

/*
 * Adds a transcript line: the kind's prefix, then text made safe to
 * draw and log: malformed UTF-8 and control characters become '?', a
 * tab a space, so no byte a peer sends can break a draw line.
 */
static void add(int kind, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	struct entry *e;
	size_t i = 0, o;

	if (count == KEEP) {
		first = (first + 1) % KEEP;
		count--;
	}
	e = line_at(count++);
	e->kind = (uint8_t)kind;
	o = strlen(kind_prefix[kind]);
	memcpy(e->text, kind_prefix[kind], o);
	while (i < n) {
		size_t len = utf8_ok(s + i, n - i);

		if (o + (len ? len : 1) > TEXT_MAX - 1)
			break;
		if (!len) {
			e->text[o++] = '?';
			len = 1;
		} else if (len == 1 && (s[i] < 0x20 || s[i] == 0x7F)) {
			e->text[o++] = s[i] == '\t' ? ' ' : '?';
		} else {
			memcpy(e->text + o, s + i, len);
			o += len;
		}
		i += len;
	}
	e->text[o] = '\0';
	e->len = (uint16_t)o;
	if (unlogged < KEEP)
		unlogged++;
	/* Someone reading back up keeps their place as lines arrive. */
	if (scroll)
		scroll += rows_of(e, columns());
	dirty = 1;
}

/* The message in the transcript. */
static void say(int kind)
{
	add(kind, msg, msg_len);
}

/* The message in the transcript and on the status bar. */
static void announce(int kind, uint32_t rgba)
{
	say(kind);
	memcpy(status, msg, msg_len + 1);
	status_rgba = rgba;
}

/* Why a socket call failed, in words (wasi-libc's errno numbering). */
static const char *why(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return "connection refused";
	case ETIMEDOUT:
		return "no answer";
	case ENOENT:
		return "no such host";
	case EHOSTUNREACH:
	case ENETUNREACH:
		return "unreachable";
	case EADDRINUSE:
		return "port in use";
	case ECONNRESET:
	case EPIPE:
		return "connection reset";
	case EMFILE:
	case ENFILE:
		return "too many sockets";
	}
	return "network error";
}

/*
 * What could not be done, in red: "refused: <what> not granted" when
 * the manifest does not grant it, else "<doing><what>: <why>".
 */
static void failed(const char *doing, const char *what, int err)
{
	if (err == EACCES) {
		m_start("refused: ");
		m_add(what);
		m_add(" not granted");
	} else {
		m_start(doing);
		m_add(what);
		m_add(": ");
		m_add(why(err));
	}
	announce(K_ERROR, kind_rgba[K_ERROR]);
}

/* ---- sockets --------------------------------------------------------- */

static void start_listening(void)
{
	int err = vy_listen(listen_port, 1, &listen_fd);
	char port[16] = "port ";

	epoch++;
	if (!err) {
		m_start("waiting for a peer on port ");
		m_num(listen_port);
		announce(K_INFO, WAITING);
		return;
	}
	listen_fd = -1;
	vy_utoa(port + 5, listen_port);
	failed("cannot listen on ", port, err);
}

static void stop_listening(void)
{
	if (listen_fd >= 0)
		close(listen_fd);
	listen_fd = -1;
	epoch++;
}

/* A peer is on the line (accepted or called): one at a time. */
static void joined(int fd)
{
	uint8_t a[4];
	unsigned port = 0;
	char *p = peer_name;

	stop_listening();
	peer_fd = fd;
	rx_len = 0;
	/* Short lines, typed by people: none should wait for more. */
	vy_sockopt(fd, VY_SO_NODELAY, 1);
	(void)!__wasi_fd_fdstat_set_flags((__wasi_fd_t)fd,
					  __WASI_FDFLAGS_NONBLOCK);
	if (vy_address(fd, VY_ADDR_PEER, a, &port) == 0) {
		for (int i = 0; i < 4; i++) {
			p += vy_utoa(p, a[i]);
			*p++ = i < 3 ? '.' : ':';
		}
		vy_utoa(p, port);
	} else {
		memcpy(peer_name, "?", 2);
	}
	m_start("connected to ");
	m_add(peer_name);
	announce(K_INFO, ONLINE);
}

/*
 * The peer is gone: it left (lost is NULL), the connection failed
 * (lost says why), or we left (lost is ""). Say so and listen again.
 */
static void hang_up(const char *lost)
{
	close(peer_fd);
	peer_fd = -1;
	epoch++;
	if (rx_len)	/* its last words, without a newline */
		add(K_PEER, rx, rx_len);
	rx_len = 0;
	m_start(lost && !*lost ? "you left " : "");
	m_add(peer_name);
	if (!lost)
		m_add(" left");
	if (lost && *lost) {
		m_add(": ");
		m_add(lost);
	}
	if (tx_len) {
		m_add("; ");
		m_num((unsigned)tx_len);
		m_add(" bytes not delivered");
		tx_len = 0;
	}
	say(K_INFO);
	start_listening();
}

/* A port number, 1-65535, into *port; 0, or -1 if s is not one. */
static int parse_port(const char *s, unsigned *port)
{
	unsigned v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 6553)
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (!v || v > 65535)
		return -1;
	*port = v;
	return 0;
}

/* "HOST[:PORT]": arg is cut to the host; 0, or -1 if it is not one. */
static int parse_address(char *arg, unsigned *port)
{
	char *colon = NULL;
	size_t n;

	for (n = 0; arg[n]; n++)
		if (arg[n] == ':')
			colon = arg + n;
	*port = DEFAULT_PORT;
	if (colon) {
		if (parse_port(colon + 1, port))
			return -1;
		*colon = '\0';
		n = (size_t)(colon - arg);
	}
	return n && n <= 253 ? 0 : -1;
}

/* A call under way (VY_CONNECT_NOWAIT): its socket, whom, until when. */
static int calling_fd = -1;
static char callee[254 + 7];		/* "HOST:PORT" */
static uint64_t call_deadline;

/* The call did not go through: say why, in red. */
static void call_failed(int err)
{
	failed("cannot connect to ", callee, err);
}

static void call_over(void)
{
	close(calling_fd);
	calling_fd = -1;
	epoch++;
}

static void call(char *arg)
{
	unsigned port;
	size_t n;
	int fd, err;

	if (peer_fd >= 0 || calling_fd >= 0) {
		m_start(peer_fd >= 0 ? "already talking to " : "already calling ");
		m_add(peer_fd >= 0 ? peer_name : callee);
		m_add(": /disconnect first");
		say(K_ERROR);
		return;
	}
	if (parse_address(arg, &port)) {
		m_start("usage: /connect HOST[:PORT]");
		say(K_ERROR);
		return;
	}
	n = strlen(arg);	/* at most 253: parse_address() says so */
	memcpy(callee, arg, n);
	callee[n] = ':';
	vy_utoa(callee + n + 1, port);	/* and its NUL */
	/* Begun, not waited for: the window goes on while it rings. */
	err = vy_connect(arg, port, VY_CONNECT_NOWAIT, &fd);
	if (!err) {
		joined(fd);
	} else if (err == EINPROGRESS) {
		calling_fd = fd;
		call_deadline = vy_ms() + CONNECT_MS;
		epoch++;
		m_start("connecting to ");
		m_add(callee);
		m_add(" ...");
		announce(K_INFO, WAITING);
	} else {
		call_failed(err);
	}
}

/* The call's socket is writable, or its time is up: how did it go? */
static void call_answered(int timed_out)
{
	int fd = calling_fd, err = vy_connect_status(fd);

	if (err == EINPROGRESS && !timed_out)
		return;
	if (!err && peer_fd < 0) {
		calling_fd = -1;
		joined(fd);
		return;
	}
	call_over();
	if (err)
		call_failed(err == EINPROGRESS ? ETIMEDOUT : err);
}

static void take_peer(void)
{
	int fd, err = vy_accept(listen_fd, __WASI_FDFLAGS_NONBLOCK, &fd);

	if (!err) {
		joined(fd);
	} else if (err != EAGAIN) {
		m_start("accept failed: ");
		m_add(why(err));
		say(K_ERROR);
	}
}

/* Bytes from the peer: each whole line into the transcript. */
static void receive(void)
{
	char buf[CHUNK];
	ssize_t n = read(peer_fd, buf, sizeof(buf));

	if (n == 0) {
		hang_up(NULL);
		return;
	}
	if (n < 0) {
		if (errno != EAGAIN)
			hang_up(why(errno));
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			if (rx_len && rx[rx_len - 1] == '\r')
				rx_len--;
			add(K_PEER, rx, rx_len);
			rx_len = 0;
			continue;
		}
		if (rx_len == RX_MAX) {	/* a very long line: in pieces */
			add(K_PEER, rx, rx_len);
			rx_len = 0;
		}
		rx[rx_len++] = buf[i];
	}
}

static void transmit(void)
{
	ssize_t n = write(peer_fd, tx, tx_len < CHUNK ? tx_len : CHUNK);

	if (n < 0) {
		if (errno != EAGAIN)
			hang_up(why(errno));
		return;
	}
	memmove(tx, tx + n, tx_len - (size_t)n);
	tx_len -= (size_t)n;
	if (!tx_len)
		dirty = 1;	/* the "waiting" count goes */
}

/* ---- the input line -------------------------------------------------- */

static void send_line(const char *text, size_t n)
{
	if (n + 1 > sizeof(tx) - tx_len) {
		m_start("not sent: too much is waiting to be sent");
		say(K_ERROR);
		return;
	}
	memcpy(tx + tx_len, text, n);
	tx[tx_len + n] = '\n';
	tx_len += n + 1;
	add(K_YOU, text, n);
}

static void help(void)
{
	static const char *const text[] = {
		"/connect HOST[:PORT]  call a peer (port 7070 if not given)",
		"/listen [PORT]        wait for a peer on PORT (7070)",
		"/disconnect           end the conversation, listen again",
		"/clear                clear the transcript",
		"//text                send a line that starts with /",
		"Enter sends, PgUp/PgDn scroll, Esc clears the line",
	};

	for (unsigned i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		m_start(text[i]);
		say(K_INFO);
	}
}

static void command(char *cmd)
{
	char *arg = cmd, *end;

	/* "name arg", blanks around arg dropped (loops: smaller than libc's) */
	while (*arg && *arg != ' ')
		arg++;
	if (*arg)
		*arg++ = '\0';
	while (*arg == ' ')
		arg++;
	for (end = arg + strlen(arg); end > arg && end[-1] == ' ';)
		*--end = '\0';
	if (!strcmp(cmd, "connect")) {
		call(arg);
	} else if (!strcmp(cmd, "listen")) {
		unsigned port = DEFAULT_PORT;

		if (peer_fd >= 0) {
			m_start("already connected: /disconnect first");
			say(K_ERROR);
		} else if (*arg && parse_port(arg, &port)) {
			m_start("usage: /listen [PORT]");
			say(K_ERROR);
		} else {
			stop_listening();
			listen_port = port;
			start_listening();
		}
	} else if (!strcmp(cmd, "disconnect")) {
		if (peer_fd >= 0)
			hang_up("");
		if (calling_fd >= 0) {
			call_over();
			m_start("call to ");
			m_add(callee);
			m_add(" given up");
			announce(K_INFO, WAITING);
		}
	} else if (!strcmp(cmd, "clear")) {
		count = unlogged = 0;
		scroll = 0;
	} else if (!strcmp(cmd, "help")) {
		help();
	} else {
		m_start("unknown command /");
		m_add(cmd);
		m_add(" (/help lists them)");
		say(K_ERROR);
	}
}

static void enter(void)
{
	input[input_len] = '\0';
	scroll = 0;
	if (input[0] == '/' && input[1] != '/')
		command(input + 1);
	else if (input_len)
		send_line(input + (input[0] == '/'), input_len - (input[0] == '/'));
	input_len = caret = 0;
}

static void insert(uint32_t cp)
{
	char buf[4];
	size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;

	/* UTF-8: a lead byte marking the length, then 6 bits a byte. */
	buf[0] = (char)((n > 1 ? 0xFF00 >> n : 0) | cp >> 6 * (n - 1));
	for (size_t i = 1; i < n; i++)
		buf[i] = (char)(0x80 | (cp >> 6 * (n - 1 - i) & 0x3F));
	if (!utf8_ok((unsigned char *)buf, n) || n > INPUT_MAX - input_len)
		return;
	memmove(input + caret + n, input + caret, input_len - caret);
	memcpy(input + caret, buf, n);
	input_len += n;
	caret += n;
}

/* Removes the character that starts at byte at. */
static void erase(size_t at)
{
	size_t n = char_len((unsigned char)input[at]);

	memmove(input + at, input + at + n, input_len - at - n);
	input_len -= n;
}

enum {
	KEY_HOME = 102, KEY_PAGEUP = 104, KEY_LEFT = 105, KEY_RIGHT = 106,
	KEY_END = 107, KEY_PAGEDOWN = 109, KEY_DELETE = 111,
};

static void key(const struct vy_event *ev)
{
	uint32_t cp = ev->codepoint;
	int page = (BOTTOM(win_h) - TOP) / ROW_H - 1;

	if (!ev->down)
		return;
	switch (ev->keycode) {
	case KEY_LEFT:
		while (caret && (input[--caret] & 0xC0) == 0x80)
			;
		break;
	case KEY_RIGHT:
		if (caret < input_len)
			caret += char_len((unsigned char)input[caret]);
		break;
	case KEY_HOME:
		caret = 0;
		break;
	case KEY_END:
		caret = input_len;
		break;
	case KEY_PAGEUP:
		scroll += page > 1 ? page : 1;	/* draw() stops it at the top */
		break;
	case KEY_PAGEDOWN:
		scroll -= page > 1 ? page : 1;
		if (scroll < 0)
			scroll = 0;
		break;
	case KEY_DELETE:
		if (caret < input_len)
			erase(caret);
		break;
	default:
		if (ev->mods & (VY_MOD_CTRL | VY_MOD_ALT | VY_MOD_SUPER))
			return;		/* no shortcuts of our own */
		if (cp == '\n') {
			enter();
		} else if (cp == 8) {
			if (caret) {
				while ((input[--caret] & 0xC0) == 0x80)
					;
				erase(caret);
			}
		} else if (cp == 27) {
			input_len = caret = 0;
		} else if (cp >= ' ' && cp != 0x7F) {
			insert(cp);
		} else {
			return;
		}
	}
	dirty = 1;
}

/* ---- the frame ------------------------------------------------------- */

static void draw_row(const struct entry *e, int row, int cols, int y)
{
	char buf[TEXT_MAX];
	size_t off = 0, next, n;

	for (;;) {
		n = wrap(e->text + off, e->len - off, cols, &next);
		if (!row--)
			break;
		off += next;
	}
	memcpy(buf, e->text + off, n);
	buf[n] = '\0';
	vy_draw_text(PAD, y, kind_rgba[e->kind], 'm', buf);
}

/* The transcript's rows from the newest up, scroll rows back. */
static void draw_transcript(int top, int bottom)
{
	int cols = columns(), total = 0, skip, y = bottom;
	unsigned i;

	for (i = 0; i < count; i++)
		total += rows_of(line_at(i), cols);
	if (scroll > total - (bottom - top) / ROW_H)
		scroll = total - (bottom - top) / ROW_H;
	if (scroll < 0)
		scroll = 0;
	skip = scroll;
	for (i = count; i-- > 0 && y - ROW_H >= top;) {
		const struct entry *e = line_at(i);

		for (int row = rows_of(e, cols); row-- > 0 && y - ROW_H >= top;) {
			if (skip) {
				skip--;
				continue;
			}
			y -= ROW_H;
			draw_row(e, row, cols, y);
		}
	}
}

/*
 * The input line in a field, scrolled sideways to keep the caret in
 * view. vy_ui_field() places its caret a cell per unit of its cursor
 * (an offset into ASCII text), so it gets the caret's column, not its
 * byte offset: the line is UTF-8.
 */
static void draw_input(int y)
{
	char buf[INPUT_MAX + 1];
	int visible = columns() - 2, at = 0, from;
	size_t i, off = 0, n = 0;

	for (i = 0; i < caret; i += char_len((unsigned char)input[i]))
		at++;
	from = at > visible ? at - visible : 0;
	for (int c = 0; c < from; c++)
		off += char_len((unsigned char)input[off]);
	for (int c = 0; c <= visible && off + n < input_len; c++)
		n += char_len((unsigned char)input[off + n]);
	memcpy(buf, input + off, n);
	buf[n] = '\0';
	vy_ui_field(PAD, y, win_w - 2 * PAD, buf, at - from, focused);
}

static void draw(void)
{
	unsigned queued = 0;

	vy_fill_rect(0, 0, win_w, win_h, VY_UI_BG);
	vy_ui_header(win_w, "Chat");
	for (size_t i = 0; i < tx_len; i++)
		queued += tx[i] == '\n';
	if (peer_fd < 0 && queued) {
		/* Typed while alone: they go to the next peer. */
		m_start("");
		m_num(queued);
		m_add(" waiting");
		vy_ui_label(win_w - PAD - (int)msg_len * CELL_W, 0,
			    VY_UI_HEADER, WAITING, msg);
	}
	draw_transcript(TOP, BOTTOM(win_h));
	draw_input(INPUT_Y(win_h));
	vy_fill_rect(0, win_h - VY_UI_ROW, win_w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(PAD, win_h - VY_UI_ROW, VY_UI_ROW, status_rgba, status);
	vy_flush();
	dirty = 0;
	/* On the console once it is on the screen: a test can wait for it. */
	for (; unlogged; unlogged--)
		vy_print(line_at(count - unlogged)->text);
}

/* ---- the event loop -------------------------------------------------- */

/* Handles one line from the supervisor. */
static void event(char *line)
{
	struct vy_event ev;

	vy__classify(line, &ev);
	if (ev.type == VY_EV_RESIZE) {
		win_w = ev.w;
		win_h = ev.h;
		dirty = 1;
	} else if (ev.type == VY_EV_KEY) {
		key(&ev);
	} else if (ev.type == VY_EV_FOCUS) {
		focused = ev.down;
		dirty = 1;
	}
}

/* Reads what the supervisor sent; 0 once it has closed our stdin. */
static int read_events(void)
{
	ssize_t n = read(0, vy__in + vy__in_len, VY_LINE_MAX + 1 - vy__in_len);
	char *line;

	if (n <= 0)
		return 0;
	vy__in_len += (size_t)n;
	while ((line = vy__take_line()))
		event(line);
	return 1;
}

enum {
	SUB_EVENTS, SUB_LISTENER, SUB_PEER_IN, SUB_PEER_OUT, SUB_CALL,
	SUB_CLOCK
};

/* Waits for an event, a peer, bytes, room to send, or the timeout. */
static unsigned wait_any(int timeout_ms)
{
	__wasi_subscription_t sub[6];
	__wasi_event_t evs[6];
	__wasi_size_t count = 0;

	vy_sub_fd(&sub[count++], 0, 0, SUB_EVENTS);
	if (listen_fd >= 0)
		vy_sub_fd(&sub[count++], listen_fd, 0, SUB_LISTENER);
	if (peer_fd >= 0)
		vy_sub_fd(&sub[count++], peer_fd, 0, SUB_PEER_IN);
	if (peer_fd >= 0 && tx_len)
		vy_sub_fd(&sub[count++], peer_fd, 1, SUB_PEER_OUT);
	if (calling_fd >= 0) {
		uint64_t now = vy_ms();
		int left = call_deadline > now ? (int)(call_deadline - now) : 0;

		vy_sub_fd(&sub[count++], calling_fd, 1, SUB_CALL);
		if (timeout_ms < 0 || left < timeout_ms)
			timeout_ms = left;
	}
	if (timeout_ms >= 0)
		vy_sub_clock(&sub[count++], (uint64_t)timeout_ms * 1000000u,
			     SUB_CLOCK);
	/* On failure, let the read decide. */
	return vy_poll_bits(sub, evs, count, 1u << SUB_EVENTS);
}

int main(void)
{
	uint64_t last_frame = 0;

	m_start("chat: type a line and Enter to send it; /help for more");
	say(K_INFO);
	start_listening();
	for (;;) {
		int timeout = -1;
		unsigned ready, polled;

		if (dirty) {
			uint64_t now = vy_ms();

			if (now - last_frame >= FRAME_MS) {
				draw();
				last_frame = now;
			} else {
				timeout = (int)(FRAME_MS - (now - last_frame));
			}
		}
		polled = epoch;
		ready = wait_any(timeout);
		if ((ready & 1u << SUB_EVENTS) && !read_events())
			break;
		/* A command may have swapped the sockets polled: ask again. */
		if (epoch != polled)
			continue;
		if (ready & 1u << SUB_LISTENER)
			take_peer();
		else if (ready & 1u << SUB_PEER_IN)
			receive();
		if ((ready & 1u << SUB_PEER_OUT) && epoch == polled)
			transmit();
		if (calling_fd >= 0 && epoch == polled &&
		    ((ready & 1u << SUB_CALL) || vy_ms() >= call_deadline))
			call_answered(!(ready & 1u << SUB_CALL));
	}
	if (peer_fd >= 0)
		close(peer_fd);
	if (calling_fd >= 0)
		close(calling_fd);
	stop_listening();
	return 0;
}

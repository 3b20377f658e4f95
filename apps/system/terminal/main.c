/*
 * terminal - a terminal emulator window: runs a program (`sh -i`) with
 * its stdin a pipe we write keys to and its stdout and stderr a pipe we
 * read, shows that output through a VT100/ANSI parser (vt.h) on a cell
 * grid with scrollback (screen.h), drawn a dirty row at a time
 * (render.h). This file owns the event loop, the keyboard and the
 * child.
 *
 * Keys become the bytes a VT100 sends; the terminal never echoes (the
 * shell does its own line editing). Shift+PgUp and Shift+PgDn scroll
 * the history here and are not sent. The window's size in cells is
 * told to the program as "ESC [ 8 ; rows ; cols t" on its stdin, once
 * at the start and after every resize, and as COLUMNS and LINES in its
 * environment.
 *
 * The program is `sh -i` unless ~/.terminal-program says otherwise: its
 * first line, split at blanks, is the command and its arguments (the
 * tests run tests/apps/vtprobe this way). It runs in the home of the
 * user the terminal runs for, /home/<name> (the preopen the supervisor
 * gives us there), with HOME, USER and PWD saying so.
 *
 * Messages from other apps are logged, one console line each, and never
 * shown on the screen or sent to the program; the program's output is
 * never logged. One exception: "run <command line>" from the desktop
 * (the launcher starting a command app, docs/desktop.md) is typed into
 * the program as if keyed, then Enter.
 *
 * The clipboard (docs/desktop.md): Ctrl+V and Ctrl+Shift+V ask the
 * supervisor for its text, which is typed into the program as if keyed
 * (newlines as Enter) when the answer comes; Ctrl+Shift+C copies the
 * line being typed, the cursor's row as shown, trailing blanks dropped.
 */
#include <errno.h>
#include <unistd.h>

#include "vyoma.h"
#include "vyoma_process.h"
#include "vyoma_services.h"
#include "screen.h"
#include "vt.h"
#include "render.h"
#include "vyoma_tiny.h"

#define PROGRAM_FILE ".terminal-program"	/* in the home */
#define HOME_MAX 48		/* "/home/" and a user name (32 at most) */
#define MAX_ARGS 16
#define TX_MAX 4096		/* keys not yet taken by the program */
#define FRAME_MS 16		/* at most one frame this often */
#define EXIT_POLL_MS 100	/* waiting for a child whose output ended */

static struct screen scr;
static struct vt vt;

static int win_w = 640, win_h = 384, have_size, focused = 1;

static uint32_t child;
static int child_started, child_running, out_fd = -1, in_fd = -1;
static int finished;		/* the program ended: a key closes us */

static char tx[TX_MAX];
static size_t tx_off, tx_len;	/* tx_len bytes from tx_off wait */

static char home[HOME_MAX] = "/home/user";	/* found at the start */
static size_t home_len = 10;

static char clip[VY_CLIP_MAX + 1];
static int paste_wanted;	/* a Ctrl+V waits for the clipboard */

static uint8_t rx[65536];
static char pending_log[128];

/* Queues bytes for the program; keys typed before it starts wait. */
static void send_bytes(const char *p, size_t n)
{
	if (child_started && in_fd < 0)
		return;		/* it is gone, or never came */
	if (n > sizeof(tx) - tx_off - tx_len) {
		memmove(tx, tx + tx_off, tx_len);
		tx_off = 0;
	}
	if (n > sizeof(tx) - tx_len)
		return;		/* a full queue drops, as a tty's does */
	memcpy(tx + tx_off + tx_len, p, n);
	tx_len += n;
}

static void send_str(const char *s)
{
	send_bytes(s, strlen(s));
}

static void send_num(int n)
{
	char buf[12];

	send_bytes(buf, (size_t)vy_utoa(buf, (uint64_t)n));
}

/* Tells the program our size, as xterm's "report window size" does. */
static void send_size(void)
{
	send_str("\033[8;");
	send_num(scr.rows);
	send_str(";");
	send_num(scr.cols);
	send_str("t");
}

/* Prints a line of our own on the screen, as if the program had. */
static void say(const char *text)
{
	/* Whatever the program left half-said does not swallow ours. */
	vt.state = VT_GROUND;
	vt.cp_need = 0;
	if (scr.pen.x || scr.wrap_pending)
		vt_feed(&vt, (const uint8_t *)"\r\n", 2);
	vt_feed(&vt, (const uint8_t *)"\033[0m", 4);
	vt_feed(&vt, (const uint8_t *)text, strlen(text));
}

/* Appends text to the NUL-terminated buf of size bytes, cut to fit. */
static void append(char *buf, size_t size, const char *text)
{
	size_t len = strlen(buf), n = strlen(text);

	if (n > size - 1 - len)
		n = size - 1 - len;
	memcpy(buf + len, text, n);
	buf[len + n] = '\0';
}

/*
 * "[<what><n>]" (n < 0: no number) on the screen, and in the log once
 * it is drawn.
 */
static void say_status(const char *what, int n)
{
	char num[12] = "";

	pending_log[0] = '\0';
	if (n >= 0)
		vy_utoa(num, (uint64_t)n);
	append(pending_log, sizeof(pending_log), "[");
	append(pending_log, sizeof(pending_log) - 12, what);
	append(pending_log, sizeof(pending_log), num);
	append(pending_log, sizeof(pending_log), "]");
	say(pending_log);
}

/* ---- the child ------------------------------------------------------- */

/*
 * The user's home: the preopened directory at /home/<name> (the user
 * files capability gives the one of the user we run for), its path in
 * home; or -1.
 */
static int home_preopen(void)
{
	for (__wasi_fd_t fd = 3; fd < 64; fd++) {
		__wasi_prestat_t ps;
		char name[HOME_MAX];
		size_t len;

		if (__wasi_fd_prestat_get(fd, &ps) != 0)
			break;	/* preopens are numbered densely from 3 */
		len = ps.u.dir.pr_name_len;
		if (ps.tag != __WASI_PREOPENTYPE_DIR || len <= 6 ||
		    len >= HOME_MAX ||
		    __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, len) != 0 ||
		    memcmp(name, "/home/", 6) != 0 ||
		    memchr(name + 6, '/', len - 6))
			continue;
		memcpy(home, name, len);
		home[len] = '\0';
		home_len = len;
		return (int)fd;
	}
	return -1;
}

/* Adds "NAME=value" and its NUL to the environment block at env + *n. */
static void put_env(char *env, size_t *n, const char *name,
		    const char *value)
{
	size_t a = strlen(name), b = strlen(value);

	memcpy(env + *n, name, a);
	memcpy(env + *n + a, value, b + 1);
	*n += a + b + 1;
}

/*
 * The program's words, NUL-separated in buf: the first line of
 * PROGRAM_FILE, or `sh -i`. Read with WASI directly: libc's path
 * lookup and its malloc would double the size of this app.
 */
static size_t program_words(char *buf, size_t size)
{
	__wasi_fd_t fd;
	__wasi_iovec_t iov = { (uint8_t *)buf, size - 1 };
	__wasi_size_t got = 0;
	int dir = home_preopen(), argc = 0;
	size_t n = 0, i = 0;

	if (dir >= 0 && __wasi_path_open((__wasi_fd_t)dir, 0,
					  PROGRAM_FILE, 0,
					  __WASI_RIGHTS_FD_READ, 0, 0,
					  &fd) == 0) {
		if (__wasi_fd_read(fd, &iov, 1, &got) != 0)
			got = 0;
		(void)!__wasi_fd_close(fd);
	}
	buf[got] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	/* Squeeze the blanks out: word NUL word NUL ... */
	while (argc < MAX_ARGS) {
		size_t len;

		i += strspn(buf + i, " \t");
		if (!buf[i])
			break;
		len = strcspn(buf + i, " \t");
		memmove(buf + n, buf + i, len);
		n += len;
		i += len;
		if (buf[i])
			i++;	/* past the blank the NUL may land on */
		buf[n++] = '\0';
		argc++;
	}
	if (!argc) {
		memcpy(buf, "sh\0-i", 6);
		n = 6;
	}
	return n;
}

/* Why a spawn failed, in words (wasi-libc's errno numbering). */
static const char *spawn_error(int rc)
{
	return rc == ENOENT ? "no such command" :
	       rc == ENOEXEC ? "not a command" :
	       rc == ENOTCAPABLE ? "spawn is not granted" : "error";
}

static void start_child(void)
{
	static char words[256];
	char env[3 * HOME_MAX + 64];
	size_t env_len = 0;
	size_t nwords = program_words(words, sizeof(words));	/* finds home */
	size_t name_len = strlen(words);
	int to_child[2], from_child[2], rc;
	int32_t io[3];

	child_started = 1;
	put_env(env, &env_len, "HOME=", home);
	put_env(env, &env_len, "USER=", home + 6);
	put_env(env, &env_len, "TERM=", "vt100");
	put_env(env, &env_len, "PWD=", home);
	memcpy(env + env_len, "COLUMNS=", 8);
	env_len += 8;
	env_len += (size_t)vy_utoa(env + env_len, (uint64_t)scr.cols) + 1;
	memcpy(env + env_len, "LINES=", 6);
	env_len += 6;
	env_len += (size_t)vy_utoa(env + env_len, (uint64_t)scr.rows) + 1;
	rc = vy_pipe_tty(to_child);
	if (!rc) {
		rc = vy_pipe_tty(from_child);
		if (rc) {
			close(to_child[0]);
			close(to_child[1]);
		}
	}
	if (rc) {
		say_status("cannot make a pipe: error ", rc);
		finished = 1;
		return;
	}
	io[0] = to_child[0];
	io[1] = io[2] = from_child[1];
	/* The raw call: argv and envp are already NUL-separated blocks. */
	rc = vy__spawn(words, (uint32_t)name_len, words + name_len + 1,
		       (uint32_t)(nwords - name_len - 1), env,
		       (uint32_t)env_len, home, (uint32_t)home_len, io, &child);
	/* The child holds its own ends; ours would keep its input open. */
	close(to_child[0]);
	close(from_child[1]);
	if (rc) {
		char why[96] = "cannot start ";

		close(to_child[1]);
		close(from_child[0]);
		append(why, 48, words);
		append(why, sizeof(why), ": ");
		append(why, sizeof(why), spawn_error(rc));
		say_status(why, -1);
		finished = 1;
		return;
	}
	in_fd = to_child[1];
	out_fd = from_child[0];
	child_running = 1;
	send_size();
}

/* Once its output has ended: has the child ended too? */
static void reap_child(void)
{
	int status = 0;

	if (!child_running || out_fd >= 0 ||
	    vy_wait(child, &status, VY_WAIT_NOHANG) == EAGAIN)
		return;
	child_running = 0;
	finished = 1;
	if (in_fd >= 0)
		close(in_fd);
	in_fd = -1;
	tx_len = tx_off = 0;
	say_status("process exited with status ", status);
}

static void read_output(void)
{
	ssize_t n = read(out_fd, rx, sizeof(rx));

	if (n <= 0) {
		close(out_fd);
		out_fd = -1;
		return;
	}
	vt_feed(&vt, rx, (size_t)n);
	if (vt.reply_len) {
		send_bytes(vt.reply, vt.reply_len);
		vt.reply_len = 0;
	}
}

/*
 * One byte at a time, and only when the pipe has room: a program that
 * stops reading (and floods us with cursor reports) cannot block us.
 */
static void write_input(void)
{
	if (write(in_fd, tx + tx_off, 1) != 1) {
		close(in_fd);
		in_fd = -1;
		tx_len = 0;
	} else if (--tx_len) {
		tx_off++;
		return;
	}
	tx_off = 0;
}

/* ---- the keyboard ---------------------------------------------------- */

enum {
	KEY_INSERT = 110, KEY_DELETE = 111, KEY_UP = 103, KEY_DOWN = 108,
	KEY_LEFT = 105, KEY_RIGHT = 106, KEY_HOME = 102, KEY_END = 107,
	KEY_PAGEUP = 104, KEY_PAGEDOWN = 109,
};

/* Keys without a character, as a VT100 (and xterm) sends them. */
static const struct {
	int keycode;
	const char *seq;
} key_seqs[] = {
	{ KEY_UP, "\033[A" }, { KEY_DOWN, "\033[B" },
	{ KEY_RIGHT, "\033[C" }, { KEY_LEFT, "\033[D" },
	{ KEY_HOME, "\033[H" }, { KEY_END, "\033[F" },
	{ KEY_INSERT, "\033[2~" }, { KEY_DELETE, "\033[3~" },
	{ KEY_PAGEUP, "\033[5~" }, { KEY_PAGEDOWN, "\033[6~" },
};

/* Ctrl with a punctuation key: the C0 control it names. */
static const char ctrl_punct[][2] = {
	{ '@', 0 }, { ' ', 0 }, { '2', 0 }, { '[', 27 }, { '3', 27 },
	{ '\\', 28 }, { '4', 28 }, { ']', 29 }, { '5', 29 }, { '^', 30 },
	{ '6', 30 }, { '_', 31 }, { '-', 31 }, { '7', 31 }, { '?', 127 },
	{ '8', 127 },
};

/* Shift, Ctrl, Alt, Super and Caps Lock: keys that say nothing alone. */
static int is_modifier(int keycode)
{
	static const uint8_t codes[] = { 29, 42, 54, 56, 58, 97, 100, 125,
					 126 };

	for (size_t i = 0; i < sizeof(codes); i++)
		if (codes[i] == keycode)
			return 1;
	return 0;
}

static uint32_t ctrl_char(uint32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return cp & 0x1F;
	for (size_t i = 0; i < sizeof(ctrl_punct) / sizeof(ctrl_punct[0]); i++)
		if ((uint32_t)ctrl_punct[i][0] == cp)
			return (uint32_t)ctrl_punct[i][1];
	return cp;
}

/* ---- the clipboard --------------------------------------------------- */

/* Ctrl+Shift+C: the cursor's row, as shown. */
static void copy_line(void)
{
	struct cell *line = scr_line(&scr, scr.pen.y);
	size_t n = 0;

	for (int i = 0; i < scr.cols && n + 4 < sizeof(clip); i++)
		n += utf8_put(clip + n, line[i].cp ? line[i].cp : ' ');
	while (n && clip[n - 1] == ' ')
		n--;
	vy_clipboard_set(clip, n);
}

/* The supervisor's answer to our paste: typed, newlines as Enter. */
static void paste(const char *msg)
{
	long n = vy_clipboard_parse(msg, clip, sizeof(clip));

	if (n < 0 || !paste_wanted)
		return;
	paste_wanted = 0;
	for (long i = 0; i < n; i++)
		if (clip[i] == '\n')
			clip[i] = '\r';
	scr_to_bottom(&scr);
	send_bytes(clip, (size_t)n);
}

/* Ctrl+V, Ctrl+Shift+V, Ctrl+Shift+C; true if the key was one. */
static int clipboard_key(const struct vy_event *ev)
{
	enum { KEY_C = 46, KEY_V = 47 };

	if (!(ev->mods & VY_MOD_CTRL))
		return 0;
	if (ev->keycode == KEY_V) {
		paste_wanted = 1;
		vy_clipboard_get();
		return 1;
	}
	if (ev->keycode == KEY_C && (ev->mods & VY_MOD_SHIFT)) {
		copy_line();
		return 1;
	}
	return 0;
}

static void key(const struct vy_event *ev)
{
	uint32_t cp = ev->codepoint;
	char buf[8];
	size_t n = 0;

	if (!ev->down)
		return;
	if ((ev->mods & VY_MOD_SHIFT) &&
	    (ev->keycode == KEY_PAGEUP || ev->keycode == KEY_PAGEDOWN)) {
		int page = scr.rows > 1 ? scr.rows - 1 : 1;

		scr_scroll_view(&scr, ev->keycode == KEY_PAGEUP ? page : -page);
		return;
	}
	if (finished) {
		if (!is_modifier(ev->keycode))
			finished = 2;	/* the main loop ends */
		return;
	}
	if (clipboard_key(ev))
		return;
	for (size_t i = 0; i < sizeof(key_seqs) / sizeof(key_seqs[0]); i++)
		if (key_seqs[i].keycode == ev->keycode) {
			scr_to_bottom(&scr);
			send_str(key_seqs[i].seq);
			return;
		}
	if (!cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return;		/* a modifier, or a key we do not map */
	if (cp == '\n')
		cp = '\r';
	else if (cp == 8)
		cp = 0x7F;
	if (ev->mods & VY_MOD_CTRL)
		cp = ctrl_char(cp);
	if (ev->mods & VY_MOD_ALT)
		buf[n++] = '\033';	/* Meta sends Escape first */
	n += utf8_put(buf + n, cp);
	scr_to_bottom(&scr);
	send_bytes(buf, n);
}

/* ---- the desktop's run ----------------------------------------------- */

/*
 * "run <command line>" from the app named exactly desktop (the name is
 * the supervisor's, so no other app can pass for it): typed into the
 * program and Enter. A line with a control character is refused, so a
 * message can never send a key (Ctrl-C, Escape) no one typed.
 */
static void run_line(const char *from, const char *text)
{
	const char *p;

	if (strcmp(from, "desktop") != 0 || strncmp(text, "run ", 4) != 0)
		return;
	for (p = text += 4; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7F)
			return;
	scr_to_bottom(&scr);
	send_str(text);
	send_str("\r");
}

/* ---- the event loop -------------------------------------------------- */

static void resize(int w, int h)
{
	int cols, rows;

	win_w = w = scr_clamp(w, 0, 32767);
	win_h = h = scr_clamp(h, 0, 32767);
	cols = w / CELL_W;
	rows = h / CELL_H;
	have_size = 1;
	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	if (cols != scr.cols || rows != scr.rows) {
		scr_resize(&scr, cols, rows);
		if (child_running)
			send_size();
	}
	scr_touch_all(&scr);
}

/* Handles one line from the supervisor; 0 when we must quit. */
static int event(char *line)
{
	struct vy_event ev;

	vy__classify(line, &ev);
	switch (ev.type) {
	case VY_EV_RESIZE:
		resize(ev.w, ev.h);
		break;
	case VY_EV_KEY:
		key(&ev);
		break;
	case VY_EV_FOCUS:
		focused = ev.down;
		scr_touch(&scr, scr.pen.y);
		break;
	case VY_EV_MESSAGE:
		if (strcmp(ev.from, "supervisor") != 0) {
			vy_log(ev.from);
			vy_log(": ");
			vy_print(ev.text);
			run_line(ev.from, ev.text);
		} else {
			paste(ev.text);
		}
		break;
	default:
		break;
	}
	return finished != 2;
}

enum { SUB_EVENTS, SUB_OUTPUT, SUB_INPUT, SUB_CLOCK };

/* Waits for a window event, output, room for input, or the timeout. */
static unsigned wait_any(int timeout_ms)
{
	__wasi_subscription_t sub[4];
	__wasi_event_t evs[4];
	__wasi_size_t count = 0;

	vy_sub_fd(&sub[count++], 0, 0, SUB_EVENTS);
	if (out_fd >= 0)
		vy_sub_fd(&sub[count++], out_fd, 0, SUB_OUTPUT);
	if (in_fd >= 0 && tx_len)
		vy_sub_fd(&sub[count++], in_fd, 1, SUB_INPUT);
	if (timeout_ms >= 0)
		vy_sub_clock(&sub[count++], (uint64_t)timeout_ms * 1000000u,
			     SUB_CLOCK);
	/* On failure, let the read decide. */
	return vy_poll_bits(sub, evs, count, 1u << SUB_EVENTS);
}

/* Reads what the supervisor sent and handles each whole line. */
static int read_events(void)
{
	ssize_t n = read(0, vy__in + vy__in_len, VY_LINE_MAX + 1 - vy__in_len);
	char *line;

	if (n <= 0)
		return 0;
	vy__in_len += (size_t)n;
	while ((line = vy__take_line()))
		if (!event(line))
			return 0;
	return 1;
}

int main(void)
{
	uint64_t began = vy_ms(), last_frame = 0;

	scr_init(&scr, win_w / CELL_W, win_h / CELL_H);
	vt_init(&vt, &scr);
	for (;;) {
		uint64_t now = vy_ms();
		int timeout = -1;
		unsigned ready;

		/* The first resize says our size; spawn once it has come. */
		if (!child_started && (have_size || now - began > 1000))
			start_child();
		reap_child();
		if (scr.all_dirty || memchr(scr.dirty, 1, (size_t)scr.rows)) {
			if (now - last_frame >= FRAME_MS) {
				if (render(&scr, win_w, win_h, focused))
					vy_flush();
				last_frame = now;
				if (pending_log[0]) {
					vy_print(pending_log);
					pending_log[0] = '\0';
				}
			} else {
				timeout = (int)(FRAME_MS - (now - last_frame));
			}
		}
		if (child_running && out_fd < 0 && timeout < 0)
			timeout = EXIT_POLL_MS;
		if (!child_started)
			timeout = 100;
		ready = wait_any(timeout);
		if ((ready & 1u << SUB_EVENTS) && !read_events())
			break;
		if ((ready & 1u << SUB_OUTPUT) && out_fd >= 0)
			read_output();
		if ((ready & 1u << SUB_INPUT) && in_fd >= 0 && tx_len)
			write_input();
	}
	if (child_running)
		vy_kill(child);
	return 0;
}

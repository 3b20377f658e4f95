/*
 * vyoma.h - the VyomaOS app SDK: draw commands, console output, messages
 * to other apps and an event loop, all as protocol lines on stdio (see
 * docs/protocol.md). Header-only and printf-free so that an app compiled
 * with clang --target=wasm32-wasi -Oz stays a few kilobytes.
 *
 * Output is batched: draw calls append to a buffer that vy_flush() (or a
 * full buffer) writes out in one fd_write, so a frame costs one host call.
 *
 * Two streams, never mixed: stdout carries protocol (draw commands,
 * messages), stderr carries console lines (vy_log, vy_print), which the
 * supervisor never parses. So an app that shows or logs text it received
 * can never turn that text into a command. Every text argument is cut at
 * its first newline: one call, at most one line.
 */
#ifndef VYOMA_H
#define VYOMA_H

#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "vyoma_wasi.h"	/* <wasi/api.h>, its calls imported directly */

#include "vyoma_poll.h"

#define VY_LINE_MAX 4096	/* the supervisor drops longer lines */

enum vy_event_type {
	VY_EV_TIMEOUT,		/* nothing arrived before the timeout */
	VY_EV_RESIZE,		/* window size: w, h */
	VY_EV_MESSAGE,		/* "@sender: text": from, text */
	VY_EV_KEY,		/* a key: down, keycode, codepoint, mods */
	VY_EV_OTHER,		/* any other line: text */
	VY_EV_QUIT,		/* stdin closed: the supervisor is stopping us */
	VY_EV_POINTER,		/* pointer: action, x, y, buttons (`mouse` cap) */
	VY_EV_FOCUS,		/* focus: down is 1 when gained, 0 when lost */
};

enum vy_pointer_action { VY_PTR_MOVE, VY_PTR_DOWN, VY_PTR_UP };

#define VY_BUTTON_LEFT 1
#define VY_BUTTON_RIGHT 2
#define VY_BUTTON_MIDDLE 4

#define VY_MOD_SHIFT 1
#define VY_MOD_CTRL 2
#define VY_MOD_ALT 4
#define VY_MOD_SUPER 8

/* The Linux KEY_* codes the SDK's own helpers (vyoma_ui.h) act on. */
#define VY_KEY_ESC 1
#define VY_KEY_BACKSPACE 14
#define VY_KEY_ENTER 28

struct vy_event {
	enum vy_event_type type;
	int w, h;
	int down;		/* VY_EV_KEY: 1 pressed, 0 released */
	int keycode;		/* Linux KEY_* code */
	uint32_t codepoint;	/* the character (US layout), 0 if none */
	int mods;		/* VY_MOD_* */
	int x, y;		/* VY_EV_POINTER: in the window's content */
	int action;		/* VY_EV_POINTER: enum vy_pointer_action */
	int buttons;		/* VY_EV_POINTER: VY_BUTTON_* held after it */
	const char *from;	/* sender's name, for VY_EV_MESSAGE */
	const char *text;	/* valid until the next vy_next_event() */
};

static char vy__out[8192];
static size_t vy__out_len;

/*
 * All of p to fd, or as much as it takes before an error. WASI's call,
 * not wasi-libc's write(), whose errno bookkeeping every window app
 * would carry for nothing.
 */
static inline void vy__fd_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		__wasi_ciovec_t iov = { (const uint8_t *)p, n };
		__wasi_size_t w;

		if (__wasi_fd_write(fd, &iov, 1, &w) || !w)
			return;
		p += w;
		n -= w;
	}
}

static inline void vy__write_all(const char *p, size_t n)
{
	vy__fd_write_all(1, p, n);
}

static inline void vy__drain(void)
{
	vy__write_all(vy__out, vy__out_len);
	vy__out_len = 0;
}

static inline void vy__put(const char *s, size_t n)
{
	if (vy__out_len + n > sizeof(vy__out))
		vy__drain();
	if (n > sizeof(vy__out)) {
		vy__write_all(s, n);
		return;
	}
	memcpy(vy__out + vy__out_len, s, n);
	vy__out_len += n;
}

/* The length of s up to (not including) its first newline. */
static inline size_t vy__line_len(const char *s)
{
	size_t n = 0;

	while (s[n] && s[n] != '\n')
		n++;
	return n;
}

/* Protocol text: never more than one line. */
static inline void vy__puts(const char *s)
{
	vy__put(s, vy__line_len(s));
}

/*
 * Writes an unsigned decimal number and a NUL; returns its length. buf
 * needs 11 bytes for any 32-bit value, 21 for any 64-bit one.
 */
static inline int vy_utoa(char *buf, uint64_t v)
{
	char tmp[20], *p = tmp + sizeof(tmp);
	int n;

	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	n = (int)(tmp + sizeof(tmp) - p);
	memcpy(buf, p, (size_t)n);
	buf[n] = '\0';
	return n;
}

/* A number and the separator after it, as one piece. */
static inline void vy__putint(int v, char sep)
{
	char buf[13], *p = buf;
	uint32_t u = (uint32_t)v;

	if (v < 0) {
		*p++ = '-';
		u = 0u - u;
	}
	p += vy_utoa(p, u);
	*p = sep;
	vy__put(buf, (size_t)(p - buf) + 1);
}

static inline void vy__putcolor(uint32_t rgba, char sep)
{
	char buf[9];
	int i;

	for (i = 0; i < 8; i++, rgba <<= 4)
		buf[i] = "0123456789ABCDEF"[rgba >> 28];
	buf[8] = sep;
	vy__put(buf, 9);
}

/* Colours are 0xRRGGBBAA. */
static inline void vy_fill_rect(int x, int y, int w, int h, uint32_t rgba)
{
	vy__puts("VYOMA_DRAW:fill_rect:");
	vy__putint(x, ',');
	vy__putint(y, ',');
	vy__putint(w, ',');
	vy__putint(h, ',');
	vy__putcolor(rgba, '\n');
}

/* size: 's' (4x8), 'm' (8x16) or 'l' (16x32). text must hold no newline. */
static inline void vy_draw_text(int x, int y, uint32_t rgba, char size,
			 const char *text)
{
	char sz[2] = { size, ',' };

	vy__puts("VYOMA_DRAW:draw_text:");
	vy__putint(x, ',');
	vy__putint(y, ',');
	vy__putcolor(rgba, ',');
	vy__put(sz, 2);
	vy__puts(text);
	vy__put("\n", 1);
}

#define VY_PIXELS_LINE 1000	/* pixels a line carries: 4000 base64 digits */

/* Appends n bytes (a multiple of 3) as base64 digits (RFC 4648). */
static inline void vy__base64(const uint8_t *p, size_t n)
{
	static const char digit[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char q[4];

	for (; n >= 3; n -= 3, p += 3) {
		uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];

		q[0] = digit[v >> 18];
		q[1] = digit[v >> 12 & 63];
		q[2] = digit[v >> 6 & 63];
		q[3] = digit[v & 63];
		vy__put(q, 4);
	}
}

/*
 * Draws a w x h block of opaque RGB pixels (3 bytes each, row-major) at
 * (x, y), as as many pixels lines as it takes: whole rows while they fit
 * a line, else pieces of one row.
 */
static inline void vy_pixels(int x, int y, int w, int h, const uint8_t *rgb)
{
	int cw = w < VY_PIXELS_LINE ? w : VY_PIXELS_LINE;
	int rh, row, col;

	if (w <= 0 || h <= 0)
		return;
	rh = VY_PIXELS_LINE / cw;	/* 1 when a row is split */
	for (row = 0; row < h; row += rh) {
		for (col = 0; col < w; col += cw) {
			int lw = w - col < cw ? w - col : cw;
			int lh = h - row < rh ? h - row : rh;

			vy__puts("VYOMA_DRAW:pixels:");
			vy__putint(x + col, ',');
			vy__putint(y + row, ',');
			vy__putint(lw, ',');
			vy__putint(lh, ',');
			vy__base64(rgb + ((size_t)row * (size_t)w + (size_t)col)
				   * 3, (size_t)lw * (size_t)lh * 3);
			vy__put("\n", 1);
		}
	}
}

/* Presents everything drawn since the last flush. */
static inline void vy_flush(void)
{
	vy__put("VYOMA_DRAW:flush\n", 17);
	vy__drain();
}

/* The console line being built (stderr), written whole by vy_print. */
static char vy__err[VY_LINE_MAX];
static size_t vy__err_len;

static inline void vy__err_flush(void)
{
	vy__err[vy__err_len++] = '\n';
	vy__fd_write_all(2, vy__err, vy__err_len);
	vy__err_len = 0;
}

/* Adds text (up to its first newline) to the current console line. */
static inline void vy_log(const char *text)
{
	size_t n = vy__line_len(text);

	if (n > sizeof(vy__err) - 1 - vy__err_len)
		n = sizeof(vy__err) - 1 - vy__err_len;
	memcpy(vy__err + vy__err_len, text, n);
	vy__err_len += n;
}

/* Adds a number to the current console line. */
static inline void vy_log_num(uint64_t v)
{
	char buf[21];

	vy_utoa(buf, v);
	vy_log(buf);
}

/*
 * Ends the console line with text (kept in the app's log, on stderr:
 * never read as a command, whatever it says).
 */
static inline void vy_print(const char *text)
{
	vy_log(text);
	vy__err_flush();
}

/* Sends text to another app; it arrives there as "@<us>: text". */
static inline void vy_send(const char *app, const char *text)
{
	vy__put("@", 1);
	vy__puts(app);
	vy__put(": ", 2);
	vy__puts(text);
	vy__put("\n", 1);
	vy__drain();
}

/* Wall-clock time in seconds since the epoch (UTC). */
static inline uint64_t vy_time(void)
{
	__wasi_timestamp_t ns = 0;

	if (__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1000000, &ns) != 0)
		return 0;
	return ns / 1000000000u;
}

/* Milliseconds on a monotonic clock: for animation and timeouts. */
static inline uint64_t vy_ms(void)
{
	__wasi_timestamp_t t = 0;

	(void)!__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1000000, &t);
	return t / 1000000u;
}

/* Sleeps ms milliseconds; messages wait in stdin meanwhile. */
static inline void vy_sleep_ms(unsigned ms)
{
	__wasi_subscription_t sub;
	__wasi_event_t ev;

	vy_sub_clock(&sub, (uint64_t)ms * 1000000u, 0);
	(void)vy_poll_bits(&sub, &ev, 1, 0);
}

/* The preopened directory the supervisor mounts as /data, or -1. */
static inline int vy__data_dir(void)
{
	static int cached = -2;
	__wasi_fd_t fd;

	if (cached != -2)
		return cached;
	cached = -1;
	for (fd = 3; fd < 64; fd++) {
		__wasi_prestat_t ps;
		uint8_t name[8];

		if (__wasi_fd_prestat_get(fd, &ps) != 0)
			break;	/* preopens are numbered densely from 3 */
		if (ps.tag != __WASI_PREOPENTYPE_DIR ||
		    ps.u.dir.pr_name_len != 5 ||
		    __wasi_fd_prestat_dir_name(fd, name, 5) != 0)
			continue;
		uint32_t head;

		/* "/data" as a (little-endian) word and a byte: memcmp
		 * would be linked in for this one compare. */
		memcpy(&head, name, 4);
		if (head == 0x7461642Fu && name[4] == 'a') {
			cached = (int)fd;
			break;
		}
	}
	return cached;
}

/* Opens name relative to /data; -1 without the filesystem capability. */
static inline int vy__data_open(const char *name, __wasi_oflags_t oflags,
				__wasi_rights_t rights, __wasi_fd_t *fd)
{
	int dir = vy__data_dir();

	if (dir < 0 || __wasi_path_open((__wasi_fd_t)dir, 0, name, oflags,
					rights, 0, 0, fd) != 0)
		return -1;
	return 0;
}

/*
 * Replaces the file name (relative to /data) with len bytes of buf.
 * Returns 0, or -1 when the app has no filesystem capability or the write
 * failed. Uses WASI directly, without libc's preopen table (and malloc).
 */
static inline int vy_data_write(const char *name, const void *buf, size_t len)
{
	__wasi_fd_t fd;
	__wasi_ciovec_t iov = { buf, len };
	__wasi_size_t done = 0;
	__wasi_errno_t err;

	if (vy__data_open(name, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
			  __WASI_RIGHTS_FD_WRITE, &fd))
		return -1;
	err = __wasi_fd_write(fd, &iov, 1, &done);
	(void)!__wasi_fd_close(fd);
	return err == 0 && done == len ? 0 : -1;
}

/*
 * A pseudo-random number (xorshift32), seeded once from WASI's
 * random_get: for games and effects, never for secrets.
 */
static inline uint32_t vy_random(void)
{
	static uint32_t x;

	if (!x && (__wasi_random_get((uint8_t *)&x, sizeof(x)) || !x))
		x = 2463534242u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

/*
 * As vy_data_write, but a power cut leaves the old file or the new one,
 * never half of either: the bytes go to "<name>.new", are synced, and
 * the new file is renamed over the old. name at most 64 bytes. Returns
 * 0, or -1 (the old file is then as it was).
 */
static inline int vy_data_replace(const char *name, const void *buf,
				  size_t len)
{
	char tmp[72];
	size_t n = strlen(name);
	__wasi_fd_t fd;
	__wasi_ciovec_t iov = { buf, len };
	__wasi_size_t done = 0;
	__wasi_errno_t err;
	int dir = vy__data_dir();

	if (dir < 0 || n > 64)
		return -1;
	memcpy(tmp, name, n);
	memcpy(tmp + n, ".new", 5);
	if (vy__data_open(tmp, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
			  __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SYNC, &fd))
		return -1;
	err = __wasi_fd_write(fd, &iov, 1, &done);
	if (!err && done == len)
		err = __wasi_fd_sync(fd);
	(void)!__wasi_fd_close(fd);
	if (err || done != len ||
	    __wasi_path_rename((__wasi_fd_t)dir, tmp, (__wasi_fd_t)dir, name))
		return -1;
	return 0;
}

/*
 * Reads up to len bytes of the file name (relative to /data) into buf.
 * Returns the number of bytes read, or -1 when there is no such file or
 * no filesystem capability.
 */
static inline long vy_data_read(const char *name, void *buf, size_t len)
{
	__wasi_fd_t fd;
	__wasi_iovec_t iov = { buf, len };
	__wasi_size_t done = 0;
	__wasi_errno_t err;

	if (vy__data_open(name, 0, __WASI_RIGHTS_FD_READ, &fd))
		return -1;
	err = __wasi_fd_read(fd, &iov, 1, &done);
	(void)!__wasi_fd_close(fd);
	return err == 0 ? (long)done : -1;
}

/* A whole line, its newline, and room for the NUL we put there. */
static char vy__in[VY_LINE_MAX + 2];
static size_t vy__in_len, vy__in_skip;
static int vy__eof, vy__discarding;

/* Waits until stdin is readable or timeout_ms passes (< 0: forever). */
static inline int vy__wait_stdin(int timeout_ms)
{
	__wasi_subscription_t sub[2];
	__wasi_event_t ev[2];
	__wasi_size_t nsub = 1;

	vy_sub_fd(&sub[0], 0, 0, 0);
	if (timeout_ms >= 0)
		vy_sub_clock(&sub[nsub++], (uint64_t)timeout_ms * 1000000u, 1);
	/* Stdin's bit; on failure, let the read decide. */
	return (int)(vy_poll_bits(sub, ev, nsub, 1) & 1);
}

/*
 * Takes one complete line out of the input buffer, if there is one. The
 * supervisor never sends a line longer than VY_LINE_MAX, so a buffer
 * full without a newline is not a line: it is skipped to its end, never
 * split (the rest of a split line would arrive as a line of its own).
 */
static inline char *vy__take_line(void)
{
	char *nl;

	if (vy__in_skip) {
		memmove(vy__in, vy__in + vy__in_skip, vy__in_len - vy__in_skip);
		vy__in_len -= vy__in_skip;
		vy__in_skip = 0;
	}
	nl = memchr(vy__in, '\n', vy__in_len);
	if (vy__discarding && nl) {
		vy__in_skip = (size_t)(nl - vy__in) + 1;
		vy__discarding = 0;
		return vy__take_line();
	}
	if (!nl && vy__in_len == VY_LINE_MAX + 1) {
		vy__in_len = 0;
		vy__discarding = 1;
	}
	if (!nl || vy__discarding)
		return NULL;
	*nl = '\0';
	vy__in_skip = (size_t)(nl - vy__in) + 1;
	return vy__in;
}

static inline int vy__parse_int(const char **pp)
{
	const char *p = *pp;
	int v = 0, neg = *p == '-';

	for (p += neg; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	*pp = p + (*p == ',');
	return neg ? -v : v;
}

static inline void vy__classify(char *line, struct vy_event *ev)
{
	/* The supervisor's events share a prefix: compared once. */
	const char *p = line + 12;
	char *colon;

	ev->text = line;
	ev->from = 0;
	if (strncmp(line, "VYOMA_EVENT:", 12) != 0) {
		colon = strchr(line, ':');
		if (line[0] == '@' && colon && colon[1] == ' ') {
			*colon = '\0';
			ev->type = VY_EV_MESSAGE;
			ev->from = line + 1;
			ev->text = colon + 2;
			return;
		}
		ev->type = VY_EV_OTHER;
		return;
	}
	if (strncmp(p, "resize:", 7) == 0) {
		p += 7;
		ev->type = VY_EV_RESIZE;
		ev->w = vy__parse_int(&p);
		ev->h = vy__parse_int(&p);
		return;
	}
	if (strncmp(p, "key:", 4) == 0) {
		p += 4;
		ev->type = VY_EV_KEY;
		ev->down = strncmp(p, "down,", 5) == 0;
		p = strchr(p, ',');
		p = p ? p + 1 : "";
		ev->keycode = vy__parse_int(&p);
		ev->codepoint = (uint32_t)vy__parse_int(&p);
		ev->mods = vy__parse_int(&p);
		return;
	}
	if (strncmp(p, "pointer:", 8) == 0) {
		p += 8;
		ev->type = VY_EV_POINTER;
		ev->action = p[0] == 'd' ? VY_PTR_DOWN : p[0] == 'u' ?
			     VY_PTR_UP : VY_PTR_MOVE;
		p = strchr(p, ',');
		p = p ? p + 1 : "";
		ev->x = vy__parse_int(&p);
		ev->y = vy__parse_int(&p);
		ev->buttons = vy__parse_int(&p);
		return;
	}
	if (strncmp(p, "focus:", 6) == 0) {
		ev->type = VY_EV_FOCUS;
		ev->down = strcmp(p + 6, "in") == 0;
		return;
	}
	ev->type = VY_EV_OTHER;
}

/*
 * Waits up to timeout_ms (< 0: forever) for the next line on stdin and
 * classifies it. Returns ev->type. After VY_EV_QUIT the app should exit.
 */
static inline enum vy_event_type vy_next_event(struct vy_event *ev, int timeout_ms)
{
	char *line;

	while (!(line = vy__take_line())) {
		__wasi_iovec_t iov = { (uint8_t *)vy__in + vy__in_len,
				       VY_LINE_MAX + 1 - vy__in_len };
		__wasi_size_t n;

		if (vy__eof) {
			ev->type = VY_EV_QUIT;
			return ev->type;
		}
		if (!vy__wait_stdin(timeout_ms)) {
			ev->type = VY_EV_TIMEOUT;
			return ev->type;
		}
		if (__wasi_fd_read(0, &iov, 1, &n) || !n)
			vy__eof = 1;
		else
			vy__in_len += n;
	}
	vy__classify(line, ev);
	return ev->type;
}

#endif

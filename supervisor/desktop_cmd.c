/*
 * desktop_cmd.c - parses the desktop's commands (desktop_cmd.h). Every
 * number is checked for its range before it is used, and nothing is read
 * past len: args are a slice of the app's line, not a C string.
 */
#include "desktop_cmd.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char *const desktop_window_verbs[] = {
	[W_FOCUS] = "focus", [W_MINIMISE] = "minimise",
	[W_RESTORE] = "restore", [W_MAXIMISE] = "maximise",
	[W_CLOSE] = "close",
};

size_t desktop_say(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/*
 * The next word of args at *p: sets *w to its start, returns its length
 * (0 at the end) and moves *p past it.
 */
static size_t word(const char **p, const char *end, const char **w)
{
	while (*p < end && **p == ' ')
		(*p)++;
	*w = *p;
	while (*p < end && **p != ' ')
		(*p)++;
	return (size_t)(*p - *w);
}

static bool is(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

/* A decimal number of at most 9 digits, or -1. */
static long number(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (!n || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "x,y,w,h": four numbers in -32767..32767, w and h not negative. */
static bool parse_rect(const char *s, size_t n, struct rect *r)
{
	int v[4];
	size_t i = 0, k;

	for (k = 0; k < 4; k++) {
		bool neg = i < n && s[i] == '-';
		size_t start;
		long x;

		i += neg;
		start = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		x = number(s + start, i - start);
		if (x < 0 || x > 32767 || (neg && k >= 2))
			return false;
		v[k] = neg ? -(int)x : (int)x;
		if (k < 3 && (i >= n || s[i++] != ','))
			return false;
	}
	if (i != n)
		return false;
	*r = (struct rect){ v[0], v[1], v[2], v[3] };
	return true;
}

size_t desktop_cmd_parse(struct desktop_cmd *req, const char *cmd,
			 size_t cmd_len, const char *args, size_t len,
			 char *reply, size_t cap)
{
	const char *p = args, *end = args + len, *w;
	size_t n;
	long v;

	memset(req, 0, sizeof(*req));

	if (is(cmd, cmd_len, "notify")) {
		if (!len || len > DESKTOP_NOTE_MAX)
			return desktop_say(reply, cap, "error a notification is 1 to "
				   "%d bytes", DESKTOP_NOTE_MAX);
		for (n = 0; n < len; n++)
			if ((unsigned char)args[n] < 0x20 || args[n] == 0x7f)
				return desktop_say(reply, cap, "error control "
						   "characters are not allowed "
						   "in a notification");
		req->verb = V_NOTIFY;
		memcpy(req->text, args, len);
		req->text[len] = '\0';
		return 0;
	}
	if (is(cmd, cmd_len, "windows") || is(cmd, cmd_len, "poweroff") ||
	    is(cmd, cmd_len, "reboot")) {
		if (len)
			return desktop_say(reply, cap, "error %.*s takes no arguments",
				   (int)cmd_len, cmd);
		req->verb = cmd[0] == 'w' ? V_WINDOWS : cmd[0] == 'p' ?
			    V_POWEROFF : V_REBOOT;
		return 0;
	}
	if (is(cmd, cmd_len, "window")) {
		n = word(&p, end, &w);
		for (req->window_verb = 0; req->window_verb <= W_CLOSE;
		     req->window_verb++)
			if (is(w, n, desktop_window_verbs[req->window_verb]))
				break;
		if (req->window_verb > W_CLOSE)
			return desktop_say(reply, cap, "error want window <focus|"
				   "minimise|restore|maximise|close> <id>");
		n = word(&p, end, &w);
		v = number(w, n);
		if (v <= 0 || p != end)
			return desktop_say(reply, cap, "error want window %s <id>",
				   desktop_window_verbs[req->window_verb]);
		req->verb = V_WINDOW;
		req->target = (uint32_t)v;
		return 0;
	}
	if (!is(cmd, cmd_len, "desktop"))
		return desktop_say(reply, cap, "error unknown command");
	n = word(&p, end, &w);
	if (is(w, n, "focus") && p == end) {
		req->verb = V_FOCUS;
		return 0;
	}
	if (is(w, n, "reserve")) {
		long top, bottom;

		n = word(&p, end, &w);
		top = number(w, n);
		n = word(&p, end, &w);
		bottom = number(w, n);
		if (top < 0 || bottom < 0 || top > 4096 || bottom > 4096 ||
		    p != end)
			return desktop_say(reply, cap, "error want desktop reserve "
				   "<top> <bottom>");
		req->verb = V_RESERVE;
		req->top = (int)top;
		req->bottom = (int)bottom;
		return 0;
	}
	if (is(w, n, "raise")) {
		req->verb = V_RAISE;
		while ((n = word(&p, end, &w))) {
			if (req->rect_count == DESKTOP_RAISED_MAX)
				return desktop_say(reply, cap, "error at most %d "
					   "rectangles", DESKTOP_RAISED_MAX);
			if (!parse_rect(w, n, &req->rects[req->rect_count++]))
				return desktop_say(reply, cap, "error want desktop "
					   "raise <x>,<y>,<w>,<h> ...");
		}
		return 0;
	}
	return desktop_say(reply, cap, "error want desktop <reserve|raise|focus> ...");
}

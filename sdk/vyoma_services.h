/*
 * vyoma_services.h - the desktop's services as an app calls them
 * (docs/desktop.md): the clipboard, notifications and opening a file with
 * the app that opens its type. Each is one "@supervisor:" line; replies
 * arrive as messages from "supervisor" (VY_EV_MESSAGE), which the app
 * hands to the matching parse function.
 */
#ifndef VYOMA_SERVICES_H
#define VYOMA_SERVICES_H

#include "vyoma.h"

#define VY_CLIP_MAX 4000	/* escaped bytes the clipboard holds */

/*
 * Copies len bytes of text. Newlines, tabs and backslashes are escaped;
 * other control characters are dropped. Returns -1 if the escaped text
 * would not fit the clipboard (nothing is sent).
 */
static inline int vy_clipboard_set(const char *text, size_t len)
{
	static char line[16 + VY_CLIP_MAX + 1];
	size_t i, n = 0;

	memcpy(line, "clipboard set ", 14);
	n = 14;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		char esc = c == '\n' ? 'n' : c == '\t' ? 't' :
			   c == '\\' ? '\\' : 0;

		if (n + 2 > 14 + VY_CLIP_MAX)
			return -1;
		if (esc) {
			line[n++] = '\\';
			line[n++] = esc;
		} else if (c >= 0x20 && c != 0x7f) {
			line[n++] = (char)c;
		}
	}
	line[n] = '\0';
	vy_send("supervisor", line);
	return 0;
}

/* Asks for the clipboard; the answer is "clipboard text ..." (below). */
static inline void vy_clipboard_get(void)
{
	vy_send("supervisor", "clipboard get");
}

/*
 * If msg (a message from "supervisor") is the clipboard's text, unescapes
 * it into out (at most cap - 1 bytes, NUL-terminated) and returns its
 * length; otherwise returns -1.
 */
static inline long vy_clipboard_parse(const char *msg, char *out, size_t cap)
{
	static const char head[] = "clipboard text ";
	size_t n = 0;

	if (!cap || strncmp(msg, head, sizeof(head) - 1) != 0)
		return -1;
	for (msg += sizeof(head) - 1; *msg && n + 1 < cap; msg++) {
		char c = *msg;

		if (c == '\\' && msg[1]) {
			msg++;
			c = *msg == 'n' ? '\n' : *msg == 't' ? '\t' : *msg;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return (long)n;
}

/* Posts a notification (needs `notify`); the desktop shows it. */
static inline void vy_notify(const char *text)
{
	static char line[16 + 200 + 1];
	size_t n = strlen(text);

	if (n > 200)
		n = 200;
	memcpy(line, "notify ", 7);
	memcpy(line + 7, text, n);
	line[7 + n] = '\0';
	vy_send("supervisor", line);
}

/* Opens path with the app that opens its type (needs `shell`: open). */
static inline void vy_open_file(const char *path)
{
	static char line[8 + 4000 + 1];
	size_t n = strlen(path);

	if (n > 4000)
		return;
	memcpy(line, "open ", 5);
	memcpy(line + 5, path, n + 1);
	vy_send("supervisor", line);
}

/* If ev.text of a VY_EV_OTHER line is "VYOMA_EVENT:open:<path>", the path. */
static inline const char *vy_open_event(const char *line)
{
	static const char head[] = "VYOMA_EVENT:open:";

	return strncmp(line, head, sizeof(head) - 1) == 0 ?
	       line + sizeof(head) - 1 : 0;
}

#endif

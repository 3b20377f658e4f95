/*
 * desktop_cmd.h - the grammar of the desktop's commands (docs/desktop.md):
 * "windows", "window <verb> <id>", "desktop reserve|raise|focus ...",
 * "notify <text>", "poweroff", "reboot", parsed from an app's line into a
 * struct of copies, or refused with the reason. Pure: no state, no locks,
 * so it is unit-tested and fuzzed alone.
 */
#ifndef VYOMA_DESKTOP_CMD_H
#define VYOMA_DESKTOP_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "canvas.h"

#define DESKTOP_NOTE_MAX 200	/* bytes of a notification's text */
#define DESKTOP_RAISED_MAX 8	/* rectangles one raise may name */

enum desktop_verb {
	V_WINDOWS, V_WINDOW, V_RESERVE, V_RAISE, V_FOCUS, V_NOTIFY,
	V_POWEROFF, V_REBOOT,
};

enum window_verb { W_FOCUS, W_MINIMISE, W_RESTORE, W_MAXIMISE, W_CLOSE };

extern const char *const desktop_window_verbs[];

struct desktop_cmd {
	enum desktop_verb verb;
	enum window_verb window_verb;
	uint32_t target;		/* V_WINDOW: an instance id */
	int top, bottom;		/* V_RESERVE */
	struct rect rects[DESKTOP_RAISED_MAX];	/* V_RAISE */
	size_t rect_count;
	char text[DESKTOP_NOTE_MAX + 1];	/* V_NOTIFY, NUL-terminated */
};

/*
 * Parses command name (cmd, cmd_len) with its args into out. Returns 0,
 * or writes the error reply ("error ...") into reply and returns its
 * length.
 */
size_t desktop_cmd_parse(struct desktop_cmd *out, const char *cmd,
			 size_t cmd_len, const char *args, size_t len,
			 char *reply, size_t cap);

/* snprintf that returns what was written (never more than cap - 1). */
size_t desktop_say(char *out, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

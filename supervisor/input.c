/*
 * input.c - input scripts: parsing and the US keymap, as data.
 *
 *   # a comment
 *   <ms> focus <app>
 *   <ms> type <text, to the end of the line>
 *   <ms> key [Shift+|Ctrl+|Alt+|Super+]...<KeyName or character>
 *   <ms> move <x> <y>
 *   <ms> click <x> <y> [left|right|middle]
 *   <ms> drag <x0> <y0> <x1> <y1>
 *
 * Times are milliseconds after the supervisor is ready and never go
 * backwards. "type" presses and releases each character's key; "key"
 * presses and releases one key with modifiers; x and y are screen
 * pixels; "click" moves there, presses and releases a button; "drag"
 * presses the left button at (x0, y0), moves in steps to (x1, y1) and
 * releases it there.
 */
#include "input.h"
#include "file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 100000

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct parser {
	const char *path;
	int line;
	char *err;
	size_t errlen;
	struct input_script *script;
	size_t cap;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->errlen, "%s:%d: ", p->path, p->line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < p->errlen)
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int push(struct parser *p, struct user_input ev)
{
	struct input_script *s = p->script;

	if (s->count == MAX_EVENTS)
		return fail(p, "more than %d events", MAX_EVENTS);
	if (s->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct user_input *e = realloc(s->events, cap * sizeof(*e));

		if (!e)
			return fail(p, "out of memory");
		s->events = e;
		p->cap = cap;
	}
	s->events[s->count++] = ev;
	return 0;
}

/* A press and a release. */
static int press(struct parser *p, uint32_t at, uint16_t code, uint32_t cp,
		 uint8_t mods)
{
	struct user_input ev = { .at_ms = at, .kind = INPUT_KEY, .down = true,
				  .keycode = code, .codepoint = cp,
				  .mods = mods };

	if (push(p, ev))
		return -1;
	ev.down = false;
	return push(p, ev);
}

static int type_char(struct parser *p, uint32_t at, char ch)
{
	uint16_t code;
	bool shift;

	if (!keymap_key_for_char(ch, &code, &shift))
		return fail(p, "'%c' has no key on a US keyboard", ch);
	return press(p, at, code, (unsigned char)ch, shift ? MOD_SHIFT : 0);
}

static int parse_key(struct parser *p, uint32_t at, char *spec)
{
	uint8_t mods = 0, mod;
	uint16_t code;
	uint32_t cp;
	char *plus;

	/* Modifiers first: "Ctrl+Shift+x"; a lone "+" is the key itself. */
	while ((plus = strchr(spec, '+')) && plus != spec && plus[1]) {
		*plus = '\0';
		mod = keymap_modifier_named(spec);
		if (!mod)
			return fail(p, "unknown modifier '%s' (Shift, Ctrl, Alt, "
				    "Super)", spec);
		mods |= mod;
		spec = plus + 1;
	}
	if (keymap_named_key(spec, &code, &cp))
		return press(p, at, code, cp, mods);
	if (strlen(spec) == 1) {
		size_t before = p->script->count;

		if (type_char(p, at, spec[0]))
			return -1;
		p->script->events[before].mods |= mods;
		p->script->events[before + 1].mods |= mods;
		return 0;
	}
	return fail(p, "unknown key '%s'", spec);
}

#define DRAG_STEPS 8

static bool on_screen(int x, int y)
{
	return x >= 0 && y >= 0 && x <= 8191 && y <= 8191;
}

static const struct {
	const char *name;
	uint8_t button;
} button_names[] = {
	{ "left", BUTTON_LEFT }, { "right", BUTTON_RIGHT },
	{ "middle", BUTTON_MIDDLE },
};

/* "move X Y" or "click X Y [button]" */
static int parse_pointer(struct parser *p, uint32_t at, bool click, char *arg)
{
	struct user_input ev = { .at_ms = at, .kind = INPUT_POINTER };
	char name[16] = "left", tail;
	int fields = sscanf(arg, "%d %d %15s %c", &ev.x, &ev.y, name, &tail);
	size_t i;

	if (fields < 2 || fields > (click ? 3 : 2))
		return fail(p, click ? "click needs x y [left|right|middle]" :
			    "move needs x y");
	if (!on_screen(ev.x, ev.y))
		return fail(p, "position %d,%d is off any screen", ev.x, ev.y);
	for (i = 0; i < ARRAY_LEN(button_names); i++)
		if (strcmp(name, button_names[i].name) == 0)
			break;
	if (i == ARRAY_LEN(button_names))
		return fail(p, "unknown button '%s' (left, right, middle)",
			    name);
	if (push(p, ev))
		return -1;
	if (!click)
		return 0;
	ev.changed = button_names[i].button;
	ev.buttons = ev.changed;
	ev.down = true;
	if (push(p, ev))
		return -1;
	ev.buttons = 0;
	ev.down = false;
	return push(p, ev);
}

/* "drag X0 Y0 X1 Y1": press at the start, move in steps, release. */
static int parse_drag(struct parser *p, uint32_t at, char *arg)
{
	struct user_input ev = { .at_ms = at, .kind = INPUT_POINTER };
	int x0, y0, x1, y1, i;
	char tail;

	if (sscanf(arg, "%d %d %d %d %c", &x0, &y0, &x1, &y1, &tail) != 4)
		return fail(p, "drag needs x0 y0 x1 y1");
	if (!on_screen(x0, y0) || !on_screen(x1, y1))
		return fail(p, "a drag position is off any screen");
	ev.x = x0;
	ev.y = y0;
	if (push(p, ev))
		return -1;
	ev.changed = ev.buttons = BUTTON_LEFT;
	ev.down = true;
	if (push(p, ev))
		return -1;
	ev.changed = 0;
	for (i = 1; i <= DRAG_STEPS; i++) {
		ev.x = x0 + (x1 - x0) * i / DRAG_STEPS;
		ev.y = y0 + (y1 - y0) * i / DRAG_STEPS;
		if (push(p, ev))
			return -1;
	}
	ev.changed = BUTTON_LEFT;
	ev.buttons = 0;
	ev.down = false;
	return push(p, ev);
}

static int parse_line(struct parser *p, char *line, uint32_t *last)
{
	char *rest, *action, *arg;
	unsigned long at;
	struct user_input ev;

	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '\0' || *line == '#')
		return 0;
	errno = 0;
	at = strtoul(line, &rest, 10);
	if (rest == line || errno || at > 86400000ul)
		return fail(p, "expected a time in milliseconds");
	if (at < *last)
		return fail(p, "time %lu is before the previous line's %u", at,
			    *last);
	*last = (uint32_t)at;
	action = rest + strspn(rest, " \t");
	arg = action + strcspn(action, " \t");
	if (*arg) {
		*arg++ = '\0';
		/* "type" keeps every character after the one separator. */
		if (strcmp(action, "type") != 0)
			arg += strspn(arg, " \t");
	}
	if (strcmp(action, "type") == 0) {
		if (!*arg)
			return fail(p, "type needs some text");
		for (; *arg; arg++)
			if (type_char(p, (uint32_t)at, *arg))
				return -1;
		return 0;
	}
	if (strcmp(action, "key") == 0) {
		arg[strcspn(arg, " \t")] = '\0';
		if (!*arg)
			return fail(p, "key needs a key name");
		return parse_key(p, (uint32_t)at, arg);
	}
	if (strcmp(action, "focus") == 0) {
		arg[strcspn(arg, " \t")] = '\0';
		if (!*arg || strlen(arg) > 32)
			return fail(p, "focus needs an app name");
		memset(&ev, 0, sizeof(ev));
		ev.at_ms = (uint32_t)at;
		ev.kind = INPUT_FOCUS;
		memcpy(ev.target, arg, strlen(arg) + 1);
		return push(p, ev);
	}
	if (strcmp(action, "move") == 0 || strcmp(action, "click") == 0)
		return parse_pointer(p, (uint32_t)at, action[0] == 'c', arg);
	if (strcmp(action, "drag") == 0)
		return parse_drag(p, (uint32_t)at, arg);
	return fail(p, "unknown action '%s' (focus, type, key, move, click, "
		    "drag)", action);
}

int input_script_parse(const char *src, size_t len, const char *path,
		       struct input_script *script, char *err, size_t errlen)
{
	struct parser p = { path, 0, err, errlen, script, 0 };
	uint32_t last = 0;
	size_t pos = 0;
	char line[1024];

	memset(script, 0, sizeof(*script));
	while (pos < len) {
		const char *nl = memchr(src + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (src + pos)) : len - pos;

		p.line++;
		if (n >= sizeof(line)) {
			fail(&p, "line longer than %zu characters",
			     sizeof(line) - 1);
			goto fail;
		}
		if (memchr(src + pos, '\0', n)) {
			fail(&p, "NUL byte in the script");
			goto fail;
		}
		memcpy(line, src + pos, n);
		line[n] = '\0';
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		if (parse_line(&p, line, &last))
			goto fail;
		pos += n + 1;
	}
	return 0;
fail:
	input_script_free(script);
	return -1;
}

int input_script_load(const char *path, struct input_script *script,
		      char *err, size_t errlen)
{
	size_t len;
	char *buf = file_read(path, FILE_SMALL_MAX, &len);
	int rc;

	if (!buf) {
		file_error(path, FILE_SMALL_MAX, err, errlen);
		return -1;
	}
	rc = input_script_parse(buf, len, path, script, err, errlen);
	free(buf);
	return rc;
}

void input_script_free(struct input_script *script)
{
	free(script->events);
	memset(script, 0, sizeof(*script));
}

size_t input_format_key(const struct user_input *ev, char *buf, size_t len)
{
	int n = snprintf(buf, len, "VYOMA_EVENT:key:%s,%u,%u,%u",
			 ev->down ? "down" : "up", ev->keycode, ev->codepoint,
			 ev->mods);

	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

size_t input_format_resize(int w, int h, char *buf, size_t len)
{
	int n = snprintf(buf, len, "VYOMA_EVENT:resize:%d,%d", w, h);

	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

size_t input_format_pointer(const struct user_input *ev, int x, int y,
			    char *buf, size_t len)
{
	const char *what = !ev->changed ? "move" : ev->down ? "down" : "up";
	int n = snprintf(buf, len, "VYOMA_EVENT:pointer:%s,%d,%d,%u", what, x,
			 y, ev->buttons);

	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

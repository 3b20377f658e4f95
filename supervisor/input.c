/*
 * input.c - input scripts: parsing and the US keymap, as data.
 *
 *   # a comment
 *   <ms> focus <app>
 *   <ms> type <text, to the end of the line>
 *   <ms> key [Shift+|Ctrl+|Alt+|Super+]...<KeyName or character>
 *
 * Times are milliseconds after the supervisor is ready and never go
 * backwards. "type" presses and releases each character's key; "key"
 * presses and releases one key with modifiers.
 */
#include "input.h"
#include "file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 100000

/* Printable ASCII on a US keyboard: Linux key code, and whether shifted. */
static const struct {
	char ch;
	uint16_t code;
	bool shift;
} us_keys[] = {
	{ ' ', 57, false }, { '!', 2, true }, { '"', 40, true },
	{ '#', 4, true }, { '$', 5, true }, { '%', 6, true }, { '&', 8, true },
	{ '\'', 40, false }, { '(', 10, true }, { ')', 11, true },
	{ '*', 9, true }, { '+', 13, true }, { ',', 51, false },
	{ '-', 12, false }, { '.', 52, false }, { '/', 53, false },
	{ '0', 11, false }, { '1', 2, false }, { '2', 3, false },
	{ '3', 4, false }, { '4', 5, false }, { '5', 6, false },
	{ '6', 7, false }, { '7', 8, false }, { '8', 9, false },
	{ '9', 10, false }, { ':', 39, true }, { ';', 39, false },
	{ '<', 51, true }, { '=', 13, false }, { '>', 52, true },
	{ '?', 53, true }, { '@', 3, true }, { '[', 26, false },
	{ '\\', 43, false }, { ']', 27, false }, { '^', 7, true },
	{ '_', 12, true }, { '`', 41, false }, { '{', 26, true },
	{ '|', 43, true }, { '}', 27, true }, { '~', 41, true },
	{ 'a', 30, false }, { 'b', 48, false }, { 'c', 46, false },
	{ 'd', 32, false }, { 'e', 18, false }, { 'f', 33, false },
	{ 'g', 34, false }, { 'h', 35, false }, { 'i', 23, false },
	{ 'j', 36, false }, { 'k', 37, false }, { 'l', 38, false },
	{ 'm', 50, false }, { 'n', 49, false }, { 'o', 24, false },
	{ 'p', 25, false }, { 'q', 16, false }, { 'r', 19, false },
	{ 's', 31, false }, { 't', 20, false }, { 'u', 22, false },
	{ 'v', 47, false }, { 'w', 17, false }, { 'x', 45, false },
	{ 'y', 21, false }, { 'z', 44, false },
};

static const struct {
	const char *name;
	uint16_t code;
	uint32_t codepoint;
} named_keys[] = {
	{ "Enter", 28, '\n' }, { "Backspace", 14, 8 }, { "Tab", 15, '\t' },
	{ "Escape", 1, 27 }, { "Space", 57, ' ' }, { "Delete", 111, 127 },
	{ "Up", 103, 0 }, { "Down", 108, 0 }, { "Left", 105, 0 },
	{ "Right", 106, 0 }, { "Home", 102, 0 }, { "End", 107, 0 },
	{ "PageUp", 104, 0 }, { "PageDown", 109, 0 },
	{ "F1", 59, 0 }, { "F2", 60, 0 }, { "F3", 61, 0 }, { "F4", 62, 0 },
	{ "F5", 63, 0 }, { "F6", 64, 0 }, { "F7", 65, 0 }, { "F8", 66, 0 },
	{ "F9", 67, 0 }, { "F10", 68, 0 }, { "F11", 87, 0 }, { "F12", 88, 0 },
};

static const struct {
	const char *name;
	uint8_t mod;
} modifiers[] = {
	{ "Shift", MOD_SHIFT }, { "Ctrl", MOD_CTRL }, { "Alt", MOD_ALT },
	{ "Super", MOD_SUPER },
};

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

static int push(struct parser *p, struct input_event ev)
{
	struct input_script *s = p->script;

	if (s->count == MAX_EVENTS)
		return fail(p, "more than %d events", MAX_EVENTS);
	if (s->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct input_event *e = realloc(s->events, cap * sizeof(*e));

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
	struct input_event ev = { at, INPUT_KEY, true, code, cp, mods, "" };

	if (push(p, ev))
		return -1;
	ev.down = false;
	return push(p, ev);
}

static int type_char(struct parser *p, uint32_t at, char ch)
{
	char lower = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	size_t i;

	for (i = 0; i < ARRAY_LEN(us_keys); i++)
		if (us_keys[i].ch == lower)
			return press(p, at, us_keys[i].code, (unsigned char)ch,
				     (us_keys[i].shift || lower != ch) ?
				     MOD_SHIFT : 0);
	return fail(p, "'%c' has no key on a US keyboard", ch);
}

static int parse_key(struct parser *p, uint32_t at, char *spec)
{
	uint8_t mods = 0;
	char *plus;
	size_t i;

	/* Modifiers first: "Ctrl+Shift+x"; a lone "+" is the key itself. */
	while ((plus = strchr(spec, '+')) && plus != spec && plus[1]) {
		*plus = '\0';
		for (i = 0; i < ARRAY_LEN(modifiers); i++)
			if (strcmp(spec, modifiers[i].name) == 0)
				break;
		if (i == ARRAY_LEN(modifiers))
			return fail(p, "unknown modifier '%s' (Shift, Ctrl, Alt, "
				    "Super)", spec);
		mods |= modifiers[i].mod;
		spec = plus + 1;
	}
	for (i = 0; i < ARRAY_LEN(named_keys); i++)
		if (strcmp(spec, named_keys[i].name) == 0)
			return press(p, at, named_keys[i].code,
				     named_keys[i].codepoint, mods);
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

static int parse_line(struct parser *p, char *line, uint32_t *last)
{
	char *rest, *action, *arg;
	unsigned long at;
	struct input_event ev;

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
	return fail(p, "unknown action '%s' (focus, type, key)", action);
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

size_t input_format_key(const struct input_event *ev, char *buf, size_t len)
{
	int n = snprintf(buf, len, "VYOMA_EVENT:key:%s,%u,%u,%u",
			 ev->down ? "down" : "up", ev->keycode, ev->codepoint,
			 ev->mods);

	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

/*
 * capwords.c - an app's capabilities in words (capwords.h).
 *
 * Every item of either form is first made a flat token, "kind" or
 * "kind:value" (caps' "network(h:80,listen=8000)" gives "connect:h:80"
 * and "listen:8000"), then said by the tables below: the whole token, or
 * its kind followed by its value. A token no table knows is said as it
 * is, so that nothing an app asks for goes unshown.
 */
#include "capwords.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The longest value kept; a longer one is cut with "...". */
#define VALUE_MAX 96

/* Whole tokens. An empty text is a token with nothing to say. */
static const char *const exact[][2] = {
	{ "display", "show a window" },
	{ "mouse", "use the mouse" },
	{ "shell", "run any supervisor command (start, stop and kill apps)" },
	{ "shell:all", "run any supervisor command (start, stop and kill apps)" },
	{ "spawn", "start other programs" },
	{ "desktop", "manage the desktop and its windows" },
	{ "clipboard", "read and change the clipboard" },
	{ "notify", "show notifications" },
	{ "login", "log users in" },
	{ "packages", "install and remove apps" },
	{ "updates", "install system updates" },
	{ "devices", "use devices of this machine" },
	{ "files:/data=rw", "keep its own files" },
	{ "files:home=rw", "read and change your files (home folder and /tmp)" },
	{ "files:home=ro", "read your files (home folder and /tmp)" },
	{ "serves:everyone", "serve the apps of every user" },
	{ "connect:*:*", "connect to any host on the internet" },
	/* Said by what they hold (files:, connect:), or not permissions. */
	{ "stdio", "" }, { "filesystem", "" }, { "network", "" },
	{ "manual", "" },
};

/* Tokens "kind:value": the words, then the value. */
static const char *const by_kind[][2] = {
	{ "connect", "connect to " },
	{ "listen", "accept connections on port " },
	{ "resolve", "look up host names like " },
	{ "memory", "use up to this much memory: " },
	{ "disk", "store up to this much: " },
	{ "opens", "open files of type " },
	{ "shell", "ask the supervisor to " },
	{ "device", "use the device " },
};

/* caps' settings that are limits, not permissions: "cpu=1", "files=64". */
static const char *const limits[] = { "cpu", "files", "sockets", "restart" };

/* A group "name(a,b)" and the kind its items get ("": none, the group
 * alone is said; a network's listen= and resolve= items have their own). */
static const char *const groups[][2] = {
	{ "filesystem", "files" }, { "network", "connect" },
	{ "shell", "shell" }, { "devices", "device" }, { "display", "" },
};

struct said {
	capwords_put put;
	void *ctx;
	size_t count;
};

/* s, n bytes, into out as printable ASCII, cut to max bytes with "...". */
static void clean(char *out, size_t max, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < max; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	if (n > max)
		memcpy(out + max - 3, "...", 3);
	out[i] = '\0';
}

static void put_line(struct said *said, const char *line)
{
	if (said->count < CAPWORDS_MAX) {
		said->put(said->ctx, line);
		said->count++;
	}
}

/* A directory of this machine: "files:/music=ro". */
static bool say_directory(struct said *said, const char *value)
{
	size_t n = strlen(value);
	char line[CAPWORDS_LINE_MAX];

	if (value[0] != '/' || n < 4 || (strcmp(value + n - 3, "=rw") &&
					 strcmp(value + n - 3, "=ro")))
		return false;
	snprintf(line, sizeof(line), "%s%.*s",
		 value[n - 1] == 'w' ? "read and change " : "read ",
		 (int)(n - 3), value);
	put_line(said, line);
	return true;
}

/* Says one flat token, made printable first. */
static void say(struct said *said, const char *token, size_t n)
{
	char t[VALUE_MAX + 32], line[CAPWORDS_LINE_MAX];
	const char *colon;
	size_t i;

	if (!n)
		return;
	clean(t, sizeof(t) - 1, token, n);
	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (!strcmp(t, exact[i][0])) {
			if (exact[i][1][0])
				put_line(said, exact[i][1]);
			return;
		}
	colon = strchr(t, ':');
	if (colon && !strncmp(t, "files:", 6) && say_directory(said, t + 6))
		return;
	for (i = 0; colon && colon[1] && i < sizeof(by_kind) / sizeof(by_kind[0]);
	     i++)
		if (strlen(by_kind[i][0]) == (size_t)(colon - t) &&
		    !strncmp(t, by_kind[i][0], (size_t)(colon - t))) {
			snprintf(line, sizeof(line), "%s%s", by_kind[i][1],
				 colon + 1);
			put_line(said, line);
			return;
		}
	snprintf(line, sizeof(line), "%s (not known here)", t);
	put_line(said, line);
}

/* Says "kind:item" (kind "" or NULL: the item as it is), a value longer
 * than VALUE_MAX cut with "...". */
static void say_as(struct said *said, const char *kind, const char *item,
		   size_t n)
{
	char t[VALUE_MAX + 32];
	size_t k = kind ? strlen(kind) : 0;

	if (!k) {
		say(said, item, n);
		return;
	}
	memcpy(t, kind, k);
	t[k] = ':';
	memcpy(t + k + 1, item, n > VALUE_MAX ? VALUE_MAX : n);
	if (n > VALUE_MAX) {
		n = VALUE_MAX;
		memcpy(t + k + 1 + n - 3, "...", 3);
	}
	say(said, t, k + 1 + n);
}

/* One item of a group: caps' spellings made the flat tokens' kinds. */
static void say_item(struct said *said, const char *group, const char *kind,
		     const char *item, size_t n)
{
	const char *eq = memchr(item, '=', n);
	size_t k = eq ? (size_t)(eq - item) : 0;
	char home[VALUE_MAX + 8];

	if (!strcmp(group, "filesystem") && k == 4 &&
	    !strncmp(item, "user", 4)) {
		snprintf(home, sizeof(home), "home%.*s",
			 (int)(n - 4 > VALUE_MAX ? VALUE_MAX : n - 4), eq);
		say_as(said, "files", home, strlen(home));
	} else if (!strcmp(group, "network") && k == 6 &&
		   !strncmp(item, "listen", 6)) {
		say_as(said, "listen", eq + 1, n - 7);
	} else if (!strcmp(group, "network") && k == 7 &&
		   !strncmp(item, "resolve", 7)) {
		say_as(said, "resolve", eq + 1, n - 8);
	} else {
		say_as(said, kind, item, n);
	}
}

/*
 * "name(a,b,...)" at p, n the name's length: each item said as its
 * group's kind. Returns the place past it.
 */
static const char *say_group(struct said *said, const char *p, size_t n)
{
	const char *start = p, *group = NULL, *kind = NULL;
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (strlen(groups[i][0]) == n && !strncmp(p, groups[i][0], n)) {
			group = groups[i][0];
			kind = groups[i][1];
		}
	if (group && !kind[0])
		say(said, group, n);	/* display(WxH): its size says nothing */
	for (p += n + 1; *p && *p != ')';) {
		const char *item = p;

		while (*p && *p != ',' && *p != ')')
			p++;
		if (group && kind[0] && p > item)
			say_item(said, group, kind, item, (size_t)(p - item));
		if (*p == ',')
			p++;
	}
	if (*p)
		p++;
	if (!group)
		say(said, start, (size_t)(p - start));	/* not known: whole */
	return p;
}

/*
 * caps' "opens=a,b", "memory=8MiB", "serves=everyone": kind=value, the
 * flat tokens' kind:value. (The widening's "files:home=rw" has its colon
 * first and is a token as it is.)
 */
static void say_setting(struct said *said, const char *t, size_t n, size_t k)
{
	char kind[16];
	size_t i;

	for (i = 0; i < k && t[i] >= 'a' && t[i] <= 'z'; i++)
		;
	if (!k || i < k || k >= sizeof(kind)) {
		say(said, t, n);	/* not a word=value: as it is */
		return;
	}
	memcpy(kind, t, k);
	kind[k] = '\0';
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		if (!strcmp(kind, limits[i]))
			return;
	say_as(said, kind, t + k + 1, n - k - 1);
}

size_t capwords_describe(const char *caps, capwords_put put, void *ctx)
{
	struct said said = { put, ctx, 0 };
	const char *p = caps;

	while (*p) {
		const char *t = p, *eq;
		size_t n;

		while (*p && *p != ' ' && *p != '(')
			p++;
		n = (size_t)(p - t);
		eq = memchr(t, '=', n);
		if (*p == '(')
			p = say_group(&said, t, n);
		else if (eq && !memchr(t, ':', (size_t)(eq - t)))
			say_setting(&said, t, n, (size_t)(eq - t));
		else
			say(&said, t, n);
		while (*p == ' ')
			p++;
	}
	return said.count;
}

/*
 * vytool_caps.h - an app's capabilities in words a person reads, for pkg
 * and the store: from the index's `capabilities` field (what `caps`
 * prints: "filesystem(/data=rw,user=rw) network(example.org:80)") or the
 * supervisor's list of what an upgrade adds ("files:home=rw
 * connect:example.org:80"). Limits that are not permissions (CPU,
 * restart policy, descriptors) are left out. Needs only <string.h>, so
 * window apps (the store) use it as the command tools do.
 */
#ifndef VYTOOL_CAPS_H
#define VYTOOL_CAPS_H

#include <stdbool.h>
#include <string.h>

static const char *const vc__words[][2] = {
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
	{ "files:/data=rw", "keep its own files" },
	{ "files:home=rw", "read and change your files (home folder and /tmp)" },
	{ "files:user=rw", "read and change your files (home folder and /tmp)" },
	{ "files:home=ro", "read your files (home folder and /tmp)" },
	{ "files:user=ro", "read your files (home folder and /tmp)" },
	{ "serves:everyone", "serve the apps of every user" },
	{ "serves=everyone", "serve the apps of every user" },
	{ "connect:*:*", "connect to any host on the internet" },
};

/* Says one flat token ("connect:h:80", "files:/x=ro") in words to put. */
static inline void vc__say(const char *t, size_t n,
			   void (*put)(const char *line))
{
	static const char *const prefixes[][2] = {
		{ "connect:", "connect to " }, { "listen:", "accept "
		"connections on port " }, { "listen=", "accept connections on "
		"port " }, { "resolve:", "look up host names like " },
		{ "resolve=", "look up host names like " },
		{ "memory=", "use up to this much memory: " },
		{ "disk=", "store up to this much: " },
		{ "opens=", "open files of type " }, { "shell:", "ask the "
		"supervisor to " }, { "files:", "" },
	};
	static char s[300], line[400];

	if (n >= sizeof(s))
		return;
	memcpy(s, t, n);
	s[n] = '\0';
	for (size_t i = 0; i < sizeof(vc__words) / sizeof(vc__words[0]); i++)
		if (!strcmp(s, vc__words[i][0]))
			return put(vc__words[i][1]);
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t k = strlen(prefixes[i][0]);

		if (strncmp(s, prefixes[i][0], k))
			continue;
		if (!strcmp(prefixes[i][0], "files:")) {
			/* "/path=rw": a directory of this machine */
			bool rw = n > 3 && !strcmp(s + n - 3, "=rw");

			if (n > 3)
				s[n - 3] = '\0';
			strcpy(line, rw ? "read and change " : "read ");
		} else {
			strcpy(line, prefixes[i][1]);
		}
		strcat(line, s + k);
		return put(line);
	}
}

/*
 * Calls put once per permission in caps, in either form. A group such as
 * "filesystem(a,b)" or "network(a,b)" is said item by item.
 */
static inline void vc_describe(const char *caps, void (*put)(const char *))
{
	const char *p = caps;

	while (*p) {
		const char *t = p;
		size_t n;

		while (*p && *p != ' ' && *p != '(')
			p++;
		n = (size_t)(p - t);
		if (*p != '(') {
			vc__say(t, n, put);
		} else {
			char kind = *t;	/* f(ilesystem), n(etwork), s(hell) */
			char tok[300];

			p++;
			while (*p && *p != ')') {
				const char *item = p;
				size_t m;

				while (*p && *p != ',' && *p != ')')
					p++;
				m = (size_t)(p - item);
				if (m < 280) {
					const char *pre = kind == 'f' ? "files:" :
						kind == 'n' && !memchr(item, '=', m) ?
						"connect:" : kind == 's' ? "shell:" : "";
					size_t pl = strlen(pre);

					memcpy(tok, pre, pl);
					memcpy(tok + pl, item, m);
					if (kind == 'f' && m > 5 &&
					    !strncmp(item, "user=", 5))
						memcpy(tok + pl, "home", 4);
					if (kind != 'd')
						vc__say(tok, pl + m, put);
				}
				if (*p == ',')
					p++;
			}
			if (kind == 'd')
				vc__say("display", 7, put);
			if (*p == ')')
				p++;
		}
		while (*p == ' ')
			p++;
	}
}

#endif

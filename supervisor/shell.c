/*
 * shell.c - @supervisor: commands as a table of name -> handler. The
 * caller's manifest decides what it may run (shell = true for all, or a
 * list); a denial is an error reply, logged once per app. Replies are one
 * line each so an app can parse them: "<command> <result...>".
 *
 * Implemented so far: help, caps, version. The rest of the names the
 * manifest accepts (see manifest_shell_commands) answer "not available
 * yet" until the shell issue lands.
 */
#include "shell.h"
#include "ipc.h"
#include "log.h"
#include "proc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define REPLY_MAX 1024

struct reply {
	char text[REPLY_MAX];
	size_t len;
};

static void reply_set(struct reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reply_set(struct reply *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
	r->len = n < 0 ? 0 : (size_t)n < sizeof(r->text) ? (size_t)n :
		 sizeof(r->text) - 1;
}

static void cmd_caps(struct app *caller, const char *args, size_t len,
		     struct reply *r)
{
	struct app *app = len ? proc_find(args, len) : caller;
	char grants[768];

	if (!app) {
		reply_set(r, "error unknown app '%.*s'", (int)(len < 40 ? len : 40),
			  args);
		return;
	}
	manifest_describe(&app->manifest, grants, sizeof(grants));
	reply_set(r, "caps %s %s", app->manifest.name, grants);
}

static void cmd_version(struct app *caller, const char *args, size_t len,
			struct reply *r)
{
	(void)caller;
	(void)args;
	(void)len;
	reply_set(r, "version %s", VYOMA_VERSION);
}

static void cmd_help(struct app *caller, const char *args, size_t len,
		     struct reply *r);

static const struct command {
	const char *name;
	void (*run)(struct app *caller, const char *args, size_t len,
		    struct reply *r);
} commands[] = {
	{ "caps", cmd_caps },
	{ "help", cmd_help },
	{ "version", cmd_version },
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

/* Lists the commands this caller may run, from the same table. */
static void cmd_help(struct app *caller, const char *args, size_t len,
		     struct reply *r)
{
	char list[256] = "";
	size_t i, n = 0;

	(void)args;
	(void)len;
	for (i = 0; i < COMMAND_COUNT && n < sizeof(list); i++) {
		const char *name = commands[i].name;

		if (manifest_allows_command(&caller->manifest, name,
					    strlen(name)))
			n += (size_t)snprintf(list + n, sizeof(list) - n, " %s",
					      name);
	}
	reply_set(r, "help%s", list);
}

/* One of the names the shell defines (implemented yet or not). */
static bool command_known(const char *name, size_t len)
{
	size_t i;

	for (i = 0; manifest_shell_commands[i]; i++)
		if (strlen(manifest_shell_commands[i]) == len &&
		    memcmp(manifest_shell_commands[i], name, len) == 0)
			return true;
	return false;
}

void shell_run(struct app *caller, const char *line, size_t len)
{
	const char *name = caller->manifest.name;
	size_t cmd_len = 0, i;
	struct reply r;
	const char *args;
	size_t args_len;

	while (cmd_len < len && line[cmd_len] != ' ')
		cmd_len++;
	args = line + cmd_len;
	args_len = len - cmd_len;
	while (args_len && *args == ' ') {
		args++;
		args_len--;
	}
	if (!caller->manifest.caps[CAP_SHELL]) {
		if (!caller->denied_shell)
			log_warn("%s: supervisor command rejected: the shell "
				 "capability is not granted", name);
		caller->denied_shell = true;
		reply_set(&r, "error permission denied: the shell capability "
			  "is not granted");
	} else if (!command_known(line, cmd_len)) {
		reply_set(&r, "error unknown command '%.*s'",
			  (int)(cmd_len < 16 ? cmd_len : 16), line);
	} else if (!manifest_allows_command(&caller->manifest, line,
					    cmd_len)) {
		log_warn("%s: supervisor command '%.*s' rejected: not in its "
			 "shell grant", name, (int)(cmd_len < 16 ? cmd_len : 16),
			 line);
		reply_set(&r, "error permission denied: command '%.*s' is not "
			  "granted", (int)(cmd_len < 16 ? cmd_len : 16), line);
	} else {
		for (i = 0; i < COMMAND_COUNT; i++)
			if (strlen(commands[i].name) == cmd_len &&
			    memcmp(commands[i].name, line, cmd_len) == 0)
				break;
		if (i < COMMAND_COUNT)
			commands[i].run(caller, args, args_len, &r);
		else
			reply_set(&r, "error command '%.*s' is not available "
				  "yet", (int)cmd_len, line);
	}
	ipc_reply(caller, r.text, r.len);
}

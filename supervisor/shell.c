/*
 * shell.c - @supervisor: commands as a table of name -> handler. The
 * caller's manifest decides what it may run (shell = true for all, or a
 * list); a denial is an error reply, logged once per app. Replies are one
 * line each so an app can parse them: "<command> <result...>".
 *
 * Commands that list things (ps, log) answer with one row per line, each
 * starting with the command's name, then "<command> end <rows>", so a
 * reader can collect rows until the end line (docs/protocol.md).
 */
#include "shell.h"
#include "guest.h"
#include "instance.h"
#include "ipc.h"
#include "log.h"
#include "netif.h"
#include "proc.h"
#include "shell_commands.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REPLY_MAX 1024

int (*shell_screenshot_hook)(struct app *caller);
uint64_t shell_boot_ns;

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

/*
 * The app (or instance) named by args, or an error reply; the caller if
 * optional. A name is an installed app's; an instance is named by its
 * id, alone or after its app's name and '#'.
 */
static struct app *target(struct app *caller, const char *args, size_t len,
			  bool optional, struct reply *r)
{
	uint32_t id = proc_parse_id(args, len);
	struct app *app;

	if (!len && optional)
		return caller;
	if (!len) {
		reply_set(r, "error this command needs an app name");
		return NULL;
	}
	app = id ? proc_by_id(id) : proc_find_named(args, len);
	if (!app)
		reply_set(r, "error unknown app '%.*s'",
			  (int)(len < 40 ? len : 40), args);
	return app;
}

static void cmd_caps(struct app *caller, const char *args, size_t len,
		     struct reply *r)
{
	struct app *app = target(caller, args, len, true, r);
	char grants[768];

	if (!app)
		return;
	manifest_describe(&app->manifest, grants, sizeof(grants));
	reply_set(r, "caps %s %s", app->manifest.name, grants);
}

static double seconds(uint64_t ns)
{
	return (double)ns / 1e9;
}

static void ps_row(struct app *caller, const struct proc_status *st)
{
	struct reply row;

	reply_set(&row, "ps %s state=%s uptime=%.3f cpu=%.3f memory=%zu "
		  "in=%lu out=%lu queued=%u dropped=%lu rejected=%lu "
		  "restarts=%u frames=%lu first_frame_us=%llu files=%u "
		  "console_dropped=%lu id=%u parent=%u kind=%s",
		  st->label, app_state_name(st->state), seconds(st->uptime_ns),
		  seconds(st->cpu_ns), st->memory_bytes, st->messages_in,
		  st->messages_out, st->queued, st->dropped, st->rejected,
		  st->restarts, st->frames,
		  (unsigned long long)st->first_frame_ns / 1000, st->open_files,
		  st->console_dropped, st->id, st->parent_id,
		  app_kind_name(st->kind));
	ipc_reply(caller, row.text, row.len);
}

static void cmd_ps(struct app *caller, const char *args, size_t len,
		   struct reply *r)
{
	struct proc_status st;
	size_t i, n = 0;

	if (len) {
		struct app *app = target(caller, args, len, false, r);

		if (!app)
			return;
		proc_status(app, &st);
		ps_row(caller, &st);
		n = 1;
	} else {
		for (i = 0; i < proc_count(); i++) {
			proc_status(proc_at(i), &st);
			if (st.vacant)
				continue;
			ps_row(caller, &st);
			n++;
		}
	}
	reply_set(r, "ps end %zu", n);
}

static void cmd_log(struct app *caller, const char *args, size_t len,
		    struct reply *r)
{
	static _Thread_local char lines[APP_CONSOLE_KEEP][APP_CONSOLE_WIDTH + 1];
	struct app *app = target(caller, args, len, false, r);
	struct reply row;
	size_t i, n;

	if (!app)
		return;
	n = proc_console(app, lines, APP_CONSOLE_KEEP);
	for (i = 0; i < n; i++) {
		reply_set(&row, "log %s %s", app->manifest.name, lines[i]);
		ipc_reply(caller, row.text, row.len);
	}
	reply_set(r, "log end %zu", n);
}

/*
 * start, stop, restart, kill: requests the main loop carries out through
 * the lifecycle table; the table's cell for the app's state now says at
 * once whether the request is refused.
 */
static void request(struct app *caller, const char *args, size_t len,
		    struct reply *r, const char *verb, enum life_event ev)
{
	struct app *app = target(caller, args, len, false, r);
	struct life_cell cell;
	int state;

	if (!app)
		return;
	state = atomic_load(&app->state);
	cell = proc_request(app, ev);
	if (cell.action != ACT_REFUSE)
		reply_set(r, "%s %s requested", verb, app->label);
	else if (state == LIFE_COMPILING)
		reply_set(r, "error '%s' is still being compiled",
			  app->label);
	else if (lifecycle_is_up(state))
		reply_set(r, "error '%s' is already running",
			  app->label);
	else
		reply_set(r, "error '%s' is not running", app->label);
}

/*
 * new <app>: another instance of an installed app, with its own id (and
 * window); no one waits for it, so it is reaped when it ends.
 */
static void cmd_new(struct app *caller, const char *args, size_t len,
		    struct reply *r)
{
	struct app *app = target(caller, args, len, false, r), *inst;
	struct spawn_request req = { 0 };
	int err;

	if (!app)
		return;
	if (app->transient) {
		reply_set(r, "error new takes an installed app's name, not "
			  "an instance's");
		return;
	}
	req.origin = app;
	inst = instance_spawn(&req, &err);
	if (inst)
		reply_set(r, "new %s requested", inst->label);
	else if (err == GUEST_ERRNO_AGAIN)
		reply_set(r, "error '%s' is still being compiled", app->label);
	else if (err == GUEST_ERRNO_NOEXEC)
		reply_set(r, "error '%s' cannot be run: its module is broken",
			  app->label);
	else
		reply_set(r, "error no room for another instance of '%s'",
			  app->label);
}

static void cmd_start(struct app *caller, const char *args, size_t len,
		      struct reply *r)
{
	request(caller, args, len, r, "start", LIFE_START);
}

static void cmd_stop(struct app *caller, const char *args, size_t len,
		     struct reply *r)
{
	request(caller, args, len, r, "stop", LIFE_STOP);
}

static void cmd_restart(struct app *caller, const char *args, size_t len,
			struct reply *r)
{
	request(caller, args, len, r, "restart", LIFE_RESTART);
}

static void cmd_kill(struct app *caller, const char *args, size_t len,
		     struct reply *r)
{
	request(caller, args, len, r, "kill", LIFE_KILL);
}

/* The supervisor's resident memory, from /proc. */
static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = -1, resident = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static void cmd_stats(struct app *caller, const char *args, size_t len,
		      struct reply *r)
{
	unsigned long in = 0, out = 0, dropped = 0, rejected = 0;
	size_t i, running = 0, n = proc_count();

	(void)caller;
	(void)args;
	(void)len;
	for (i = 0; i < n; i++) {
		struct proc_status st;

		proc_status(proc_at(i), &st);
		if (st.vacant)
			continue;
		running += lifecycle_is_up(st.state);
		in += st.messages_in;
		out += st.messages_out;
		dropped += st.dropped;
		rejected += st.rejected;
	}
	reply_set(r, "stats apps=%zu running=%zu delivered=%lu routed=%lu "
		  "dropped=%lu rejected=%lu rss_kib=%ld uptime=%.3f", n,
		  running, in, out, dropped, rejected, rss_kib(),
		  seconds(monotonic_ns() - shell_boot_ns));
}

/* /proc/meminfo's field in KiB, or 0. */
static unsigned long meminfo_kib(const char *text, const char *field)
{
	const char *p = strstr(text, field);

	return p ? strtoul(p + strlen(field), NULL, 10) : 0;
}

/* The machine's memory as free(1) shows it, and what apps hold. */
static void cmd_memory(struct app *caller, const char *args, size_t len,
		       struct reply *r)
{
	char text[4096];
	size_t i, apps = 0, n = proc_count();
	FILE *f = fopen("/proc/meminfo", "r");
	size_t got = f ? fread(text, 1, sizeof(text) - 1, f) : 0;

	(void)caller;
	(void)args;
	(void)len;
	if (f)
		fclose(f);
	text[got] = '\0';
	for (i = 0; i < n; i++) {
		struct proc_status st;

		proc_status(proc_at(i), &st);
		if (!st.vacant)
			apps += st.memory_bytes;
	}
	reply_set(r, "memory total_kib=%lu free_kib=%lu available_kib=%lu "
		  "buffers_kib=%lu cached_kib=%lu shared_kib=%lu "
		  "swap_total_kib=%lu swap_free_kib=%lu supervisor_kib=%ld "
		  "apps_kib=%zu",
		  meminfo_kib(text, "MemTotal:"), meminfo_kib(text, "MemFree:"),
		  meminfo_kib(text, "MemAvailable:"),
		  meminfo_kib(text, "Buffers:"), meminfo_kib(text, "\nCached:"),
		  meminfo_kib(text, "Shmem:"), meminfo_kib(text, "SwapTotal:"),
		  meminfo_kib(text, "SwapFree:"), rss_kib(), apps / 1024);
}

static void net_row(void *caller, const char *text)
{
	struct reply row;

	reply_set(&row, "net %s", text);
	ipc_reply(caller, row.text, row.len);
}

/* The machine's interfaces, routes and DNS servers (netif.c): the
 * guest's in the image, the host's when hosted. */
static void cmd_net(struct app *caller, const char *args, size_t len,
		    struct reply *r)
{
	(void)args;
	(void)len;
	reply_set(r, "net end %zu", netif_describe(net_row, caller));
}

static void cmd_uptime(struct app *caller, const char *args, size_t len,
		       struct reply *r)
{
	(void)caller;
	(void)args;
	(void)len;
	reply_set(r, "uptime %.3f", seconds(monotonic_ns() - shell_boot_ns));
}

/* A screenshot is a frame composed, encoded and written on the main
 * thread: one a second per app, so no app can keep the main loop busy. */
#define SCREENSHOT_INTERVAL_NS 1000000000ull

static void cmd_screenshot(struct app *caller, const char *args, size_t len,
			   struct reply *r)
{
	uint64_t now = monotonic_ns();

	(void)args;
	(void)len;
	if (!caller->data_dir[0]) {
		reply_set(r, "error screenshot needs a /data directory (the "
			  "filesystem capability)");
		return;
	}
	if (caller->io.last_screenshot_ns &&
	    now - caller->io.last_screenshot_ns < SCREENSHOT_INTERVAL_NS) {
		reply_set(r, "error one screenshot a second at most");
		return;
	}
	if (!shell_screenshot_hook || shell_screenshot_hook(caller) != 0) {
		reply_set(r, "error a screenshot is already being taken");
		return;
	}
	caller->io.last_screenshot_ns = now;
	r->len = 0;	/* the main loop replies once the file is written */
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

/* Built from the one list of commands (shell_commands.h). */
#define COMMAND_ENTRY(name) { #name, cmd_##name },
static const struct command {
	const char *name;
	void (*run)(struct app *caller, const char *args, size_t len,
		    struct reply *r);
} commands[] = {
	SHELL_COMMANDS(COMMAND_ENTRY)
};
#undef COMMAND_ENTRY

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

/* The command called name, or NULL. */
static const struct command *command_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < COMMAND_COUNT; i++)
		if (strlen(commands[i].name) == len &&
		    memcmp(commands[i].name, name, len) == 0)
			return &commands[i];
	return NULL;
}

int shell_self_check(void)
{
	size_t i, n = 0;

	/* One list feeds both; this guards against a handler table edited
	 * by hand some day. */
	for (i = 0; manifest_shell_commands[i]; i++, n++)
		if (!command_find(manifest_shell_commands[i],
				  strlen(manifest_shell_commands[i])))
			return -1;
	return n == COMMAND_COUNT ? 0 : -1;
}

void shell_run(struct app *caller, const char *line, size_t len)
{
	const char *name = caller->manifest.name;
	const struct command *cmd;
	size_t cmd_len = 0;
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
		if (!caller->io.denied_shell)
			log_warn("%s: supervisor command rejected: the shell "
				 "capability is not granted", name);
		caller->io.denied_shell = true;
		reply_set(&r, "error permission denied: the shell capability "
			  "is not granted");
	} else if (!(cmd = command_find(line, cmd_len))) {
		reply_set(&r, "error unknown command '%.*s'",
			  (int)(cmd_len < 16 ? cmd_len : 16), line);
	} else if (!manifest_allows_command(&caller->manifest, line,
					    cmd_len)) {
		app_warn(caller, "supervisor command '%.*s' rejected: not in "
			 "its shell grant", (int)(cmd_len < 16 ? cmd_len : 16),
			 line);
		reply_set(&r, "error permission denied: command '%.*s' is not "
			  "granted", (int)(cmd_len < 16 ? cmd_len : 16), line);
	} else {
		cmd->run(caller, args, args_len, &r);
	}
	if (r.len)
		ipc_reply(caller, r.text, r.len);
}

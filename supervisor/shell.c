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
#include "devtable.h"
#include "clipboard.h"
#include "desktop.h"
#include "grants.h"
#include "guest.h"
#include "instance.h"
#include "ipc.h"
#include "log.h"
#include "mounts.h"
#include "netif.h"
#include "pkg.h"
#include "proc.h"
#include "session.h"
#include "shell_commands.h"
#include "update.h"
#include "usercmd.h"
#include "userfiles.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* A whole protocol line: the clipboard's text is one. */
#define REPLY_MAX APP_LINE_MAX

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
	char user[USERDB_NAME_MAX + 1];
	struct reply row;

	session_user_name(st->uid, user);
	reply_set(&row, "ps %s state=%s uptime=%.3f cpu=%.3f memory=%zu "
		  "in=%lu out=%lu queued=%u dropped=%lu rejected=%lu "
		  "restarts=%u frames=%lu first_frame_us=%llu files=%u "
		  "console_dropped=%lu id=%u parent=%u kind=%s user=%s",
		  st->label, app_state_name(st->state), seconds(st->uptime_ns),
		  seconds(st->cpu_ns), st->memory_bytes, st->messages_in,
		  st->messages_out, st->queued, st->dropped, st->rejected,
		  st->restarts, st->frames,
		  (unsigned long long)st->first_frame_ns / 1000, st->open_files,
		  st->console_dropped, st->id, st->parent_id,
		  app_kind_name(st->kind), user);
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
	/* What another user's app printed is theirs. */
	if (!session_may_manage(caller, app)) {
		reply_set(r, "error permission denied: '%s' is not yours",
			  app->label);
		return;
	}
	n = proc_console(app, lines, APP_CONSOLE_KEEP);
	for (i = 0; i < n; i++) {
		reply_set(&row, "log %s %s", app->manifest.name, lines[i]);
		ipc_reply(caller, row.text, row.len);
	}
	reply_set(r, "log end %zu", n);
}

/*
 * The greeter (an app with the login capability) comes and goes with the
 * session alone: started by hand it would be a login screen over a
 * session, stopped it would take the lock away.
 */
static bool greeter_refused(struct app *caller, struct app *app,
			    const char *verb, struct reply *r)
{
	if (!app->manifest.caps[CAP_LOGIN])
		return false;
	app_warn(caller, "%s of %s refused: the session starts and stops "
		 "the greeter", verb, app->label);
	reply_set(r, "error permission denied: '%s' is the session's to "
		  "start and stop", app->label);
	return true;
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

	if (!app || greeter_refused(caller, app, verb, r))
		return;
	if (!session_may_manage(caller, app)) {
		app_warn(caller, "%s of %s refused: it is not the caller's",
			 verb, app->label);
		reply_set(r, "error permission denied: '%s' is not yours",
			  app->label);
		return;
	}
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
 * Only the screen's user opens windows on it: another's window could
 * pose as one of theirs (a password prompt, say).
 */
static bool screen_window_ok(struct app *caller, struct app *app,
			     struct reply *r)
{
	if (app->manifest.kind != KIND_WINDOW || session_on_screen(caller))
		return true;
	app_warn(caller, "window of %s refused: it does not run for the "
		 "screen's user", app->label);
	reply_set(r, "error permission denied: only the user logged in on "
		  "the screen can open windows");
	return false;
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

	if (!app || greeter_refused(caller, app, "new", r))
		return;
	if (app->transient) {
		reply_set(r, "error new takes an installed app's name, not "
			  "an instance's");
		return;
	}
	if (!screen_window_ok(caller, app, r))
		return;
	req.origin = app;
	req.caller = caller;
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
	size_t i, installed = 0, running = 0, n = proc_count();

	(void)caller;
	(void)args;
	(void)len;
	for (i = 0; i < n; i++) {
		struct proc_status st;

		proc_status(proc_at(i), &st);
		if (st.vacant)
			continue;
		/* Apps, not their instances and commands (nor free slots). */
		installed += !proc_at(i)->transient;
		running += lifecycle_is_up(st.state);
		in += st.messages_in;
		out += st.messages_out;
		dropped += st.dropped;
		rejected += st.rejected;
	}
	reply_set(r, "stats apps=%zu running=%zu delivered=%lu routed=%lu "
		  "dropped=%lu rejected=%lu rss_kib=%ld uptime=%.3f", installed,
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
		  "buffers_kib=%lu cached_kib=%lu sreclaimable_kib=%lu "
		  "shared_kib=%lu swap_total_kib=%lu swap_free_kib=%lu "
		  "supervisor_kib=%ld apps_kib=%zu",
		  meminfo_kib(text, "MemTotal:"), meminfo_kib(text, "MemFree:"),
		  meminfo_kib(text, "MemAvailable:"),
		  meminfo_kib(text, "Buffers:"), meminfo_kib(text, "\nCached:"),
		  meminfo_kib(text, "SReclaimable:"),
		  meminfo_kib(text, "Shmem:"), meminfo_kib(text, "SwapTotal:"),
		  meminfo_kib(text, "SwapFree:"), rss_kib(), apps / 1024);
}

static void net_row(void *caller, const char *text)
{
	struct reply row;

	reply_set(&row, "net %s", text);
	ipc_reply(caller, row.text, row.len);
}

struct df_rows {
	struct app *caller;
	size_t n;
};

/* One of the caller's directories: the file system under it. */
static bool df_row(void *ctx, const char *host, const char *guest,
		   bool writable)
{
	struct df_rows *rows = ctx;
	struct statvfs fs;
	struct reply row;
	unsigned long long unit;
	int fd = grants_open_dir(host), rc;

	if (fd < 0)
		return true;	/* gone since it started: nothing to say */
	rc = fstatvfs(fd, &fs);
	close(fd);
	if (rc)
		return true;
	unit = fs.f_frsize ? fs.f_frsize : fs.f_bsize;
	reply_set(&row, "df total_kib=%llu used_kib=%llu avail_kib=%llu "
		  "writable=%d mount=%s",
		  (unsigned long long)fs.f_blocks * unit / 1024,
		  (unsigned long long)(fs.f_blocks - fs.f_bfree) * unit / 1024,
		  (unsigned long long)fs.f_bavail * unit / 1024, writable,
		  guest);
	ipc_reply(rows->caller, row.text, row.len);
	rows->n++;
	return true;
}

/*
 * The file systems under the caller's own directories, as df(1) shows
 * them: what mounts.c gives it, so never a path it was not granted. In
 * the image a /data is its own quota (prjquota), and its size is that.
 */
static void cmd_df(struct app *caller, const char *args, size_t len,
		   struct reply *r)
{
	struct df_rows rows = { caller, 0 };

	(void)args;
	(void)len;
	mounts_each(caller, df_row, &rows);
	reply_set(r, "df end %zu", rows.n);
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
	const char *system = update_running_version();

	(void)caller;
	(void)args;
	(void)len;
	/* The running system's (os-release); hosted, this build's. */
	reply_set(r, "version %s", *system ? system : VYOMA_VERSION);
}

/* ---- the desktop's commands (docs/desktop.md) ---------------------------- */

/* The title bars' colours, one per installed app in turn. */
static const uint32_t accents[] = {
	0x2563EBFF, 0x059669FF, 0xD97706FF, 0xDB2777FF, 0x7C3AEDFF, 0x0891B2FF,
};

uint32_t shell_accent(const struct app *app)
{
	const struct app *installed = app->transient && app->origin ?
				      app->origin : app;
	size_t i, n = 0, count = proc_count();

	/* Its place among the installed apps with a window: two windows
	 * side by side at boot never share a colour, and every window of
	 * one app has the same. */
	for (i = 0; i < count; i++) {
		const struct app *other = proc_at(i);

		if (other == installed)
			break;
		n += !other->transient && other->manifest.caps[CAP_DISPLAY];
	}
	return accents[n % (sizeof(accents) / sizeof(accents[0]))];
}

/* Copies text with every control character made a space. */
static void sanitise(const char *text, char *out, size_t cap)
{
	size_t i;

	for (i = 0; text[i] && i + 1 < cap; i++) {
		unsigned char c = (unsigned char)text[i];

		out[i] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	out[i] = '\0';
}

static void apps_row(struct app *caller, struct app *app)
{
	const struct manifest *m = &app->manifest;
	char opens[MANIFEST_MAX_OPENS * (MANIFEST_OPENS_LEN + 1) + 2] = "-";
	char description[sizeof(m->description)];
	struct reply row;
	size_t i, n = 0;

	for (i = 0; i < m->opens_count; i++)
		n += (size_t)snprintf(opens + n, sizeof(opens) - n, "%s%s",
				      i ? "," : "", m->opens[i]);
	sanitise(m->description, description, sizeof(description));
	reply_set(&row, "apps %s kind=%s state=%s category=%s accent=%08X "
		  "opens=%s description=%s", m->name, app_kind_name(m->kind),
		  app_state_name(atomic_load(&app->state)),
		  m->category[0] ? m->category : "-",
		  (unsigned)shell_accent(app), opens, description);
	ipc_reply(caller, row.text, row.len);
}

static int by_app_name(const void *a, const void *b)
{
	return strcmp((*(struct app *const *)a)->manifest.name,
		      (*(struct app *const *)b)->manifest.name);
}

/* apps: the installed apps (not their instances), by name. */
static void cmd_apps(struct app *caller, const char *args, size_t len,
		     struct reply *r)
{
	size_t i, n = 0, count = proc_count();
	struct app **list = calloc(count ? count : 1, sizeof(*list));

	(void)args;
	(void)len;
	if (!list) {
		reply_set(r, "error out of memory");
		return;
	}
	for (i = 0; i < count; i++) {
		struct app *app = proc_at(i);

		/* The greeter is nothing to start (greeter_refused). */
		if (!app->transient && !atomic_load(&app->vacant) &&
		    !app->manifest.caps[CAP_LOGIN])
			list[n++] = app;
	}
	qsort(list, n, sizeof(*list), by_app_name);
	for (i = 0; i < n; i++)
		apps_row(caller, list[i]);
	free(list);
	reply_set(r, "apps end %zu", n);
}

static void cmd_clipboard(struct app *caller, const char *args, size_t len,
			  struct reply *r)
{
	const char *why;

	(void)caller;
	if (len == 3 && memcmp(args, "get", 3) == 0) {
		r->len = 15 + clipboard_get(r->text + 15, sizeof(r->text) - 15);
		memcpy(r->text, "clipboard text ", 15);
		return;
	}
	if (len < 3 || memcmp(args, "set", 3) != 0 ||
	    (len > 3 && args[3] != ' ')) {
		reply_set(r, "error clipboard takes 'set <text>' or 'get'");
		return;
	}
	/* One space after "set"; the rest, spaces and all, is the text. */
	args += len > 3 ? 4 : 3;
	len -= len > 3 ? 4 : 3;
	why = clipboard_set(args, len);
	if (why)
		reply_set(r, "error %s", why);
	else
		reply_set(r, "clipboard set %zu", len);
}

/* What desktop.c answers: windows, window, desktop, notify, power. */
static void to_desktop(struct app *caller, const char *name,
		       const char *args, size_t len, struct reply *r)
{
	r->len = desktop_command(caller, name, strlen(name), args, len,
				 r->text, sizeof(r->text));
	if (r->len >= sizeof(r->text))
		r->len = sizeof(r->text) - 1;
}

#define DESKTOP_COMMAND(name) \
static void cmd_##name(struct app *caller, const char *args, size_t len, \
		       struct reply *r) \
{ \
	to_desktop(caller, #name, args, len, r); \
}
DESKTOP_COMMAND(notify)
DESKTOP_COMMAND(windows)
DESKTOP_COMMAND(window)
DESKTOP_COMMAND(desktop)
DESKTOP_COMMAND(poweroff)
DESKTOP_COMMAND(reboot)
#undef DESKTOP_COMMAND

/* What usercmd.c answers: the users' commands and the greeter's. */
#define USER_COMMAND(name) \
static void cmd_##name(struct app *caller, const char *args, size_t len, \
		       struct reply *r) \
{ \
	r->len = usercmd_run(caller, #name, args, len, r->text, \
			     sizeof(r->text)); \
}
USER_COMMAND(whoami)
USER_COMMAND(id)
USER_COMMAND(peer)
USER_COMMAND(users)
USER_COMMAND(passwd)
USER_COMMAND(useradd)
USER_COMMAND(userdel)
USER_COMMAND(su)
USER_COMMAND(lock)
USER_COMMAND(logout)
USER_COMMAND(greeter)
USER_COMMAND(login)
USER_COMMAND(setup)
#undef USER_COMMAND

/* pkg: the package service's (pkg.c), for apps with the packages capability. */
static void cmd_pkg(struct app *caller, const char *args, size_t len,
		    struct reply *r)
{
	r->len = pkg_run(caller, args, len, r->text, sizeof(r->text));
}

/* update: the system update service's (update.c), for the updates capability. */
static void cmd_update(struct app *caller, const char *args, size_t len,
		       struct reply *r)
{
	r->len = update_run(caller, args, len, r->text, sizeof(r->text));
}

/* ---- open ----------------------------------------------------------------- */

#define OPEN_COMPILE_WAIT_MS 10000

/*
 * The extension of path's last component, lower-cased into ext; its
 * length, or 0 if it has none (no '.', or only a leading one) or it is
 * longer than any app could name.
 */
static size_t extension(const char *path, char *ext, size_t cap)
{
	const char *name = strrchr(path, '/'), *dot;
	size_t i, n;

	name = name ? name + 1 : path;
	dot = strrchr(name, '.');
	if (!dot || dot == name || !dot[1])
		return 0;
	n = strlen(dot + 1);
	if (n >= cap)
		n = cap - 1;
	for (i = 0; i < n; i++) {
		char c = dot[1 + i];

		ext[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	ext[n] = '\0';
	return n;
}

/* An opener just loaded is compiled first (bounded; the caller waits). */
static bool ready(struct app *caller, struct app *app)
{
	int waited;

	for (waited = 0; waited < OPEN_COMPILE_WAIT_MS &&
	     !atomic_load(&app->module) &&
	     atomic_load(&app->state) == LIFE_COMPILING &&
	     !atomic_load(&caller->killing); waited += 10)
		usleep(10000);
	return atomic_load(&app->module) != NULL;
}

/* Why the file at path cannot be opened, from userfiles_resolve(); a
 * refusal (not a missing file) is logged against the caller. */
static void open_refused(struct app *caller, struct reply *r, int err,
			 const char *path)
{
	char shown[USERFILES_SHOWN_SIZE];
	int n = (int)strlen(path);

	if (err == GUEST_ERRNO_NOENT || err == GUEST_ERRNO_NOTDIR)
		reply_set(r, "error no such file '%.*s'", n, path);
	else if (err == GUEST_ERRNO_ISDIR)
		reply_set(r, "error '%.*s' is a directory", n, path);
	else if (err == GUEST_ERRNO_INVAL)
		reply_set(r, "error '%.*s' is not a regular file", n, path);
	else if (err == GUEST_ERRNO_NAMETOOLONG)
		reply_set(r, "error path longer than %d bytes",
			  USERFILES_PATH_MAX);
	else
		reply_set(r, "error permission denied: '%.*s' is not in your "
			  "files", n, path);
	if (err == GUEST_ERRNO_NOTCAPABLE || err == GUEST_ERRNO_ACCES)
		app_warn(caller, "open of '%s' refused: not among the files "
			 "it reaches", userfiles_shown(path, (size_t)n, shown));
}

/*
 * The file's directory for an opener that cannot reach the file itself
 * (it holds no user files, or the file is in a grant of the caller's):
 * at the same path, as writable as the caller holds it. Returns false
 * (with the reply) if it cannot be given.
 */
static bool dir_grant(struct app *app, const struct userfiles_target *t,
		      struct fs_grant *g, bool *needed, struct reply *r)
{
	const struct manifest *m = &app->manifest;
	size_t i;

	*needed = !(t->user && m->user != USER_FILES_NONE);
	if (!*needed)
		return true;
	if (t->dir_len > MANIFEST_PATH_MAX ||
	    strlen(t->dir_host) > MANIFEST_PATH_MAX) {
		reply_set(r, "error '%s' cannot be given a directory whose "
			  "path is longer than %d bytes", m->name,
			  MANIFEST_PATH_MAX);
		return false;
	}
	memset(g, 0, sizeof(*g));
	memcpy(g->guest_path, t->path, t->dir_len);
	memcpy(g->host_path, t->dir_host, strlen(t->dir_host) + 1);
	g->writable = t->writable;
	for (i = 0; i < m->grant_count; i++)
		if (strcmp(m->grants[i].guest_path, g->guest_path) == 0)
			break;
	if (m->grant_count == MANIFEST_MAX_GRANTS || i < m->grant_count) {
		reply_set(r, "error '%s' cannot be given the directory "
			  "'%s'", m->name, g->guest_path);
		return false;
	}
	return true;
}

/* A new instance of app, told of the file (and given its directory). */
static void open_with(struct app *caller, struct app *app,
		      const struct userfiles_target *t, struct reply *r)
{
	struct spawn_request req = { .origin = app, .open_path = t->path,
				     .caller = caller };
	struct fs_grant g;
	struct app *inst;
	bool needed;
	int err;

	if (!ready(caller, app)) {
		reply_set(r, "error '%s' cannot be run: its module is not "
			  "ready", app->label);
		return;
	}
	if (!screen_window_ok(caller, app, r) ||
	    !dir_grant(app, t, &g, &needed, r))
		return;
	req.grant = needed ? &g : NULL;
	inst = instance_spawn(&req, &err);
	if (inst)
		reply_set(r, "open %s %s", t->path, inst->label);
	else
		reply_set(r, "error no room for another instance of '%s'",
			  app->label);
}

/*
 * open <path>: the file, as the caller reaches it, with a new instance
 * of the app that opens its type. The caller must reach the file itself:
 * open is no way round its own grants.
 */
static void cmd_open(struct app *caller, const char *args, size_t len,
		     struct reply *r)
{
	static _Thread_local struct userfiles_target t;
	char path[USERFILES_PATH_MAX + 1], ext[MANIFEST_OPENS_LEN + 2];
	char user[USERDB_NAME_MAX + 1];
	struct app *app;
	size_t n;
	int err;

	if (!len) {
		reply_set(r, "error open needs a file's path");
		return;
	}
	if (len > USERFILES_PATH_MAX) {
		reply_set(r, "error path longer than %d bytes",
			  USERFILES_PATH_MAX);
		return;
	}
	if (memchr(args, '\0', len) || memchr(args, '\t', len) ||
	    utf8_has_control(args, len) || !utf8_line_valid(args, len)) {
		reply_set(r, "error control characters are not allowed in "
			  "paths");
		return;
	}
	memcpy(path, args, len);
	path[len] = '\0';
	if (path[0] != '/') {
		reply_set(r, "error open takes an absolute path");
		return;
	}
	session_user_name(session_app_uid(caller), user);
	err = userfiles_resolve(user, path, caller->user_files,
				&caller->manifest, &t);
	if (err) {
		open_refused(caller, r, err, path);
		return;
	}
	n = extension(t.path, ext, sizeof(ext));
	if (!n) {
		reply_set(r, "error no app opens files without an extension");
		return;
	}
	app = n <= MANIFEST_OPENS_LEN ? proc_opener(ext, n) : NULL;
	if (!app) {
		reply_set(r, "error no app opens '.%s' files", ext);
		return;
	}
	open_with(caller, app, &t, r);
}

static void cmd_help(struct app *caller, const char *args, size_t len,
		     struct reply *r);

/* Built from the one list of commands (shell_commands.h). */
#define COMMAND_ENTRY(name, grant) { #name, grant, cmd_##name },
static const struct command {
	const char *name;
	enum capability cap;	/* the capability that grants it */
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
	char list[512] = "";
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

/*
 * A command its own capability grants (the desktop's): refused, counted
 * and logged like any other refusal, when that capability is not
 * granted. Returns true if refused.
 */
static bool refused_by_cap(struct app *caller, const struct command *cmd,
			   struct reply *r)
{
	const char *cap = capability_name(cmd->cap);

	if (caller->manifest.caps[cmd->cap])
		return false;
	app_warn(caller, "supervisor command '%s' rejected: the %s capability "
		 "is not granted", cmd->name, cap);
	reply_set(r, "error permission denied: the %s capability is not "
		  "granted", cap);
	return true;
}

/*
 * The screen's things (its pixels, clipboard, notifications, windows,
 * power) are the screen user's: another user's app, on the console or
 * started by su, is refused them (an admin may still power off).
 */
static bool refused_off_screen(struct app *caller, const struct command *cmd,
			       struct reply *r)
{
	static const struct {
		const char *name;
		bool admins_too;
	} screen_only[] = {
		{ "screenshot", false }, { "clipboard", false },
		{ "notify", false }, { "windows", false }, { "window", false },
		{ "desktop", false }, { "lock", false }, { "logout", false },
		{ "poweroff", true }, { "reboot", true },
	};
	size_t i;

	for (i = 0; i < sizeof(screen_only) / sizeof(screen_only[0]); i++)
		if (strcmp(screen_only[i].name, cmd->name) == 0)
			break;
	/* The power button's driver: a press is the person at the
	 * machine, whoever is logged in (docs/drivers.md). */
	if (strcmp(cmd->name, "poweroff") == 0 &&
	    caller->manifest.caps[CAP_DEVICES] &&
	    (caller->manifest.devices & (1u << DEV_POWER_BUTTON)))
		return false;
	if (i == sizeof(screen_only) / sizeof(screen_only[0]) ||
	    session_on_screen(caller) ||
	    (screen_only[i].admins_too &&
	     session_is_admin(session_app_uid(caller))))
		return false;
	app_warn(caller, "supervisor command '%s' rejected: it does not run "
		 "for the screen's user", cmd->name);
	reply_set(r, "error permission denied: '%s' is for the user logged "
		  "in on the screen", cmd->name);
	return true;
}

void shell_run(struct app *caller, const char *line, size_t len)
{
	static _Thread_local struct reply r;
	const char *name = caller->manifest.name;
	const struct command *cmd;
	size_t cmd_len = 0;
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
	cmd = command_find(line, cmd_len);
	r.len = 0;
	if (cmd && cmd->cap != CAP_SHELL) {
		if (!refused_by_cap(caller, cmd, &r) &&
		    !refused_off_screen(caller, cmd, &r))
			cmd->run(caller, args, args_len, &r);
	} else if (!caller->manifest.caps[CAP_SHELL]) {
		if (!caller->io.denied_shell)
			log_warn("%s: supervisor command rejected: the shell "
				 "capability is not granted", name);
		caller->io.denied_shell = true;
		reply_set(&r, "error permission denied: the shell capability "
			  "is not granted");
	} else if (!cmd) {
		reply_set(&r, "error unknown command '%.*s'",
			  (int)(cmd_len < 16 ? cmd_len : 16), line);
	} else if (!manifest_allows_command(&caller->manifest, line,
					    cmd_len)) {
		app_warn(caller, "supervisor command '%.*s' rejected: not in "
			 "its shell grant", (int)(cmd_len < 16 ? cmd_len : 16),
			 line);
		reply_set(&r, "error permission denied: command '%.*s' is not "
			  "granted", (int)(cmd_len < 16 ? cmd_len : 16), line);
	} else if (!refused_off_screen(caller, cmd, &r)) {
		cmd->run(caller, args, args_len, &r);
	}
	if (r.len)
		ipc_reply(caller, r.text, r.len);
}

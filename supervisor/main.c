/*
 * main.c - the supervisor's entry point and event loop. Hosted (on a
 * developer's machine) it runs the apps found under --apps on the chosen
 * display; as PID 1 in the image it first does an init's duties (boot.c)
 * and then runs /apps on the framebuffer with evdev input. The main
 * thread composes frames when apps flush, routes input, handles signals,
 * and at --exit-after (or a shutdown request) stops every app.
 */
#include "boot.h"
#include "command.h"
#include "console.h"
#include "compile.h"
#include "desktop.h"
#include "display.h"
#include "engine.h"
#include "file.h"
#include "grants.h"
#include "input.h"
#include "input_evdev.h"
#include "latency.h"
#include "libraries.h"
#include "log.h"
#include "membudget.h"
#include "router.h"
#include "screenshot.h"
#include "ipc.h"
#include "modcache.h"
#include "netif.h"
#include "output.h"
#include "proc.h"
#include "hashapi.h"
#include "netapi.h"
#include "procapi.h"
#include "devapi.h"
#include "devices.h"
#include "quota.h"
#include "pkg.h"
#include "pkgstore.h"
#include "shell.h"
#include "session.h"
#include "slots.h"
#include "trial.h"
#include "update.h"
#include "userdb.h"
#include "userfiles.h"
#include "wasi_shim.h"

#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FRAME_INTERVAL_MS 16	/* compose at most ~60 times a second */
#define STOP_GRACE_MS 1000
#define MAX_LOADED_APPS 4096
#define MAX_APPS_DIRS 4
#define MAX_RUN_ENV COMMAND_ENV_MAX
#define HOSTED_USER "user"	/* logged in hosted, unless --user or --greeter */

enum window_role { WINDOW_NORMAL, WINDOW_DESKTOP, WINDOW_LOCK };

/* Descriptors the supervisor keeps for itself, beyond what apps hold. */
#define FILES_RESERVE 512

struct options {
	/* --apps, in order, and the installed packages' last */
	const char *apps_dirs[MAX_APPS_DIRS + 1];
	size_t apps_dir_count;
	size_t system_apps_dirs;	/* the --apps ones: the packages' not */
	const char *data_dir;
	const char *display;
	const char *screenshot;
	const char *input;
	const char *cache;
	int width, height;
	long exit_after_ms;	/* < 0: run until a signal, from ready */
	struct compile_limits compile;
	uint64_t memory_budget;	/* bytes for all apps; 0 = from the machine */
	const char *run_line;	/* --run 'APP ARGS': split at blanks */
	char **run_argv;	/* --run APP ARG...: the words as given */
	int run_argc;
	const char *home;	/* --home: the user's home directory */
	const char *trust_root;	/* --trust-root: the packages' root key */
	int pkg_cut_at;		/* --pkg-cut-at: tests' power cut (pkgstore.h) */
	int update_cut_at;	/* --update-cut-at: the same in slots.h */
	const char *user;	/* --user: logged in on the screen at once */
	bool greeter;		/* --greeter: the login screen decides */
	const char *console;	/* --console: a terminal for a shell */
	const char *env[MAX_RUN_ENV];	/* --env, for --run */
	size_t envc;
	bool verbose;
};

static struct input_script script;
static struct wm wm;
static long ready_ms = -1;	/* every boot app compiled; -1 until then */
static bool is_init;		/* PID 1 in the image */
static atomic_bool shutdown_requested;
static int wake_event = -1;	/* an app flushed, or needs the main loop */
static atomic_bool frame_dirty;
static _Atomic(struct app *) screenshot_for;	/* a shell request */
static unsigned screenshot_count;


static void usage(FILE *f)
{
	fputs("usage: vyoma-supervisor --apps DIR [--data DIR]\n"
	      "         [--display headless|fbdev|sdl] [--size WxH]\n"
	      "         [--screenshot FILE.png] [--exit-after MS]\n"
	      "         [--input SCRIPT] [--cache DIR|none]\n"
	      "         [--grant-root DIR]... [--compile-limits MIB,SECONDS]\n"
	      "         [--device NAME=PATH]... (a developer's stand-in device)\n"
	      "         [--memory-budget MIB] [--home DIR] [--console TTY]\n"
	      "         [--user NAME | --greeter] [--trust-root FILE]\n"
	      "         [--pkg-cut-at STEP] (tests: a power cut in an install)\n"
	      "         [--update-cut-at STEP] (tests: one in a system update)\n"
	      "         (--apps may be given up to 4 times)\n"
	      "         [--verbose] [--version]\n"
	      "   or: vyoma-supervisor --apps DIR [--data DIR] [--home DIR]\n"
	      "         [--user NAME]\n"
	      "         [--env NAME=VALUE]...\n"
	      "         --run APP [ARG]...\n"
	      "         (runs one command app on this terminal's stdin, stdout\n"
	      "          and stderr, and exits with its status; every word\n"
	      "          after --run is its argv, and a single word is split\n"
	      "          at blanks: --run 'APP ARGS...')\n", f);
}

static int parse_size(const char *s, int *w, int *h)
{
	char tail;

	if (sscanf(s, "%dx%d%c", w, h, &tail) != 2 || *w < 64 || *h < 64 ||
	    *w > 8192 || *h > 8192)
		return -1;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "apps", required_argument, NULL, 'a' },
		{ "data", required_argument, NULL, 'd' },
		{ "display", required_argument, NULL, 'D' },
		{ "size", required_argument, NULL, 's' },
		{ "screenshot", required_argument, NULL, 'S' },
		{ "exit-after", required_argument, NULL, 'e' },
		{ "input", required_argument, NULL, 'i' },
		{ "cache", required_argument, NULL, 'c' },
		{ "grant-root", required_argument, NULL, 'g' },
		{ "device", required_argument, NULL, 'X' },
		{ "compile-limits", required_argument, NULL, 'L' },
		{ "memory-budget", required_argument, NULL, 'M' },
		{ "run", required_argument, NULL, 'r' },
		{ "env", required_argument, NULL, 'E' },
		{ "home", required_argument, NULL, 'H' },
		{ "trust-root", required_argument, NULL, 'T' },
		{ "pkg-cut-at", required_argument, NULL, 'K' },
		{ "update-cut-at", required_argument, NULL, 'Q' },
		{ "user", required_argument, NULL, 'u' },
		{ "greeter", no_argument, NULL, 'G' },
		{ "console", required_argument, NULL, 'C' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool apps_from_defaults = false;
	char *end;
	int c;

	*o = (struct options){ .display = "headless", .width = 640,
			       .height = 480, .exit_after_ms = -1 };
	/* As /init: the image's layout; the kernel command line's words
	 * after "--" arrive as argv and may override it. */
	if (is_init) {
		*o = (struct options){ .data_dir = BOOT_DATA_DIR,
				       .display = "fbdev",
				       .cache = BOOT_DATA_DIR "/.vyoma/modules",
				       .width = 1024, .height = 768,
				       .exit_after_ms = -1,
				       .console = "/dev/console",
				       .trust_root = BOOT_TRUST_ROOT };
		o->apps_dirs[o->apps_dir_count++] = "/apps";
		apps_from_defaults = true;
	}
	/*
	 * Everything after --run is the command's argv, options and all
	 * (as after env or exec), so getopt must not see it.
	 */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--run") != 0)
			continue;
		if (i + 1 == argc) {
			fprintf(stderr, "vyoma: --run: no command given\n");
			return -1;
		}
		if (i + 2 == argc)
			o->run_line = argv[i + 1];
		else {
			o->run_argv = argv + i + 1;
			o->run_argc = argc - i - 1;
			o->run_line = argv[i + 1];
		}
		argc = i;
		break;
	}
	o->compile = (struct compile_limits){ COMPILE_MODULE_MAX,
					      COMPILE_MEMORY_DEFAULT,
					      COMPILE_SECONDS_DEFAULT };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (o->apps_dir_count == MAX_APPS_DIRS) {
				fprintf(stderr, "vyoma: at most %d --apps\n",
					MAX_APPS_DIRS);
				return -1;
			}
			/* Given on the command line: these, not the image's. */
			if (apps_from_defaults) {
				o->apps_dir_count = 0;
				apps_from_defaults = false;
			}
			o->apps_dirs[o->apps_dir_count++] = optarg;
			break;
		case 'd':
			o->data_dir = optarg;
			break;
		case 'D':
			o->display = optarg;
			break;
		case 's':
			if (parse_size(optarg, &o->width, &o->height)) {
				fprintf(stderr, "vyoma: bad --size '%s' (want "
					"WxH, 64..8192)\n", optarg);
				return -1;
			}
			break;
		case 'S':
			o->screenshot = optarg;
			break;
		case 'i':
			o->input = optarg;
			break;
		case 'c':
			o->cache = optarg;
			break;
		case 'g':
			if (grants_add_root(optarg)) {
				fprintf(stderr, "vyoma: bad --grant-root '%s' "
					"(an absolute path; at most %d)\n",
					optarg, GRANTS_MAX_ROOTS);
				return -1;
			}
			break;
		case 'X':
			/* The image's devices are the table's own. */
			if (is_init || devices_override(optarg)) {
				fprintf(stderr, "vyoma: bad --device '%s' "
					"(NAME=/path, NAME a row of "
					"docs/drivers.md; not as PID 1)\n",
					optarg);
				return -1;
			}
			break;
		case 'M': {
			unsigned long mib;
			char tail;

			if (sscanf(optarg, "%lu%c", &mib, &tail) != 1 || mib < 1 ||
			    mib > (1ul << 24)) {
				fprintf(stderr, "vyoma: bad --memory-budget '%s' "
					"(MiB, 1..16777216)\n", optarg);
				return -1;
			}
			o->memory_budget = (uint64_t)mib << 20;
			break;
		}
		case 'L': {
			unsigned long mib, secs;
			char tail;

			if (sscanf(optarg, "%lu,%lu%c", &mib, &secs, &tail) != 2 ||
			    mib < 16 || mib > 65536 || secs < 1 || secs > 3600) {
				fprintf(stderr, "vyoma: bad --compile-limits '%s' "
					"(want MIB,SECONDS: 16..65536,1..3600)\n",
					optarg);
				return -1;
			}
			o->compile.memory_bytes = (size_t)mib << 20;
			o->compile.seconds = (unsigned)secs;
			break;
		}
		case 'e':
			errno = 0;
			o->exit_after_ms = strtol(optarg, &end, 10);
			if (errno || *end || o->exit_after_ms < 0) {
				fprintf(stderr, "vyoma: bad --exit-after '%s'\n",
					optarg);
				return -1;
			}
			break;
		case 'r':
			o->run_line = optarg;
			break;
		case 'H':
			o->home = optarg;
			break;
		case 'T':
			o->trust_root = optarg;
			break;
		case 'K':
			o->pkg_cut_at = atoi(optarg);
			break;
		case 'Q':
			o->update_cut_at = atoi(optarg);
			break;
		case 'u':
			if (!userdb_name_valid(optarg)) {
				fprintf(stderr, "vyoma: bad --user '%s' (1 to "
					"%d of a-z, 0-9, '_', '-', starting "
					"with a letter; not a reserved "
					"name)\n", optarg, USERDB_NAME_MAX);
				return -1;
			}
			o->user = optarg;
			break;
		case 'G':
			o->greeter = true;
			break;
		case 'C':
			o->console = optarg;
			break;
		case 'E':
			if (o->envc == MAX_RUN_ENV || !strchr(optarg, '=') ||
			    optarg[0] == '=') {
				fprintf(stderr, "vyoma: bad --env '%s' (want "
					"NAME=VALUE; at most %d)\n", optarg,
					MAX_RUN_ENV);
				return -1;
			}
			o->env[o->envc++] = optarg;
			break;
		case 'v':
			o->verbose = true;
			log_set_level(LOG_DEBUG);
			break;
		case 'V':
			printf("vyoma-supervisor %s\n", VYOMA_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc || !o->apps_dir_count) {
		usage(stderr);
		return -1;
	}
	if (o->envc && !o->run_line) {
		fprintf(stderr, "vyoma: --env is for --run\n");
		return -1;
	}
	if (o->user && o->greeter) {
		fprintf(stderr, "vyoma: --user logs a user in; --greeter "
			"leaves it to the login screen: not both\n");
		return -1;
	}
	/* Hosted, a developer is logged in as "user" unless they say;
	 * the image always asks at the login screen. */
	if (!o->user && !o->greeter && !is_init)
		o->user = HOSTED_USER;
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Loads every DIR/<app>/vyoma.toml, in name order for a stable layout. */
static void load_apps(const char *apps_dir, const char *data_dir)
{
	struct dirent **entries;
	int n, i;

	n = scandir(apps_dir, &entries, NULL, by_name);
	if (n < 0) {
		log_error("cannot read %s: %s", apps_dir, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		char dir[PATH_MAX], manifest[PATH_MAX + 16];

		if (entries[i]->d_name[0] != '.') {
			snprintf(dir, sizeof(dir), "%s/%s", apps_dir,
				 entries[i]->d_name);
			snprintf(manifest, sizeof(manifest), "%s/vyoma.toml",
				 dir);
			if (access(manifest, F_OK) == 0)
				proc_load(dir, data_dir);
		}
		free(entries[i]);
	}
	free(entries);
}

static long now_ms(void)
{
	return (long)(monotonic_ns() / 1000000u);
}

static void wake_loop(void)
{
	uint64_t one = 1;

	if (write(wake_event, &one, sizeof(one)) < 0 && errno != EAGAIN)
		log_warn("wake event: %s", strerror(errno));
}

static void on_frame(struct app *app)
{
	(void)app;
	atomic_store(&frame_dirty, true);
	wake_loop();
}

static void request_shutdown(void)
{
	atomic_store(&shutdown_requested, true);
	wake_loop();
}

static bool restart_requested;	/* main thread: reboot, not power off */

/* poweroff and reboot: the power button's clean shutdown. */
static void request_power(bool restart)
{
	restart_requested = restart;
	request_shutdown();
}

static bool open_window(struct app *app, struct rect r);
static bool open_desktop(struct app *app);
static bool open_greeter(struct app *app);

/*
 * A restarted app's closed window comes back, and the app is told its
 * size. Another instance of a
 * window app, or a window app started by request (autostart = false:
 * no window until then), gets a window of its own, over the others,
 * offset a little each time so none hides another.
 */
static void on_app_start(struct app *app)
{
	static size_t instances;
	char line[64];
	struct rect r;

	/* A closed window reopened: its app is told its size as at its
	 * first start (it may wait for it before it draws: the desktop
	 * does). One still open was told when it was made. */
	if (app->window) {
		if (!app->window->closed)
			return;
		wm_reopen(&wm, app->window);
		r = app->window->frame;
		proc_deliver(app, line, input_format_resize(r.w, r.h, line,
							    sizeof(line)));
		return;
	}
	if (!app->manifest.caps[CAP_DISPLAY])
		return;
	if (open_greeter(app) || open_desktop(app))
		return;
	r = wm_place_new(&wm, app->manifest.width, app->manifest.height,
			 instances);
	if (open_window(app, r)) {
		instances++;
		wm_focus(&wm, app->window);
	}
}

/* An instance is gone: so is its window. */
static void on_app_reap(struct app *app)
{
	if (!app->window)
		return;
	log_info("window %s: gone with its instance", app->label);
	wm_remove(&wm, app->window);
	window_free(app->window);
	app->window = NULL;
}

/* Composes a frame; logs the first one with an app's content in it. */
static bool first_frame_logged;

static void compose(struct display *d)
{
	bool reacted = latency_reacted();
	size_t i;

	wm_collect_damage(&wm);
	display_compose(d, &wm);
	if (reacted)
		latency_frame(monotonic_ns());
	for (i = 0; i < wm.count && !first_frame_logged; i++) {
		if (!wm.stack[i]->presented)
			continue;
		first_frame_logged = true;
		log_info("first frame: %.0f ms after start; uptime %.3f s",
			 (double)(monotonic_ns() - shell_boot_ns) / 1e6,
			 boot_uptime_s());
	}
}

static int request_screenshot(struct app *caller)
{
	struct app *none = NULL;

	if (!atomic_compare_exchange_strong(&screenshot_for, &none, caller))
		return -1;
	wake_loop();
	return 0;
}

/*
 * Writes the current screen into the requesting app's /data: opened
 * without following links, written to a fresh file and renamed, so a
 * symlink or a FIFO the app planted under that name is replaced, never
 * followed or blocked on.
 */
static void take_requested_screenshot(struct display *d)
{
	struct app *app = atomic_exchange(&screenshot_for, NULL);
	char name[64], reply[128], err[512];
	int len, dirfd;

	if (!app)
		return;
	compose(d);
	screenshot_count++;
	snprintf(name, sizeof(name), "screenshot-%u.png", screenshot_count);
	dirfd = grants_open_dir(app->data_dir);
	if (dirfd >= 0 && png_write_canvas_at(dirfd, name, &d->fb, err,
					      sizeof(err)) == 0) {
		len = snprintf(reply, sizeof(reply), "screenshot /data/%s",
			       name);
	} else {
		log_warn("%s: screenshot not written: %s", app->manifest.name,
			 dirfd < 0 ? strerror(errno) : err);
		len = snprintf(reply, sizeof(reply), "error screenshot failed");
	}
	if (dirfd >= 0)
		close(dirfd);
	ipc_reply(app, reply, (size_t)len);
}

/*
 * Makes app's window at r, in the stack as an ordinary window or as the
 * desktop, and tells the app its size.
 */
static bool new_window(struct app *app, struct rect r, enum window_role role)
{
	char line[64];

	app->window = window_new(app->manifest.title[0] ? app->manifest.title :
				 app->label, r, shell_accent(app));
	if (!app->window) {
		log_error("%s: no memory for a window", app->label);
		return false;
	}
	app->window->owner = app;
	if (role == WINDOW_DESKTOP) {
		wm_add_desktop(&wm, app->window);
		log_info("window %s: the desktop, %dx%d", app->label, r.w,
			 r.h);
	} else if (role == WINDOW_LOCK) {
		wm_add_lock(&wm, app->window);
		log_info("window %s: the lock screen, %dx%d", app->label, r.w,
			 r.h);
	} else {
		wm_add(&wm, app->window);
		log_info("window %s: %d,%d %dx%d", app->label, r.x, r.y, r.w,
			 r.h);
	}
	proc_deliver(app, line, input_format_resize(r.w, r.h, line,
						    sizeof(line)));
	return true;
}

/* A display app's window at r, at its preferred size as far as r allows. */
static bool open_window(struct app *app, struct rect r)
{
	if (app->manifest.width && app->manifest.width < r.w)
		r.w = app->manifest.width;
	if (app->manifest.height && app->manifest.height < r.h)
		r.h = app->manifest.height;
	return new_window(app, r, WINDOW_NORMAL);
}

/*
 * The first app with the desktop capability to get a window is the
 * desktop: its window is the whole screen, under all others. Another
 * desktop app started while one is up gets an ordinary window.
 */
static bool open_desktop(struct app *app)
{
	if (!app->manifest.caps[CAP_DESKTOP] || wm.desktop)
		return false;
	new_window(app, (struct rect){ 0, 0, wm.width, wm.height },
		   WINDOW_DESKTOP);
	return true;
}

/*
 * The greeter's window (the login capability) is the lock: the whole
 * screen, above every other window, taking every key and click.
 */
static bool open_greeter(struct app *app)
{
	if (!app->manifest.caps[CAP_LOGIN])
		return false;
	new_window(app, (struct rect){ 0, 0, wm.width, wm.height },
		   WINDOW_LOCK);
	return true;
}

/* The greeter's window goes with its run: the screen is unlocked once
 * it has stopped (it comes back with its next start). */
static void close_ended_lock(void)
{
	struct window *lock = wm.lock;
	struct app *greeter = lock ? lock->owner : NULL;
	int state;

	if (!greeter || lock->closed)
		return;
	state = atomic_load(&greeter->state);
	if (!lifecycle_is_up(state) && state != LIFE_STARTING)
		wm_close(&wm, lock);
}

/*
 * A user logged out: their windows go from the screen at once, so the
 * next user never sees a frame of theirs, even of an app still
 * stopping.
 */
static void close_windows_of(uint32_t uid)
{
	for (size_t i = 0; i < wm.count; i++) {
		struct window *win = wm.stack[i];

		struct app *owner = win->owner;

		if (win != wm.lock && !win->closed && owner &&
		    session_app_uid(owner) == uid)
			wm_close(&wm, win);
	}
}

/* Does app get a window at boot? Those that start then: a user's
 * only once someone is logged in. */
static bool boot_window(const struct app *app)
{
	return app->manifest.caps[CAP_DISPLAY] && app->manifest.autostart &&
	       (session_system_app(app) ||
		session_screen_uid() != SESSION_NOBODY);
}

/*
 * Gives every display app that starts at boot a window: the desktop
 * first (it decides the work area), the rest tiled in the work area.
 */
static size_t open_windows(void)
{
	size_t i, n = 0, count = 0;

	for (i = 0; i < proc_count(); i++)
		if (boot_window(proc_at(i)) && open_desktop(proc_at(i)))
			n++;
	for (i = 0; i < proc_count(); i++)
		count += boot_window(proc_at(i)) && !proc_at(i)->window;
	for (i = 0; i < proc_count(); i++) {
		struct app *app = proc_at(i);

		if (boot_window(app) && !app->window &&
		    open_window(app, wm_place(&wm, n - (wm.desktop != NULL),
					      count)))
			n++;
	}
	return n;
}

/* The default data directory is scratch space: gone when we exit. */
static char *scratch_data_dir;

static void remove_scratch_data(void)
{
	if (scratch_data_dir)
		file_remove_tree(scratch_data_dir);
}

static int make_data_dir(struct options *o, char *buf, size_t len)
{
	if (o->data_dir)
		return 0;
	snprintf(buf, len, "%s/vyoma-data-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(buf)) {
		log_error("cannot create a data directory: %s",
			  strerror(errno));
		return -1;
	}
	o->data_dir = scratch_data_dir = buf;
	return 0;
}

/*
 * Compiled modules are kept in --cache DIR, else in the user's cache
 * directory: never under --data, where apps' directories live.
 */
static const char *module_cache_dir(const struct options *o, char *buf,
				    size_t len)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (o->cache)
		return strcmp(o->cache, "none") == 0 ? NULL : o->cache;
	if (xdg && xdg[0])
		snprintf(buf, len, "%s/vyoma-modules", xdg);
	else if (home && home[0])
		snprintf(buf, len, "%s/.cache/vyoma-modules", home);
	else
		return NULL;
	return buf;
}

/*
 * Apps' open files are the supervisor's descriptors: allow as many as the
 * system lets this process have, so one app's thousands of files leave
 * room for everyone else.
 */
static void raise_file_limit(void)
{
	struct rlimit rl;
	unsigned long nr_open = 0;
	FILE *f = fopen("/proc/sys/fs/nr_open", "r");

	if (f) {
		if (fscanf(f, "%lu", &nr_open) != 1)
			nr_open = 0;
		fclose(f);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	/* As PID 1 the kernel's hard limit is 4096; root may go higher. */
	if (nr_open > rl.rlim_max) {
		struct rlimit want = { nr_open, nr_open };

		if (setrlimit(RLIMIT_NOFILE, &want) == 0)
			return;
	}
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/*
 * No thread of the supervisor keeps CAP_SYS_RESOURCE: with it the kernel
 * ignores disk quotas (and ext4's reserved blocks) for every write, and
 * apps' file writes are done by the supervisor's threads. Dropped from
 * this thread before any other starts (threads inherit it) and from the
 * bounding set (so the compiler helper cannot regain it through exec).
 * Without the capability in the first place (hosted, not root) there is
 * nothing to drop.
 */
static void drop_resource_override(void)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3,
						 0 };
	struct __user_cap_data_struct data[2];
	int word = CAP_SYS_RESOURCE / 32;
	uint32_t bit = 1u << (CAP_SYS_RESOURCE % 32);

	if (syscall(SYS_capget, &head, data) != 0 ||
	    !(data[word].permitted & bit))
		return;
	prctl(PR_CAPBSET_DROP, CAP_SYS_RESOURCE, 0, 0, 0);
	data[word].effective &= ~bit;
	data[word].permitted &= ~bit;
	data[word].inheritable &= ~bit;
	if (syscall(SYS_capset, &head, data) != 0)
		log_warn("cannot drop CAP_SYS_RESOURCE: %s; disk quotas will "
			 "not hold", strerror(errno));
}

static int signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (is_init)
		sigaddset(&set, SIGCHLD);
	/* Blocked before any thread starts, so only the loop sees them. */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/*
 * Routes an event from any source. Keys and clicks start a latency
 * measurement on the window they go to, before the app can see them.
 */
static void deliver_input(const struct user_input *ev)
{
	if (ev->kind == INPUT_KEY)
		latency_input(wm.focused, monotonic_ns());
	else if (ev->kind == INPUT_POINTER && ev->changed && ev->down)
		latency_input(wm_hit(&wm, ev->x, ev->y).win, monotonic_ns());
	router_deliver(ev);
}

/* Delivers the script's events that are due; returns ms to the next. */
static long replay_input(long now)
{
	while (script.next < script.count) {
		const struct user_input *ev = &script.events[script.next];

		if (ready_ms + (long)ev->at_ms > now)
			return ready_ms + (long)ev->at_ms - now;
		script.next++;
		deliver_input(ev);
	}
	return -1;
}

/* True when the loop should end: SIGTERM or SIGINT. */
static bool handle_signal(int sig_fd)
{
	struct signalfd_siginfo si;

	while (read(sig_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD) {
			boot_reap_children();
			continue;
		}
		log_info("signal %u: shutting down", si.ssi_signo);
		return true;
	}
	return false;
}

/*
 * Ready: every app found at boot has been compiled (or refused) and the
 * ones that start by themselves have started. Input scripts and
 * --exit-after count from here, so a slow compile never eats a test's
 * time.
 */
static void mark_ready(size_t windows)
{
	struct compile_stats cache;
	size_t i;

	/* The first window that is not the desktop's; else the desktop. */
	for (i = 0; i < proc_count() && !router_focus(); i++)
		if (proc_at(i)->window && !desktop_owns(proc_at(i)->window))
			router_set_focus(proc_at(i));
	if (!router_focus() && wm.desktop)
		wm_focus(&wm, wm.desktop);
	ready_ms = now_ms();
	compile_stats(&cache);
	log_info("ready: %zu apps, %zu windows; modules: %lu compiled, %lu "
		 "from the cache, %lu shared, %lu rejected, %lu failed",
		 proc_count(), windows, cache.compiled, cache.loaded,
		 cache.hits, cache.rejected, cache.failed);
}

/* An update's outcome, on the screen once the desktop shows. */
static void tell_update_news(void)
{
	char news[320];

	if (first_frame_logged && slots_take_news(news, sizeof(news)))
		desktop_notify("system", news);
}

/* The poll timeout that also wakes in wait ms; -1 in either is "never". */
static long sooner(long timeout, long wait)
{
	return wait >= 0 && (timeout < 0 || wait < timeout) ? wait : timeout;
}

/* Composes when apps flush; returns when the time is up or on a signal. */
static void event_loop(struct display *d, long exit_after_ms, int sig_fd,
		       size_t windows)
{
	long deadline = -1;
	long last_frame = 0;
	bool damaged = true;

	for (;;) {
		struct pollfd fds[2 + EVDEV_MAX] = {
			{ wake_event, POLLIN, 0 }, { sig_fd, POLLIN, 0 } };
		size_t nfds = 2 + evdev_pollfds(fds + 2, EVDEV_MAX);
		long now = now_ms(), timeout = -1, input_wait = -1, trial_wait;

		session_tick();
		wm_set_lock_pending(&wm, session_locked());
		proc_tick();
		close_ended_lock();
		if (ready_ms < 0 && !proc_compiling()) {
			mark_ready(windows);
			if (exit_after_ms >= 0)
				deadline = ready_ms + exit_after_ms;
		}
		if (d->backend->pump)
			d->backend->pump(d, deliver_input);
		take_requested_screenshot(d);
		desktop_run_queued();
		if (ready_ms >= 0)
			input_wait = replay_input(now);
		/* Apps flushed, or input changed what the screen shows. */
		if (atomic_exchange(&frame_dirty, false) || wm.damage.w)
			damaged = true;
		if (atomic_load(&shutdown_requested))
			return;
		if (damaged && now - last_frame >= FRAME_INTERVAL_MS) {
			compose(d);
			last_frame = now;
			damaged = false;
		}
		trial_wait = trial_check(first_frame_logged);
		tell_update_news();
		if (damaged)
			timeout = FRAME_INTERVAL_MS - (now - last_frame);
		timeout = sooner(timeout, trial_wait);
		if (deadline >= 0) {
			if (now >= deadline)
				return;
			timeout = sooner(timeout, deadline - now);
		}
		timeout = sooner(timeout, input_wait);
		/* Stop grace periods and restarts come due in proc_tick(). */
		timeout = sooner(timeout, proc_next_deadline_ms());
		if (ready_ms >= 0)
			timeout = sooner(timeout, console_tick());
		/* A back end with its own event queue is polled, not woken. */
		if (d->backend->pump_ms)
			timeout = sooner(timeout, d->backend->pump_ms);
		if (poll(fds, nfds, (int)timeout) < 0 && errno != EINTR)
			return;
		for (size_t i = 2; i < nfds; i++)
			if (fds[i].revents)
				evdev_dispatch(fds[i].fd, deliver_input);
		if (fds[0].revents & POLLIN) {
			uint64_t count;

			if (read(wake_event, &count, sizeof(count)) < 0 &&
			    errno != EAGAIN)
				log_warn("wake event: %s", strerror(errno));
		}
		if ((fds[1].revents & POLLIN) && handle_signal(sig_fd))
			return;
	}
}

/*
 * As PID 1 the console (ttyS0) is the shell's, so the log goes to the
 * second serial port when the machine has one (QEMU's is a file or the
 * boot test's socket); without one, only errors reach the console.
 */
static void log_off_the_console(void)
{
	FILE *f = fopen("/dev/ttyS1", "w");

	if (f) {
		setvbuf(f, NULL, _IOLBF, 0);
		log_set_stream(f);
		return;
	}
	log_set_level(LOG_ERROR);
}

/*
 * As PID 1: mounts, /data, and the image's defaults. A failure here
 * leaves nothing to run, so it powers off with the reason on the console.
 */
static void boot_as_init(void)
{
	char err[256];

	if (boot_mount_system(err, sizeof(err)))
		boot_fatal("%s", err);
	log_off_the_console();
	log_info("VyomaOS %s: PID 1 started at uptime %.3f s", VYOMA_VERSION,
		 boot_uptime_s());
	slots_probe();
	log_info("/data: %s", boot_mount_data(slots_data_device()));
	mkdir(BOOT_DATA_DIR "/.vyoma", 0700);
	netif_boot();
	/* A Ctrl+Alt+Del the kernel sees becomes SIGINT, a clean stop,
	 * instead of an immediate reboot. */
	reboot(RB_DISABLE_CAD);
}

static int run(int argc, char **argv);

int main(int argc, char **argv)
{
	int rc;

	/* The same binary is the compiler helper (compile.c). */
	if (argc > 1 && strcmp(argv[1], "--compile-module") == 0)
		return compile_helper_main(argc, argv);
	is_init = boot_is_init();
	if (is_init)
		boot_as_init();
	rc = run(argc, argv);
	if (is_init) {
		if (rc)
			boot_fatal("the supervisor stopped with status %d", rc);
		boot_halt(restart_requested);
	}
	return rc;
}

/*
 * The supervisor's own directories: no app's grant may reach them, and
 * how many descriptors apps may hold between them.
 */
/* The folder the supervisor's binary is in. */
static const char *own_folder(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash && slash != buf)
		*slash = '\0';
	return buf;
}

static void protect_own_directories(const struct options *o,
				    const char *cache_dir)
{
	char exe[PATH_MAX];
	struct rlimit rl;

	grants_forbid(o->data_dir);
	for (size_t i = 0; i < o->apps_dir_count; i++)
		grants_forbid(o->apps_dirs[i]);
	grants_forbid(cache_dir);
	grants_forbid(modcache_key_path());
	grants_forbid("/etc/vyoma");
	grants_forbid(own_folder(exe, sizeof(exe)));
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		/* Also within the system's file table (small in the image). */
		unsigned long limit = rl.rlim_cur, file_max = 0;
		FILE *f = fopen("/proc/sys/fs/file-max", "r");

		if (f) {
			if (fscanf(f, "%lu", &file_max) == 1 && file_max &&
			    file_max < limit)
				limit = file_max;
			fclose(f);
		}
		wasi_shim_set_files_budget(limit > 2 * FILES_RESERVE ?
					   (unsigned)(limit - FILES_RESERVE) :
					   (unsigned)limit / 2);
	}
}

/* Prints each app's end: its state and what it did. */
static void summarise(void)
{
	size_t i;

	for (i = 0; i < proc_count(); i++) {
		struct app *app = proc_at(i);

		if (atomic_load(&app->vacant))
			continue;
		log_info("%s: %s; cpu %.3f s; messages in %lu, out %lu, queued "
			 "%u, dropped %lu; lines rejected %lu; console lines "
			 "dropped %lu",
			 app->label, app_state_name(app->state),
			 (double)proc_cpu_ns(app) / 1e9,
			 atomic_load(&app->inbox.popped),
			 atomic_load(&app->stats.messages_out),
			 msgq_count(&app->inbox),
			 atomic_load(&app->inbox.dropped),
			 atomic_load(&app->stats.lines_rejected),
			 atomic_load(&app->stats.console_dropped));
	}
}

/*
 * The runtime every mode needs: the module cache, the engine and the
 * compiler, the scheduler, the memory budget, the lifecycle, and the
 * policy on grants and disk quotas.
 */
static int start_runtime(struct options *o)
{
	static char cache_buf[PATH_MAX];
	const char *cache_dir = module_cache_dir(o, cache_buf,
						 sizeof(cache_buf));
	wasmtime_error_t *error;
	char err[512];

	if (cache_dir)
		modcache_open(cache_dir);
	if (engine_init(MAX_LOADED_APPS + 16, err, sizeof(err)) ||
	    compile_init(engine_get(), "/proc/self/exe", &o->compile)) {
		log_error("%s", err);
		return -1;
	}
	devices_allow_clock(is_init);
	error = procapi_install(engine_linker());
	if (!error)
		error = devapi_install(engine_linker());
	if (!error)
		error = hashapi_install(engine_linker());
	if (!error)
		error = netapi_install(engine_linker());
	netapi_listen_on_every_address(is_init);
	/* The shared libraries: the system's, in an --apps directory (the
	 * first of a name wins), never the installed packages'. */
	for (size_t i = 0; !error && i < o->system_apps_dirs; i++)
		libraries_load(o->apps_dirs[i], engine_linker());
	if (error) {
		engine_message(error, NULL, err, sizeof(err));
		log_error("cannot define the import modules: %s", err);
		return -1;
	}
	sched_init();
	membudget_init(o->memory_budget);
	proc_init_lifecycle();
	protect_own_directories(o, cache_dir);
	/* Only the image's own data disk, where /data is what we mounted. */
	quota_open(is_init && boot_data_has_quotas() &&
		   strcmp(o->data_dir, BOOT_DATA_DIR) == 0 ?
		   boot_data_device() : NULL);
	proc_on_request = wake_loop;
	output_on_message = ipc_route;
	return 0;
}

/*
 * The user database, in the data root's .vyoma/users (no grant reaches
 * the data root). A damaged one is reported and kept as it is: no one
 * can log in until a person repairs or removes it, but the machine
 * still boots and its console says why.
 */
static int open_users(const struct options *o)
{
	char dir[PATH_MAX], err[256];
	enum userdb_err rc;

	if (snprintf(dir, sizeof(dir), "%s/.vyoma/users", o->data_dir) >=
	    (int)sizeof(dir)) {
		log_error("the data directory's path is too long");
		return -1;
	}
	rc = userdb_open(dir, err, sizeof(err));
	if (rc == USERDB_DAMAGED)
		log_error("users: %s/%s is damaged (%s): it is left as it is, "
			  "and no one can log in until it is repaired", dir,
			  USERDB_FILE, err);
	else if (rc != USERDB_OK)
		log_error("users: cannot open %s: %s", dir, err);
	return rc == USERDB_OK || rc == USERDB_DAMAGED ? 0 : -1;
}

/*
 * For tests: --pkg-cut-at N (or, hosted, VYOMA_PKG_CUT_AT=N) cuts the
 * power at step N of an install (pkgstore.h): hosted, the supervisor
 * ends at once; as PID 1 the machine powers off without a sync, so what
 * was not made durable is lost as in a real cut. The next start shows
 * what it finds. Hosted only, VYOMA_PKG_LOAD_AT="N NAME" loads the app
 * NAME at step N, as a start on another thread could.
 */
static int cut_at, load_at;
static char load_name[MANIFEST_NAME_MAX + 1];

static void at_step(int step)
{
	if (step == cut_at && is_init) {
		log_warn("packages: power cut at step %d (--pkg-cut-at)", step);
		reboot(RB_POWER_OFF);
	}
	if (step == cut_at)
		_exit(137);
	if (step == load_at)
		proc_installed(load_name);
}

/*
 * The trust store and the installed-apps tree, under the data root's
 * .vyoma. Installed packages are searched after every --apps directory,
 * so a base app's name always means the base app.
 */
static void open_packages(struct options *o)
{
	const char *cut = is_init ? NULL : getenv("VYOMA_PKG_CUT_AT");
	const char *load = is_init ? NULL : getenv("VYOMA_PKG_LOAD_AT");
	const char *dir;

	if (cut && (cut_at = atoi(cut)) > 0)
		pkgstore_step_hook = at_step;
	if (o->pkg_cut_at > 0) {
		cut_at = o->pkg_cut_at;
		pkgstore_step_hook = at_step;
	}
	if (load && sscanf(load, "%d %32s", &load_at, load_name) == 2)
		pkgstore_step_hook = at_step;
	o->system_apps_dirs = o->apps_dir_count;
	dir = pkg_open(o->trust_root, o->data_dir, o->apps_dirs,
		       o->apps_dir_count);
	if (dir)
		o->apps_dirs[o->apps_dir_count++] = dir;
}

/*
 * The slots' state, once /data and the trust root are there: what this
 * boot is, and the health check if it tries a new slot. For tests,
 * --update-cut-at N powers off without a sync at step N of writing an
 * update (slots.h).
 */
static int update_cut_at;

static void at_update_step(int step)
{
	if (step != update_cut_at)
		return;
	log_warn("update: power cut at step %d (--update-cut-at)", step);
	reboot(RB_POWER_OFF);
}

static void open_updates(const struct options *o)
{
	const char *release = getenv("VYOMA_OS_RELEASE");

	if (!is_init) {
		/* Hosted: no slots; the tests say what the system runs. */
		update_open(release ? release : "/etc/vyoma/os-release");
		return;
	}
	if (o->update_cut_at > 0) {
		update_cut_at = o->update_cut_at;
		slots_step_hook = at_update_step;
	}
	update_open("/etc/vyoma/os-release");
	slots_boot_report(update_running_version());
	trial_start();
}

/* --run: one command on the host's stdio; its status is ours. */
static int run_command(struct options *o, int sig_fd)
{
	struct command_request req = {
		.apps_dirs = o->apps_dirs, .apps_dir_count = o->apps_dir_count,
		.data_dir = o->data_dir, .line = o->run_line,
		.argv = o->run_argv, .argc = o->run_argc,
		.env = o->env, .envc = o->envc,
		.wake_fd = wake_event, .signal_fd = sig_fd,
	};
	int status;

	if (start_runtime(o))
		return COMMAND_CANNOT_RUN;
	session_init(o->user);
	status = command_run(&req);
	if (proc_stop_all(STOP_GRACE_MS)) {
		fflush(stdout);
		_exit(status);
	}
	remove_scratch_data();
	return status;
}

static int run(int argc, char **argv)
{
	static char data_buf[PATH_MAX];
	char err[512];
	struct options o;
	struct display *d;
	size_t i, n, left;
	int sig_fd, rc = 0;

	if (parse_options(argc, argv, &o))
		return 2;
	/* The command's stdout is its own: the log goes to stderr, and
	 * says only what went wrong unless asked. */
	if (o.run_line) {
		log_set_stream(stderr);
		if (!o.verbose)
			log_set_level(LOG_ERROR);
	}
	shell_boot_ns = monotonic_ns();
	raise_file_limit();
	drop_resource_override();
	if (shell_self_check() != 0) {
		log_error("the shell's commands and the manifest's list differ");
		return 1;
	}
	sig_fd = signal_fd();
	wake_event = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (sig_fd < 0 || wake_event < 0 || make_data_dir(&o, data_buf,
							  sizeof(data_buf)))
		return 1;
	if (userfiles_init(o.data_dir, o.home, o.user ? o.user : HOSTED_USER,
			   err, sizeof(err))) {
		log_error("the users' files: %s", err);
		return 1;
	}
	if (open_users(&o))
		return 1;
	open_packages(&o);
	open_updates(&o);
	if (o.run_line)
		return run_command(&o, sig_fd);
	if (o.input && input_script_load(o.input, &script, err, sizeof(err))) {
		log_error("%s", err);
		return 2;
	}
	d = display_open(o.display, o.width, o.height, err, sizeof(err));
	if (!d && is_init) {
		/* The apps still run, and the serial console still works. */
		log_warn("%s; running without a screen", err);
		o.display = "headless";
		d = display_open(o.display, o.width, o.height, err,
				 sizeof(err));
	}
	if (!d) {
		log_error("%s", err);
		return 1;
	}
	if (is_init)
		evdev_open(d->fb.width, d->fb.height);
	if (start_runtime(&o))
		return 1;
	log_info("VyomaOS supervisor %s: apps from %s%s, data in %s, %s "
		 "%dx%d", VYOMA_VERSION, o.apps_dirs[0],
		 o.apps_dir_count > 1 ? " and more" : "", o.data_dir, o.display,
		 d->fb.width, d->fb.height);
	proc_on_start = on_app_start;
	proc_on_reap = on_app_reap;
	output_on_frame = on_frame;
	proc_set_search(o.apps_dirs, o.apps_dir_count, o.data_dir);
	for (i = 0; i < o.apps_dir_count; i++)
		load_apps(o.apps_dirs[i], o.data_dir);
	wm_init(&wm, d->fb.width, d->fb.height);
	router_init(&wm);
	desktop_init(&wm, wake_loop);
	wm.on_change = desktop_windows_changed;
	wm.on_launcher = desktop_launcher;
	wm.on_lock = session_request_lock;
	desktop_power_hook = request_power;
	session_wake = wake_loop;
	session_on_end = close_windows_of;
	session_init(o.user);
	n = open_windows();
	router_on_power = request_shutdown;
	shell_screenshot_hook = request_screenshot;
	for (i = 0; i < proc_count(); i++)
		if (!proc_at(i)->manifest.autostart)
			log_info("%s: not started (autostart = false)",
				 proc_at(i)->manifest.name);
	if (o.console) {
		/* A developer's console (--user) is theirs; the image's
		 * asks who is there. */
		console_wake = wake_loop;
		console_open(o.console, o.user && session_screen_uid() !=
				SESSION_NOBODY ? session_screen_uid() : 0);
	}

	event_loop(d, o.exit_after_ms, sig_fd, n);
	desktop_close();

	compose(d);
	if (o.screenshot) {
		if (png_write_canvas(o.screenshot, &d->fb, err, sizeof(err))) {
			log_error("screenshot: %s", err);
			rc = 1;
		} else {
			log_info("screenshot written to %s", o.screenshot);
		}
	}
	left = proc_stop_all(STOP_GRACE_MS);
	console_close();
	summarise();
	latency_report();
	log_info("shutdown complete");
	evdev_close();
	if (!left)
		remove_scratch_data();
	if (left) {
		/* Threads stuck in a host call cannot be joined; leave now. */
		fflush(stdout);
		if (is_init)
			boot_halt(restart_requested);
		_exit(rc);
	}
	for (i = 0; i < wm.count; i++)
		window_free(wm.stack[i]);
	display_close(d);
	return rc;
}

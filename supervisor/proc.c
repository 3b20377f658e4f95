/*
 * proc.c - the Process Manager (proc.h): loading an app from its folder,
 * and driving each app through the lifecycle table. The registry of
 * loaded apps is registry.c's.
 *
 * Only the main thread changes an app's state. Everything else posts:
 * the shell and the window manager post requests (start, stop, restart,
 * kill), an app's thread posts how its run ended, a compile worker posts
 * that its module is ready or broken. proc_tick() takes each app's posted
 * events in a fixed order and feeds them through lifecycle_table one at a
 * time, then its deadline; the table's action is carried out here.
 */
#include "proc.h"
#include "pkgstore.h"
#include "compile.h"
#include "file.h"
#include "grants.h"
#include "instance.h"
#include "log.h"
#include "membudget.h"
#include "output.h"
#include "quota.h"
#include "registry.h"
#include "run.h"
#include "session.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BACKOFF_MIN_NS 1000000000ull	/* at most one start a second */
#define BACKOFF_MAX_NS 60000000000ull
#define RAN_WELL_NS 10000000000ull	/* a run this long resets back-off */
#define PENDING(ev) (1u << (ev))


/* Signalled when a run ends, for proc_stop_all(). */
static pthread_mutex_t ended_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ended_cond;
static bool shutting_down;		/* main thread */
static int stop_grace_ms = APP_STOP_GRACE_MS;	/* main thread */
static atomic_uint compiling;		/* apps whose module is not ready */

void (*proc_on_request)(void);
void (*proc_on_start)(struct app *app);
void (*proc_on_reap)(struct app *app);

static void wake_main(void)
{
	if (proc_on_request)
		proc_on_request();
}

static void post(struct app *app, enum life_event ev)
{
	atomic_fetch_or(&app->pending, PENDING(ev));
	wake_main();
}

/* ---- loading ------------------------------------------------------------ */

/* The last component of a path. */
static const char *folder_name(const char *dir)
{
	const char *slash = strrchr(dir, '/');

	return slash ? slash + 1 : dir;
}

/*
 * Every grant is checked against the policy (grants.c) and replaced by
 * its resolved path, which is what the app will be given.
 */
static int check_grants(struct app *app)
{
	struct manifest *m = &app->manifest;
	char resolved[PATH_MAX], why[PATH_MAX + 256];
	size_t i;

	for (i = 0; i < m->grant_count; i++) {
		struct fs_grant *g = &m->grants[i];

		if (grants_check(g->host_path, resolved, why, sizeof(why))) {
			log_error("not starting %s: %s", m->name, why);
			return -1;
		}
		if (strlen(resolved) >= sizeof(g->host_path)) {
			log_error("not starting %s: its filesystem grant %s "
				  "resolves to a path longer than %d bytes",
				  m->name, g->host_path, MANIFEST_PATH_MAX);
			return -1;
		}
		memcpy(g->host_path, resolved, strlen(resolved) + 1);
	}
	return 0;
}

static int make_data_dir(struct app *app, const char *data_root)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", data_root,
		     app->manifest.name) >= (int)sizeof(path))
		errno = ENAMETOOLONG;
	else if (file_mkdirs(path, 0755) == 0 && realpath(path, app->data_dir))
		return 0;
	log_error("%s: cannot create %s: %s", app->manifest.name, path,
		  strerror(errno));
	return -1;
}

/* Files its /data may hold: one per 16 KiB of its disk limit, from 256
 * to 65536 (ext4 has a fixed number of inodes for the whole disk). */
static uint64_t inode_limit(uint64_t bytes)
{
	uint64_t n = bytes / (16u << 10);

	return n < 256 ? 256 : n > 65536 ? 65536 : n;
}

/* Called on a compile worker: the module is ready, or not. */
static void on_compiled(void *ctx, const wasmtime_module_t *module,
			const char *error)
{
	struct app *app = ctx;

	if (module) {
		atomic_store(&app->compiled, module);
		post(app, LIFE_COMPILED);
		return;
	}
	snprintf(app->compile_error, sizeof(app->compile_error), "%s", error);
	post(app, LIFE_BROKEN);
}

/* Is dir an app in the installed-apps tree (pkgstore.h)? */
static bool from_package(const char *dir)
{
	const char *tree = pkgstore_apps_dir();
	size_t n = strlen(tree);

	return n && strncmp(dir, tree, n) == 0 && dir[n] == '/';
}

struct app *proc_load(const char *dir, const char *data_root)
{
	char path[PATH_MAX + 16], err[512];
	const char *folder = folder_name(dir);
	struct app *app;

	if (proc_count() == REGISTRY_MAX) {
		log_error("not starting %s: too many apps (at most %d)", dir,
			  REGISTRY_MAX);
		return NULL;
	}
	app = calloc(1, sizeof(*app));
	if (!app)
		return NULL;
	snprintf(app->dir, sizeof(app->dir), "%s", dir);
	app->packaged = from_package(dir);
	snprintf(path, sizeof(path), "%s/vyoma.toml", dir);
	if (manifest_load(path, &app->manifest, err, sizeof(err)) != 0) {
		log_error("not starting %s: %s", dir, err);
		goto fail;
	}
	/* Who an app is comes from where it is installed. */
	if (strcmp(app->manifest.name, folder) != 0) {
		log_error("not starting %s: its manifest says name = \"%s\", "
			  "but an app's name is its folder's ('%s')", dir,
			  app->manifest.name, folder);
		goto fail;
	}
	if (proc_find(app->manifest.name, strlen(app->manifest.name))) {
		log_error("not starting %s: an app named '%s' is already "
			  "loaded", dir, app->manifest.name);
		goto fail;
	}
	if (check_grants(app) != 0)
		goto fail;
	/* No one app may be promised more than all apps can have. */
	if (app->manifest.memory_limit > membudget_total()) {
		log_warn("%s: memory limit lowered to %llu MiB, all the machine "
			 "can give its apps", app->manifest.name,
			 (unsigned long long)(membudget_total() >> 20));
		app->manifest.memory_limit = membudget_total();
	}
	/* An app that runs for a user gets that user's /data as it
	 * starts (session.c); the system's own apps have one here. */
	atomic_store(&app->uid, session_system_app(app) ? USERDB_SYSTEM_UID :
			       session_screen_uid());
	if (app->manifest.data_dir && session_system_app(app) &&
	    make_data_dir(app, data_root) != 0)
		goto fail;
	if (app->data_dir[0] && quota_apply(app->data_dir, app->manifest.name,
					    app->manifest.disk_limit,
					    inode_limit(app->manifest.disk_limit),
					    err, sizeof(err)) != 0) {
		/* Unlimited would be more than it declared. */
		log_error("not starting %s: %s", dir, err);
		goto fail;
	}
	snprintf(app->label, sizeof(app->label), "%s", app->manifest.name);
	app->user_files = app->manifest.user;
	msgq_init(&app->inbox, app->manifest.queue_bytes,
		  app->manifest.queue_messages);
	fdset_init(&app->io.fds);
	pthread_mutex_init(&app->thread_lock, NULL);
	pthread_mutex_init(&app->console_lock, NULL);
	app->state = LIFE_COMPILING;
	/* The count checked above may have been taken meanwhile. */
	if (registry_add(app) != 0) {
		log_error("not starting %s: too many apps (at most %d)", dir,
			  REGISTRY_MAX);
		msgq_destroy(&app->inbox);
		goto fail;
	}
	atomic_fetch_add(&compiling, 1);
	snprintf(path, sizeof(path), "%s/%s", dir, app->manifest.entry);
	compile_request(path, on_compiled, app);
	return app;
fail:
	free(app);
	return NULL;
}

static const char *const *search_dirs;
static size_t search_count;
static const char *search_data_root;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
/* The app whose package is changing on disk (proc_change_begin), under
 * load_lock: not loaded until the change is done. */
static char changing[MANIFEST_NAME_MAX + 1];

void proc_set_search(const char *const *dirs, size_t n, const char *data_root)
{
	search_dirs = dirs;
	search_count = n;
	search_data_root = data_root;
}

/* The folder of the installed app called name, in the search order. */
static bool installed_dir(const char *name, char *dir, size_t len)
{
	char manifest[PATH_MAX + 16];
	size_t i;

	if (!name[0] || name[0] == '.' || strchr(name, '/') ||
	    strlen(name) > MANIFEST_NAME_MAX)
		return false;
	for (i = 0; i < search_count; i++) {
		snprintf(dir, len, "%s/%s", search_dirs[i], name);
		snprintf(manifest, sizeof(manifest), "%s/vyoma.toml", dir);
		if (access(manifest, F_OK) == 0)
			return true;
	}
	return false;
}

bool proc_installed_exists(const char *name)
{
	char dir[PATH_MAX];

	return proc_find(name, strlen(name)) ||
	       installed_dir(name, dir, sizeof(dir));
}

struct app *proc_installed(const char *name)
{
	char dir[PATH_MAX];
	struct app *app;

	/* Two spawners asking at once load it once. */
	pthread_mutex_lock(&load_lock);
	app = proc_find(name, strlen(name));
	if (!app && !strcmp(name, changing))
		log_warn("not loading %s: its package is being changed", name);
	else if (!app && installed_dir(name, dir, sizeof(dir))) {
		app = proc_load(dir, search_data_root);
		/* Asked for, not booted: it starts only when asked. */
		if (app)
			atomic_store(&app->autostarted, true);
	}
	pthread_mutex_unlock(&load_lock);
	return app;
}

/* dir/vyoma.toml, loaded; NULL if there is none or it is broken. */
static struct manifest *manifest_in(const char *dir)
{
	char path[PATH_MAX + 16], err[256];
	struct manifest *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	snprintf(path, sizeof(path), "%s/vyoma.toml", dir);
	if (manifest_load(path, m, err, sizeof(err)) == 0)
		return m;
	free(m);
	return NULL;
}

/* Is dir/vyoma.toml the manifest of an app that opens ext? */
static bool opens(const char *dir, const char *ext, size_t len)
{
	struct manifest *m = manifest_in(dir);
	bool yes = m && manifest_opens(m, ext, len);

	free(m);
	return yes;
}

/* Does a search directory before the i-th install an app called name? */
static bool shadowed(size_t i, const char *name)
{
	char path[PATH_MAX + 16 + MANIFEST_NAME_MAX];

	while (i--) {
		snprintf(path, sizeof(path), "%s/%s/vyoma.toml",
			 search_dirs[i], name);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}

/*
 * Read from the manifests where apps are installed, not from the
 * registry: hosted with --run, only what was asked for is loaded.
 */
struct app *proc_opener(const char *ext, size_t len)
{
	char best[MANIFEST_NAME_MAX + 1] = "", dir[PATH_MAX];
	size_t i;

	/* The first directory with an opener wins (the base image's
	 * before installed packages, so a package cannot take .txt from
	 * the editor); within it, the first by name. */
	for (i = 0; i < search_count && !best[0]; i++) {
		DIR *d = opendir(search_dirs[i]);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			const char *name = e->d_name;

			/* Only a name before the best so far can win. */
			if (name[0] == '.' || strlen(name) > MANIFEST_NAME_MAX ||
			    (best[0] && strcmp(name, best) >= 0) ||
			    shadowed(i, name))
				continue;
			snprintf(dir, sizeof(dir), "%s/%s", search_dirs[i],
				 name);
			if (opens(dir, ext, len))
				memcpy(best, name, strlen(name) + 1);
		}
		if (d)
			closedir(d);
	}
	return best[0] ? proc_installed(best) : NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is dir/vyoma.toml a command's manifest? (A broken one is not.) */
static bool is_command(const char *dir)
{
	struct manifest *m = manifest_in(dir);
	bool yes = m && m->kind == KIND_COMMAND;

	free(m);
	return yes;
}

size_t proc_command_names(char *buf, size_t cap, size_t *written)
{
	char **names = NULL, dir[PATH_MAX], *name;
	size_t n = 0, room = 0, used = 0, i, j;

	*written = 0;

	for (i = 0; i < search_count; i++) {
		DIR *d = opendir(search_dirs[i]);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.' ||
			    strlen(e->d_name) > MANIFEST_NAME_MAX)
				continue;
			for (j = 0; j < n && strcmp(names[j], e->d_name); j++)
				;
			snprintf(dir, sizeof(dir), "%s/%s", search_dirs[i],
				 e->d_name);
			if (j < n || !is_command(dir))
				continue;
			if (n == room) {
				char **more = realloc(names, (room * 2 + 64) *
							     sizeof(*names));

				if (!more)
					break;
				names = more;
				room = room * 2 + 64;
			}
			if ((name = strdup(e->d_name)))
				names[n++] = name;
		}
		if (d)
			closedir(d);
	}
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]) + 1;

		if (used == *written && used + len <= cap) {
			memcpy(buf + used, names[i], len);
			*written += len;
		}
		used += len;
		free(names[i]);
	}
	free(names);
	return used;
}

bool proc_compiling(void)
{
	return atomic_load(&compiling) > 0;
}

/* ---- the actions of the lifecycle table ----------------------------------- */

/* Called on the app's thread as its run's last act. */
static void run_ended(struct app *app, int outcome)
{
	/* What this run did not read is not the next run's: a line it read
	 * half of must never arrive at the next one as a line of its own.
	 * The next start reopens the queue empty. */
	msgq_close(&app->inbox);
	atomic_fetch_add(&app->stats.cpu_ns_done,
			 clock_ns(CLOCK_THREAD_CPUTIME_ID));
	atomic_store(&app->cpu_final, true);
	instance_run_ended(app);
	pthread_mutex_lock(&ended_lock);
	atomic_fetch_or(&app->pending, PENDING(outcome));
	pthread_cond_broadcast(&ended_cond);
	pthread_mutex_unlock(&ended_lock);
	wake_main();
}

static void join(struct app *app)
{
	pthread_mutex_lock(&app->thread_lock);
	if (app->thread_started) {
		pthread_join(app->thread, NULL);
		app->thread_started = false;
	}
	pthread_mutex_unlock(&app->thread_lock);
}

/* An app the shell's `open` started is told which file, first thing. */
static void tell_opened(struct app *app)
{
	char line[APP_LINE_MAX];
	int n = snprintf(line, sizeof(line), "VYOMA_EVENT:open:%s",
			 app->open_path);

	if (n > 0 && (size_t)n < sizeof(line))
		proc_deliver(app, line, (size_t)n);
}

/* Starts a run; returns the state it is in afterwards. */
static enum life_state launch(struct app *app)
{
	/* An instance killed before its start was taken never runs; what
	 * it was given as stdio (files, pipe ends) goes now, not when its
	 * parent gets round to waiting for it: until a run takes them over
	 * they are counted against no one's descriptors. */
	if (atomic_load(&app->doomed)) {
		for (int i = 0; i < STREAM_STDIO; i++)
			stream_drop(&app->how.stdio[i]);
		app->runs++;
		return LIFE_STOPPED;
	}
	app->deadline_ns = 0;
	if (!session_assign(app)) {
		for (int i = 0; i < STREAM_STDIO; i++)
			stream_drop(&app->how.stdio[i]);
		return LIFE_STOPPED;
	}
	if (app->runs++)
		log_info("%s: started again (%u)", app->label,
			 atomic_fetch_add(&app->stats.restarts, 1) + 1);
	atomic_store(&app->killing, false);
	atomic_store(&app->over_budget, false);
	atomic_store(&app->cpu_final, false);
	atomic_store(&app->stats.first_frame_ns, 0);
	output_reset(app);
	msgq_reopen(&app->inbox);
	app->started_ns = monotonic_ns();
	/* Running before its thread runs: a request it makes at once is
	 * judged against this state, not the one before. */
	atomic_store(&app->state, LIFE_RUNNING);
	/* Before its thread runs: its window is there for its first draw. */
	if (proc_on_start)
		proc_on_start(app);
	/* After its size (proc_on_start's resize), before its first read. */
	if (app->open_path)
		tell_opened(app);
	if (run_start(app) != 0)
		return LIFE_FAILED;
	return LIFE_RUNNING;
}

/*
 * A restart less than a second after the last start waits in back-off,
 * as the restart policy's do: an app restarting itself in a loop costs
 * one start a second. Returns false if it may start now.
 */
static bool restart_too_soon(struct app *app)
{
	uint64_t now = monotonic_ns(), at = app->started_ns + BACKOFF_MIN_NS;

	if (!app->runs || now >= at)
		return false;
	app->deadline_ns = at;
	log_info("%s: restarting in %.1f s (at most one start a second)",
		 app->label, (double)(at - now) / 1e9);
	return true;
}

/* A requested restart of a run that has just ended. */
static enum life_state relaunch(struct app *app)
{
	return restart_too_soon(app) ? LIFE_BACKOFF : launch(app);
}

static void interrupt(struct app *app)
{
	app->deadline_ns = 0;
	atomic_store(&app->killing, true);
	msgq_close(&app->inbox);
	msgq_wake(&app->inbox);
}

/*
 * Whether a run that ended (exit or fail) is followed by a restart, by
 * policy. A kill counts as a failure here; the supervisor stopping it is
 * another cell: never restarted.
 */
static const bool restart_after[3][2] = {
	/*			   exit   fail */
	[RESTART_NEVER]		= { false, false },
	[RESTART_ON_FAILURE]	= { false, true },
	[RESTART_ALWAYS]	= { true,  true },
};

static enum life_state by_policy(struct app *app, enum life_event outcome)
{
	const bool *policy = restart_after[app->manifest.restart];
	enum life_state next = lifecycle_after_run(outcome, policy[0],
						   policy[1]);
	uint64_t now = monotonic_ns(), ran = now - app->started_ns;

	if (next != LIFE_BACKOFF)
		return next;
	if (ran >= RAN_WELL_NS || app->backoff_ns < BACKOFF_MIN_NS)
		app->backoff_ns = BACKOFF_MIN_NS;
	else if (app->backoff_ns < BACKOFF_MAX_NS)
		app->backoff_ns *= 2;
	/* Never sooner than backoff after the last start. */
	app->deadline_ns = ran >= app->backoff_ns ? now :
			   app->started_ns + app->backoff_ns;
	log_info("%s: restarting in %.1f s (restart = %s)", app->label,
		 (double)(app->deadline_ns - now) / 1e9,
		 restart_policy_name(app->manifest.restart));
	return LIFE_BACKOFF;
}

static enum life_state link_module(struct app *app)
{
	char err[512];
	struct module_entry *m;

	atomic_fetch_sub(&compiling, 1);
	m = run_link(atomic_load(&app->compiled), err, sizeof(err));
	if (!m) {
		log_error("not starting %s: cannot link %s: %s", app->dir,
			  app->manifest.entry, err);
		return LIFE_FAILED;
	}
	atomic_store(&app->module, m);
	return LIFE_LOADED;
}

/* Carries out one cell; returns the state the app is in afterwards. */
static enum life_state act(struct app *app, const struct life_cell *cell,
			   enum life_event ev)
{
	switch (cell->action) {
	case ACT_IGNORE:
	case ACT_REFUSE:
	case ACT_NOTE:
		break;
	case ACT_PREPARE:
		/* Its module never compiled: there is nothing to run. */
		if (!atomic_load(&app->module)) {
			log_warn("%s: not started: its module is broken",
				 app->label);
			return LIFE_FAILED;
		}
		/* A restart of an app that has just ended by itself is a
		 * restart all the same. */
		if (ev == LIFE_RESTART && restart_too_soon(app))
			return LIFE_BACKOFF;
		msgq_reopen(&app->inbox);
		break;
	case ACT_LAUNCH:
		return launch(app);
	case ACT_CLOSE_STDIN:
		msgq_close(&app->inbox);
		app->deadline_ns = monotonic_ns() +
				   (uint64_t)stop_grace_ms * 1000000u;
		break;
	case ACT_INTERRUPT:
		interrupt(app);
		break;
	case ACT_CANCEL:
		app->deadline_ns = 0;
		msgq_close(&app->inbox);
		break;
	case ACT_REAP:
		join(app);
		app->deadline_ns = 0;
		break;
	case ACT_REAP_POLICY:
		join(app);
		app->deadline_ns = 0;
		return by_policy(app, ev);
	case ACT_REAP_KILLED:
		join(app);
		app->deadline_ns = 0;
		return restart_after[app->manifest.restart][1] ?
		       by_policy(app, LIFE_FAIL) : LIFE_STOPPED;
	case ACT_REAP_LAUNCH:
		join(app);
		return relaunch(app);
	case ACT_LINK:
		return link_module(app);
	case ACT_REPORT:
		atomic_fetch_sub(&compiling, 1);
		/* A start deferred while it compiled has nothing to start. */
		atomic_fetch_and(&app->pending,
				 ~(PENDING(LIFE_START) | PENDING(LIFE_RESTART)));
		log_error("not starting %s: %s", app->dir, app->compile_error);
		break;
	case ACT_DEFER:
		/* Taken again at the next turn; the event that changes the
		 * state (compiled) wakes the loop and is taken first. */
		atomic_fetch_or(&app->pending, PENDING(ev));
		break;
	case ACT_COUNT:
		break;
	}
	return cell->next;
}

static void dispatch(struct app *app, enum life_event ev)
{
	enum life_state from = (enum life_state)atomic_load(&app->state);
	const struct life_cell *cell = &lifecycle_table[from][ev];
	enum life_state to = act(app, cell, ev);

	if (to != from)
		log_debug("%s: %s, %s: %s -> %s", app->label,
			  lifecycle_event_name(ev),
			  lifecycle_action_name(cell->action),
			  lifecycle_state_name(from), lifecycle_state_name(to));
	atomic_store(&app->state, to);
}

/* ---- requests ------------------------------------------------------------- */

struct life_cell proc_request(struct app *app, enum life_event request)
{
	struct life_cell cell =
		lifecycle_table[atomic_load(&app->state)][request];

	if (cell.action != ACT_REFUSE && cell.action != ACT_IGNORE)
		post(app, request);
	return cell;
}

void proc_stop(struct app *app)
{
	proc_request(app, LIFE_STOP);
}

/*
 * The order posted events are taken in: how a run ended first (it
 * already happened), then the module, then requests from the most to the
 * least final. A stop and the app's own exit arriving together are two
 * cells in a row; neither is lost.
 */
static const enum life_event event_order[] = {
	LIFE_EXIT, LIFE_FAIL, LIFE_COMPILED, LIFE_BROKEN,
	LIFE_KILL, LIFE_STOP, LIFE_RESTART, LIFE_START,
};

static void tick_app(struct app *app, uint64_t now)
{
	unsigned bits;
	size_t i;

	if (atomic_load(&app->vacant))
		return;
	bits = atomic_exchange(&app->pending, 0);
	if (shutting_down)
		bits &= ~(PENDING(LIFE_START) | PENDING(LIFE_RESTART));
	for (i = 0; i < sizeof(event_order) / sizeof(event_order[0]); i++)
		if (bits & PENDING(event_order[i]))
			dispatch(app, event_order[i]);
	/* A freshly loaded app that starts by itself. */
	if (app->state == LIFE_LOADED && app->manifest.autostart &&
	    !shutting_down && (session_system_app(app) ||
			       session_screen_uid() != SESSION_NOBODY) &&
	    !atomic_exchange(&app->autostarted, true))
		dispatch(app, LIFE_START);
	if (app->state == LIFE_STARTING)
		dispatch(app, LIFE_LAUNCH);
	if (app->deadline_ns && now >= app->deadline_ns)
		dispatch(app, LIFE_DEADLINE);
	if (app->transient)
		instance_reap(app);
}

/* Held by a tick, and by proc_retire: no state changes while it looks. */
static pthread_mutex_t tick_lock = PTHREAD_MUTEX_INITIALIZER;

void proc_tick(void)
{
	uint64_t now = monotonic_ns();
	size_t i, n = proc_count();

	pthread_mutex_lock(&tick_lock);
	for (i = 0; i < n; i++)
		tick_app(proc_at(i), now);
	pthread_mutex_unlock(&tick_lock);
}

/*
 * States change only in a tick, so between ticks "down, nothing
 * pending, no instance up" stays true until vacant makes every later
 * tick pass the app by. Its struct (and module) is kept: slots are
 * never freed (registry.c), and an instance spawned from it before
 * holds it as its origin.
 */
int proc_retire(struct app *app)
{
	enum life_state s;
	int rc = -1;

	pthread_mutex_lock(&tick_lock);
	s = (enum life_state)atomic_load(&app->state);
	if (!app->transient && !lifecycle_is_up(s) && s != LIFE_COMPILING &&
	    s != LIFE_STARTING &&
	    s != LIFE_BACKOFF && !atomic_load(&app->pending)) {
		size_t i, n = proc_count();

		rc = 0;
		for (i = 0; i < n && rc == 0; i++) {
			struct app *inst = proc_at(i);

			if (inst->transient && inst->origin == app &&
			    !atomic_load(&inst->vacant))
				rc = -1;
		}
		if (rc == 0)
			atomic_store(&app->vacant, true);
	}
	pthread_mutex_unlock(&tick_lock);
	return rc;
}

/*
 * A load in the middle of the change would read the old version's
 * manifest (kept until the next boot, with the new version's files under
 * it) or a removed app's: so the retirement and the change are one step
 * to every loader.
 */
int proc_change_begin(const char *name)
{
	struct app *app;
	int rc = 0;

	pthread_mutex_lock(&load_lock);
	app = proc_find(name, strlen(name));
	if (app)
		rc = proc_retire(app);
	if (rc == 0)
		snprintf(changing, sizeof(changing), "%s", name);
	pthread_mutex_unlock(&load_lock);
	return rc;
}

void proc_change_end(void)
{
	pthread_mutex_lock(&load_lock);
	changing[0] = '\0';
	pthread_mutex_unlock(&load_lock);
}

long proc_next_deadline_ms(void)
{
	uint64_t now = monotonic_ns(), next = 0;
	size_t i;

	for (i = 0; i < proc_count(); i++) {
		uint64_t at;

		if (atomic_load(&proc_at(i)->vacant))
			continue;
		at = proc_at(i)->deadline_ns;

		if (at && (!next || at < next))
			next = at;
	}
	if (!next)
		return -1;
	return next <= now ? 0 : (long)((next - now + 999999) / 1000000);
}

uint64_t proc_cpu_ns(struct app *app)
{
	uint64_t ns = atomic_load(&app->stats.cpu_ns_done);
	clockid_t cid;

	pthread_mutex_lock(&app->thread_lock);
	/* A run still going (or not yet counted) has its thread's clock. */
	if (app->thread_started && !atomic_load(&app->cpu_final) &&
	    pthread_getcpuclockid(app->thread, &cid) == 0)
		ns += clock_ns(cid);
	pthread_mutex_unlock(&app->thread_lock);
	return ns;
}

/* ---- shutdown ------------------------------------------------------------- */

static size_t apps_up(void)
{
	size_t i, n = 0;

	for (i = 0; i < proc_count(); i++)
		n += lifecycle_is_up(proc_at(i)->state);
	return n;
}

/* Waits until a run ends or the monotonic deadline passes. */
static void wait_for_an_end(uint64_t deadline_ns)
{
	struct timespec ts = monotonic_timespec(deadline_ns);
	size_t i;

	pthread_mutex_lock(&ended_lock);
	for (i = 0; i < proc_count(); i++)
		if (atomic_load(&proc_at(i)->pending))
			break;
	if (i == proc_count())
		pthread_cond_timedwait(&ended_cond, &ended_lock, &ts);
	pthread_mutex_unlock(&ended_lock);
}

size_t proc_stop_all(int grace_ms)
{
	uint64_t end = monotonic_ns() + (uint64_t)grace_ms * 1000000u;
	size_t i, left = 0;

	shutting_down = true;
	stop_grace_ms = grace_ms / 2;
	proc_tick();
	for (i = 0; i < proc_count(); i++)
		dispatch(proc_at(i), LIFE_STOP);
	while (apps_up() && monotonic_ns() < end) {
		long next = proc_next_deadline_ms();
		uint64_t until = end;

		if (next >= 0 && monotonic_ns() + (uint64_t)next * 1000000u <
				 until)
			until = monotonic_ns() + (uint64_t)next * 1000000u;
		wait_for_an_end(until);
		proc_tick();
	}
	for (i = 0; i < proc_count(); i++) {
		if (!lifecycle_is_up(proc_at(i)->state))
			continue;
		/* Blocked in a host call (file I/O): not waited for. */
		log_warn("%s: did not stop within %d ms",
			 proc_at(i)->label, grace_ms);
		left++;
	}
	return left;
}

void proc_init_lifecycle(void)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&ended_cond, &attr);
	pthread_condattr_destroy(&attr);
	run_on_end = run_ended;
}

/*
 * proc.c - the Process Manager. Owns the Wasmtime engine, the module cache
 * (each entry compiled once and pre-linked against WASI), the app registry
 * and each app's thread: WASI context from capabilities, stdout split into
 * protocol lines, exit and trap reporting, and stopping.
 *
 * Stopping never waits on the app's good will: its stdin is closed (an app
 * waiting for input sees end-of-file) and an epoch deadline callback turns
 * the next check in running wasm code into a trap.
 */
#include "proc.h"
#include "draw.h"
#include "ipc.h"
#include "log.h"
#include "modcache.h"
#include "utf8.h"
#include "wasi_shim.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <wasi.h>
#include <wasm.h>
#include <wasmtime.h>

#define MAX_APPS 4096
#define APP_TABLE_MAX 100000	/* funcref table elements per app */
/* What changes compiled code: part of every module cache key. */
#define ENGINE_TAG "wasmtime " WASMTIME_VERSION "; epoch; pooling"
#define EPOCH_TICK_NS (10 * 1000 * 1000)

/* A compiled module, pre-linked against WASI (and our shims) once. */
struct module_entry {
	const wasmtime_module_t *module;
	wasmtime_instance_pre_t *pre;
	struct module_entry *next;
};

static wasm_engine_t *engine;
static wasmtime_linker_t *linker;
static struct module_entry *modules;	/* main thread only */

/* Append-only and never reallocated, so app threads may read it. */
static struct app *apps[MAX_APPS];
static _Atomic size_t app_count;

static pthread_mutex_t exit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t exit_cond = PTHREAD_COND_INITIALIZER;

void (*proc_on_frame)(struct app *app);
void (*proc_on_request)(void);
void (*proc_on_start)(struct app *app);

static void wake_main(void);

const char *app_state_name(int state)
{
	static const char *const names[] = {
		[APP_LOADED] = "loaded",
		[APP_STARTING] = "starting",
		[APP_RUNNING] = "running",
		[APP_EXITED] = "exited",
		[APP_FAILED] = "failed",
		[APP_STOPPED] = "stopped",
		[APP_BACKOFF] = "backoff",
	};

	return state >= 0 && state <= APP_BACKOFF ? names[state] : "?";
}

void app_warn(struct app *app, const char *fmt, ...)
{
	unsigned n = atomic_fetch_add(&app->warnings, 1);
	char msg[512];
	va_list ap;

	if (n > APP_WARN_BUDGET)
		return;
	if (n == APP_WARN_BUDGET) {
		log_warn("%s: further warnings about this app are counted (see "
			 "ps), not logged", app->manifest.name);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warn("%s: %s", app->manifest.name, msg);
}

/* Copies a Wasmtime error or trap message into buf and frees it. */
static void take_message(wasmtime_error_t *error, wasm_trap_t *trap,
			 char *buf, size_t len)
{
	wasm_byte_vec_t msg = { 0, NULL };

	if (error) {
		wasmtime_error_message(error, &msg);
		wasmtime_error_delete(error);
	} else if (trap) {
		wasm_trap_message(trap, &msg);
		wasm_trap_delete(trap);
	}
	snprintf(buf, len, "%.*s", (int)msg.size, msg.data ? msg.data : "");
	wasm_byte_vec_delete(&msg);
}

static void *epoch_ticker(void *unused)
{
	struct timespec tick = { 0, EPOCH_TICK_NS };

	(void)unused;
	for (;;) {
		nanosleep(&tick, NULL);
		wasmtime_engine_increment_epoch(engine);
	}
	return NULL;
}

/*
 * Instances come from a pool with copy-on-write memory images, so starting
 * an app maps memory instead of allocating and copying it. Two instances
 * per app: the app and its WASI trampoline (wasi_shim.c).
 */
static void use_pooling_allocator(wasm_config_t *config)
{
	wasmtime_pooling_allocation_config_t *pool =
		wasmtime_pooling_allocation_config_new();

	wasmtime_pooling_allocation_config_total_core_instances_set(
		pool, 2 * MAX_APPS + 16);
	wasmtime_pooling_allocation_config_total_memories_set(pool,
							      MAX_APPS + 16);
	wasmtime_pooling_allocation_config_total_tables_set(pool,
							    MAX_APPS + 16);
	wasmtime_pooling_allocation_config_table_elements_set(pool,
							      APP_TABLE_MAX);
	wasmtime_pooling_allocation_config_max_memory_size_set(
		pool, (size_t)MANIFEST_MEMORY_MAX);
	wasmtime_pooling_allocation_strategy_set(config, pool);
	wasmtime_pooling_allocation_config_delete(pool);
	wasmtime_config_memory_init_cow_set(config, true);
}

int proc_init(const char *module_cache_dir)
{
	wasm_config_t *config = wasm_config_new();
	wasmtime_error_t *error;
	pthread_t ticker;
	char msg[512];

	wasmtime_config_epoch_interruption_set(config, true);
	use_pooling_allocator(config);
	engine = wasm_engine_new_with_config(config);
	if (!engine) {
		log_error("cannot create the Wasmtime engine");
		return -1;
	}
	linker = wasmtime_linker_new(engine);
	error = wasmtime_linker_define_wasi(linker);
	if (!error)
		error = wasi_shim_install(engine, linker);
	if (error) {
		take_message(error, NULL, msg, sizeof(msg));
		log_error("cannot define WASI: %s", msg);
		return -1;
	}
	sched_init();
	if (modcache_init(engine, ENGINE_TAG, module_cache_dir) != 0) {
		log_error("cannot initialise the module cache (libsodium)");
		return -1;
	}
	if (pthread_create(&ticker, NULL, epoch_ticker, NULL) != 0) {
		log_error("cannot start the epoch ticker");
		return -1;
	}
	pthread_detach(ticker);
	return 0;
}

/* The compiled, pre-linked module at path; compiled on first use. */
static struct module_entry *module_get(const char *path, const char *app)
{
	struct module_entry *m;
	wasmtime_error_t *error;
	char msg[512];
	const wasmtime_module_t *module = modcache_get(path, msg, sizeof(msg));

	if (!module) {
		log_error("%s: %s", app, msg);
		return NULL;
	}
	for (m = modules; m; m = m->next)
		if (m->module == module)
			return m;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->module = module;
	error = wasmtime_linker_instantiate_pre(linker, module, &m->pre);
	if (error) {
		take_message(error, NULL, msg, sizeof(msg));
		log_error("%s: cannot link %s: %s", app, path, msg);
		free(m);
		return NULL;
	}
	m->next = modules;
	modules = m;
	return m;
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* A grant of a directory that is not there is a mistake, not a no-op. */
static int check_grants(const struct app *app)
{
	const struct manifest *m = &app->manifest;
	struct stat st;
	size_t i;

	for (i = 0; i < m->grant_count; i++) {
		if (stat(m->grants[i].host_path, &st) == 0 &&
		    S_ISDIR(st.st_mode))
			continue;
		log_error("not starting %s: its filesystem grant %s is not a "
			  "directory on this system", m->name,
			  m->grants[i].host_path);
		return -1;
	}
	return 0;
}

struct app *proc_load(const char *dir, const char *data_root)
{
	char path[PATH_MAX + 16], err[512];
	struct app *app;

	if (app_count == MAX_APPS) {
		log_error("%s: too many apps (at most %d)", dir, MAX_APPS);
		return NULL;
	}
	app = calloc(1, sizeof(*app));
	if (!app)
		return NULL;
	snprintf(app->dir, sizeof(app->dir), "%s", dir);
	snprintf(path, sizeof(path), "%s/vyoma.toml", dir);
	if (manifest_load(path, &app->manifest, err, sizeof(err)) != 0) {
		log_error("not starting %s: %s", dir, err);
		goto fail;
	}
	if (proc_find(app->manifest.name, strlen(app->manifest.name))) {
		log_error("not starting %s: an app named '%s' is already "
			  "loaded", dir, app->manifest.name);
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, app->manifest.entry);
	app->module = module_get(path, app->manifest.name);
	if (!app->module)
		goto fail;
	if (check_grants(app) != 0)
		goto fail;
	if (app->manifest.data_dir) {
		snprintf(app->data_dir, sizeof(app->data_dir), "%s/%s",
			 data_root, app->manifest.name);
		if (mkdir_p(app->data_dir) != 0) {
			log_error("%s: cannot create %s: %s", app->manifest.name,
				  app->data_dir, strerror(errno));
			goto fail;
		}
	}
	msgq_init(&app->inbox, app->manifest.queue_bytes,
		  app->manifest.queue_messages);
	pthread_mutex_init(&app->reply_lock, NULL);
	pthread_mutex_init(&app->life_lock, NULL);
	pthread_mutex_init(&app->console_lock, NULL);
	app->state = APP_LOADED;
	apps[app_count] = app;
	app_count++;
	return app;
fail:
	free(app);
	return NULL;
}

size_t proc_count(void)
{
	return app_count;
}

struct app *proc_at(size_t i)
{
	return i < app_count ? apps[i] : NULL;
}

struct app *proc_find(const char *name, size_t len)
{
	size_t i, n = app_count;

	for (i = 0; i < n; i++)
		if (strlen(apps[i]->manifest.name) == len &&
		    memcmp(apps[i]->manifest.name, name, len) == 0)
			return apps[i];
	return NULL;
}

int proc_deliver(struct app *app, const char *line, size_t len)
{
	if (len > APP_LINE_MAX)
		return -1;
	return msgq_push(&app->inbox, line, len);
}

static void draw_line(struct app *app, const char *line, size_t len)
{
	struct draw_cmd cmd;
	const char *problem = draw_parse(line, len, &cmd);

	if (problem) {
		app_warn(app, "draw line dropped: %s: %.60s", problem, line);
		atomic_fetch_add(&app->lines_rejected, 1);
		return;
	}
	if (window_draw(app->window, &cmd)) {
		uint64_t none = 0;

		atomic_compare_exchange_strong(&app->first_frame_ns, &none,
					       monotonic_ns() - app->started_ns);
		atomic_fetch_add(&app->frames, 1);
		if (proc_on_frame)
			proc_on_frame(app);
	}
}

static void keep_console(struct app *app, const char *line, size_t len)
{
	char *slot;

	if (len > APP_CONSOLE_WIDTH)
		len = APP_CONSOLE_WIDTH;
	pthread_mutex_lock(&app->console_lock);
	slot = app->console[app->console_next];
	memcpy(slot, line, len);
	slot[len] = '\0';
	app->console_next = (app->console_next + 1) % APP_CONSOLE_KEEP;
	if (app->console_count < APP_CONSOLE_KEEP)
		app->console_count++;
	pthread_mutex_unlock(&app->console_lock);
}

size_t proc_console(struct app *app, char (*lines)[APP_CONSOLE_WIDTH + 1],
		    size_t max)
{
	size_t i, n;

	pthread_mutex_lock(&app->console_lock);
	n = app->console_count < max ? app->console_count : max;
	for (i = 0; i < n; i++) {
		unsigned at = (app->console_next + APP_CONSOLE_KEEP -
			       (unsigned)n + (unsigned)i) % APP_CONSOLE_KEEP;

		memcpy(lines[i], app->console[at], sizeof(lines[i]));
	}
	pthread_mutex_unlock(&app->console_lock);
	return n;
}

/*
 * At most APP_CONSOLE_RATE lines a second reach the log; the rest are
 * counted, and said so once a second, so a chatty app cannot drown the
 * log or the console.
 */
static bool console_allowed(struct app *app)
{
	uint64_t now = monotonic_ns();

	if (now - app->console_window_ns >= 1000000000u) {
		unsigned long dropped = atomic_load(&app->console_dropped);

		if (app->console_in_window > APP_CONSOLE_RATE)
			log_warn("%s: %u console lines in a second, %u dropped "
				 "(%lu in all)", app->manifest.name,
				 app->console_in_window,
				 app->console_in_window - APP_CONSOLE_RATE,
				 dropped);
		app->console_window_ns = now;
		app->console_in_window = 0;
	}
	if (++app->console_in_window <= APP_CONSOLE_RATE)
		return true;
	atomic_fetch_add(&app->console_dropped, 1);
	return false;
}

/* Console output is kept only with the stdio capability. */
static void console_line(struct app *app, const char *line, size_t len)
{
	if (app->manifest.caps[CAP_STDIO]) {
		if (!console_allowed(app))
			return;
		log_app_line(app->manifest.name, line, len);
		keep_console(app, line, len);
		return;
	}
	if (!app->denied_stdio)
		log_warn("%s: console output dropped: the stdio capability is "
			 "not granted", app->manifest.name);
	app->denied_stdio = true;
}

/* One complete line the app wrote to stdout. */
static void handle_line(struct app *app, const char *line, size_t len)
{
	const char *name = app->manifest.name;

	if (len >= sizeof(DRAW_PREFIX) - 1 &&
	    memcmp(line, DRAW_PREFIX, sizeof(DRAW_PREFIX) - 1) == 0) {
		if (!app->window) {
			if (!app->denied_draw)
				log_warn("%s: draw lines rejected: the display "
					 "capability is not granted", name);
			app->denied_draw = true;
			return;
		}
		draw_line(app, line, len);
		return;
	}
	if (len > 0 && line[0] == '@') {
		ipc_route(app, line, len);
		return;
	}
	console_line(app, line, len);
}

/* Every line of stdout or stderr, complete, comes through here. */
static void emit_line(struct app *app, bool is_stdout, const char *line,
		      size_t len)
{
	if (len && line[len - 1] == '\r')
		len--;
	/* Nothing malformed goes further: not to the log, not to an app. */
	if (!utf8_line_valid(line, len)) {
		app_warn(app, "line with invalid UTF-8 or NUL dropped");
		atomic_fetch_add(&app->lines_rejected, 1);
		return;
	}
	if (is_stdout)
		handle_line(app, line, len);
	else
		console_line(app, line, len);
}

/*
 * Splits a stream into lines; an over-long line is reported and dropped up
 * to its newline. Whole lines in the buffer are handled where they lie;
 * only a line split across writes is copied.
 */
static void feed_lines(struct app *app, struct line_buf *lb, bool is_stdout,
		       const unsigned char *data, size_t size)
{
	while (size) {
		const unsigned char *nl = memchr(data, '\n', size);
		size_t chunk = nl ? (size_t)(nl - data) : size;

		if (lb->discarding) {
			/* Skip to the end of the over-long line. */
		} else if (lb->len + chunk > APP_LINE_MAX) {
			app_warn(app, "line longer than %d bytes dropped",
				 APP_LINE_MAX);
			atomic_fetch_add(&app->lines_rejected, 1);
			lb->discarding = true;
			lb->len = 0;
		} else if (nl && lb->len == 0) {
			emit_line(app, is_stdout, (const char *)data, chunk);
		} else {
			memcpy(lb->data + lb->len, data, chunk);
			lb->len += chunk;
			if (nl)
				emit_line(app, is_stdout, lb->data, lb->len);
		}
		if (!nl)
			return;
		lb->len = 0;
		lb->discarding = false;
		data += chunk + 1;
		size -= chunk + 1;
	}
}

void proc_output(struct app *app, bool is_stdout, const unsigned char *data,
		 size_t len)
{
	feed_lines(app, is_stdout ? &app->out : &app->err, is_stdout, data,
		   len);
}

static ptrdiff_t on_stdout(void *data, const unsigned char *buf, size_t len)
{
	struct app *app = data;

	feed_lines(app, &app->out, true, buf, len);
	return (ptrdiff_t)len;
}

static ptrdiff_t on_stderr(void *data, const unsigned char *buf, size_t len)
{
	struct app *app = data;

	feed_lines(app, &app->err, false, buf, len);
	return (ptrdiff_t)len;
}

/* The running app's memory, for accounting at each epoch tick. */
static _Thread_local wasmtime_memory_t app_memory;
static _Thread_local bool have_app_memory;

static wasmtime_error_t *on_epoch(wasmtime_context_t *ctx, void *data,
				  uint64_t *delta,
				  wasmtime_update_deadline_kind_t *kind)
{
	struct app *app = data;

	if (have_app_memory)
		atomic_store(&app->memory_bytes,
			     wasmtime_memory_data_size(ctx, &app_memory));
	sched_tick(app);
	if (atomic_load(&app->killing))
		return wasmtime_error_new("app stopped by the supervisor");
	*delta = 1;
	*kind = WASMTIME_UPDATE_DEADLINE_CONTINUE;
	return NULL;
}

/*
 * The WASI context: exactly what the manifest grants, and nothing else.
 * No environment, no network, no preopens beyond /data and the grants.
 * Returns NULL if a grant cannot be wired: the app must then not run
 * with less (or more) than it declared.
 */
static wasi_config_t *build_wasi(struct app *app)
{
	const struct manifest *m = &app->manifest;
	wasi_config_t *wasi = wasi_config_new();
	const char *argv[] = { app->manifest.name };
	size_t i;

	wasi_config_set_argv(wasi, 1, argv);
	/* stdin is not Wasmtime's: wasi_shim.c serves it from app->inbox. */
	wasi_config_set_stdout_custom(wasi, on_stdout, app, NULL);
	wasi_config_set_stderr_custom(wasi, on_stderr, app, NULL);
	if (app->data_dir[0] &&
	    !wasi_config_preopen_dir(wasi, app->data_dir, "/data", true)) {
		log_error("%s: cannot preopen %s", m->name, app->data_dir);
		goto fail;
	}
	for (i = 0; i < m->grant_count; i++) {
		const struct fs_grant *g = &m->grants[i];

		/* Read-only grants get Wasmtime's read-only dir and file perms. */
		if (!wasi_config_preopen_dir(wasi, g->host_path, g->guest_path,
					     g->writable)) {
			log_error("%s: cannot preopen %s as %s", m->name,
				  g->host_path, g->guest_path);
			goto fail;
		}
	}
	return wasi;
fail:
	wasi_config_delete(wasi);
	return NULL;
}

/*
 * Whether a run that ended as outcome (exited, failed, stopped) is
 * followed by a restart, by policy. Stopped by the supervisor never is.
 */
static const bool restart_after[3][3] = {
	/*			   exited  failed  stopped */
	[RESTART_NEVER]		= { false, false, false },
	[RESTART_ON_FAILURE]	= { false, true,  false },
	[RESTART_ALWAYS]	= { true,  true,  false },
};

#define BACKOFF_MIN_NS 1000000000ull	/* at most one start a second */
#define BACKOFF_MAX_NS 60000000000ull
#define RAN_WELL_NS 10000000000ull	/* a run this long resets back-off */

static int outcome_index(int state)
{
	return state == APP_EXITED ? 0 : state == APP_FAILED ? 1 : 2;
}

/* Turns an ended run into backoff if the policy restarts it. */
static int after_run(struct app *app, int state)
{
	uint64_t now = monotonic_ns(), ran = now - app->started_ns;

	if (atomic_load(&app->stopping) ||
	    !restart_after[app->manifest.restart][outcome_index(state)])
		return state;
	if (ran >= RAN_WELL_NS || app->backoff_ns < BACKOFF_MIN_NS)
		app->backoff_ns = BACKOFF_MIN_NS;
	else if (app->backoff_ns < BACKOFF_MAX_NS)
		app->backoff_ns *= 2;
	/* Never sooner than backoff after the last start. */
	atomic_store(&app->restart_at_ns,
		     ran >= app->backoff_ns ? now :
		     app->started_ns + app->backoff_ns);
	log_info("%s: restarting in %.1f s (restart = %s)", app->manifest.name,
		 (double)(atomic_load(&app->restart_at_ns) - now) / 1e9,
		 restart_policy_name(app->manifest.restart));
	return APP_BACKOFF;
}

static void finish(struct app *app, int state)
{
	/* The last partial line of output is still output. */
	if (app->out.len && !app->out.discarding)
		emit_line(app, true, app->out.data, app->out.len);
	if (app->err.len && !app->err.discarding)
		emit_line(app, false, app->err.data, app->err.len);
	app->out.len = app->err.len = 0;
	msgq_close(&app->inbox);
	atomic_fetch_add(&app->cpu_ns_done, clock_ns(CLOCK_THREAD_CPUTIME_ID));
	state = after_run(app, state);
	pthread_mutex_lock(&exit_lock);
	app->state = state;
	pthread_cond_broadcast(&exit_cond);
	pthread_mutex_unlock(&exit_lock);
	if (state == APP_BACKOFF)
		wake_main();
}

/*
 * Wasmtime's trap text is "error while executing at wasm backtrace:",
 * frames, then "Caused by:" and the reason. Keep just the reason.
 */
static void trap_reason(char *msg)
{
	char *cause = strstr(msg, "Caused by:");

	if (cause) {
		cause += strlen("Caused by:");
		cause += strspn(cause, " \n");
		memmove(msg, cause, strlen(cause) + 1);
	}
	msg[strcspn(msg, "\n")] = '\0';
}

static void exited(struct app *app, int status)
{
	int state = status ? APP_FAILED : APP_EXITED;

	if (atomic_load(&app->stopping) && status == 0)
		state = APP_STOPPED;
	log_info("%s: exited with status %d", app->manifest.name, status);
	finish(app, state);
}

static void *app_thread(void *data)
{
	struct app *app = data;
	const char *name = app->manifest.name;
	wasmtime_store_t *store;
	wasmtime_context_t *ctx;
	wasmtime_instance_t instance;
	wasmtime_extern_t start;
	wasmtime_error_t *error;
	wasm_trap_t *trap = NULL;
	wasi_config_t *wasi;
	char msg[1024];
	int status;

	sched_start(app);
	store = wasmtime_store_new(engine, app, NULL);
	ctx = wasmtime_store_context(store);
	/* Two instances: the app and its poll_oneoff trampoline. */
	wasmtime_store_limiter(store, (int64_t)app->manifest.memory_limit,
			       APP_TABLE_MAX, 2, 1, 1);
	wasmtime_context_set_epoch_deadline(ctx, 1);
	wasmtime_store_epoch_deadline_callback(store, on_epoch, app, NULL);
	wasi = build_wasi(app);
	if (!wasi) {
		finish(app, APP_FAILED);
		goto out;
	}
	error = wasmtime_context_set_wasi(ctx, wasi);
	if (!error)
		wasi_shim_attach(ctx);
	if (!error)
		error = wasmtime_instance_pre_instantiate(app->module->pre, ctx,
							  &instance, &trap);
	if (error || trap) {
		take_message(error, trap, msg, sizeof(msg));
		log_error("%s: cannot instantiate: %s", name, msg);
		finish(app, APP_FAILED);
		goto out;
	}
	{
		wasmtime_extern_t mem;

		have_app_memory = wasmtime_instance_export_get(
			ctx, &instance, "memory", 6, &mem) &&
			mem.kind == WASMTIME_EXTERN_MEMORY;
		if (have_app_memory) {
			app_memory = mem.of.memory;
			atomic_store(&app->memory_bytes,
				     wasmtime_memory_data_size(ctx, &app_memory));
		}
	}
	if (!wasmtime_instance_export_get(ctx, &instance, "_start", 6,
					  &start) ||
	    start.kind != WASMTIME_EXTERN_FUNC) {
		log_error("%s: module has no _start function", name);
		finish(app, APP_FAILED);
		goto out;
	}
	error = wasmtime_func_call(ctx, &start.of.func, NULL, 0, NULL, 0,
				   &trap);
	if (error && wasmtime_error_exit_status(error, &status)) {
		wasmtime_error_delete(error);
		exited(app, status);
	} else if (error || trap) {
		take_message(error, trap, msg, sizeof(msg));
		trap_reason(msg);
		if (atomic_load(&app->killing)) {
			log_info("%s: stopped (interrupted)", name);
			finish(app, APP_STOPPED);
		} else {
			log_error("%s: trapped: %s", name, msg);
			finish(app, APP_FAILED);
		}
	} else {
		exited(app, 0);
	}
out:
	wasmtime_store_delete(store);
	return NULL;
}

int proc_start(struct app *app)
{
	pthread_attr_t attr;
	int rc;

	pthread_mutex_lock(&app->life_lock);
	if (app->state == APP_RUNNING) {
		pthread_mutex_unlock(&app->life_lock);
		return 0;
	}
	/* Starting from here on: ps must never pair the last run's state
	 * with this run's counters. */
	app->state = APP_STARTING;
	/* A finished run: reap its thread, then start from a clean slate. */
	if (app->thread_started) {
		pthread_join(app->thread, NULL);
		app->thread_started = false;
		log_info("%s: started again (%u)", app->manifest.name,
			 atomic_fetch_add(&app->restarts, 1) + 1);
		/* Its last run closed the queue; a first start keeps what
		 * was sent to it while it was starting. */
		msgq_reset(&app->inbox);
	}
	app->out.len = app->err.len = 0;
	app->out.discarding = app->err.discarding = false;
	atomic_store(&app->stopping, false);
	atomic_store(&app->killing, false);
	atomic_store(&app->kill_at_ns, 0);
	atomic_store(&app->first_frame_ns, 0);
	app->started_ns = monotonic_ns();
	app->state = APP_RUNNING;
	pthread_attr_init(&attr);
	/* Wasm runs on this stack: room for Wasmtime's 512 KiB plus host. */
	pthread_attr_setstacksize(&attr, 2u << 20);
	rc = pthread_create(&app->thread, &attr, app_thread, app);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		pthread_mutex_unlock(&app->life_lock);
		log_error("%s: cannot start thread: %s", app->manifest.name,
			  strerror(rc));
		finish(app, APP_FAILED);
		return -1;
	}
	app->thread_started = true;
	pthread_mutex_unlock(&app->life_lock);
	if (proc_on_start)
		proc_on_start(app);
	return 0;
}

void proc_mark_starting(struct app *app)
{
	int loaded = APP_LOADED;

	atomic_compare_exchange_strong(&app->state, &loaded, APP_STARTING);
}

uint64_t proc_cpu_ns(struct app *app)
{
	uint64_t ns = atomic_load(&app->cpu_ns_done);
	clockid_t cid;

	pthread_mutex_lock(&app->life_lock);
	/* A thread that has not been joined still has its CPU clock. */
	if (app->thread_started && app->state == APP_RUNNING &&
	    pthread_getcpuclockid(app->thread, &cid) == 0)
		ns += clock_ns(cid);
	pthread_mutex_unlock(&app->life_lock);
	return ns;
}

static void wake_main(void)
{
	if (proc_on_request)
		proc_on_request();
}

void proc_request_start(struct app *app)
{
	atomic_store(&app->start_requested, true);
	wake_main();
}

void proc_request_restart(struct app *app)
{
	atomic_store(&app->restart_requested, true);
	proc_stop(app, APP_STOP_GRACE_MS);
}

void proc_stop(struct app *app, int grace_ms)
{
	int backoff = APP_BACKOFF;

	/* A pending restart is cancelled: the app stays down. */
	if (atomic_compare_exchange_strong(&app->state, &backoff, APP_STOPPED))
		return;
	atomic_store(&app->stopping, true);
	atomic_store(&app->kill_at_ns,
		     monotonic_ns() + (uint64_t)grace_ms * 1000000u);
	msgq_close(&app->inbox);
	wake_main();
}

void proc_kill(struct app *app)
{
	atomic_store(&app->stopping, true);
	atomic_store(&app->killing, true);
	msgq_close(&app->inbox);
	msgq_wake(&app->inbox);
}

long proc_next_deadline_ms(void)
{
	uint64_t now = monotonic_ns(), next = 0;
	size_t i;

	for (i = 0; i < app_count; i++) {
		struct app *app = apps[i];
		uint64_t at = 0;

		if (app->state == APP_RUNNING && !atomic_load(&app->killing))
			at = atomic_load(&app->kill_at_ns);
		else if (app->state == APP_BACKOFF)
			at = atomic_load(&app->restart_at_ns);
		if (at && (!next || at < next))
			next = at;
	}
	if (!next)
		return -1;
	return next <= now ? 0 : (long)((next - now + 999999) / 1000000);
}

void proc_tick(void)
{
	uint64_t now = monotonic_ns();
	size_t i;

	for (i = 0; i < app_count; i++) {
		struct app *app = apps[i];
		uint64_t kill_at = atomic_load(&app->kill_at_ns);
		int state = app->state;

		if (state == APP_RUNNING && kill_at && now >= kill_at &&
		    !atomic_load(&app->killing))
			proc_kill(app);
		if (state != APP_RUNNING &&
		    (atomic_exchange(&app->start_requested, false) |
		     atomic_exchange(&app->restart_requested, false)))
			proc_start(app);
		else if (state == APP_BACKOFF &&
			 now >= atomic_load(&app->restart_at_ns))
			proc_start(app);
	}
}

static bool all_stopped(void)
{
	size_t i;

	for (i = 0; i < app_count; i++)
		if (apps[i]->state == APP_RUNNING)
			return false;
	return true;
}

/* Waits until no app is running or ms pass. */
static void wait_all_stopped(int ms)
{
	struct timespec deadline;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += ms / 1000;
	deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&exit_lock);
	while (!all_stopped())
		if (pthread_cond_timedwait(&exit_cond, &exit_lock,
					   &deadline) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&exit_lock);
}

size_t proc_stop_all(int grace_ms)
{
	size_t i, left = 0;

	for (i = 0; i < app_count; i++) {
		atomic_store(&apps[i]->stopping, true);
		msgq_close(&apps[i]->inbox);
	}
	wait_all_stopped(grace_ms / 2);
	for (i = 0; i < app_count; i++) {
		atomic_store(&apps[i]->killing, true);
		msgq_wake(&apps[i]->inbox);
	}
	wait_all_stopped(grace_ms - grace_ms / 2);
	for (i = 0; i < app_count; i++) {
		struct app *app = apps[i];

		if (app->state == APP_RUNNING) {
			/* Blocked in a host call (a sleep): not waited for. */
			log_warn("%s: did not stop within %d ms", app->manifest.name,
				 grace_ms);
			left++;
		} else {
			pthread_mutex_lock(&app->life_lock);
			if (app->thread_started) {
				pthread_join(app->thread, NULL);
				app->thread_started = false;
			}
			pthread_mutex_unlock(&app->life_lock);
		}
	}
	return left;
}

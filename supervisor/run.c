/*
 * run.c - an app's run on its own thread (run.h).
 *
 * Stopping never waits on the app's good will: the Process Manager closes
 * its stdin (an app waiting for input sees end of file) and, after the
 * grace period, sets `killing`; the epoch deadline callback then turns
 * the next check in running wasm into a trap, and every wait in the shim
 * wakes and traps at once.
 */
#include "run.h"
#include "devices.h"
#include "engine.h"
#include "grants.h"
#include "libraries.h"
#include "lifecycle.h"
#include "log.h"
#include "membudget.h"
#include "mounts.h"
#include "output.h"
#include "proc.h"
#include "wasi_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wasi.h>

#define APP_STACK_BYTES (2u << 20)	/* Wasmtime's 512 KiB, plus host */

/* A compiled module, pre-linked against WASI (and our shims) once. */
struct module_entry {
	const wasmtime_module_t *module;
	wasmtime_instance_pre_t *pre;
	struct module_entry *next;
};

static struct module_entry *modules;	/* main thread only */

void (*run_on_end)(struct app *app, int outcome);

struct module_entry *run_link(const wasmtime_module_t *module, char *err,
			      size_t errlen)
{
	struct module_entry *m;
	wasmtime_error_t *error;

	for (m = modules; m; m = m->next)
		if (m->module == module)
			return m;
	m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->module = module;
	error = wasmtime_linker_instantiate_pre(engine_linker(), module,
						&m->pre);
	if (error) {
		engine_message(error, NULL, err, errlen);
		free(m);
		return NULL;
	}
	m->next = modules;
	modules = m;
	return m;
}

/* The running app's memory, for accounting at each epoch tick. */
static _Thread_local wasmtime_memory_t app_memory;
static _Thread_local bool have_app_memory;

/* Its memory would take the apps past the machine's: it is stopped. */
static wasmtime_error_t *over_budget(struct app *app)
{
	log_error("%s: stopped: its %zu MiB of memory would take the apps "
		  "past the %llu MiB the machine can give them",
		  app->label,
		  atomic_load(&app->stats.memory_bytes) >> 20,
		  (unsigned long long)(membudget_total() >> 20));
	/* Given back now, not when its thread has unwound: another app
	 * growing meanwhile is judged without it. */
	membudget_release(app);
	return wasmtime_error_new("the machine's memory budget is spent");
}

static wasmtime_error_t *on_epoch(wasmtime_context_t *ctx, void *data,
				  uint64_t *delta,
				  wasmtime_update_deadline_kind_t *kind)
{
	struct app *app = data;

	if ((have_app_memory &&
	     !membudget_note(app, wasmtime_memory_data_size(ctx, &app_memory))) ||
	    atomic_load(&app->over_budget))
		return over_budget(app);
	sched_tick(app);
	if (atomic_load(&app->killing))
		return wasmtime_error_new("app stopped by the supervisor");
	*delta = 1;
	*kind = WASMTIME_UPDATE_DEADLINE_CONTINUE;
	return NULL;
}

/*
 * Preopens a directory the supervisor checked (grants.c): opened again
 * here, one component at a time and never through a link, and handed to
 * Wasmtime as that descriptor, so what the app gets is what was checked.
 */
static bool preopen(struct app *app, wasi_config_t *wasi, const char *host,
		    const char *guest, bool writable)
{
	char path[64];
	int fd = grants_open_dir(host);
	bool ok;

	if (fd < 0) {
		log_error("%s: cannot open %s for %s: %s", app->label,
			  host, guest, strerror(errno));
		return false;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ok = wasi_config_preopen_dir(wasi, path, guest, writable);
	close(fd);
	if (!ok)
		log_error("%s: cannot preopen %s as %s", app->label,
			  host, guest);
	return ok;
}

struct preopening {
	struct app *app;
	wasi_config_t *wasi;
	unsigned *count;
};

/* One of mounts_each()'s directories, preopened and counted. */
static bool preopen_one(void *ctx, const char *host, const char *guest,
			bool writable)
{
	struct preopening *p = ctx;

	if (!preopen(p->app, p->wasi, host, guest, writable))
		return false;
	(*p->count)++;
	return true;
}

/*
 * The invocation's "NAME=value" strings as WASI's names and values, and
 * VYOMA_ID, the instance's own id (what ps shows, kill takes and sh's $$
 * says): ours, so a VYOMA_ID the caller gave is left out.
 */
static bool set_env(wasi_config_t *wasi, const struct app *app)
{
	const struct invocation *how = &app->how;
	size_t cap = how->envc + 1, n = 0, i;
	const char **names = calloc(cap, sizeof(*names));
	const char **values = calloc(cap, sizeof(*values));
	char **copies = calloc(cap, sizeof(*copies));
	char id[16];
	bool ok = names && values && copies;

	for (i = 0; ok && i < how->envc; i++) {
		char *eq;

		if (!strncmp(how->env[i], "VYOMA_ID=", 9))
			continue;
		copies[n] = strdup(how->env[i]);
		if (!copies[n] || !(eq = strchr(copies[n], '='))) {
			ok = false;
			break;
		}
		*eq = '\0';
		names[n] = copies[n];
		values[n++] = eq + 1;
	}
	if (ok) {
		snprintf(id, sizeof(id), "%u", app->id);
		names[n] = "VYOMA_ID";
		values[n] = id;
		ok = wasi_config_set_env(wasi, n + 1, names, values);
	}
	for (i = 0; copies && i < cap; i++)
		free(copies[i]);
	free(copies);
	free(names);
	free(values);
	return ok;
}

/*
 * The WASI context: exactly what the manifest grants, and nothing else.
 * No network, no preopens beyond /data and the grants; arguments and an
 * environment only as its invocation gives them (a command's), and the
 * instance's own id.
 * Returns NULL if a grant cannot be wired: the app must then not run
 * with less (or more) than it declared.
 */
static wasi_config_t *build_wasi(struct app *app, unsigned *preopens)
{
	wasi_config_t *wasi = wasi_config_new();
	const char *name[] = { app->manifest.name };
	const struct invocation *how = &app->how;
	struct preopening opening = { app, wasi, preopens };

	*preopens = 0;
	if (how->argv && how->argc)
		wasi_config_set_argv(wasi, how->argc, (const char **)how->argv);
	else
		wasi_config_set_argv(wasi, 1, name);
	if (!set_env(wasi, app))
		goto fail;
	/* stdio is not Wasmtime's: wasi_shim.c serves fds 0-2 (stdin from
	 * app->inbox, stdout and stderr to output.c). Wasmtime's own stay
	 * empty, so nothing can reach the app's output except through the
	 * shim's bounds and checks. */
	if (!mounts_each(app, preopen_one, &opening))
		goto fail;
	return wasi;
fail:
	wasi_config_delete(wasi);
	return NULL;
}

static void find_memory(wasmtime_context_t *ctx, wasmtime_instance_t *inst,
			struct app *app)
{
	wasmtime_extern_t mem;

	have_app_memory = wasmtime_instance_export_get(ctx, inst, "memory", 6,
						       &mem) &&
			  mem.kind == WASMTIME_EXTERN_MEMORY;
	if (have_app_memory) {
		app_memory = mem.of.memory;
		membudget_note(app, wasmtime_memory_data_size(ctx, &app_memory));
	}
}

/* Calls _start; returns LIFE_EXIT or LIFE_FAIL and logs how it ended. */
static int run_module(struct app *app, wasmtime_context_t *ctx,
		      struct module_entry *module)
{
	const char *name = app->label;
	/* An instance's end is its parent's to see: not the log's. */
	enum log_level ends = app->transient ? LOG_DEBUG : LOG_INFO;
	wasmtime_instance_t instance;
	wasmtime_extern_t start;
	wasmtime_error_t *error;
	wasm_trap_t *trap = NULL;
	char msg[512];
	int status;

	libraries_forget(app);
	error = wasmtime_instance_pre_instantiate(module->pre, ctx, &instance,
						  &trap);
	if (error || trap) {
		engine_message(error, trap, msg, sizeof(msg));
		log_error("%s: cannot instantiate: %s", name, msg);
		return LIFE_FAIL;
	}
	find_memory(ctx, &instance, app);
	if (!wasmtime_instance_export_get(ctx, &instance, "_start", 6,
					  &start) ||
	    start.kind != WASMTIME_EXTERN_FUNC) {
		log_error("%s: module has no _start function", name);
		return LIFE_FAIL;
	}
	app->exit_called = false;
	error = wasmtime_func_call(ctx, &start.of.func, NULL, 0, NULL, 0,
				   &trap);
	if (app->exit_called && !atomic_load(&app->killing)) {
		/* Our proc_exit (wasi_shim.c): a status, not a trap. */
		if (trap)
			wasm_trap_delete(trap);
		if (error)
			wasmtime_error_delete(error);
		status = app->exit_code;
		atomic_store(&app->exit_status, status);
		log_msg(ends, "%s: exited with status %d", name, status);
		return status ? LIFE_FAIL : LIFE_EXIT;
	}
	if (error && wasmtime_error_exit_status(error, &status)) {
		wasmtime_error_delete(error);
		atomic_store(&app->exit_status, status);
		log_msg(ends, "%s: exited with status %d", name, status);
		return status ? LIFE_FAIL : LIFE_EXIT;
	}
	if (error || trap) {
		/* As `wasmtime run` exits: a trap is 134; an error that is
		 * no trap (proc_exit with a status WASI does not allow) is
		 * 1; the supervisor stopping it, 137. */
		atomic_store(&app->exit_status,
			     trap ? EXIT_STATUS_TRAP :
			     atomic_load(&app->over_budget) ? EXIT_STATUS_KILLED :
			     1);
		engine_message(error, trap, msg, sizeof(msg));
		if (atomic_load(&app->killing)) {
			atomic_store(&app->exit_status, EXIT_STATUS_KILLED);
			log_msg(ends, "%s: stopped (interrupted)", name);
		} else if (app->transient) {
			app_warn(app->origin, "%s trapped: %s", name, msg);
		} else {
			log_error("%s: trapped: %s", name, msg);
		}
		return LIFE_FAIL;
	}
	atomic_store(&app->exit_status, 0);
	log_msg(ends, "%s: exited with status 0", name);
	return LIFE_EXIT;
}

static void *app_thread(void *data)
{
	struct app *app = data;
	struct module_entry *module = atomic_load(&app->module);
	wasmtime_store_t *store;
	wasmtime_context_t *ctx;
	wasmtime_error_t *error;
	wasi_config_t *wasi;
	unsigned preopens;
	int outcome = LIFE_FAIL;

	/* Until it exits, a run that fails ended as a trap would. */
	atomic_store(&app->exit_status, EXIT_STATUS_TRAP);
	sched_start(app);
	store = wasmtime_store_new(engine_get(), app, NULL);
	ctx = wasmtime_store_context(store);
	/* The app, its WASI bounce module and the shared libraries it calls
	 * (libraries.c), as many as the engine's pool holds per app. */
	wasmtime_store_limiter(store, (int64_t)app->manifest.memory_limit,
			       ENGINE_TABLE_MAX, 2 + LIBRARIES_PER_APP, 1, 1);
	wasmtime_context_set_epoch_deadline(ctx, 1);
	wasmtime_store_epoch_deadline_callback(store, on_epoch, app, NULL);
	wasi = build_wasi(app, &preopens);
	if (wasi) {
		error = wasmtime_context_set_wasi(ctx, wasi);
		if (error) {
			char msg[256];

			engine_message(error, NULL, msg, sizeof(msg));
			log_error("%s: cannot set up WASI: %s",
				  app->label, msg);
		} else if (wasi_shim_run_started(app, preopens) == 0) {
			wasi_shim_attach(ctx);
			outcome = run_module(app, ctx, module);
		}
	}
	output_finish(app);
	/* Deleting the store closes every descriptor the app held; its
	 * pipe ends are closed with them, so readers see their end. */
	wasmtime_store_delete(store);
	stream_teardown(app);
	devices_release(app);
	wasi_shim_run_ended(app);
	membudget_release(app);
	have_app_memory = false;
	run_on_end(app, outcome);
	return NULL;
}

int run_start(struct app *app)
{
	pthread_attr_t attr;
	int rc;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, APP_STACK_BYTES);
	pthread_mutex_lock(&app->thread_lock);
	rc = pthread_create(&app->thread, &attr, app_thread, app);
	app->thread_started = rc == 0;
	pthread_mutex_unlock(&app->thread_lock);
	pthread_attr_destroy(&attr);
	if (rc) {
		log_error("%s: cannot start its thread: %s", app->label,
			  strerror(rc));
		return -1;
	}
	return 0;
}

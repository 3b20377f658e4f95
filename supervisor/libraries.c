/*
 * libraries.c - shared libraries (libraries.h, docs/libraries.md).
 *
 * The trust is an app's: a library comes from the system's own apps
 * directory, but it runs inside the calling app's store, over the app's
 * memory, which the app may have filled with anything. Whatever a
 * hostile app passes it, the worst the library can do is trap or write
 * that app's memory. What the supervisor does itself is small: check
 * the module's shape once at load, instantiate it at an app's first call
 * (a trap if that fails, never a crash), and pass the call's values
 * through unread, with the types Wasmtime already checked at link time:
 * raw (Wasmtime's unchecked calls, a tenth of the cost of a checked
 * one), since the app's import, the host function and the library's
 * export have the one type, and a library's functions take and return
 * numbers only, which mean nothing to the store.
 */
#include "libraries.h"
#include "compile.h"
#include "engine.h"
#include "libtrial.h"
#include "log.h"
#include "proc.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define NAME_MAX_LEN 24		/* "vytool": lib_vytool */
#define WASI_NAME_MAX 32	/* "path_filestat_set_times" and the rest */

struct library;

struct lib_func {
	struct library *lib;
	size_t export_index;	/* in the module's exports */
};

/* One of its imports: the caller's memory, or a WASI function by name. */
struct lib_import {
	bool memory;
	char wasi[WASI_NAME_MAX + 1];
};

struct library {
	char name[NAME_MAX_LEN + 1];
	bool broken;	/* its definitions failed part-way: calls trap */
	const wasmtime_module_t *module;
	size_t nimports;
	struct lib_import imports[LIBRARIES_IMPORTS_MAX];
	size_t nfuncs;
	struct lib_func funcs[LIBRARIES_FUNCS_MAX];
};

static struct library libs[LIBRARIES_MAX];
static size_t nlibs;
/* Where a library's WASI imports come from at its link: the linker the
 * apps are linked with, so they are the app's own (the shims, over the
 * app's WASI context, its mounts and its descriptor limit). */
static wasmtime_linker_t *apps_linker;

/* ---- loading --------------------------------------------------------- */

struct compiling {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
	const wasmtime_module_t *module;
	char error[256];
};

static void compiled(void *ctx, const wasmtime_module_t *module,
		     const char *error)
{
	struct compiling *c = ctx;

	pthread_mutex_lock(&c->lock);
	c->module = module;
	snprintf(c->error, sizeof(c->error), "%s", error ? error : "");
	c->done = true;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

/* The module at path, compiled (or found) as an app's is; NULL if not. */
static const wasmtime_module_t *compile_now(const char *path, char *err,
					    size_t errlen)
{
	struct compiling c = { PTHREAD_MUTEX_INITIALIZER,
			       PTHREAD_COND_INITIALIZER, false, NULL, "" };

	compile_request(path, compiled, &c);
	pthread_mutex_lock(&c.lock);
	while (!c.done)
		pthread_cond_wait(&c.cond, &c.lock);
	pthread_mutex_unlock(&c.lock);
	snprintf(err, errlen, "%s", c.error);
	return c.module;
}

/*
 * Its imports are its caller's memory ("env" "memory"), once, and WASI
 * functions: what the app could call itself, answered as the app's. A
 * WASI name the apps' linker lacks fails the link, as an app's would.
 */
static const char *take_imports(struct library *lib)
{
	wasm_importtype_vec_t imports;
	const char *why = NULL;
	size_t i, memories = 0;

	wasmtime_module_imports(lib->module, &imports);
	if (imports.size > LIBRARIES_IMPORTS_MAX)
		why = "it has too many imports";
	for (i = 0; i < imports.size && !why; i++) {
		const wasm_importtype_t *imp = imports.data[i];
		const wasm_name_t *module = wasm_importtype_module(imp);
		const wasm_name_t *name = wasm_importtype_name(imp);
		wasm_externkind_t kind =
			wasm_externtype_kind(wasm_importtype_type(imp));
		struct lib_import *li = &lib->imports[i];

		memset(li, 0, sizeof(*li));
		if (libraries_name_is(module, "env") &&
		    libraries_name_is(name, "memory") &&
		    kind == WASM_EXTERN_MEMORY) {
			li->memory = true;
			memories++;
		} else if (libraries_name_is(module, LIBRARIES_WASI) &&
			   kind == WASM_EXTERN_FUNC &&
			   name->size <= WASI_NAME_MAX &&
			   !memchr(name->data, '\0', name->size)) {
			memcpy(li->wasi, name->data, name->size);
		} else {
			why = "it may import its caller's memory (env memory) "
			      "and WASI functions only";
		}
	}
	if (!why && memories != 1)
		why = "it must import its caller's memory (env memory)";
	lib->nimports = imports.size;
	wasm_importtype_vec_delete(&imports);
	return why;
}

/* Whether every value a function takes and returns is a number (never
 * a reference, which a raw call would hand on unaccounted for). Asked
 * with Wasmtime's own comparison: its wasm_valtype_kind aborts, in the
 * supervisor, on a v128 or a typed reference. */
static bool numbers_only(const wasm_functype_t *type)
{
	static const wasm_valkind_t kinds[] = { WASM_I32, WASM_I64, WASM_F32,
						 WASM_F64 };
	const wasm_valtype_vec_t *lists[] = { wasm_functype_params(type),
					      wasm_functype_results(type) };
	bool all = true;

	for (size_t l = 0; l < 2 && all; l++) {
		for (size_t v = 0; v < lists[l]->size && all; v++) {
			bool number = false;

			for (size_t k = 0; k < 4 && !number; k++) {
				wasm_valtype_t *t = wasm_valtype_new(kinds[k]);

				number = wasmtime_wasm_valtype_equal(
					lists[l]->data[v], t);
				wasm_valtype_delete(t);
			}
			all = number;
		}
	}
	return all;
}

/*
 * Its exports are functions, __heap_base, a global, and "memory", the
 * memory it imports: the host functions it calls (WASI's) find the
 * caller's memory by that name, as they do an app's.
 */
static const char *take_exports(struct library *lib)
{
	wasm_exporttype_vec_t exports;
	const char *why = NULL;
	bool memory = false;
	size_t i;

	wasmtime_module_exports(lib->module, &exports);
	for (i = 0; i < exports.size && !why; i++) {
		const wasm_externtype_t *type =
			wasm_exporttype_type(exports.data[i]);
		const wasm_name_t *name = wasm_exporttype_name(exports.data[i]);

		if (wasm_externtype_kind(type) == WASM_EXTERN_GLOBAL &&
		    libraries_name_is(name, LIBRARIES_HEAP_BASE))
			continue;
		if (wasm_externtype_kind(type) == WASM_EXTERN_MEMORY &&
		    libraries_name_is(name, "memory")) {
			memory = true;
			continue;
		}
		if (wasm_externtype_kind(type) != WASM_EXTERN_FUNC)
			why = "it may export functions, " LIBRARIES_HEAP_BASE
			      " and memory only";
		else if (!numbers_only(wasm_externtype_as_functype_const(type)))
			why = "its functions may take and return numbers only";
		else if (lib->nfuncs == LIBRARIES_FUNCS_MAX)
			why = "it exports too many functions";
		else
			lib->funcs[lib->nfuncs++] =
				(struct lib_func){ lib, i };
	}
	wasm_exporttype_vec_delete(&exports);
	if (!why && !memory)
		why = "it must export its memory as \"memory\"";
	return why;
}

static wasm_trap_t *call(void *env, wasmtime_caller_t *caller,
			 wasmtime_val_raw_t *args_and_results, size_t n);

/* Each function as lib_NAME's, with the type the library gives it. */
static wasmtime_error_t *define(struct library *lib,
				wasmtime_linker_t *linker)
{
	wasm_exporttype_vec_t exports;
	wasmtime_error_t *error = NULL;
	char module[NAME_MAX_LEN + 5];
	size_t i;

	snprintf(module, sizeof(module), "lib_%s", lib->name);
	wasmtime_module_exports(lib->module, &exports);
	for (i = 0; i < lib->nfuncs && !error; i++) {
		const wasm_exporttype_t *e =
			exports.data[lib->funcs[i].export_index];
		const wasm_name_t *name = wasm_exporttype_name(e);

		error = wasmtime_linker_define_func_unchecked(linker, module,
			strlen(module), name->data, name->size,
			wasm_externtype_as_functype_const(
				wasm_exporttype_type(e)),
			call, &lib->funcs[i], NULL);
	}
	wasm_exporttype_vec_delete(&exports);
	return error;
}

/* A library's name: NAME.wasm, NAME in [a-z0-9_], at most 24 bytes. */
static bool library_name(const char *file, char *name)
{
	size_t n = strlen(file), i;

	if (n <= 5 || n - 5 > NAME_MAX_LEN || strcmp(file + n - 5, ".wasm"))
		return false;
	for (i = 0; i < n - 5; i++) {
		char c = file[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return false;
		name[i] = c;
	}
	name[i] = '\0';
	return true;
}

static void load_one(const char *dir, const char *file,
		     wasmtime_linker_t *linker)
{
	char name[NAME_MAX_LEN + 1], path[PATH_MAX + 16], err[256] = "";
	char trial[320];
	struct library *lib = &libs[nlibs];
	const char *why = NULL;
	wasmtime_error_t *error;

	if (!library_name(file, name))
		return;
	for (size_t i = 0; i < nlibs; i++)
		if (!strcmp(libs[i].name, name))
			return;	/* an earlier --apps directory's */
	if (nlibs == LIBRARIES_MAX) {
		log_error("library %s: left out: more than %d libraries",
			  name, LIBRARIES_MAX);
		return;
	}
	memset(lib, 0, sizeof(*lib));
	memcpy(lib->name, name, sizeof(name));
	if (snprintf(path, sizeof(path), "%s/%s.wasm", dir, lib->name) >=
	    (int)sizeof(path))
		return;
	lib->module = compile_now(path, err, sizeof(err));
	if (!lib->module)
		why = err;
	if (!why)
		why = take_imports(lib);
	if (!why)
		why = take_exports(lib);
	if (!why)
		why = libtrial_run(lib->module, linker, trial, sizeof(trial));
	if (why) {
		log_error("library %s (%s): left out: %s", lib->name, path,
			  why);
		return;
	}
	error = define(lib, linker);
	if (error) {
		/* Some of its functions may be defined already, pointing at
		 * this slot: it stays taken, and they trap. */
		engine_message(error, NULL, err, sizeof(err));
		log_error("library %s: left out: %s", lib->name, err);
		lib->broken = true;
		nlibs++;
		return;
	}
	log_debug("library %s: %zu functions, as lib_%s", lib->name,
		  lib->nfuncs, lib->name);
	nlibs++;
}

int libraries_load(const char *apps_dir, wasmtime_linker_t *linker)
{
	char dir[PATH_MAX];
	struct dirent *e;
	DIR *d;

	apps_linker = linker;
	if (snprintf(dir, sizeof(dir), "%s/%s", apps_dir, LIBRARIES_DIR) >=
	    (int)sizeof(dir) || !(d = opendir(dir)))
		return 0;
	while ((e = readdir(d)))
		load_one(dir, e->d_name, linker);
	closedir(d);
	return (int)nlibs;
}

/* ---- calling ---------------------------------------------------------- */

void libraries_forget(struct app *app)
{
	app->nlinks = 0;
}

static wasm_trap_t *trap_of(const char *what, const char *name,
			    wasmtime_error_t *error, wasm_trap_t *trap)
{
	char msg[512], reason[384] = "";

	if (error || trap)
		engine_message(error, trap, reason, sizeof(reason));
	snprintf(msg, sizeof(msg), "lib_%s: %s%s%s", name, what,
		 *reason ? ": " : "", reason);
	return wasmtime_trap_new(msg, strlen(msg));
}

/*
 * The library in this store, over the caller's memory: its data lands
 * below LIBRARIES_REGION, which the app's build leaves to it; one whose
 * data reaches past that is refused, as it would write the app's own.
 * Its functions are looked up now, once, for every call to come.
 */
static wasm_trap_t *link_library(wasmtime_caller_t *caller,
				 wasmtime_context_t *ctx, struct app *app,
				 size_t i, struct lib_link **linked)
{
	struct library *lib = &libs[i];
	struct lib_link *link = &app->links[app->nlinks];
	wasmtime_extern_t imports[LIBRARIES_IMPORTS_MAX], base, fn;
	wasmtime_val_t end;
	wasmtime_error_t *error;
	wasm_trap_t *trap = NULL;
	char *name;
	size_t k, len;

	if (app->nlinks == LIBRARIES_PER_APP)
		return trap_of("a run may link one library only", lib->name,
			       NULL, NULL);
	for (k = 0; k < lib->nimports; k++) {
		const char *wasi = lib->imports[k].wasi;
		char what[WASI_NAME_MAX + 48];

		if (lib->imports[k].memory ?
		    wasmtime_caller_export_get(caller, "memory", 6,
					       &imports[k]) &&
		    imports[k].kind == WASMTIME_EXTERN_MEMORY :
		    wasmtime_linker_get(apps_linker, ctx, LIBRARIES_WASI,
					strlen(LIBRARIES_WASI),
					wasi, strlen(wasi), &imports[k]) &&
		    imports[k].kind == WASMTIME_EXTERN_FUNC)
			continue;
		/* (the trial at load found every WASI import) */
		if (lib->imports[k].memory)
			return trap_of("the app exports no memory to share",
				       lib->name, NULL, NULL);
		snprintf(what, sizeof(what), "no WASI function %s to link",
			 wasi);
		return trap_of(what, lib->name, NULL, NULL);
	}
	error = wasmtime_instance_new(ctx, lib->module, imports,
				      lib->nimports, &link->instance, &trap);
	if (error || trap)
		return trap_of("cannot link", lib->name, error, trap);
	if (!wasmtime_instance_export_get(ctx, &link->instance,
					  LIBRARIES_HEAP_BASE,
					  strlen(LIBRARIES_HEAP_BASE), &base) ||
	    base.kind != WASMTIME_EXTERN_GLOBAL)
		return trap_of("it exports no " LIBRARIES_HEAP_BASE, lib->name,
			       NULL, NULL);
	wasmtime_global_get(ctx, &base.of.global, &end);
	if (end.kind != WASMTIME_I32 || end.of.i32 < 0 ||
	    end.of.i32 > LIBRARIES_REGION)
		return trap_of("its data reaches past the bytes apps leave it",
			       lib->name, NULL, NULL);
	for (k = 0; k < lib->nfuncs; k++) {
		if (!wasmtime_instance_export_nth(ctx, &link->instance,
						  lib->funcs[k].export_index,
						  &name, &len, &fn) ||
		    fn.kind != WASMTIME_EXTERN_FUNC)
			return trap_of("lost a function", lib->name, NULL,
				       NULL);
		link->funcs[k] = fn.of.func;
	}
	link->lib = (int)i;
	app->nlinks++;
	*linked = link;
	return NULL;
}

static wasm_trap_t *call(void *env, wasmtime_caller_t *caller,
			 wasmtime_val_raw_t *args_and_results, size_t n)
{
	const struct lib_func *f = env;
	size_t i = (size_t)(f->lib - libs);
	wasmtime_context_t *ctx = wasmtime_caller_context(caller);
	struct app *app = wasmtime_context_get_data(ctx);
	struct lib_link *link = NULL;
	wasmtime_error_t *error;
	wasm_trap_t *trap = NULL;

	if (f->lib->broken)
		return trap_of("left out at start (the log says why)",
			       f->lib->name, NULL, NULL);
	for (int k = 0; k < app->nlinks && !link; k++)
		if (app->links[k].lib == (int)i)
			link = &app->links[k];
	if (!link && (trap = link_library(caller, ctx, app, i, &link)))
		return trap;
	/* The same values, in the same slots: the host function was
	 * defined with the library function's own type. */
	error = wasmtime_func_call_unchecked(ctx,
		&link->funcs[f - f->lib->funcs], args_and_results, n, &trap);
	/* Its own trap is the app's; an error (the supervisor stopping the
	 * app meanwhile) ends the app the same way. */
	return error ? trap_of("stopped", f->lib->name, error, NULL) : trap;
}

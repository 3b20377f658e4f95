/*
 * libraries.h - shared libraries (docs/libraries.md): code that many
 * apps use, such as the regular expressions of grep, sed and expr, kept
 * once in <apps>/.lib/NAME.wasm instead of a copy in each app.
 *
 * A library imports its caller's memory ("env" "memory") and WASI
 * functions, and exports functions, __heap_base and the memory again
 * (for the WASI calls it makes to find). An app imports its functions
 * from the module lib_NAME.
 * The supervisor defines each as a host function that, at an app's
 * first call, instantiates the library in the app's own store over the
 * app's own memory, with the app's own WASI functions, then calls into
 * it: the library runs as the app, with the app's memory, mounts,
 * descriptors, limits and epoch deadline, and can reach nothing the app
 * cannot. A library keeps its stack and data below
 * LIBRARIES_REGION, where an app that imports one has none of its own
 * (the build links such apps with --global-base there).
 */
#ifndef VYOMA_LIBRARIES_H
#define VYOMA_LIBRARIES_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <wasmtime.h>

#define LIBRARIES_MAX 8		/* libraries loaded */
#define LIBRARIES_PER_APP 1	/* linked into one app's run, at most */
#define LIBRARIES_FUNCS_MAX 32	/* functions a library may export */
#define LIBRARIES_IMPORTS_MAX 64	/* its memory and WASI functions */
#define LIBRARIES_REGION 3072	/* bytes of an app's memory a library owns */
#define LIBRARIES_DIR ".lib"	/* in the system's apps directory */
#define LIBRARIES_WASI "wasi_snapshot_preview1"	/* what they may import */
#define LIBRARIES_HEAP_BASE "__heap_base"	/* where their data ends */

/* Whether a name from a module's imports or exports is s. */
static inline bool libraries_name_is(const wasm_name_t *n, const char *s)
{
	return n->size == strlen(s) && !memcmp(n->data, s, n->size);
}

struct app;

/* A library linked into one app's run: its instance in the app's store
 * and its functions, looked up once, at the link. */
struct lib_link {
	int lib;		/* which: its place among those loaded */
	wasmtime_instance_t instance;
	wasmtime_func_t funcs[LIBRARIES_FUNCS_MAX];
};

/*
 * Loads every <apps_dir>/.lib/NAME.wasm (compiled as apps are) and
 * defines its functions in linker as the module lib_NAME; a NAME
 * loaded from an earlier directory is skipped. A library
 * that cannot be compiled, or imports or exports what a library may
 * not, is logged and left out: the apps that import it then fail to
 * start, saying which import is missing. Returns how many were loaded.
 */
int libraries_load(const char *apps_dir, wasmtime_linker_t *linker);

/* A run of app starts: no library is linked into its new store. */
void libraries_forget(struct app *app);

#endif

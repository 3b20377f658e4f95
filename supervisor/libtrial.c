/*
 * libtrial.c - the load-time trial of a shared library (libtrial.h).
 *
 * An app's link instantiates the library in the app's store, which runs
 * its start function (wasm-ld's, writing its data) with the app's WASI
 * functions at hand, before the supervisor can read where the data
 * went. So each library is instantiated once here first, in a store
 * limited to LIBTRIAL_MEMORY_PAGES, where a WASI call traps instead,
 * over a memory that nothing else uses and whose bytes past the
 * library's region hold a mark: a start function that calls out or
 * runs on, or data written past the bytes apps leave a library (zeros
 * too: they would clear an app's), is refused before any app meets it.
 *
 * What this cannot do is prove what a start function does with other
 * bytes under it: one that looks at memory first could behave here and
 * not in an app. Libraries are the system's own (never a package's);
 * the trial catches the mistakes a build makes and the plain cases of
 * a bad module, and the link checks __heap_base again.
 */
#include "libtrial.h"
#include "engine.h"
#include "libraries.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define TRIAL_EPOCHS 100	/* of ENGINE_EPOCH_TICK_NS: a second */
#define MARK 0xA5		/* past the region, before the start */

static wasm_trap_t *no_wasi(void *env, wasmtime_caller_t *caller,
			    const wasmtime_val_t *args, size_t nargs,
			    wasmtime_val_t *results, size_t nresults)
{
	static const char msg[] = "a WASI call while it is instantiated";

	(void)env, (void)caller, (void)args, (void)nargs, (void)results;
	(void)nresults;
	return wasmtime_trap_new(msg, sizeof(msg) - 1);
}

/* A fresh memory of the import's type, marked past the region. */
static const char *fresh_memory(wasmtime_context_t *ctx,
				const wasm_memorytype_t *type,
				wasmtime_extern_t *out, char *why,
				size_t whylen)
{
	wasmtime_error_t *error;
	size_t size;

	if (wasmtime_memorytype_is64(type))
		return "its memory import is a 64-bit memory";
	if (wasmtime_memorytype_minimum(type) > LIBTRIAL_MEMORY_PAGES)
		return "its memory import asks for more than 16 MiB";
	error = wasmtime_memory_new(ctx, type, &out->of.memory);
	if (error) {
		char reason[200];

		engine_message(error, NULL, reason, sizeof(reason));
		snprintf(why, whylen, "no memory for its trial: %s", reason);
		return why;
	}
	out->kind = WASMTIME_EXTERN_MEMORY;
	size = wasmtime_memory_data_size(ctx, &out->of.memory);
	if (size > LIBRARIES_REGION)
		memset(wasmtime_memory_data(ctx, &out->of.memory) +
		       LIBRARIES_REGION, MARK, size - LIBRARIES_REGION);
	return NULL;
}

/*
 * Its import, made in ctx: the fresh memory, or, for a WASI function
 * the apps' linker defines, one of that function's type that traps
 * (instantiation then checks the import's type exactly, as an app's
 * link would).
 */
static const char *stand_in(wasmtime_context_t *ctx,
			    wasmtime_linker_t *linker,
			    const wasm_importtype_t *imp, wasmtime_extern_t *out,
			    char *why, size_t whylen)
{
	const wasm_externtype_t *type = wasm_importtype_type(imp);
	const wasm_name_t *module = wasm_importtype_module(imp);
	const wasm_name_t *name = wasm_importtype_name(imp);
	wasm_externkind_t kind = wasm_externtype_kind(type);
	wasmtime_extern_t real;
	wasm_functype_t *real_type;

	if (kind == WASM_EXTERN_MEMORY && libraries_name_is(module, "env") &&
	    libraries_name_is(name, "memory"))
		return fresh_memory(ctx,
				    wasm_externtype_as_memorytype_const(type),
				    out, why, whylen);
	if (kind != WASM_EXTERN_FUNC ||
	    !libraries_name_is(module, LIBRARIES_WASI))
		return "it may import its caller's memory (env memory) and "
		       "WASI functions only";
	if (!wasmtime_linker_get(linker, ctx, LIBRARIES_WASI,
				 strlen(LIBRARIES_WASI), name->data,
				 name->size, &real) ||
	    real.kind != WASMTIME_EXTERN_FUNC) {
		snprintf(why, whylen, "it imports WASI's %.*s, which the "
			 "supervisor does not define", (int)name->size,
			 name->data);
		return why;
	}
	real_type = wasmtime_func_type(ctx, &real.of.func);
	wasmtime_func_new(ctx, real_type, no_wasi, NULL, NULL, &out->of.func);
	wasm_functype_delete(real_type);
	out->kind = WASMTIME_EXTERN_FUNC;
	return NULL;
}

static bool all_are(const uint8_t *p, size_t n, uint8_t value)
{
	return !n || (p[0] == value && !memcmp(p, p + 1, n - 1));
}

/* Where it says its data ends, and whether it wrote past the bytes
 * apps leave it (what it grew must still be zero). */
static const char *check_layout(wasmtime_context_t *ctx,
				wasmtime_instance_t *instance,
				const wasmtime_extern_t *memory,
				size_t size_before)
{
	wasmtime_extern_t base;
	wasmtime_val_t end;
	const uint8_t *bytes;
	size_t size;

	if (!wasmtime_instance_export_get(ctx, instance, LIBRARIES_HEAP_BASE,
					  strlen(LIBRARIES_HEAP_BASE), &base) ||
	    base.kind != WASMTIME_EXTERN_GLOBAL)
		return "it exports no " LIBRARIES_HEAP_BASE;
	wasmtime_global_get(ctx, &base.of.global, &end);
	if (end.kind != WASMTIME_I32 || end.of.i32 < 0 ||
	    end.of.i32 > LIBRARIES_REGION)
		return "its " LIBRARIES_HEAP_BASE " is past the bytes apps leave it";
	bytes = wasmtime_memory_data(ctx, &memory->of.memory);
	size = wasmtime_memory_data_size(ctx, &memory->of.memory);
	if ((size_before > LIBRARIES_REGION &&
	     !all_are(bytes + LIBRARIES_REGION,
		      size_before - LIBRARIES_REGION, MARK)) ||
	    !all_are(bytes + size_before, size - size_before, 0))
		return "its data lands past the bytes apps leave it";
	return NULL;
}

const char *libtrial_run(const wasmtime_module_t *module,
			 wasmtime_linker_t *linker, char *why, size_t whylen)
{
	wasmtime_extern_t imports[LIBRARIES_IMPORTS_MAX];
	wasm_importtype_vec_t types;
	wasmtime_store_t *store = wasmtime_store_new(engine_get(), NULL, NULL);
	wasmtime_context_t *ctx = wasmtime_store_context(store);
	wasmtime_instance_t instance;
	wasmtime_error_t *error;
	wasm_trap_t *trap = NULL;
	const char *no = NULL;
	size_t i, memory = 0, size_before = 0;
	bool have_memory = false;

	/* its start function may grow memory: not past the trial's bytes */
	wasmtime_store_limiter(store, (int64_t)LIBTRIAL_MEMORY_PAGES << 16,
			       -1, -1, -1, -1);
	wasmtime_module_imports(module, &types);
	if (types.size > LIBRARIES_IMPORTS_MAX)
		no = "it has too many imports";
	for (i = 0; i < types.size && !no; i++) {
		no = stand_in(ctx, linker, types.data[i], &imports[i], why,
			      whylen);
		if (!no && imports[i].kind == WASMTIME_EXTERN_MEMORY) {
			if (have_memory)
				no = "it imports more than one memory";
			have_memory = true;
			memory = i;
			size_before = wasmtime_memory_data_size(
				ctx, &imports[i].of.memory);
		}
	}
	if (!no && !have_memory)
		no = "it must import its caller's memory (env memory)";
	if (!no) {
		/* a start function that loops is ended, not waited for */
		wasmtime_context_set_epoch_deadline(ctx, TRIAL_EPOCHS);
		error = wasmtime_instance_new(ctx, module, imports, types.size,
					      &instance, &trap);
		if (error || trap) {
			char reason[256];

			engine_message(error, trap, reason, sizeof(reason));
			snprintf(why, whylen, "instantiated alone, it fails: %s",
				 reason);
			no = why;
		} else {
			no = check_layout(ctx, &instance, &imports[memory],
					  size_before);
		}
	}
	wasm_importtype_vec_delete(&types);
	wasmtime_store_delete(store);
	return no;
}

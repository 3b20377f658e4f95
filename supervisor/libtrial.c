/*
 * libtrial.c - the load-time trial of a shared library (libtrial.h).
 *
 * An app's link instantiates the library in the app's store, which runs
 * its start function (wasm-ld's, writing its data) with the app's WASI
 * functions at hand, before the supervisor can read where the data
 * went. So each library is instantiated once here first, where a WASI
 * call traps instead, over a memory nothing else uses: a start function
 * that calls out, or data that lands past the bytes apps leave a
 * library, is refused before any app meets it. Instantiation is
 * deterministic (no WASI, no input), so the app's link writes the same.
 */
#include "libtrial.h"
#include "engine.h"
#include "libraries.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define WASI "wasi_snapshot_preview1"
#define HEAP_BASE "__heap_base"
#define TRIAL_EPOCHS 100	/* of ENGINE_EPOCH_TICK_NS: a second */

static bool same_valtypes(const wasm_valtype_vec_t *a,
			  const wasm_valtype_vec_t *b)
{
	size_t i;

	if (a->size != b->size)
		return false;
	for (i = 0; i < a->size; i++)
		if (wasm_valtype_kind(a->data[i]) !=
		    wasm_valtype_kind(b->data[i]))
			return false;
	return true;
}

static bool same_functype(const wasm_functype_t *a, const wasm_functype_t *b)
{
	return same_valtypes(wasm_functype_params(a),
			     wasm_functype_params(b)) &&
	       same_valtypes(wasm_functype_results(a),
			     wasm_functype_results(b));
}

static wasm_trap_t *no_wasi(void *env, wasmtime_caller_t *caller,
			    const wasmtime_val_t *args, size_t nargs,
			    wasmtime_val_t *results, size_t nresults)
{
	static const char msg[] = "a WASI call while it is instantiated";

	(void)env, (void)caller, (void)args, (void)nargs, (void)results;
	(void)nresults;
	return wasmtime_trap_new(msg, sizeof(msg) - 1);
}

/* Its import i, made in ctx: the fresh memory, or a trapping stand-in
 * for a WASI function once linker's is found with the same type. */
static const char *stand_in(wasmtime_context_t *ctx,
			    wasmtime_linker_t *linker,
			    const wasm_importtype_t *imp, wasmtime_extern_t *out,
			    char *why, size_t whylen)
{
	const wasm_externtype_t *type = wasm_importtype_type(imp);
	const wasm_name_t *name = wasm_importtype_name(imp);
	wasmtime_extern_t real;
	wasm_functype_t *real_type;
	bool same;

	if (wasm_externtype_kind(type) == WASM_EXTERN_MEMORY) {
		const wasm_memorytype_t *mt =
			wasm_externtype_as_memorytype_const(type);
		wasmtime_error_t *error;

		if (wasmtime_memorytype_minimum(mt) > LIBTRIAL_MEMORY_PAGES)
			return "its memory import asks for more than 16 MiB";
		error = wasmtime_memory_new(ctx, mt, &out->of.memory);
		if (error) {
			wasmtime_error_delete(error);
			return "no memory for its trial";
		}
		out->kind = WASMTIME_EXTERN_MEMORY;
		return NULL;
	}
	if (!wasmtime_linker_get(linker, ctx, WASI, strlen(WASI), name->data,
				 name->size, &real) ||
	    real.kind != WASMTIME_EXTERN_FUNC) {
		snprintf(why, whylen, "it imports WASI's %.*s, which the "
			 "supervisor does not define", (int)name->size,
			 name->data);
		return why;
	}
	real_type = wasmtime_func_type(ctx, &real.of.func);
	same = same_functype(real_type, wasm_externtype_as_functype_const(type));
	wasm_functype_delete(real_type);
	if (!same) {
		snprintf(why, whylen, "it imports WASI's %.*s with another "
			 "type", (int)name->size, name->data);
		return why;
	}
	wasmtime_func_new(ctx, wasm_externtype_as_functype_const(type),
			  no_wasi, NULL, NULL, &out->of.func);
	out->kind = WASMTIME_EXTERN_FUNC;
	return NULL;
}

/* Where it says its data ends, and whether anything was written past
 * the bytes apps leave it. */
static const char *check_layout(wasmtime_context_t *ctx,
				wasmtime_instance_t *instance,
				const wasmtime_extern_t *memory)
{
	wasmtime_extern_t base;
	wasmtime_val_t end;
	const uint8_t *bytes;
	size_t i, size;

	if (!wasmtime_instance_export_get(ctx, instance, HEAP_BASE,
					  strlen(HEAP_BASE), &base) ||
	    base.kind != WASMTIME_EXTERN_GLOBAL)
		return "it exports no " HEAP_BASE;
	wasmtime_global_get(ctx, &base.of.global, &end);
	if (end.kind != WASMTIME_I32 || end.of.i32 < 0 ||
	    end.of.i32 > LIBRARIES_REGION)
		return "its " HEAP_BASE " is past the bytes apps leave it";
	bytes = wasmtime_memory_data(ctx, &memory->of.memory);
	size = wasmtime_memory_data_size(ctx, &memory->of.memory);
	for (i = LIBRARIES_REGION; i < size; i++)
		if (bytes[i])
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
	size_t i, memory = 0;

	wasmtime_module_imports(module, &types);
	if (types.size > LIBRARIES_IMPORTS_MAX)
		no = "it has too many imports";
	for (i = 0; i < types.size && !no; i++) {
		no = stand_in(ctx, linker, types.data[i], &imports[i], why,
			      whylen);
		if (!no && imports[i].kind == WASMTIME_EXTERN_MEMORY)
			memory = i;
	}
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
			no = check_layout(ctx, &instance, &imports[memory]);
		}
	}
	wasm_importtype_vec_delete(&types);
	wasmtime_store_delete(store);
	return no;
}

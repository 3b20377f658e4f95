/*
 * engine.c - the Wasmtime engine (engine.h).
 *
 * The pooling allocator reserves address space for every memory slot up
 * front: 4 GiB of reservation plus guards per app, about 16 TiB for 4096
 * apps. Under an address-space limit (ulimit -v, a sanitizer's shadow
 * memory) Wasmtime cannot reserve that and aborts inside the engine
 * constructor. So the pool is sized first, by asking the kernel for the
 * same reservation and halving until it fits, and a system that cannot
 * hold even ENGINE_MIN_APPS says so in one line instead of aborting.
 */
#include "engine.h"
#include "libraries.h"
#include "log.h"
#include "manifest.h"
#include "wasi_shim.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

/* Per memory slot: the 4 GiB reservation and a guard either side. */
#define SLOT_BYTES ((4ull << 30) + (64ull << 20))
#define TABLE_BYTES ((size_t)ENGINE_TABLE_MAX * 8 + 4096)
#define HEADROOM_BYTES (256ull << 20)

static wasm_engine_t *engine;
static wasmtime_linker_t *linker;
static size_t capacity;

wasm_config_t *engine_config(bool compile_only)
{
	wasm_config_t *config = wasm_config_new();

	wasmtime_config_epoch_interruption_set(config, true);
	wasmtime_config_memory_init_cow_set(config, true);
	if (compile_only)
		wasmtime_config_parallel_compilation_set(config, false);
	return config;
}

/* Can this process reserve the pool for n apps? Asks the kernel. */
static bool pool_fits(size_t n)
{
	unsigned long long bytes = (unsigned long long)n *
				   (SLOT_BYTES + TABLE_BYTES) + HEADROOM_BYTES;
	void *p;

	if (bytes > SIZE_MAX)
		return false;
	p = mmap(NULL, (size_t)bytes, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return false;
	munmap(p, (size_t)bytes);
	return true;
}

/*
 * Instances come from a pool with copy-on-write memory images, so starting
 * an app maps memory instead of allocating and copying it. Per app: the
 * app, its WASI trampoline (wasi_shim.c) and, for the apps that import
 * them, its shared libraries (libraries.c), which bring no memory or
 * table of their own; run.c limits each store to the same.
 */
static void use_pool(wasm_config_t *config, size_t apps)
{
	wasmtime_pooling_allocation_config_t *pool =
		wasmtime_pooling_allocation_config_new();

	wasmtime_pooling_allocation_config_total_core_instances_set(pool,
		(2 + LIBRARIES_PER_APP) * apps);
	wasmtime_pooling_allocation_config_total_memories_set(pool, apps);
	wasmtime_pooling_allocation_config_total_tables_set(pool, apps);
	wasmtime_pooling_allocation_config_table_elements_set(pool,
							      ENGINE_TABLE_MAX);
	wasmtime_pooling_allocation_config_max_memory_size_set(
		pool, (size_t)MANIFEST_MEMORY_MAX);
	wasmtime_pooling_allocation_strategy_set(config, pool);
	wasmtime_pooling_allocation_config_delete(pool);
}

static void *epoch_ticker(void *unused)
{
	struct timespec tick = { 0, ENGINE_EPOCH_TICK_NS };

	(void)unused;
	for (;;) {
		nanosleep(&tick, NULL);
		wasmtime_engine_increment_epoch(engine);
	}
	return NULL;
}

int engine_init(size_t max_apps, char *err, size_t errlen)
{
	wasm_config_t *config;
	wasmtime_error_t *error;
	pthread_t ticker;
	size_t n = max_apps;
	char msg[512];

	while (n >= ENGINE_MIN_APPS && !pool_fits(n))
		n /= 2;
	if (n < ENGINE_MIN_APPS) {
		snprintf(err, errlen, "cannot reserve address space for %d "
			 "apps (%llu MiB each); is the address space limited "
			 "(ulimit -v)?", ENGINE_MIN_APPS,
			 (unsigned long long)(SLOT_BYTES >> 20));
		return -1;
	}
	if (n < max_apps)
		log_warn("address space for %zu apps at once, not %zu (limited "
			 "by this process's address space)", n, max_apps);
	capacity = n;
	config = engine_config(false);
	use_pool(config, n);
	engine = wasm_engine_new_with_config(config);
	if (!engine) {
		snprintf(err, errlen, "cannot create the Wasmtime engine");
		return -1;
	}
	linker = wasmtime_linker_new(engine);
	error = wasmtime_linker_define_wasi(linker);
	if (!error)
		error = wasi_shim_install(engine, linker);
	if (error) {
		engine_message(error, NULL, msg, sizeof(msg));
		snprintf(err, errlen, "cannot define WASI: %s", msg);
		return -1;
	}
	if (pthread_create(&ticker, NULL, epoch_ticker, NULL) != 0) {
		snprintf(err, errlen, "cannot start the epoch ticker");
		return -1;
	}
	pthread_detach(ticker);
	return 0;
}

wasm_engine_t *engine_get(void)
{
	return engine;
}

wasmtime_linker_t *engine_linker(void)
{
	return linker;
}

size_t engine_capacity(void)
{
	return capacity;
}

wasmtime_error_t *engine_define_func(wasmtime_linker_t *linker,
				     const char *module, const char *name,
				     const char *params,
				     wasmtime_func_callback_t fn, void *env)
{
	wasm_valtype_vec_t param_vec, results;
	wasm_valtype_t *p[16] = { NULL };
	size_t i, n = strlen(params);
	/* A trailing '-': no result (proc_exit). */
	bool none = n && params[n - 1] == '-';

	n -= none;
	wasm_functype_t *type;
	wasmtime_error_t *error;

	if (n > sizeof(p) / sizeof(p[0]))
		return wasmtime_error_new("too many parameters");
	for (i = 0; i < n; i++)
		p[i] = params[i] == 'I' ? wasm_valtype_new_i64() :
					  wasm_valtype_new_i32();
	wasm_valtype_vec_new(&param_vec, n, p);
	wasm_valtype_vec_new_uninitialized(&results, none ? 0 : 1);
	if (!none)
		results.data[0] = wasm_valtype_new_i32();
	type = wasm_functype_new(&param_vec, &results);
	error = wasmtime_linker_define_func(linker, module, strlen(module),
					    name, strlen(name), type, fn, env,
					    NULL);
	wasm_functype_delete(type);
	return error;
}

/*
 * Wasmtime's texts are "error while executing at wasm backtrace:", frames,
 * then "Caused by:" and the reason; compile errors likewise end in the
 * reason. Keep the first line and the reason, on one line.
 */
void engine_message(wasmtime_error_t *error, wasm_trap_t *trap, char *buf,
		    size_t len)
{
	wasm_byte_vec_t msg = { 0, NULL };
	char text[2048], *cause, *nl, *digits;

	if (error) {
		wasmtime_error_message(error, &msg);
		wasmtime_error_delete(error);
	} else if (trap) {
		wasm_trap_message(trap, &msg);
		wasm_trap_delete(trap);
	}
	snprintf(text, sizeof(text), "%.*s", (int)msg.size,
		 msg.data ? msg.data : "");
	wasm_byte_vec_delete(&msg);
	cause = strstr(text, "\nCaused by:");
	if (!cause) {
		text[strcspn(text, "\n")] = '\0';
		snprintf(buf, len, "%s", text);
		return;
	}
	*cause = '\0';
	cause += strlen("\nCaused by:");
	/* The innermost cause is the last line that says anything. */
	while ((nl = strrchr(cause, '\n')) && nl[1 + strspn(nl + 1, " ")] ==
	       '\0')
		*nl = '\0';
	if (nl)
		cause = nl + 1;
	cause += strspn(cause, " ");
	/* "1: reason" when there is more than one cause */
	digits = cause + strspn(cause, "0123456789");
	if (digits != cause && digits[0] == ':')
		cause = digits + 1 + strspn(digits + 1, " ");
	/* A trap's first line is only "error while executing at wasm
	 * backtrace:"; a compile error's says what failed. */
	text[strcspn(text, "\n")] = '\0';
	if (strstr(text, "backtrace") || !text[0])
		snprintf(buf, len, "%s", cause);
	else
		snprintf(buf, len, "%s: %s", text, cause);
}

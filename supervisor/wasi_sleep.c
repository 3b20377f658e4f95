/*
 * wasi_sleep.c - poll_oneoff for clock-only subscriptions, interruptible
 * by the supervisor; see wasi_sleep.h for why.
 *
 * Other polls go to Wasmtime's poll_oneoff, which reads and writes the
 * caller's exported "memory". A host function has no such caller, so the
 * call goes through a trampoline: a 10-instruction module, instantiated
 * once per app in the app's store, that imports the app's memory and the
 * real poll_oneoff and re-exports both.
 *
 * Layouts are WASI preview 1 on wasm32: a subscription is 48 bytes
 * (userdata u64 @0, tag u8 @8, clock id u32 @16, timeout u64 @24,
 * flags u16 @40), an event 32 bytes (userdata u64 @0, error u16 @8,
 * type u8 @10).
 */
#include "wasi_sleep.h"
#include "proc.h"

#include <string.h>
#include <time.h>

#define SUB_SIZE 48
#define EVENT_SIZE 32
#define EVENTTYPE_CLOCK 0
#define CLOCK_REALTIME_ID 0
#define CLOCK_MONOTONIC_ID 1
#define SUBCLOCK_ABSTIME 1

/*
 * (module
 *   (import "wasi_snapshot_preview1" "poll_oneoff"
 *     (func $poll (param i32 i32 i32 i32) (result i32)))
 *   (import "env" "memory" (memory 0))
 *   (func (export "poll") (param i32 i32 i32 i32) (result i32)
 *     local.get 0 local.get 1 local.get 2 local.get 3 call $poll)
 *   (export "memory" (memory 0)))
 */
static const uint8_t trampoline_wasm[] = {
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	/* type section: (i32 i32 i32 i32) -> i32 */
	0x01, 0x09, 0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f,
	/* import section */
	0x02, 0x34, 0x02,
	0x16, 'w', 'a', 's', 'i', '_', 's', 'n', 'a', 'p', 's', 'h', 'o', 't',
	'_', 'p', 'r', 'e', 'v', 'i', 'e', 'w', '1',
	0x0b, 'p', 'o', 'l', 'l', '_', 'o', 'n', 'e', 'o', 'f', 'f', 0x00, 0x00,
	0x03, 'e', 'n', 'v', 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, 0x00,
	/* function section: one function of type 0 */
	0x03, 0x02, 0x01, 0x00,
	/* export section: "poll" = func 1, "memory" = memory 0 */
	0x07, 0x11, 0x02,
	0x04, 'p', 'o', 'l', 'l', 0x00, 0x01,
	0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00,
	/* code section */
	0x0a, 0x0e, 0x01, 0x0c, 0x00,
	0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x03, 0x10, 0x00, 0x0b,
};

static wasmtime_linker_t *wasi_only;		/* never shadowed */
static wasmtime_module_t *trampoline;
static _Thread_local wasmtime_func_t original;	/* per app thread */
static _Thread_local bool have_original;
static _Thread_local wasmtime_func_t bounce;	/* trampoline's "poll" */
static _Thread_local bool have_bounce;

static uint64_t now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));	/* wasm memory is little-endian, as is x86 */
	return v;
}

/* Monotonic deadline of one clock subscription, or 0 if unsupported. */
static uint64_t deadline_of(const uint8_t *sub)
{
	uint32_t id;
	uint16_t flags;
	uint64_t timeout = get_u64(sub + 24), mono = now_ns(CLOCK_MONOTONIC);

	memcpy(&id, sub + 16, sizeof(id));
	memcpy(&flags, sub + 40, sizeof(flags));
	if (!(flags & SUBCLOCK_ABSTIME))
		return mono + timeout;
	if (id == CLOCK_MONOTONIC_ID)
		return timeout;
	if (id == CLOCK_REALTIME_ID) {
		uint64_t real = now_ns(CLOCK_REALTIME);

		return timeout > real ? mono + (timeout - real) : mono;
	}
	return 0;
}

/* Sleeps until the monotonic deadline; false if the app is being killed. */
static bool sleep_until(struct app *app, uint64_t deadline)
{
	struct timespec ts = { (time_t)(deadline / 1000000000u),
			       (long)(deadline % 1000000000u) };
	bool killed;

	pthread_mutex_lock(&app->wait_lock);
	while (!(killed = atomic_load(&app->killing)) &&
	       now_ns(CLOCK_MONOTONIC) < deadline)
		pthread_cond_timedwait(&app->wait_cond, &app->wait_lock, &ts);
	pthread_mutex_unlock(&app->wait_lock);
	return !killed;
}

/* Instantiates the trampoline over the app's memory, once per app. */
static bool bind_bounce(wasmtime_context_t *ctx, const wasmtime_extern_t *mem)
{
	wasmtime_extern_t imports[2], item;
	wasmtime_instance_t inst;
	wasm_trap_t *trap = NULL;
	wasmtime_error_t *error;

	if (have_bounce)
		return true;
	if (!have_original)
		return false;
	imports[0].kind = WASMTIME_EXTERN_FUNC;
	imports[0].of.func = original;
	imports[1] = *mem;
	error = wasmtime_instance_new(ctx, trampoline, imports, 2, &inst, &trap);
	if (error || trap) {
		if (error)
			wasmtime_error_delete(error);
		if (trap)
			wasm_trap_delete(trap);
		return false;
	}
	if (!wasmtime_instance_export_get(ctx, &inst, "poll", 4, &item) ||
	    item.kind != WASMTIME_EXTERN_FUNC)
		return false;
	bounce = item.of.func;
	have_bounce = true;
	return true;
}

static wasm_trap_t *delegate(wasmtime_context_t *ctx, const wasmtime_extern_t *mem,
			     const wasmtime_val_t *args, wasmtime_val_t *results)
{
	wasm_trap_t *trap = NULL;
	wasmtime_error_t *error;

	if (!mem || !bind_bounce(ctx, mem))
		return wasmtime_trap_new("poll_oneoff unavailable", 23);
	error = wasmtime_func_call(ctx, &bounce, args, 4, results, 1, &trap);
	if (error) {
		/* proc_exit inside a poll is impossible; report it as a trap. */
		wasmtime_error_delete(error);
		return wasmtime_trap_new("poll_oneoff failed", 18);
	}
	return trap;
}

static wasm_trap_t *poll_oneoff(void *env, wasmtime_caller_t *caller,
				const wasmtime_val_t *args, size_t nargs,
				wasmtime_val_t *results, size_t nresults)
{
	wasmtime_context_t *ctx = wasmtime_caller_context(caller);
	struct app *app = wasmtime_context_get_data(ctx);
	uint32_t in = (uint32_t)args[0].of.i32, out = (uint32_t)args[1].of.i32;
	uint32_t n = (uint32_t)args[2].of.i32, nout = (uint32_t)args[3].of.i32;
	uint64_t earliest = UINT64_MAX, deadlines[8];
	wasmtime_extern_t mem;
	uint32_t i, fired = 0;
	uint8_t *base;
	size_t size;

	(void)env;
	(void)nargs;
	(void)nresults;
	if (!wasmtime_caller_export_get(caller, "memory", 6, &mem) ||
	    mem.kind != WASMTIME_EXTERN_MEMORY)
		return delegate(ctx, NULL, args, results);
	if (n == 0 || n > 8)
		return delegate(ctx, &mem, args, results);
	base = wasmtime_memory_data(ctx, &mem.of.memory);
	size = wasmtime_memory_data_size(ctx, &mem.of.memory);
	if ((uint64_t)in + (uint64_t)n * SUB_SIZE > size ||
	    (uint64_t)out + (uint64_t)n * EVENT_SIZE > size ||
	    (uint64_t)nout + 4 > size)
		return delegate(ctx, &mem, args, results);	/* EFAULT */
	for (i = 0; i < n; i++) {
		const uint8_t *sub = base + in + i * SUB_SIZE;

		if (sub[8] != EVENTTYPE_CLOCK || !(deadlines[i] = deadline_of(sub)))
			return delegate(ctx, &mem, args, results);
		if (deadlines[i] < earliest)
			earliest = deadlines[i];
	}
	if (!sleep_until(app, earliest))
		return wasmtime_trap_new("app stopped by the supervisor", 29);
	/* Memory cannot have moved: only this thread runs this store. */
	for (i = 0; i < n; i++) {
		uint8_t *ev = base + out + fired * EVENT_SIZE;

		if (deadlines[i] > earliest)
			continue;
		memset(ev, 0, EVENT_SIZE);
		memcpy(ev, base + in + i * SUB_SIZE, 8);	/* userdata */
		ev[10] = EVENTTYPE_CLOCK;
		fired++;
	}
	memcpy(base + nout, &fired, 4);
	results[0].kind = WASMTIME_I32;
	results[0].of.i32 = 0;
	return NULL;
}

wasmtime_error_t *wasi_sleep_install(wasm_engine_t *engine,
				     wasmtime_linker_t *linker)
{
	wasm_valtype_vec_t params, results;
	wasm_valtype_t *p[4];
	wasm_functype_t *type;
	wasmtime_error_t *error;
	int i;

	wasi_only = wasmtime_linker_new(engine);
	error = wasmtime_linker_define_wasi(wasi_only);
	if (!error)
		error = wasmtime_module_new(engine, trampoline_wasm,
					    sizeof(trampoline_wasm), &trampoline);
	if (error)
		return error;
	for (i = 0; i < 4; i++)
		p[i] = wasm_valtype_new_i32();
	wasm_valtype_vec_new(&params, 4, p);
	wasm_valtype_vec_new_uninitialized(&results, 1);
	results.data[0] = wasm_valtype_new_i32();
	type = wasm_functype_new(&params, &results);
	wasmtime_linker_allow_shadowing(linker, true);
	error = wasmtime_linker_define_func(linker, "wasi_snapshot_preview1",
					    22, "poll_oneoff", 11, type,
					    poll_oneoff, NULL, NULL);
	wasmtime_linker_allow_shadowing(linker, false);
	wasm_functype_delete(type);
	return error;
}

void wasi_sleep_attach(wasmtime_context_t *ctx)
{
	wasmtime_extern_t item;

	have_original = wasmtime_linker_get(wasi_only, ctx,
					    "wasi_snapshot_preview1", 22,
					    "poll_oneoff", 11, &item) &&
			item.kind == WASMTIME_EXTERN_FUNC;
	if (have_original)
		original = item.of.func;
	have_bounce = false;
}

void wasi_sleep_wake(struct app *app)
{
	pthread_mutex_lock(&app->wait_lock);
	pthread_cond_broadcast(&app->wait_cond);
	pthread_mutex_unlock(&app->wait_lock);
}

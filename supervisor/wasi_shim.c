/*
 * wasi_shim.c - poll_oneoff, fd_read(0), fd_write(1, 2) and clock_time_get
 * answered by the supervisor; see wasi_shim.h for why.
 *
 * Calls we do not answer go to Wasmtime's own functions, which read and
 * write the caller's exported "memory". A host function has no such
 * caller, so those calls go through a trampoline: a tiny module,
 * instantiated once per app in the app's store, that imports the app's
 * memory and Wasmtime's poll_oneoff, fd_read and fd_write and re-exports
 * them.
 *
 * Layouts are WASI preview 1 on wasm32: a subscription is 48 bytes
 * (userdata u64 @0, tag u8 @8, clock id u32 @16 or fd u32 @16, clock
 * timeout u64 @24, clock flags u16 @40), an event 32 bytes (userdata u64
 * @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24), an iovec
 * 8 bytes (buf u32 @0, len u32 @4).
 */
#include "wasi_shim.h"
#include "proc.h"

#include <string.h>
#include <time.h>

#define SUB_SIZE 48
#define EVENT_SIZE 32
#define IOVEC_SIZE 8
#define MAX_SUBS 16
#define EVENTTYPE_CLOCK 0
#define EVENTTYPE_FD_READ 1
#define EVENTTYPE_FD_WRITE 2
#define CLOCK_REALTIME_ID 0
#define CLOCK_MONOTONIC_ID 1
#define CLOCK_PROCESS_CPUTIME_ID_WASI 2
#define CLOCK_THREAD_CPUTIME_ID_WASI 3
#define SUBCLOCK_ABSTIME 1
#define EVENTRWFLAGS_HANGUP 1
#define ERRNO_FAULT 21
#define ERRNO_INVAL 28

/*
 * (module
 *   (type $t (func (param i32 i32 i32 i32) (result i32)))
 *   (import "wasi_snapshot_preview1" "poll_oneoff" (func (type $t)))
 *   (import "wasi_snapshot_preview1" "fd_read" (func (type $t)))
 *   (import "wasi_snapshot_preview1" "fd_write" (func (type $t)))
 *   (import "env" "memory" (memory 0))
 *   (func (export "poll") (type $t)  ;; and "read", "write" alike:
 *     local.get 0 local.get 1 local.get 2 local.get 3 call 0)
 *   (export "memory" (memory 0)))
 *
 * Encoded by hand (a few lines of Python, not kept) and checked by
 * Wasmtime when wasi_shim_install() compiles it.
 */
static const uint8_t trampoline_wasm[] = {
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x01, 0x60,
	0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x02, 0x77, 0x04, 0x16, 0x77,
	0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74,
	0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x0b, 0x70, 0x6f,
	0x6c, 0x6c, 0x5f, 0x6f, 0x6e, 0x65, 0x6f, 0x66, 0x66, 0x00, 0x00, 0x16,
	0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f,
	0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x07, 0x66,
	0x64, 0x5f, 0x72, 0x65, 0x61, 0x64, 0x00, 0x00, 0x16, 0x77, 0x61, 0x73,
	0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70,
	0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x08, 0x66, 0x64, 0x5f, 0x77,
	0x72, 0x69, 0x74, 0x65, 0x00, 0x00, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d,
	0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x00, 0x03, 0x04, 0x03, 0x00,
	0x00, 0x00, 0x07, 0x20, 0x04, 0x04, 0x70, 0x6f, 0x6c, 0x6c, 0x00, 0x03,
	0x04, 0x72, 0x65, 0x61, 0x64, 0x00, 0x04, 0x05, 0x77, 0x72, 0x69, 0x74,
	0x65, 0x00, 0x05, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00,
	0x0a, 0x28, 0x03, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20,
	0x03, 0x10, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02,
	0x20, 0x03, 0x10, 0x01, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20,
	0x02, 0x20, 0x03, 0x10, 0x02, 0x0b,
};

enum { ORIG_POLL, ORIG_READ, ORIG_WRITE, ORIG_COUNT };

static const char *const names[ORIG_COUNT] = {
	"poll_oneoff", "fd_read", "fd_write",
};
static const char *const bounce_names[ORIG_COUNT] = {
	"poll", "read", "write",
};

/* WASI's monotonic clock counts from here, the same for every app. */
static uint64_t epoch_ns;

static wasmtime_linker_t *wasi_only;		/* never shadowed */
static wasmtime_module_t *trampoline;

/* Per app thread: that app's store. */
static _Thread_local wasmtime_extern_t original[ORIG_COUNT];
static _Thread_local bool have_original;
static _Thread_local wasmtime_func_t bounce[ORIG_COUNT];
static _Thread_local bool have_bounce;

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));	/* wasm and x86 are little-endian */
	return v;
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Instantiates the trampoline over the app's memory, once per app. */
static bool bind_bounce(wasmtime_context_t *ctx, const wasmtime_extern_t *mem)
{
	wasmtime_extern_t imports[ORIG_COUNT + 1], item;
	wasmtime_instance_t inst;
	wasm_trap_t *trap = NULL;
	wasmtime_error_t *error;
	int i;

	if (have_bounce)
		return true;
	if (!have_original)
		return false;
	for (i = 0; i < ORIG_COUNT; i++)
		imports[i] = original[i];
	imports[ORIG_COUNT] = *mem;
	error = wasmtime_instance_new(ctx, trampoline, imports, ORIG_COUNT + 1,
				      &inst, &trap);
	if (error || trap) {
		if (error)
			wasmtime_error_delete(error);
		if (trap)
			wasm_trap_delete(trap);
		return false;
	}
	for (i = 0; i < ORIG_COUNT; i++) {
		if (!wasmtime_instance_export_get(ctx, &inst, bounce_names[i],
						  strlen(bounce_names[i]), &item) ||
		    item.kind != WASMTIME_EXTERN_FUNC)
			return false;
		bounce[i] = item.of.func;
	}
	have_bounce = true;
	return true;
}

static wasm_trap_t *delegate(int which, wasmtime_context_t *ctx,
			     const wasmtime_extern_t *mem,
			     const wasmtime_val_t *args, wasmtime_val_t *results)
{
	wasm_trap_t *trap = NULL;
	wasmtime_error_t *error;

	if (!mem || !bind_bounce(ctx, mem))
		return wasmtime_trap_new("WASI call unavailable", 21);
	error = wasmtime_func_call(ctx, &bounce[which], args, 4, results, 1,
				   &trap);
	if (error) {
		wasmtime_error_delete(error);
		return wasmtime_trap_new("WASI call failed", 16);
	}
	return trap;
}

static wasm_trap_t *stopped(void)
{
	return wasmtime_trap_new("app stopped by the supervisor", 29);
}

static wasm_trap_t *ret(wasmtime_val_t *results, int errno_value)
{
	results[0].kind = WASMTIME_I32;
	results[0].of.i32 = errno_value;
	return NULL;
}

/* The caller's memory, and the app it belongs to. */
static bool caller_memory(wasmtime_caller_t *caller, wasmtime_extern_t *mem,
			  uint8_t **base, size_t *size)
{
	wasmtime_context_t *ctx = wasmtime_caller_context(caller);
	struct app *app = wasmtime_context_get_data(ctx);

	if (!wasmtime_caller_export_get(caller, "memory", 6, mem) ||
	    mem->kind != WASMTIME_EXTERN_MEMORY)
		return false;
	*base = wasmtime_memory_data(ctx, &mem->of.memory);
	*size = wasmtime_memory_data_size(ctx, &mem->of.memory);
	atomic_store(&app->memory_bytes, *size);
	return true;
}

static bool in_bounds(uint64_t off, uint64_t len, size_t size)
{
	return off + len <= size;
}

/* Monotonic deadline of one clock subscription, or 0 if unsupported. */
static uint64_t deadline_of(const uint8_t *sub)
{
	uint32_t id = get_u32(sub + 16);
	uint16_t flags;
	uint64_t timeout = get_u64(sub + 24), mono = monotonic_ns(), real;

	memcpy(&flags, sub + 40, sizeof(flags));
	if (!(flags & SUBCLOCK_ABSTIME))
		return mono + timeout;
	if (id == CLOCK_MONOTONIC_ID)
		return epoch_ns + timeout;
	if (id != CLOCK_REALTIME_ID)
		return 0;
	real = clock_ns(CLOCK_REALTIME);
	return timeout > real ? mono + (timeout - real) : mono;
}

static wasm_trap_t *poll_oneoff(void *env, wasmtime_caller_t *caller,
				const wasmtime_val_t *args, size_t nargs,
				wasmtime_val_t *results, size_t nresults)
{
	wasmtime_context_t *ctx = wasmtime_caller_context(caller);
	struct app *app = wasmtime_context_get_data(ctx);
	uint32_t in = (uint32_t)args[0].of.i32, out = (uint32_t)args[1].of.i32;
	uint32_t n = (uint32_t)args[2].of.i32, nout = (uint32_t)args[3].of.i32;
	uint64_t earliest = 0, deadlines[MAX_SUBS], pending;
	bool stdin_sub = false, write_sub = false, closed;
	wasmtime_extern_t mem;
	uint32_t i, fired = 0;
	uint8_t *base;
	size_t size;

	(void)env;
	(void)nargs;
	(void)nresults;
	if (!caller_memory(caller, &mem, &base, &size))
		return delegate(ORIG_POLL, ctx, NULL, args, results);
	if (n == 0)
		return ret(results, ERRNO_INVAL);
	if (n > MAX_SUBS)
		return delegate(ORIG_POLL, ctx, &mem, args, results);
	if (!in_bounds(in, (uint64_t)n * SUB_SIZE, size) ||
	    !in_bounds(out, (uint64_t)n * EVENT_SIZE, size) ||
	    !in_bounds(nout, 4, size))
		return ret(results, ERRNO_FAULT);
	for (i = 0; i < n; i++) {
		const uint8_t *sub = base + in + i * SUB_SIZE;
		uint32_t fd = get_u32(sub + 16);

		deadlines[i] = 0;
		if (sub[8] == EVENTTYPE_CLOCK) {
			deadlines[i] = deadline_of(sub);
			if (!deadlines[i])
				return delegate(ORIG_POLL, ctx, &mem, args,
						results);
			if (!earliest || deadlines[i] < earliest)
				earliest = deadlines[i];
		} else if (sub[8] == EVENTTYPE_FD_READ && fd == 0) {
			stdin_sub = true;
		} else if (sub[8] == EVENTTYPE_FD_WRITE && (fd == 1 || fd == 2)) {
			write_sub = true;	/* our stdout never blocks */
		} else {
			return delegate(ORIG_POLL, ctx, &mem, args, results);
		}
	}
	if (!write_sub) {
		sched_wait_begin(app);
		if (stdin_sub)
			msgq_wait(&app->inbox, earliest, &app->killing);
		else
			msgq_sleep(&app->inbox, earliest, &app->killing);
		sched_wait_end(app);
	}
	if (atomic_load(&app->killing))
		return stopped();
	pending = msgq_pending(&app->inbox, &closed);
	/* Memory cannot have moved: only this thread runs this store. */
	for (i = 0; i < n; i++) {
		const uint8_t *sub = base + in + i * SUB_SIZE;
		uint8_t *ev = base + out + fired * EVENT_SIZE;
		bool ready;

		if (sub[8] == EVENTTYPE_CLOCK)
			ready = monotonic_ns() >= deadlines[i];
		else if (sub[8] == EVENTTYPE_FD_READ)
			ready = pending || closed;
		else
			ready = true;
		if (!ready)
			continue;
		memset(ev, 0, EVENT_SIZE);
		memcpy(ev, sub, 8);	/* userdata */
		ev[10] = sub[8];
		if (sub[8] == EVENTTYPE_FD_READ) {
			memcpy(ev + 16, &pending, 8);
			if (closed && !pending)
				ev[24] = EVENTRWFLAGS_HANGUP;
		}
		fired++;
	}
	memcpy(base + nout, &fired, 4);
	return ret(results, 0);
}

/* An fd_read or fd_write call: its app, memory and checked iovecs. */
struct iov_call {
	wasmtime_context_t *ctx;
	struct app *app;
	uint8_t *base;
	uint32_t fd, iovs, count, result;
};

/*
 * Takes fd_read/fd_write arguments. If fd is ours (first_fd..last_fd)
 * and every iovec lies in memory, fills *c and returns true. Otherwise
 * the call is answered here (Wasmtime's own function for other fds,
 * EFAULT for bad pointers) and *answer is what to return.
 */
static bool iov_begin(int which, wasmtime_caller_t *caller,
		      const wasmtime_val_t *args, wasmtime_val_t *results,
		      uint32_t first_fd, uint32_t last_fd, struct iov_call *c,
		      wasm_trap_t **answer)
{
	wasmtime_extern_t mem;
	size_t size;
	uint32_t i;

	c->ctx = wasmtime_caller_context(caller);
	c->app = wasmtime_context_get_data(c->ctx);
	c->fd = (uint32_t)args[0].of.i32;
	c->iovs = (uint32_t)args[1].of.i32;
	c->count = (uint32_t)args[2].of.i32;
	c->result = (uint32_t)args[3].of.i32;
	if (!caller_memory(caller, &mem, &c->base, &size)) {
		*answer = delegate(which, c->ctx, NULL, args, results);
		return false;
	}
	if (c->fd < first_fd || c->fd > last_fd) {
		*answer = delegate(which, c->ctx, &mem, args, results);
		return false;
	}
	*answer = ret(results, ERRNO_FAULT);
	if (!in_bounds(c->iovs, (uint64_t)c->count * IOVEC_SIZE, size) ||
	    !in_bounds(c->result, 4, size))
		return false;
	for (i = 0; i < c->count; i++)
		if (!in_bounds(get_u32(c->base + c->iovs + i * IOVEC_SIZE),
			       get_u32(c->base + c->iovs + i * IOVEC_SIZE + 4),
			       size))
			return false;
	*answer = NULL;
	return true;
}

/* The i-th iovec's buffer (in memory) and length. */
static uint8_t *iov_at(const struct iov_call *c, uint32_t i, uint32_t *len)
{
	*len = get_u32(c->base + c->iovs + i * IOVEC_SIZE + 4);
	return c->base + get_u32(c->base + c->iovs + i * IOVEC_SIZE);
}

static wasm_trap_t *fd_read(void *env, wasmtime_caller_t *caller,
			    const wasmtime_val_t *args, size_t nargs,
			    wasmtime_val_t *results, size_t nresults)
{
	struct iov_call c;
	wasm_trap_t *answer;
	uint32_t i, len, total = 0;

	(void)env;
	(void)nargs;
	(void)nresults;
	if (!iov_begin(ORIG_READ, caller, args, results, 0, 0, &c, &answer))
		return answer;
	/* Blocks like a pipe: until a line arrives or stdin is closed. */
	if (!msgq_readable(&c.app->inbox)) {
		sched_wait_begin(c.app);
		msgq_wait(&c.app->inbox, 0, &c.app->killing);
		sched_wait_end(c.app);
	}
	if (atomic_load(&c.app->killing))
		return stopped();
	for (i = 0; i < c.count; i++) {
		uint8_t *buf = iov_at(&c, i, &len);
		size_t got = msgq_pop(&c.app->inbox, (char *)buf, len);

		total += (uint32_t)got;
		if (got < len)
			break;
	}
	memcpy(c.base + c.result, &total, 4);
	return ret(results, 0);
}

/*
 * stdout and stderr go straight to the supervisor's line splitter: the
 * protocol is these writes, and Wasmtime's own fd_write costs a Tokio
 * round trip (tens of microseconds) per call.
 */
static wasm_trap_t *fd_write(void *env, wasmtime_caller_t *caller,
			     const wasmtime_val_t *args, size_t nargs,
			     wasmtime_val_t *results, size_t nresults)
{
	struct iov_call c;
	wasm_trap_t *answer;
	uint32_t i, len, total = 0;

	(void)env;
	(void)nargs;
	(void)nresults;
	if (!iov_begin(ORIG_WRITE, caller, args, results, 1, 2, &c, &answer))
		return answer;
	if (atomic_load(&c.app->killing))
		return stopped();
	for (i = 0; i < c.count; i++) {
		uint8_t *buf = iov_at(&c, i, &len);

		proc_output(c.app, c.fd == 1, buf, len);
		total += len;
	}
	memcpy(c.base + c.result, &total, 4);
	return ret(results, 0);
}


/*
 * Wasmtime's monotonic clock starts at each app's creation, so two apps'
 * timestamps cannot be compared, and poll_oneoff deadlines would need to
 * know that epoch. Ours is one clock for all: the supervisor's start.
 */
static wasm_trap_t *clock_time_get(void *env, wasmtime_caller_t *caller,
				   const wasmtime_val_t *args, size_t nargs,
				   wasmtime_val_t *results, size_t nresults)
{
	uint32_t id = (uint32_t)args[0].of.i32;
	uint32_t out = (uint32_t)args[2].of.i32;
	wasmtime_extern_t mem;
	uint64_t ns;
	uint8_t *base;
	size_t size;

	(void)env;
	(void)nargs;
	(void)nresults;
	if (!caller_memory(caller, &mem, &base, &size))
		return wasmtime_trap_new("no memory", 9);
	if (!in_bounds(out, 8, size))
		return ret(results, ERRNO_FAULT);
	switch (id) {
	case CLOCK_REALTIME_ID:
		ns = clock_ns(CLOCK_REALTIME);
		break;
	case CLOCK_MONOTONIC_ID:
		ns = monotonic_ns() - epoch_ns;
		break;
	case CLOCK_PROCESS_CPUTIME_ID_WASI:
	case CLOCK_THREAD_CPUTIME_ID_WASI:
		/* An app is one thread: both are its thread's CPU time. */
		ns = clock_ns(CLOCK_THREAD_CPUTIME_ID);
		break;
	default:
		return ret(results, ERRNO_INVAL);
	}
	memcpy(base + out, &ns, 8);
	return ret(results, 0);
}

static wasmtime_error_t *shadow(wasmtime_linker_t *linker, const char *name,
				const wasm_valkind_t *kinds, size_t nparams,
				wasmtime_func_callback_t cb)
{
	wasm_valtype_vec_t params, results;
	wasm_valtype_t *p[4];
	wasm_functype_t *type;
	wasmtime_error_t *error;
	size_t i;

	for (i = 0; i < nparams; i++)
		p[i] = wasm_valtype_new(kinds[i]);
	wasm_valtype_vec_new(&params, nparams, p);
	wasm_valtype_vec_new_uninitialized(&results, 1);
	results.data[0] = wasm_valtype_new_i32();
	type = wasm_functype_new(&params, &results);
	error = wasmtime_linker_define_func(linker, "wasi_snapshot_preview1",
					    22, name, strlen(name), type, cb,
					    NULL, NULL);
	wasm_functype_delete(type);
	return error;
}

wasmtime_error_t *wasi_shim_install(wasm_engine_t *engine,
				    wasmtime_linker_t *linker)
{
	static const wasm_valkind_t four_i32[] = {
		WASM_I32, WASM_I32, WASM_I32, WASM_I32,
	};
	static const wasm_valkind_t clock_args[] = {
		WASM_I32, WASM_I64, WASM_I32,
	};
	wasmtime_error_t *error;

	wasi_only = wasmtime_linker_new(engine);
	error = wasmtime_linker_define_wasi(wasi_only);
	if (!error)
		error = wasmtime_module_new(engine, trampoline_wasm,
					    sizeof(trampoline_wasm), &trampoline);
	if (error)
		return error;
	epoch_ns = monotonic_ns();
	wasmtime_linker_allow_shadowing(linker, true);
	error = shadow(linker, "poll_oneoff", four_i32, 4, poll_oneoff);
	if (!error)
		error = shadow(linker, "fd_read", four_i32, 4, fd_read);
	if (!error)
		error = shadow(linker, "fd_write", four_i32, 4, fd_write);
	if (!error)
		error = shadow(linker, "clock_time_get", clock_args, 3,
			       clock_time_get);
	wasmtime_linker_allow_shadowing(linker, false);
	return error;
}

void wasi_shim_attach(wasmtime_context_t *ctx)
{
	int i;

	have_original = true;
	for (i = 0; i < ORIG_COUNT; i++)
		have_original &= wasmtime_linker_get(wasi_only, ctx,
						     "wasi_snapshot_preview1",
						     22, names[i],
						     strlen(names[i]),
						     &original[i]) &&
				 original[i].kind == WASMTIME_EXTERN_FUNC;
	have_bounce = false;
}

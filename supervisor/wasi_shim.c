/*
 * wasi_shim.c - the WASI calls the supervisor answers itself (see
 * wasi_shim.h for why), as one table: each entry names the call, its
 * parameter types and our handler. Calls we only watch (opening and
 * closing descriptors, to count them against the app's limit) are passed
 * on to Wasmtime's own function through the bounce module
 * (trampoline.h), which is built from the same table.
 *
 * Every pointer and length here comes from the app and is hostile: all
 * of them go through guest.h, which copies arrays out of the app's memory
 * once, checks them without overflow, and hands back only copies. Bytes
 * the app writes are copied out before the supervisor reads a line of
 * them; nothing downstream ever sees a pointer into the app's memory.
 */
#include "wasi_shim.h"
#include "engine.h"
#include "guest.h"
#include "log.h"
#include "membudget.h"
#include "net.h"
#include "output.h"
#include "pipe.h"
#include "proc.h"
#include "quota.h"
#include "stream.h"
#include "trampoline.h"
#include "userfiles.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define CLOCK_REALTIME_ID 0
#define CLOCK_MONOTONIC_ID 1
#define CLOCK_PROCESS_CPUTIME_ID_WASI 2
#define CLOCK_THREAD_CPUTIME_ID_WASI 3
/* One fd_write on stdout or stderr takes at most this much; the rest is
 * a short write, as a pipe would give, so aliased iovecs asking for
 * terabytes cost one megabyte of work per call. */
#define WRITE_MAX (1u << 20)
#define IOV_ON_STACK 8
#define WRITE_PIECE 65536	/* between checks for being stopped */

typedef wasm_trap_t *(*shim_fn)(wasmtime_caller_t *caller,
				const wasmtime_val_t *args,
				wasmtime_val_t *results);

/* The calls passed on to Wasmtime, in bounce-module order. */
enum {
	WASI_FD_READ, WASI_FD_WRITE, WASI_PATH_OPEN, WASI_FD_CLOSE,
	WASI_FD_RENUMBER, WASI_FD_FDSTAT_GET, WASI_FD_FILESTAT_GET,
	WASI_FD_FDSTAT_SET_FLAGS, WASI_FD_READDIR, WASI_COUNT
};

static const struct trampoline_func wasi_funcs[WASI_COUNT] = {
	[WASI_FD_READ] = { "fd_read", "iiii" },
	[WASI_FD_WRITE] = { "fd_write", "iiii" },
	[WASI_PATH_OPEN] = { "path_open", "iiiiiIIii" },
	[WASI_FD_CLOSE] = { "fd_close", "i" },
	[WASI_FD_RENUMBER] = { "fd_renumber", "ii" },
	[WASI_FD_FDSTAT_GET] = { "fd_fdstat_get", "ii" },
	[WASI_FD_FILESTAT_GET] = { "fd_filestat_get", "ii" },
	[WASI_FD_FDSTAT_SET_FLAGS] = { "fd_fdstat_set_flags", "ii" },
	[WASI_FD_READDIR] = { "fd_readdir", "iiiIi" },
};

/* WASI's monotonic clock counts from here, the same for every app. */
static uint64_t epoch_ns;

static wasmtime_linker_t *wasi_only;		/* never shadowed */
static wasmtime_module_t *bounce_module;

/* Per app thread: that app's store. */
static _Thread_local wasmtime_extern_t original[WASI_COUNT];
static _Thread_local bool have_original;
static _Thread_local wasmtime_func_t bounce[WASI_COUNT];
static _Thread_local bool have_bounce;

/* Descriptors all apps hold together, against the supervisor's own
 * limit, so that many apps at their limits still leave it room. */
static atomic_uint files_in_use;
static unsigned files_budget = 1u << 20;

/* ---- plumbing ------------------------------------------------------------ */

static struct app *app_of(wasmtime_caller_t *caller)
{
	return wasmtime_context_get_data(wasmtime_caller_context(caller));
}

/* The caller's memory as it is now (it cannot move during our call:
 * only this thread runs this store, and we never call back into it
 * except through the bounce module, after which we look again). */
static bool caller_memory(wasmtime_caller_t *caller, wasmtime_extern_t *ext,
			  struct guest_mem *mem)
{
	wasmtime_context_t *ctx = wasmtime_caller_context(caller);

	if (!wasmtime_caller_export_get(caller, "memory", 6, ext) ||
	    ext->kind != WASMTIME_EXTERN_MEMORY)
		return false;
	mem->base = wasmtime_memory_data(ctx, &ext->of.memory);
	mem->size = wasmtime_memory_data_size(ctx, &ext->of.memory);
	/* Past the machine's budget: the next epoch check stops it. */
	if (!membudget_note(app_of(caller), mem->size))
		atomic_store(&app_of(caller)->over_budget, true);
	return true;
}

/* Instantiates the bounce module over the app's memory, once per run. */
static bool bind_bounce(wasmtime_context_t *ctx, const wasmtime_extern_t *mem)
{
	wasmtime_extern_t imports[WASI_COUNT + 1], item;
	wasmtime_instance_t inst;
	wasm_trap_t *trap = NULL;
	wasmtime_error_t *error;
	int i;

	if (have_bounce)
		return true;
	if (!have_original)
		return false;
	for (i = 0; i < WASI_COUNT; i++)
		imports[i] = original[i];
	imports[WASI_COUNT] = *mem;
	error = wasmtime_instance_new(ctx, bounce_module, imports,
				      WASI_COUNT + 1, &inst, &trap);
	if (error || trap) {
		if (error)
			wasmtime_error_delete(error);
		if (trap)
			wasm_trap_delete(trap);
		return false;
	}
	for (i = 0; i < WASI_COUNT; i++) {
		const char *name = wasi_funcs[i].name;

		if (!wasmtime_instance_export_get(ctx, &inst, name,
						  strlen(name), &item) ||
		    item.kind != WASMTIME_EXTERN_FUNC)
			return false;
		bounce[i] = item.of.func;
	}
	have_bounce = true;
	return true;
}

/* Wasmtime's own implementation of call `which`, on the app's memory. */
static wasm_trap_t *delegate(int which, wasmtime_caller_t *caller,
			     const wasmtime_val_t *args,
			     wasmtime_val_t *results)
{
	wasmtime_context_t *ctx = wasmtime_caller_context(caller);
	wasmtime_extern_t ext;
	struct guest_mem mem;
	wasm_trap_t *trap = NULL;
	wasmtime_error_t *error;

	if (!caller_memory(caller, &ext, &mem) || !bind_bounce(ctx, &ext))
		return wasmtime_trap_new("WASI call unavailable", 21);
	error = wasmtime_func_call(ctx, &bounce[which], args,
				   strlen(wasi_funcs[which].params), results,
				   1, &trap);
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

static uint32_t arg32(const wasmtime_val_t *args, int i)
{
	return (uint32_t)args[i].of.i32;
}

/* ---- poll_oneoff ---------------------------------------------------------- */

/* What one subscription waits on, sorted out once. */
struct sub_plan {
	struct stream *stream;	/* one of the app's, or NULL */
	int net_fd;		/* the host socket of one of its sockets, or -1 */
	uint64_t deadline;	/* clocks: monotonic ns, UINT64_MAX: never */
	bool watched;		/* its pipe wakes this thread */
};

/*
 * Fills events for the subscriptions that are ready now; returns how
 * many. Clocks past their deadline, streams with bytes, room or an end,
 * and everything else at once: files are always ready (as POSIX poll
 * says of regular files) and a descriptor the app does not hold is
 * answered EBADF.
 */
static uint32_t poll_ready(struct app *app, const struct guest_sub *subs,
			   const struct sub_plan *plan, uint32_t n,
			   struct guest_event *events)
{
	uint64_t mono = monotonic_ns();
	uint32_t i, fired = 0;

	for (i = 0; i < n; i++) {
		const struct guest_sub *s = &subs[i];
		struct guest_event *e = &events[fired];
		struct stream *st = plan[i].stream;
		bool ready = true, eof;
		size_t pending;

		memset(e, 0, sizeof(*e));
		e->userdata = s->userdata;
		e->type = (uint8_t)s->kind;
		if (s->kind == GUEST_SUB_CLOCK) {
			if (s->clock_id > CLOCK_MONOTONIC_ID)
				e->error = GUEST_ERRNO_NOTSUP;
			else
				ready = mono >= plan[i].deadline;
		} else if (plan[i].net_fd >= 0) {
			bool hup;

			ready = net_ready(plan[i].net_fd,
					  s->kind == GUEST_SUB_FD_READ,
					  &e->nbytes, &hup);
			e->hangup = hup;
		} else if (st && s->kind == GUEST_SUB_FD_READ) {
			if (!st->input) {
				e->error = GUEST_ERRNO_BADF;
			} else {
				pending = stream_ready(app, st, &eof);
				ready = pending || eof;
				e->nbytes = pending;
				e->hangup = eof && !pending;
			}
		} else if (st) {
			if (st->input)
				e->error = GUEST_ERRNO_BADF;
			else
				ready = stream_writable(st);
		} else if (!fdset_has(&app->io.fds, s->fd)) {
			e->error = GUEST_ERRNO_BADF;
		}
		if (ready)
			fired++;
	}
	return fired;
}

/* The earlier of a deadline and the end of the next slice (0: none). */
static uint64_t slice_deadline(uint64_t deadline, uint64_t slice,
			       unsigned *tries)
{
	uint64_t step = stream_backoff(slice, tries), until;

	if (!step)
		return deadline;
	until = monotonic_ns() + step;
	return until < deadline ? until : deadline;
}

/*
 * Every subscription is answered here, however many (up to
 * GUEST_SUBS_MAX), so every wait can be interrupted. The wait is one
 * sleep on the app's queue, which its messages, the pipes it polls and a
 * stop all wake; host descriptors (a --run command's stdio) are looked
 * at again every slice. With sockets among them, the sleep is in
 * poll(2) on the sockets, the host descriptors and an eventfd the queue
 * signals (net.h), so nothing waits for a slice.
 */
static wasm_trap_t *poll_oneoff(wasmtime_caller_t *caller,
				const wasmtime_val_t *args,
				wasmtime_val_t *results)
{
	struct app *app = app_of(caller);
	uint32_t in = arg32(args, 0), out = arg32(args, 1);
	uint32_t n = arg32(args, 2), nout = arg32(args, 3);
	uint64_t earliest = UINT64_MAX, slice = 0, polled_slice = 0, need;
	struct guest_event *events = NULL;
	struct guest_sub *subs = NULL;
	struct sub_plan *plan = NULL;
	struct pollfd *hosts = NULL;	/* sockets and host streams */
	size_t nhosts = 0;
	wasmtime_extern_t ext;
	struct guest_mem mem;
	uint32_t i, fired = 0;
	bool sockets = false;
	int err;

	if (!caller_memory(caller, &ext, &mem))
		return ret(results, GUEST_ERRNO_FAULT);
	if (n == 0 || n > GUEST_SUBS_MAX)
		return ret(results, GUEST_ERRNO_INVAL);
	if (!guest_range_ok(&mem, out, (uint64_t)n * GUEST_EVENT_SIZE) ||
	    !guest_range_ok(&mem, nout, 4))
		return ret(results, GUEST_ERRNO_FAULT);
	subs = malloc(n * sizeof(*subs));
	plan = calloc(n, sizeof(*plan));
	events = malloc(n * sizeof(*events));
	hosts = malloc(n * sizeof(*hosts));
	if (!subs || !plan || !events || !hosts) {
		err = GUEST_ERRNO_FAULT;
		goto out;
	}
	err = guest_subscriptions(&mem, in, n, subs);
	if (err)
		goto out;
	for (i = 0; i < n; i++) {
		struct sub_plan *p = &plan[i];

		p->deadline = UINT64_MAX;
		p->net_fd = -1;
		if (subs[i].kind == GUEST_SUB_CLOCK) {
			/* NOTSUP clocks are answered at once. */
			if (guest_clock_deadline(&subs[i], monotonic_ns(),
						 clock_ns(CLOCK_REALTIME),
						 epoch_ns, &p->deadline) &&
			    p->deadline < earliest)
				earliest = p->deadline;
			continue;
		}
		p->net_fd = net_host_fd(app, subs[i].fd);
		if (p->net_fd >= 0) {
			sockets = true;
			hosts[nhosts++] = (struct pollfd){
				.fd = p->net_fd,
				.events = subs[i].kind == GUEST_SUB_FD_READ ?
					  POLLIN | POLLRDHUP : POLLOUT };
			continue;
		}
		p->stream = stream_at(app, subs[i].fd);
		if (!p->stream)
			continue;
		if (p->stream->kind == STREAM_PIPE)
			p->watched = pipe_watch(p->stream->pipe, &app->inbox);
		/* The shortest slice any of them needs; in poll(2) beside
		 * sockets, a host stream needs none. */
		need = stream_slice_ns(p->stream, p->watched);
		if (p->stream->kind == STREAM_HOST)
			hosts[nhosts++] = (struct pollfd){
				.fd = p->stream->host_fd,
				.events = p->stream->input ? POLLIN : POLLOUT };
		else if (need && (!polled_slice || need < polled_slice))
			polled_slice = need;
		if (need && (!slice || need < slice))
			slice = need;
	}
	for (unsigned tries = 0;;) {
		unsigned long seen = msgq_changes(&app->inbox);

		fired = poll_ready(app, subs, plan, n, events);
		if (fired || atomic_load(&app->killing))
			break;
		sched_wait_begin(app);
		if (sockets)
			net_sleep(app, hosts, nhosts,
				  slice_deadline(earliest, polled_slice,
						 &tries));
		else
			stream_sleep(app, seen, earliest,
				     stream_backoff(slice, &tries));
		sched_wait_end(app);
	}
	for (i = 0; i < n; i++)
		if (plan[i].watched)
			pipe_unwatch(plan[i].stream->pipe, &app->inbox);
	if (atomic_load(&app->killing)) {
		free(subs);
		free(plan);
		free(events);
		free(hosts);
		return stopped();
	}
	err = guest_events(&mem, out, events, fired);
	if (!err)
		err = guest_write(&mem, nout, &fired, 4);
out:
	free(subs);
	free(plan);
	free(events);
	free(hosts);
	return ret(results, err);
}

/* ---- stdio ---------------------------------------------------------------- */

/*
 * The iovecs of an fd_read or fd_write (args: fd, iovs, count, result),
 * copied and checked, with the result pointer checked too: in small if
 * they fit, else on the heap (release with iovecs_free). NULL with *err
 * set when the app's pointers are bad.
 */
static struct guest_iov *iovecs_in(const struct guest_mem *mem,
				   const wasmtime_val_t *args,
				   struct guest_iov *small, int *err)
{
	uint32_t count = arg32(args, 2);
	struct guest_iov *iov = small;

	*err = GUEST_ERRNO_INVAL;
	if (count > GUEST_IOV_MAX)
		return NULL;
	if (count > IOV_ON_STACK && !(iov = malloc(count * sizeof(*iov)))) {
		*err = GUEST_ERRNO_FAULT;
		return NULL;
	}
	*err = guest_iovecs(mem, arg32(args, 1), count, iov);
	if (!*err && !guest_range_ok(mem, arg32(args, 3), 4))
		*err = GUEST_ERRNO_FAULT;
	if (!*err)
		return iov;
	if (iov != small)
		free(iov);
	return NULL;
}

static void iovecs_free(struct guest_iov *iov, struct guest_iov *small)
{
	if (iov != small)
		free(iov);
}

/* ---- sockets (net.h) ------------------------------------------------------ */

/* The result of a socket call: NET_STOPPED traps, else an errno. */
static wasm_trap_t *net_ret(wasmtime_val_t *results, int err)
{
	return err == NET_STOPPED ? stopped() : ret(results, err);
}

/*
 * fd_read, fd_write, sock_recv and sock_send on a socket: args are fd,
 * iovecs, count, then for sock_* their flags; the byte count goes to
 * args[result], and for sock_recv its output flags (none) to the next.
 */
static wasm_trap_t *socket_transfer(wasmtime_caller_t *caller,
				    const wasmtime_val_t *args,
				    wasmtime_val_t *results, bool sending,
				    unsigned flags, int result)
{
	struct app *app = app_of(caller);
	uint32_t count = arg32(args, 2), done = 0, none = 0;
	struct guest_iov small[IOV_ON_STACK], *iov = small;
	wasmtime_extern_t ext;
	struct guest_mem mem;
	bool recv_flags = !sending && result == 4;
	int err;

	if (!caller_memory(caller, &ext, &mem))
		return ret(results, GUEST_ERRNO_FAULT);
	if (count > GUEST_IOV_MAX)
		return ret(results, GUEST_ERRNO_INVAL);
	if (!guest_range_ok(&mem, arg32(args, result), 4) ||
	    (recv_flags && !guest_range_ok(&mem, arg32(args, 5), 2)))
		return ret(results, GUEST_ERRNO_FAULT);
	if (count > IOV_ON_STACK && !(iov = malloc(count * sizeof(*iov))))
		return ret(results, GUEST_ERRNO_NOMEM);
	err = guest_iovecs(&mem, arg32(args, 1), count, iov);
	if (!err)
		err = sending ? net_send(app, arg32(args, 0), &mem, iov, count,
					 &done)
			      : net_recv(app, arg32(args, 0), &mem, iov, count,
					 flags, &done);
	iovecs_free(iov, small);
	if (err)
		return net_ret(results, err);
	err = guest_write(&mem, arg32(args, result), &done, 4);
	if (!err && recv_flags)
		err = guest_write(&mem, arg32(args, 5), &none, 2);
	return ret(results, err);
}

static wasm_trap_t *socket_io(wasmtime_caller_t *caller,
			      const wasmtime_val_t *args,
			      wasmtime_val_t *results, bool sending)
{
	return socket_transfer(caller, args, results, sending, 0, 3);
}

/* Not a socket: ENOTSOCK for a descriptor it holds, else EBADF. */
static wasm_trap_t *not_socket(struct app *app, uint32_t fd,
			       wasmtime_val_t *results)
{
	return ret(results, fdset_has(&app->io.fds, fd) ? GUEST_ERRNO_NOTSOCK :
							  GUEST_ERRNO_BADF);
}

/* sock_recv(fd, iovs, count, riflags, *datalen, *roflags) */
static wasm_trap_t *sock_recv(wasmtime_caller_t *caller,
			      const wasmtime_val_t *args,
			      wasmtime_val_t *results)
{
	struct app *app = app_of(caller);
	uint32_t flags = arg32(args, 3);

	if (net_host_fd(app, arg32(args, 0)) < 0)
		return not_socket(app, arg32(args, 0), results);
	if (flags & ~(uint32_t)(NET_RECV_PEEK | NET_RECV_WAITALL))
		return ret(results, GUEST_ERRNO_INVAL);
	return socket_transfer(caller, args, results, false, flags, 4);
}

/* sock_send(fd, iovs, count, siflags, *datalen) */
static wasm_trap_t *sock_send(wasmtime_caller_t *caller,
			      const wasmtime_val_t *args,
			      wasmtime_val_t *results)
{
	struct app *app = app_of(caller);

	if (net_host_fd(app, arg32(args, 0)) < 0)
		return not_socket(app, arg32(args, 0), results);
	if (arg32(args, 3))
		return ret(results, GUEST_ERRNO_INVAL);
	return socket_transfer(caller, args, results, true, 0, 4);
}

/* sock_shutdown(fd, sdflags) */
static wasm_trap_t *sock_shutdown(wasmtime_caller_t *caller,
				  const wasmtime_val_t *args,
				  wasmtime_val_t *results)
{
	struct app *app = app_of(caller);

	if (net_host_fd(app, arg32(args, 0)) < 0)
		return not_socket(app, arg32(args, 0), results);
	return ret(results, net_shutdown(app, arg32(args, 0), arg32(args, 1)));
}

/* sock_accept(fd, fdflags, *fd) */
static wasm_trap_t *sock_accept(wasmtime_caller_t *caller,
				const wasmtime_val_t *args,
				wasmtime_val_t *results)
{
	struct app *app = app_of(caller);
	wasmtime_extern_t ext;
	struct guest_mem mem;
	uint32_t client;
	int err;

	if (net_host_fd(app, arg32(args, 0)) < 0)
		return not_socket(app, arg32(args, 0), results);
	if (!caller_memory(caller, &ext, &mem) ||
	    !guest_range_ok(&mem, arg32(args, 2), 4))
		return ret(results, GUEST_ERRNO_FAULT);
	err = net_accept(app, arg32(args, 0), arg32(args, 1), &client);
	if (err)
		return net_ret(results, err);
	/* The new socket's memory was checked above; it cannot have
	 * shrunk (only this thread runs the app). */
	return ret(results, guest_write(&mem, arg32(args, 2), &client, 4));
}

/* fd_fdstat_set_flags: O_NONBLOCK on a socket; the rest is Wasmtime's. */
static wasm_trap_t *fd_fdstat_set_flags(wasmtime_caller_t *caller,
					const wasmtime_val_t *args,
					wasmtime_val_t *results)
{
	struct app *app = app_of(caller);

	if (net_host_fd(app, arg32(args, 0)) < 0)
		return delegate(WASI_FD_FDSTAT_SET_FLAGS, caller, args,
				results);
	return ret(results, net_set_flags(app, arg32(args, 0),
					  arg32(args, 1) & 0xffff));
}

/*
 * A read from one of Wasmtime's descriptors. Wasmtime answers a read
 * from a directory with EBADF where Linux says EISDIR, and every tool's
 * message ("cat: dir: Is a directory") follows the errno. Only on that
 * error, the descriptor is asked for its entries with a zero-length
 * buffer, which succeeds for a directory alone; the count it writes
 * (0) goes where this read's own count would, four bytes the app gave
 * us.
 */
static wasm_trap_t *read_descriptor(wasmtime_caller_t *caller,
				    const wasmtime_val_t *args,
				    wasmtime_val_t *results)
{
	wasmtime_val_t probe[5], probe_result;
	wasmtime_extern_t ext;
	struct guest_mem mem;
	uint32_t zero = 0;
	wasm_trap_t *trap;

	trap = delegate(WASI_FD_READ, caller, args, results);
	if (trap || results[0].of.i32 != GUEST_ERRNO_BADF)
		return trap;
	/* Wasmtime traps on a count it cannot write: such a read keeps its
	 * EBADF rather than dying for asking. */
	if (arg32(args, 3) % 4 || !caller_memory(caller, &ext, &mem) ||
	    guest_write(&mem, arg32(args, 3), &zero, 4))
		return NULL;
	probe[0] = args[0];
	probe[1].kind = WASMTIME_I32;
	probe[1].of.i32 = 0;
	probe[2] = probe[1];
	probe[3].kind = WASMTIME_I64;
	probe[3].of.i64 = 0;
	probe[4] = args[3];
	trap = delegate(WASI_FD_READDIR, caller, probe, &probe_result);
	if (trap)
		return trap;
	if (probe_result.of.i32 == 0)
		results[0].of.i32 = GUEST_ERRNO_ISDIR;
	return NULL;
}

/* stdin is a stream: blocks like a pipe until bytes arrive or it ends.
 * Other descriptors are Wasmtime's. */
static wasm_trap_t *fd_read(wasmtime_caller_t *caller,
			    const wasmtime_val_t *args,
			    wasmtime_val_t *results)
{
	struct app *app = app_of(caller);
	struct stream *in = stream_at(app, arg32(args, 0));
	struct guest_iov small[IOV_ON_STACK], *iov;
	uint32_t i, count = arg32(args, 2), total = 0;
	wasmtime_extern_t ext;
	struct guest_mem mem;
	size_t ready;
	bool eof;
	int err = 0;

	if (!in && net_host_fd(app, arg32(args, 0)) >= 0)
		return socket_io(caller, args, results, false);
	if (!in)
		return read_descriptor(caller, args, results);
	if (!in->input)
		return ret(results, GUEST_ERRNO_BADF);
	if (!caller_memory(caller, &ext, &mem))
		return ret(results, GUEST_ERRNO_FAULT);
	iov = iovecs_in(&mem, args, small, &err);
	if (!iov)
		return ret(results, err);
	/* Another holder of the same pipe end may take the bytes first:
	 * then this read waits again, as a blocking read would. */
	do {
		ready = stream_ready(app, in, &eof);
		if (!ready && !eof) {
			sched_wait_begin(app);
			ready = stream_wait(app, in, 0, &eof);
			sched_wait_end(app);
		}
		if (atomic_load(&app->killing)) {
			iovecs_free(iov, small);
			return stopped();
		}
		err = 0;
		/* The iovecs are our copies: a buffer overlapping the iovec
		 * array can only change the app's memory, never where we
		 * write next. Only what is known to be ready is read past
		 * the first buffer, so a read never blocks once it has
		 * bytes. */
		for (i = 0; i < count && (i == 0 || total < ready); i++) {
			long got = stream_read(app, in, (char *)mem.base +
							iov[i].off,
					       iov[i].len);

			if (got < 0) {
				if (!total)
					err = (int)-got;
				break;
			}
			total += (uint32_t)got;
			if ((size_t)got < iov[i].len)
				break;
		}
	} while (err == GUEST_ERRNO_AGAIN);
	iovecs_free(iov, small);
	if (err)
		return ret(results, err);
	return ret(results, guest_write(&mem, arg32(args, 3), &total, 4));
}

/*
 * A write to a file is Wasmtime's. Wasmtime 48 reports the kernel's
 * EDQUOT as EIO, so an EIO from an app whose disk quota the write would
 * exceed is told as EDQUOT. (Wasmtime writes the first non-empty iovec.)
 */
static wasm_trap_t *file_write(struct app *app, wasmtime_caller_t *caller,
			       const wasmtime_val_t *args,
			       wasmtime_val_t *results)
{
	struct guest_iov small[IOV_ON_STACK], *iov;
	wasm_trap_t *trap = delegate(WASI_FD_WRITE, caller, args, results);
	wasmtime_extern_t ext;
	struct guest_mem mem;
	uint64_t asked = 0;
	int err;

	if (trap || results[0].of.i32 != GUEST_ERRNO_IO ||
	    !quota_enabled() || !caller_memory(caller, &ext, &mem))
		return trap;
	iov = iovecs_in(&mem, args, small, &err);
	for (uint32_t i = 0; iov && i < arg32(args, 2) && !asked; i++)
		asked = iov[i].len;
	if (iov)
		iovecs_free(iov, small);
	if (quota_refuses(app->manifest.name, asked))
		results[0].of.i32 = GUEST_ERRNO_DQUOT;
	return NULL;
}

/*
 * stdout and stderr are streams (stream.h): protocol and console lines
 * go to the app's line splitter (output.c), which copies each line out
 * of the app's memory once into its line buffer; a command's bytes go to
 * its host descriptor. Wasmtime's own fd_write costs a Tokio round trip
 * per call.
 */
static wasm_trap_t *fd_write(wasmtime_caller_t *caller,
			     const wasmtime_val_t *args,
			     wasmtime_val_t *results)
{
	struct app *app = app_of(caller);
	struct stream *out = stream_at(app, arg32(args, 0));
	struct guest_iov small[IOV_ON_STACK], *iov;
	uint32_t count = arg32(args, 2), i;
	uint32_t total = 0;
	wasmtime_extern_t ext;
	struct guest_mem mem;
	bool short_write = false;
	int err;

	if (!out && net_host_fd(app, arg32(args, 0)) >= 0)
		return socket_io(caller, args, results, true);
	if (!out)
		return file_write(app, caller, args, results);
	if (out->input)
		return ret(results, GUEST_ERRNO_BADF);
	if (!caller_memory(caller, &ext, &mem))
		return ret(results, GUEST_ERRNO_FAULT);
	iov = iovecs_in(&mem, args, small, &err);
	if (!iov)
		return ret(results, err);
	for (i = 0; i < count && total < WRITE_MAX && !short_write; i++) {
		uint32_t done = 0;

		while (done < iov[i].len && total < WRITE_MAX) {
			uint32_t n = iov[i].len - done;
			long took;

			if (n > WRITE_PIECE)
				n = WRITE_PIECE;
			if (n > WRITE_MAX - total)
				n = WRITE_MAX - total;
			if (atomic_load(&app->killing)) {
				iovecs_free(iov, small);
				return stopped();
			}
			/* In bounds (guest_iovecs); copied or written once. */
			took = stream_write(app, out, (const char *)mem.base +
						      iov[i].off + done, n);
			if (took < 0 && !total) {
				iovecs_free(iov, small);
				return ret(results, (int)-took);
			}
			if (took < (long)n) {
				/* The reader is gone or it is being stopped. */
				total += took > 0 ? (uint32_t)took : 0;
				short_write = true;
				break;
			}
			done += n;
			total += n;
		}
	}
	iovecs_free(iov, small);
	return ret(results, guest_write(&mem, arg32(args, 3), &total, 4));
}

/* ---- descriptors ------------------------------------------------------------ */

static void files_changed(struct app *app, int delta)
{
	atomic_fetch_add(&files_in_use, (unsigned)delta);
	atomic_store(&app->stats.open_files, (unsigned)app->io.fds.count);
}

int wasi_shim_room_for(struct app *app, unsigned n)
{
	if (app->io.fds.count + n > app->manifest.files_limit) {
		app_warn(app, "open refused: it holds %zu descriptors, its "
			 "limit ([resources] files)", app->io.fds.count);
		return GUEST_ERRNO_MFILE;
	}
	if (atomic_load(&files_in_use) + n > files_budget) {
		app_warn(app, "open refused: apps hold %u descriptors, all the "
			 "supervisor can spare", atomic_load(&files_in_use));
		return GUEST_ERRNO_NFILE;
	}
	return 0;
}

void wasi_shim_count_fd(struct app *app, uint32_t fd)
{
	if (fdset_add(&app->io.fds, fd) == 0)
		files_changed(app, 1);
}

struct app *wasi_shim_app(wasmtime_caller_t *caller)
{
	return app_of(caller);
}

bool wasi_shim_memory(wasmtime_caller_t *caller, struct guest_mem *mem)
{
	wasmtime_extern_t ext;

	return caller_memory(caller, &ext, mem);
}

wasm_trap_t *wasi_shim_call(wasmtime_caller_t *caller,
			    const wasmtime_val_t *args, size_t nargs,
			    wasmtime_val_t *results, wasi_shim_call_fn fn,
			    const void *ctx)
{
	struct app *app = app_of(caller);
	uint32_t a[WASI_SHIM_ARGS_MAX] = { 0 };
	int err;

	for (size_t i = 0; i < nargs && i < WASI_SHIM_ARGS_MAX; i++)
		a[i] = arg32(args, (int)i);
	if (atomic_load(&app->killing))
		return stopped();
	err = fn(app, caller, a, ctx);
	if (err < 0 || atomic_load(&app->killing))
		return stopped();
	return ret(results, err);
}

/*
 * Wasmtime refused an open (args: path_open's) because its path leads
 * out of the directory it names (a "..", an absolute path, a symbolic
 * link out of it) or asks more of it than the grant allows (writing a
 * read-only one): logged, rate-limited by app_warn, with the path as
 * the app gave it, bounded and escaped. Nothing else is: a missing file
 * is ordinary (a shell looks along $PATH all day).
 */
static void open_refused(struct app *app, wasmtime_caller_t *caller,
			 const wasmtime_val_t *args, int err)
{
	char path[USERFILES_SHOWN_MAX], shown[USERFILES_SHOWN_SIZE] = "?";
	uint32_t len = arg32(args, 3);
	wasmtime_extern_t ext;
	struct guest_mem mem;

	if (err != GUEST_ERRNO_PERM && err != GUEST_ERRNO_NOTCAPABLE)
		return;
	/* Only what is shown is read, and only from inside its memory. */
	if (caller_memory(caller, &ext, &mem) &&
	    guest_read(&mem, arg32(args, 2), path,
		       len < sizeof(path) ? len : sizeof(path)) == 0)
		userfiles_shown(path, len, shown);
	app_warn(app, "open of '%s' (at descriptor %u) refused: beyond its "
		 "grants (errno %d)", shown, arg32(args, 0), err);
}

/*
 * Opening counts against the app's own limit ([resources] files) and the
 * supervisor's budget for all apps; the open itself is Wasmtime's (its
 * preopens confine the path, and a way out of them is logged).
 */
static wasm_trap_t *path_open(wasmtime_caller_t *caller,
			      const wasmtime_val_t *args,
			      wasmtime_val_t *results)
{
	struct app *app = app_of(caller);
	wasmtime_extern_t ext;
	struct guest_mem mem;
	wasm_trap_t *trap;
	uint32_t fd;
	int err;

	if (atomic_load(&app->killing))
		return stopped();
	err = wasi_shim_room_for(app, 1);
	if (err)
		return ret(results, err);
	trap = delegate(WASI_PATH_OPEN, caller, args, results);
	if (trap)
		return trap;
	if (results[0].of.i32 != 0) {
		open_refused(app, caller, args, results[0].of.i32);
		return NULL;
	}
	/* Wasmtime wrote the new descriptor where the app asked. */
	if (caller_memory(caller, &ext, &mem) &&
	    guest_read(&mem, arg32(args, 8), &fd, 4) == 0 &&
	    fdset_add(&app->io.fds, fd) == 0)
		files_changed(app, 1);
	return NULL;
}

/*
 * Closing and moving descriptors is Wasmtime's, and the shim follows:
 * its stdin, stdout and stderr are served at whatever number the app
 * moves them to, and a closed one is gone (EBADF), as under `wasmtime
 * run`. Wasmtime's own descriptors 0-2 move and close in step with ours;
 * they were never given the host's stdio (an empty input and two sinks),
 * so nothing the app does with them reaches anything but the shim.
 */
static wasm_trap_t *fd_close(wasmtime_caller_t *caller,
			     const wasmtime_val_t *args,
			     wasmtime_val_t *results)
{
	struct app *app = app_of(caller);
	uint32_t fd = arg32(args, 0);
	struct stream *s = stream_at(app, fd);
	wasm_trap_t *trap = NULL;

	if (net_close(app, fd) == 0) {
		if (fdset_remove(&app->io.fds, fd))
			files_changed(app, -1);
		return ret(results, 0);
	}
	/* A pipe end is ours alone; a stdio stream has Wasmtime's
	 * stand-in under it, closed with it. */
	if (!s || s->backed) {
		trap = delegate(WASI_FD_CLOSE, caller, args, results);
		if (trap || results[0].of.i32 != 0)
			return trap;
	}
	stream_closed(app, fd);
	if (fdset_remove(&app->io.fds, fd))
		files_changed(app, -1);
	return ret(results, 0);
}

static wasm_trap_t *fd_renumber(wasmtime_caller_t *caller,
				const wasmtime_val_t *args,
				wasmtime_val_t *results)
{
	struct app *app = app_of(caller);
	uint32_t from = arg32(args, 0), to = arg32(args, 1);
	struct stream *s = stream_at(app, from);
	size_t before = app->io.fds.count;
	wasm_trap_t *trap;
	int err;

	/* A socket stays where it was made. */
	if (net_host_fd(app, from) >= 0 || net_host_fd(app, to) >= 0)
		return ret(results, GUEST_ERRNO_NOTSUP);
	if (s && !s->backed) {
		/* A pipe end: moved by us, onto another stream only. */
		err = stream_move(app, s, to, fdset_has(&app->io.fds, to));
		if (err)
			return ret(results, err);
	} else {
		trap = delegate(WASI_FD_RENUMBER, caller, args, results);
		if (trap || results[0].of.i32 != 0)
			return trap;
		stream_renumbered(app, from, to);
	}
	if (from == to)
		return ret(results, 0);
	/* `from` is closed; `to` is open (and was, if Wasmtime insists). */
	fdset_remove(&app->io.fds, from);
	if (!fdset_has(&app->io.fds, to))
		fdset_add(&app->io.fds, to);
	files_changed(app, (int)app->io.fds.count - (int)before);
	return ret(results, 0);
}

/* ---- clocks --------------------------------------------------------------- */

/*
 * Wasmtime's monotonic clock starts at each app's creation, so two apps'
 * timestamps cannot be compared, and poll_oneoff deadlines would need to
 * know that epoch. Ours is one clock for all: the supervisor's start.
 */
static wasm_trap_t *clock_time_get(wasmtime_caller_t *caller,
				   const wasmtime_val_t *args,
				   wasmtime_val_t *results)
{
	wasmtime_extern_t ext;
	struct guest_mem mem;
	uint64_t ns;

	if (!caller_memory(caller, &ext, &mem))
		return ret(results, GUEST_ERRNO_FAULT);
	switch (arg32(args, 0)) {
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
		return ret(results, GUEST_ERRNO_INVAL);
	}
	return ret(results, guest_write(&mem, arg32(args, 2), &ns, 8));
}

static uint64_t timespec_ns(struct timespec ts)
{
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The host clock behind WASI clock id; false for an unknown id. */
static bool host_clock(uint32_t id, clockid_t *out)
{
	static const clockid_t clocks[] = {
		[CLOCK_REALTIME_ID] = CLOCK_REALTIME,
		[CLOCK_MONOTONIC_ID] = CLOCK_MONOTONIC,
		/* An app is one thread: both are its thread's CPU time. */
		[CLOCK_PROCESS_CPUTIME_ID_WASI] = CLOCK_THREAD_CPUTIME_ID,
		[CLOCK_THREAD_CPUTIME_ID_WASI] = CLOCK_THREAD_CPUTIME_ID,
	};

	if (id >= sizeof(clocks) / sizeof(clocks[0]))
		return false;
	*out = clocks[id];
	return true;
}

/* The resolution of the very clocks clock_time_get reads. */
static wasm_trap_t *clock_res_get(wasmtime_caller_t *caller,
				  const wasmtime_val_t *args,
				  wasmtime_val_t *results)
{
	wasmtime_extern_t ext;
	struct guest_mem mem;
	struct timespec ts;
	clockid_t id;
	uint64_t ns;

	if (!caller_memory(caller, &ext, &mem))
		return ret(results, GUEST_ERRNO_FAULT);
	if (!host_clock(arg32(args, 0), &id))
		return ret(results, GUEST_ERRNO_INVAL);
	if (clock_getres(id, &ts) != 0)
		return ret(results, GUEST_ERRNO_NOTSUP);
	ns = timespec_ns(ts);
	return ret(results, guest_write(&mem, arg32(args, 1), &ns, 8));
}

/*
 * proc_exit with any status 0-255, as exit(3) has it: Wasmtime's own
 * refuses 126 and up, and a shell must end 127 when its last command
 * was not found. The status is kept, and the run ends as by a trap that
 * run.c knows for an exit.
 */
static wasm_trap_t *proc_exit(wasmtime_caller_t *caller,
			      const wasmtime_val_t *args,
			      wasmtime_val_t *results)
{
	struct app *app = wasi_shim_app(caller);

	(void)results;
	app->exit_code = (int)(arg32(args, 0) & 0xff);
	app->exit_called = true;
	return wasmtime_trap_new("proc_exit", 9);
}

/*
 * fd_fdstat_get on a stream: Wasmtime knows only the stand-in under
 * stdio (or nothing, for a pipe end). A terminal says it is a character
 * device without seek or tell, which is what isatty() asks (a shell's
 * prompt, ls's columns and colours); anything else is a stream of bytes
 * of no known kind.
 */
static wasm_trap_t *fd_fdstat_get(wasmtime_caller_t *caller,
				  const wasmtime_val_t *args,
				  wasmtime_val_t *results)
{
	struct app *app = app_of(caller);
	struct stream *s = stream_at(app, arg32(args, 0));
	wasmtime_extern_t ext;
	struct guest_mem mem;
	uint8_t stat[24] = { 0 };
	uint64_t rights = (1u << 1) | (1u << 3) | (1u << 6) | (1u << 27);

	if (!s && net_host_fd(app, arg32(args, 0)) >= 0) {
		if (!caller_memory(caller, &ext, &mem))
			return ret(results, GUEST_ERRNO_FAULT);
		net_fdstat(app, arg32(args, 0), stat);
		return ret(results, guest_write(&mem, arg32(args, 1), stat,
						sizeof(stat)));
	}
	if (!s)
		return delegate(WASI_FD_FDSTAT_GET, caller, args, results);
	if (!caller_memory(caller, &ext, &mem))
		return ret(results, GUEST_ERRNO_FAULT);
	/* filetype 2: character device; 0: unknown. Rights: read, write,
	 * set flags, poll; never seek (1 << 2) or tell (1 << 5). */
	stat[0] = stream_is_terminal(s) ? 2 : 0;
	memcpy(stat + 8, &rights, 8);
	return ret(results, guest_write(&mem, arg32(args, 1), stat,
					sizeof(stat)));
}

/*
 * fd_filestat_get on a stream: for a user file a child was given as
 * stdin (a shell's `wc < file`), what the host says of it (a regular
 * file and its size and times: wc sizes its columns by it); a pipe or
 * terminal is a stream of no size. Device and inode numbers stay 0:
 * the host's are not the app's business.
 */
static wasm_trap_t *fd_filestat_get(wasmtime_caller_t *caller,
				    const wasmtime_val_t *args,
				    wasmtime_val_t *results)
{
	struct app *app = app_of(caller);
	struct stream *s = stream_at(app, arg32(args, 0));
	wasmtime_extern_t ext;
	struct guest_mem mem;
	uint64_t st[8] = { 0 };	/* dev ino type nlink size atim mtim ctim */
	struct stat host;
	bool socket = net_host_fd(app, arg32(args, 0)) >= 0;

	if (!s && !socket)
		return delegate(WASI_FD_FILESTAT_GET, caller, args, results);
	if (!caller_memory(caller, &ext, &mem))
		return ret(results, GUEST_ERRNO_FAULT);
	st[3] = 1;
	if (socket) {
		st[2] = 6;	/* stream socket */
	} else if (stream_is_terminal(s)) {
		st[2] = 2;	/* character device */
	} else if (s->kind == STREAM_HOST && fstat(s->host_fd, &host) == 0 &&
		   S_ISREG(host.st_mode)) {
		st[2] = 4;	/* regular file */
		st[4] = (uint64_t)host.st_size;
		st[5] = timespec_ns(host.st_atim);
		st[6] = timespec_ns(host.st_mtim);
		st[7] = timespec_ns(host.st_ctim);
	}
	return ret(results, guest_write(&mem, arg32(args, 1), st,
					sizeof(st)));
}

/* ---- the table ------------------------------------------------------------ */

static const struct shim {
	const char *name;
	const char *params;	/* 'i' i32, 'I' i64; an i32 result unless '-' */
	shim_fn fn;
} shims[] = {
	{ "poll_oneoff", "iiii", poll_oneoff },
	{ "fd_read", "iiii", fd_read },
	{ "fd_write", "iiii", fd_write },
	{ "path_open", "iiiiiIIii", path_open },
	{ "fd_close", "i", fd_close },
	{ "fd_renumber", "ii", fd_renumber },
	{ "clock_time_get", "iIi", clock_time_get },
	{ "clock_res_get", "ii", clock_res_get },
	{ "proc_exit", "i-", proc_exit },
	{ "fd_fdstat_get", "ii", fd_fdstat_get },
	{ "fd_filestat_get", "ii", fd_filestat_get },
	{ "fd_fdstat_set_flags", "ii", fd_fdstat_set_flags },
	{ "sock_recv", "iiiiii", sock_recv },
	{ "sock_send", "iiiii", sock_send },
	{ "sock_shutdown", "ii", sock_shutdown },
	{ "sock_accept", "iii", sock_accept },
};

#define SHIM_COUNT (sizeof(shims) / sizeof(shims[0]))

static wasm_trap_t *dispatch(void *env, wasmtime_caller_t *caller,
			     const wasmtime_val_t *args, size_t nargs,
			     wasmtime_val_t *results, size_t nresults)
{
	const struct shim *s = env;

	(void)nargs;
	(void)nresults;
	return s->fn(caller, args, results);
}

wasmtime_error_t *wasi_shim_install(wasm_engine_t *engine,
				    wasmtime_linker_t *linker)
{
	uint8_t module[1024];
	size_t len = trampoline_build(wasi_funcs, WASI_COUNT, module,
				      sizeof(module));
	wasmtime_error_t *error;
	size_t i;

	if (!len)
		return wasmtime_error_new("cannot encode the WASI bounce module");
	wasi_only = wasmtime_linker_new(engine);
	error = wasmtime_linker_define_wasi(wasi_only);
	if (!error)
		error = wasmtime_module_new(engine, module, len, &bounce_module);
	if (error)
		return error;
	epoch_ns = monotonic_ns();
	wasmtime_linker_allow_shadowing(linker, true);
	for (i = 0; i < SHIM_COUNT && !error; i++)
		error = engine_define_func(linker, "wasi_snapshot_preview1",
					   shims[i].name, shims[i].params,
					   dispatch, (void *)&shims[i]);
	wasmtime_linker_allow_shadowing(linker, false);
	return error;
}

void wasi_shim_set_files_budget(unsigned budget)
{
	files_budget = budget;
}

void wasi_shim_attach(wasmtime_context_t *ctx)
{
	int i;

	have_original = true;
	for (i = 0; i < WASI_COUNT; i++) {
		const char *name = wasi_funcs[i].name;

		have_original &= wasmtime_linker_get(wasi_only, ctx,
						     "wasi_snapshot_preview1",
						     22, name, strlen(name),
						     &original[i]) &&
				 original[i].kind == WASMTIME_EXTERN_FUNC;
	}
	have_bounce = false;
}

int wasi_shim_run_started(struct app *app, unsigned preopens)
{
	unsigned fd;

	fdset_clear(&app->io.fds);
	stream_setup(app);
	/* Wasmtime numbers stdio 0-2 and the preopens from 3, in order. */
	for (fd = 0; fd < 3 + preopens; fd++)
		if (fdset_add(&app->io.fds, fd) != 0)
			return -1;
	files_changed(app, (int)app->io.fds.count);
	return 0;
}

void wasi_shim_run_ended(struct app *app)
{
	net_run_ended(app);
	atomic_fetch_sub(&files_in_use, (unsigned)app->io.fds.count);
	fdset_clear(&app->io.fds);
	atomic_store(&app->stats.open_files, 0);
}

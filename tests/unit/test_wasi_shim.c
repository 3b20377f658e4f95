/*
 * test_wasi_shim.c - wasi_shim.c against a real Wasmtime store: every
 * shimmed call with pointers out of bounds, wrapping around 4 GiB and
 * overlapping the arrays they describe, with the app's queue empty,
 * full, closed, and with the app being stopped mid-wait.
 *
 * The guest is tests/unit/wasm/shim_guest.c, whose exports hand their
 * arguments straight to the WASI imports, so this test plays a hostile
 * app with any pointer it likes. Only what the shim needs from the rest
 * of the supervisor is stubbed: the line splitter (bytes written are
 * collected here), warnings and the scheduler's wait hooks.
 */
#include "check.h"
#include "engine.h"
#include "guest.h"
#include "proc.h"
#include "userfiles.h"
#include "wasi_shim.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <wasi.h>

/* ---- stubs for what the shim calls in the rest of the supervisor ---- */

static char written[1 << 21];
static size_t written_len;
static unsigned warnings;
static char last_warning[512];

void output_write(struct app *app, bool is_stdout, const char *data,
		  size_t len)
{
	(void)app;
	(void)is_stdout;
	if (len > sizeof(written) - written_len)
		len = sizeof(written) - written_len;
	memcpy(written + written_len, data, len);
	written_len += len;
}

void app_warn(struct app *app, const char *fmt, ...)
{
	va_list ap;

	(void)app;
	va_start(ap, fmt);
	vsnprintf(last_warning, sizeof(last_warning), fmt, ap);
	va_end(ap);
	warnings++;
}

void sched_wait_begin(struct app *app)
{
	(void)app;
}

void sched_wait_end(struct app *app)
{
	(void)app;
}

/* ---- the guest ---------------------------------------------------------- */

#define MEM 0x20000u		/* test data lives from here (above the stack) */

static struct app *app;
static wasmtime_module_t *module;
static wasmtime_store_t *store;
static wasmtime_context_t *ctx;
static wasmtime_instance_t inst;
static uint8_t *base;
static size_t size;

static int32_t call(const char *name, const char *sig, ...)
{
	wasmtime_val_t args[9], result;
	wasmtime_extern_t fn;
	wasm_trap_t *trap = NULL;
	wasmtime_error_t *error;
	va_list ap;
	size_t i, n = strlen(sig);

	if (!wasmtime_instance_export_get(ctx, &inst, name, strlen(name), &fn))
		abort();
	va_start(ap, sig);
	for (i = 0; i < n; i++) {
		if (sig[i] == 'I') {
			args[i].kind = WASMTIME_I64;
			args[i].of.i64 = va_arg(ap, int64_t);
		} else {
			args[i].kind = WASMTIME_I32;
			args[i].of.i32 = (int32_t)va_arg(ap, uint32_t);
		}
	}
	va_end(ap);
	error = wasmtime_func_call(ctx, &fn.of.func, args, n, &result, 1, &trap);
	if (error || trap) {
		if (error)
			wasmtime_error_delete(error);
		if (trap)
			wasm_trap_delete(trap);
		return -1;	/* trapped */
	}
	return result.of.i32;
}

static void put32(uint32_t off, uint32_t v)
{
	memcpy(base + off, &v, 4);
}

static uint32_t get32(uint32_t off)
{
	uint32_t v;

	memcpy(&v, base + off, 4);
	return v;
}

static void put_clock(uint32_t off, uint64_t userdata, uint32_t clock,
		      uint64_t timeout, uint16_t flags)
{
	memset(base + off, 0, GUEST_SUB_SIZE);
	memcpy(base + off, &userdata, 8);
	base[off + 8] = 0;
	put32(off + 16, clock);
	memcpy(base + off + 24, &timeout, 8);
	memcpy(base + off + 40, &flags, 2);
}

static void put_fd_sub(uint32_t off, uint64_t userdata, uint8_t tag,
		       uint32_t fd)
{
	memset(base + off, 0, GUEST_SUB_SIZE);
	memcpy(base + off, &userdata, 8);
	base[off + 8] = tag;
	put32(off + 16, fd);
}

static uint64_t event_userdata(uint32_t off, unsigned i)
{
	uint64_t v;

	memcpy(&v, base + off + i * GUEST_EVENT_SIZE, 8);
	return v;
}

static uint16_t event_error(uint32_t off, unsigned i)
{
	uint16_t v;

	memcpy(&v, base + off + i * GUEST_EVENT_SIZE + 8, 2);
	return v;
}

static char dir[] = "/tmp/vyoma-shim-XXXXXX";

static void setup(void)
{
	char err[256];
	wasi_config_t *wasi;
	wasmtime_extern_t mem;
	wasm_trap_t *trap = NULL;
	size_t len;
	FILE *f = fopen(SHIM_GUEST, "rb");
	static uint8_t wasm[65536];

	if (!f || engine_init(32, err, sizeof(err)) != 0) {
		fprintf(stderr, "setup: %s\n", f ? err : SHIM_GUEST);
		exit(1);
	}
	len = fread(wasm, 1, sizeof(wasm), f);
	fclose(f);
	if (wasmtime_module_new(engine_get(), wasm, len, &module))
		abort();
	app = calloc(1, sizeof(*app));
	msgq_init(&app->inbox, 4096, 16);
	fdset_init(&app->io.fds);
	app->manifest.files_limit = 8;
	store = wasmtime_store_new(engine_get(), app, NULL);
	ctx = wasmtime_store_context(store);
	/* The engine interrupts at epochs; this test never wants it to. */
	wasmtime_context_set_epoch_deadline(ctx, 1ull << 40);
	wasi = wasi_config_new();
	if (!mkdtemp(dir) || !wasi_config_preopen_dir(wasi, dir, "/d", true))
		abort();
	if (wasmtime_context_set_wasi(ctx, wasi))
		abort();
	wasi_shim_attach(ctx);
	wasi_shim_run_started(app, 1);
	if (wasmtime_linker_instantiate(engine_linker(), ctx, module, &inst,
					&trap) || trap)
		abort();
	if (!wasmtime_instance_export_get(ctx, &inst, "memory", 6, &mem))
		abort();
	base = wasmtime_memory_data(ctx, &mem.of.memory);
	size = wasmtime_memory_data_size(ctx, &mem.of.memory);
}

/* ---- fd_read ------------------------------------------------------------ */

static void test_fd_read(void)
{
	uint32_t arr = MEM, tail = MEM + 0x100, n = MEM + 0x200;

	/* Finding 1a: iov[0]'s buffer is the iovec array. The 16 bytes
	 * read into it make iov[1] point at 0x7a7a7a7a; a shim that reads
	 * iov[1] again writes there. */
	CHECK_INT(msgq_push(&app->inbox, "zzzzzzzzzzzzzzzzhello there", 27, 3),
		  MSGQ_OK);
	put32(arr, arr);
	put32(arr + 4, 16);
	put32(arr + 8, tail);
	put32(arr + 12, 12);
	CHECK_INT(call("fd_read", "iiii", 0, arr, 2, n), 0);
	CHECK_INT(get32(n), 28);		/* the line and its newline */
	CHECK(memcmp(base + tail, "hello there", 11) == 0);
	CHECK_INT(get32(arr + 8), 0x7a7a7a7a);	/* the app's memory changed */
	CHECK_INT(msgq_last_read_tag(&app->inbox), 3);

	/* Bad pointers: the array, a buffer, the result; wrapping; count. */
	msgq_push(&app->inbox, "x", 1, 0);
	CHECK_INT(call("fd_read", "iiii", 0, (uint32_t)size - 4, 1, n),
		  GUEST_ERRNO_FAULT);
	CHECK_INT(call("fd_read", "iiii", 0, 0xFFFFFFF8u, 2, n),
		  GUEST_ERRNO_FAULT);
	put32(arr, (uint32_t)size - 2);
	put32(arr + 4, 4);
	CHECK_INT(call("fd_read", "iiii", 0, arr, 1, n), GUEST_ERRNO_FAULT);
	put32(arr, 0xFFFFFFF0u);
	put32(arr + 4, 0x20);
	CHECK_INT(call("fd_read", "iiii", 0, arr, 1, n), GUEST_ERRNO_FAULT);
	put32(arr, tail);
	put32(arr + 4, 4);
	CHECK_INT(call("fd_read", "iiii", 0, arr, 1, (uint32_t)size - 3),
		  GUEST_ERRNO_FAULT);
	CHECK_INT(call("fd_read", "iiii", 0, arr, 0x20000001u, n),
		  GUEST_ERRNO_INVAL);
	/* None of those took the line: it is still there. */
	CHECK_INT(msgq_count(&app->inbox), 1);
	/* Many small iovecs, more than fit on the shim's stack. */
	for (uint32_t i = 0; i < 40; i++) {
		put32(arr + 8 * i, tail + i);
		put32(arr + 8 * i + 4, 1);
	}
	CHECK_INT(call("fd_read", "iiii", 0, arr, 40, n), 0);
	CHECK_INT(get32(n), 2);			/* "x\n" */
	/* Closed and empty: end of file at once, not a wait. */
	msgq_close(&app->inbox);
	CHECK_INT(call("fd_read", "iiii", 0, arr, 1, n), 0);
	CHECK_INT(get32(n), 0);
	msgq_reopen(&app->inbox);
}

/* ---- fd_write ------------------------------------------------------------ */

static void test_fd_write(void)
{
	uint32_t arr = MEM, n = MEM + 0x800;

	memcpy(base + MEM + 0x400, "one line\n", 9);
	put32(arr, MEM + 0x400);
	put32(arr + 4, 9);
	written_len = 0;
	CHECK_INT(call("fd_write", "iiii", 1, arr, 1, n), 0);
	CHECK_INT(get32(n), 9);
	CHECK(written_len == 9 && memcmp(written, "one line\n", 9) == 0);
	/* Out of bounds, wrapping. */
	put32(arr, (uint32_t)size - 4);
	put32(arr + 4, 8);
	CHECK_INT(call("fd_write", "iiii", 2, arr, 1, n), GUEST_ERRNO_FAULT);
	CHECK_INT(call("fd_write", "iiii", 1, 0xFFFFFFFCu, 1, n),
		  GUEST_ERRNO_FAULT);
	CHECK_INT(call("fd_write", "iiii", 1, arr, 1, (uint32_t)size),
		  GUEST_ERRNO_FAULT);
	/* Finding 6: 1024 iovecs, each all of memory: capped at 1 MiB. */
	for (uint32_t i = 0; i < 1024; i++) {
		put32(MEM + 0x1000 + 8 * i, 0);
		put32(MEM + 0x1000 + 8 * i + 4, (uint32_t)size);
	}
	written_len = 0;
	CHECK_INT(call("fd_write", "iiii", 2, MEM + 0x1000, 1024, n), 0);
	CHECK(get32(n) > 0 && get32(n) <= (1u << 20));
	CHECK_INT(written_len, get32(n));
	CHECK_INT(call("fd_write", "iiii", 2, MEM + 0x1000, 1025, n),
		  GUEST_ERRNO_INVAL);
}

/* ---- poll_oneoff -------------------------------------------------------- */

static void *stop_later(void *unused)
{
	struct timespec t = { 0, 50 * 1000 * 1000 };

	(void)unused;
	nanosleep(&t, NULL);
	atomic_store(&app->killing, true);
	msgq_wake(&app->inbox);
	return NULL;
}

static void *send_later(void *unused)
{
	struct timespec t = { 0, 30 * 1000 * 1000 };

	(void)unused;
	nanosleep(&t, NULL);
	msgq_push(&app->inbox, "late", 4, 0);
	return NULL;
}

static void test_poll(void)
{
	uint32_t in = MEM, out = MEM + 0x10000, nout = MEM + 0x18000;
	char drain[64];
	pthread_t t;
	uint64_t t0;

	put_clock(in, 1, 1, 1000, 0);
	CHECK_INT(call("poll_oneoff", "iiii", in, out, 0, nout),
		  GUEST_ERRNO_INVAL);
	CHECK_INT(call("poll_oneoff", "iiii", in, out, 5000, nout),
		  GUEST_ERRNO_INVAL);
	CHECK_INT(call("poll_oneoff", "iiii", (uint32_t)size - 40, out, 1, nout),
		  GUEST_ERRNO_FAULT);
	CHECK_INT(call("poll_oneoff", "iiii", 0xFFFFFFF0u, out, 1, nout),
		  GUEST_ERRNO_FAULT);
	CHECK_INT(call("poll_oneoff", "iiii", in, (uint32_t)size - 16, 1, nout),
		  GUEST_ERRNO_FAULT);
	CHECK_INT(call("poll_oneoff", "iiii", in, out, 1, (uint32_t)size - 2),
		  GUEST_ERRNO_FAULT);
	/* Subscriptions overlapping the events they produce: decoded
	 * first, so writing events cannot change what is polled. */
	put_clock(in, 9, 1, 1000, 0);
	CHECK_INT(call("poll_oneoff", "iiii", in, in, 1, nout), 0);
	CHECK_INT(get32(nout), 1);
	CHECK_INT(event_userdata(in, 0), 9);

	/* Finding 1c: a relative timeout near UINT64_MAX never fires. */
	put_clock(in, 1, 1, UINT64_MAX - 3, 0);
	put_clock(in + 48, 2, 1, 20 * 1000 * 1000, 0);
	t0 = monotonic_ns();
	CHECK_INT(call("poll_oneoff", "iiii", in, out, 2, nout), 0);
	CHECK_INT(get32(nout), 1);
	CHECK_INT(event_userdata(out, 0), 2);
	CHECK(monotonic_ns() - t0 >= 20 * 1000 * 1000);
	/* An absolute monotonic deadline of UINT64_MAX never fires either. */
	put_clock(in, 1, 1, UINT64_MAX, 1);
	CHECK_INT(call("poll_oneoff", "iiii", in, out, 2, nout), 0);
	CHECK_INT(event_userdata(out, 0), 2);

	/* Descriptors: stdout is writable, an unheld one is EBADF, the
	 * preopen (fd 3) is ready, all at once. */
	put_fd_sub(in, 10, 2, 1);
	put_fd_sub(in + 48, 11, 1, 77);
	put_fd_sub(in + 96, 12, 1, 3);
	put_clock(in + 144, 13, 1, 3600ull * 1000000000, 0);
	CHECK_INT(call("poll_oneoff", "iiii", in, out, 4, nout), 0);
	CHECK_INT(get32(nout), 3);
	CHECK_INT(event_userdata(out, 1), 11);
	CHECK_INT(event_error(out, 1), GUEST_ERRNO_BADF);
	CHECK_INT(event_error(out, 2), 0);
	/* A CPU-time clock cannot be waited on. */
	put_clock(in, 14, 2, 1000, 0);
	CHECK_INT(call("poll_oneoff", "iiii", in, out, 1, nout), 0);
	CHECK_INT(event_error(out, 0), GUEST_ERRNO_NOTSUP);

	/* stdin: a line arriving wakes the poll, with its size. */
	put_fd_sub(in, 20, 1, 0);
	put_clock(in + 48, 21, 1, 10ull * 1000000000, 0);
	pthread_create(&t, NULL, send_later, NULL);
	CHECK_INT(call("poll_oneoff", "iiii", in, out, 2, nout), 0);
	pthread_join(t, NULL);
	CHECK_INT(get32(nout), 1);
	CHECK_INT(event_userdata(out, 0), 20);
	msgq_pop(&app->inbox, drain, sizeof(drain));

	/* Finding 6: 100 subscriptions, all an hour away: the app being
	 * stopped still ends the wait, as a trap. */
	for (uint32_t i = 0; i < 100; i++)
		put_clock(in + 48 * i, i, 1, 3600ull * 1000000000, 0);
	pthread_create(&t, NULL, stop_later, NULL);
	t0 = monotonic_ns();
	CHECK_INT(call("poll_oneoff", "iiii", in, out, 100, nout), -1);
	pthread_join(t, NULL);
	CHECK(monotonic_ns() - t0 < 10ull * 1000000000);
	/* And so does a read of an empty stdin. */
	pthread_create(&t, NULL, stop_later, NULL);
	atomic_store(&app->killing, false);
	put32(MEM + 0x1000, MEM + 0x2000);
	put32(MEM + 0x1004, 8);
	CHECK_INT(call("fd_read", "iiii", 0, MEM + 0x1000, 1, MEM + 0x1008),
		  -1);
	pthread_join(t, NULL);
	atomic_store(&app->killing, false);
}

/* ---- clocks and descriptors ------------------------------------------------ */

static void test_clock(void)
{
	uint64_t a, b;

	CHECK_INT(call("clock_time_get", "iIi", 1, (int64_t)1, MEM), 0);
	memcpy(&a, base + MEM, 8);
	CHECK_INT(call("clock_time_get", "iIi", 1, (int64_t)1, MEM), 0);
	memcpy(&b, base + MEM, 8);
	CHECK(b >= a);
	CHECK_INT(call("clock_time_get", "iIi", 1, (int64_t)1,
		       (uint32_t)size - 4), GUEST_ERRNO_FAULT);
	CHECK_INT(call("clock_time_get", "iIi", 0xFFFFu, (int64_t)1, MEM),
		  GUEST_ERRNO_INVAL);
	/* Every clock that can be read has a resolution, and only those:
	 * wasi-libc's clock_getres and clock_gettime must agree. */
	for (uint32_t id = 0; id < 6; id++) {
		int time_rc = call("clock_time_get", "iIi", id, (int64_t)1, MEM);
		int res_rc = call("clock_res_get", "ii", id, MEM + 8);

		CHECK_INT(res_rc, time_rc);
		memcpy(&a, base + MEM + 8, 8);
		if (res_rc == 0)
			CHECK(a > 0 && a <= 1000000000u);
	}
	CHECK_INT(call("clock_res_get", "ii", 2, (uint32_t)size - 4),
		  GUEST_ERRNO_FAULT);
}

static int open_file(const char *name)
{
	memcpy(base + MEM, name, strlen(name));
	/* dirfd 3 (/d), no lookup flags, name, CREAT, read rights */
	return call("path_open", "iiiiiIIii", 3, 0, MEM, (uint32_t)strlen(name),
		    1, (int64_t)2, (int64_t)0, 0, MEM + 0x100);
}

static void test_descriptors(void)
{
	uint32_t fds[8];
	int i;

	/* Limit 8: stdio and the preopen are 4, so 4 opens, then EMFILE. */
	for (i = 0; i < 4; i++) {
		char name[8] = "f0";

		name[1] = (char)('0' + i);
		CHECK_INT(open_file(name), 0);
		fds[i] = get32(MEM + 0x100);
	}
	CHECK_INT(open_file("f9"), GUEST_ERRNO_MFILE);
	CHECK_INT(atomic_load(&app->stats.open_files), 8);
	/* Closing one makes room; closing it twice does not make more. */
	CHECK_INT(call("fd_close", "i", fds[0]), 0);
	CHECK_INT(call("fd_close", "i", fds[0]), GUEST_ERRNO_BADF);
	CHECK_INT(atomic_load(&app->stats.open_files), 7);
	CHECK_INT(open_file("f8"), 0);
	CHECK_INT(open_file("f7"), GUEST_ERRNO_MFILE);
	/* Renumbering one onto another closes one. */
	CHECK_INT(call("fd_renumber", "ii", fds[1], fds[2]), 0);
	CHECK_INT(atomic_load(&app->stats.open_files), 7);
	CHECK_INT(call("fd_renumber", "ii", fds[2], fds[2]), 0);
	CHECK_INT(atomic_load(&app->stats.open_files), 7);
	CHECK_INT(call("fd_renumber", "ii", 900, fds[2]), GUEST_ERRNO_BADF);
	/* stdio follows renumbering and closing, as under `wasmtime run`:
	 * a file moved onto 1 is written there, not to the stream ... */
	memcpy(base + MEM + 0x400, "still\n", 6);
	put32(MEM + 0x300, MEM + 0x400);
	put32(MEM + 0x304, 6);
	written_len = 0;
	CHECK_INT(call("fd_renumber", "ii", fds[2], 1), 0);
	CHECK_INT(atomic_load(&app->stats.open_files), 6);
	CHECK_INT(call("fd_write", "iiii", 1, MEM + 0x300, 1, MEM + 0x308), 0);
	CHECK_INT(written_len, 0);
	/* ... stderr moved onto 0 is written at 0, and stdin is gone ... */
	CHECK_INT(call("fd_renumber", "ii", 2, 0), 0);
	CHECK_INT(atomic_load(&app->stats.open_files), 5);
	CHECK_INT(call("fd_write", "iiii", 0, MEM + 0x300, 1, MEM + 0x308), 0);
	CHECK(written_len == 6 && memcmp(written, "still\n", 6) == 0);
	CHECK_INT(call("fd_write", "iiii", 2, MEM + 0x300, 1, MEM + 0x308),
		  GUEST_ERRNO_BADF);
	CHECK_INT(call("fd_read", "iiii", 0, MEM + 0x300, 1, MEM + 0x308),
		  GUEST_ERRNO_BADF);
	/* ... a move onto a closed number is refused and moves nothing ... */
	CHECK_INT(call("fd_renumber", "ii", 1, 2), GUEST_ERRNO_BADF);
	CHECK_INT(call("fd_write", "iiii", 1, MEM + 0x300, 1, MEM + 0x308), 0);
	CHECK_INT(written_len, 6);
	/* ... and a closed stream takes nothing. */
	CHECK_INT(call("fd_close", "i", 0), 0);
	CHECK_INT(atomic_load(&app->stats.open_files), 4);
	CHECK_INT(call("fd_write", "iiii", 0, MEM + 0x300, 1, MEM + 0x308),
		  GUEST_ERRNO_BADF);
	CHECK_INT(written_len, 6);
	/* A bad path pointer is Wasmtime's EFAULT, counted as nothing. */
	CHECK(call("path_open", "iiiiiIIii", 3, 0, (uint32_t)size - 2, 8, 1,
		   (int64_t)2, (int64_t)0, 0, MEM + 0x100) != 0);
	CHECK_INT(atomic_load(&app->stats.open_files), 4);
	/* The poll sees what it holds. */
	CHECK(fdset_has(&app->io.fds, 1));
	CHECK(!fdset_has(&app->io.fds, fds[2]));
	CHECK(!fdset_has(&app->io.fds, fds[1]));
}

/* path_open of len bytes at MEM + 0x1000 under /d, following links. */
static int open_at(const void *path, uint32_t len, uint32_t oflags,
		   int64_t rights)
{
	memcpy(base + MEM + 0x1000, path, len);
	return call("path_open", "iiiiiIIii", 3, 1, MEM + 0x1000, len, oflags,
		    rights, (int64_t)0, 0, MEM + 0x100);
}

static int open_path(const char *path)
{
	return open_at(path, (uint32_t)strlen(path), 0, 2);
}

static bool refused(int err)
{
	return err == GUEST_ERRNO_PERM || err == GUEST_ERRNO_NOTCAPABLE;
}

/*
 * A way out of the preopen is refused by Wasmtime and logged with the
 * path the app gave, bounded and escaped; a missing file is not logged.
 */
static void test_refusals(void)
{
	char link[sizeof(dir) + 8], lone[300];
	unsigned before = warnings;
	unsigned files = atomic_load(&app->stats.open_files);

	snprintf(link, sizeof(link), "%s/out", dir);
	CHECK(symlink("/etc", link) == 0);
	/* Missing files, and its own file: nothing logged. */
	CHECK_INT(open_path("nope"), GUEST_ERRNO_NOENT);
	CHECK_INT(open_path("no/such/dir"), GUEST_ERRNO_NOENT);
	CHECK_INT(warnings, before);
	/* "..", an absolute path, a link out: each refused and logged. */
	CHECK(refused(open_path("../outside.txt")));
	CHECK_INT(warnings, before + 1);
	CHECK(strstr(last_warning, "open of '../outside.txt'") != NULL);
	CHECK(strstr(last_warning, "refused") != NULL);
	CHECK(refused(open_path("/etc/passwd")));
	CHECK(strstr(last_warning, "'/etc/passwd'") != NULL);
	CHECK(refused(open_path("out/passwd")));
	CHECK(strstr(last_warning, "'out/passwd'") != NULL);
	/* Writing through the link, creating under it. */
	CHECK(refused(open_at("out/x", 5, 1, 64)));
	CHECK(strstr(last_warning, "'out/x'") != NULL);
	CHECK_INT(warnings, before + 4);
	/* A terminal's escapes and a newline in it are shown escaped. */
	CHECK(refused(open_path("../\x1b[2J\rx\nvyoma: forged")));
	CHECK(strstr(last_warning, "'../\\x1b[2J\\x0dx\\x0avyoma: forged'") !=
	      NULL);
	CHECK(!strchr(last_warning, '\x1b') && !strchr(last_warning, '\n'));
	/* A long one is cut: only what is shown is read. */
	memset(lone, 'a', sizeof(lone));
	memcpy(lone, "../", 3);
	CHECK(refused(open_at(lone, sizeof(lone), 0, 2)));
	CHECK(strstr(last_warning, "[...]") != NULL);
	CHECK(strlen(last_warning) < 4 * USERFILES_SHOWN_MAX);
	/* A path out of its memory is Wasmtime's to refuse (a fault or a
	 * trap): nothing is read for the log, nothing logged. */
	before = warnings;
	CHECK(call("path_open", "iiiiiIIii", 3, 1, (uint32_t)size - 4, 64, 0,
		   (int64_t)2, (int64_t)0, 0, MEM + 0x100) != 0);
	CHECK(call("path_open", "iiiiiIIii", 3, 1, 0xFFFFFFF0u, 0x20, 0,
		   (int64_t)2, (int64_t)0, 0, MEM + 0x100) != 0);
	CHECK_INT(warnings, before);
	/* No refusal held a descriptor. */
	CHECK_INT(atomic_load(&app->stats.open_files), files);
	unlink(link);
}

/* What a log line shows of a path: bounded, every odd byte escaped. */
static void test_shown(void)
{
	char out[USERFILES_SHOWN_SIZE], big[1000];

	CHECK_STR(userfiles_shown("a/b", 3, out), "a/b");
	CHECK_STR(userfiles_shown("a\0b", 3, out), "a\\x00b");
	CHECK_STR(userfiles_shown("\xff\xc3(", 3, out), "\\xff\\xc3(");
	CHECK_STR(userfiles_shown("caf\xc3\xa9", 5, out), "caf\xc3\xa9");
	CHECK_STR(userfiles_shown("\x7f\t", 2, out), "\\x7f\t");
	/* The worst case, all escapes, fits; the cut is marked. */
	memset(big, 1, sizeof(big));
	userfiles_shown(big, sizeof(big), out);
	CHECK_INT(strlen(out), 4 * USERFILES_SHOWN_MAX + 5);
	CHECK(strcmp(out + 4 * USERFILES_SHOWN_MAX, "[...]") == 0);
	memset(big, 'x', sizeof(big));
	CHECK_INT(strlen(userfiles_shown(big, USERFILES_SHOWN_MAX, out)),
		  USERFILES_SHOWN_MAX);
	CHECK_INT(strlen(userfiles_shown(big, USERFILES_SHOWN_MAX + 1, out)),
		  USERFILES_SHOWN_MAX + 5);
	CHECK_STR(userfiles_shown("", 0, out), "");
}

int main(void)
{
	char cmd[64];

	setup();
	test_fd_read();
	test_fd_write();
	test_poll();
	test_clock();
	test_descriptors();
	test_refusals();
	test_shown();
	wasmtime_store_delete(store);
	wasmtime_module_delete(module);
	wasi_shim_run_ended(app);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		CHECK(false);
	return check_summary("wasi_shim");
}

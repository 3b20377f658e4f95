/*
 * devapi.c - the "vyoma_device" import module (devapi.h).
 *
 *   open(name, name_len, how, fd_out)   a device of the app's grant
 *   rtc(fd, op, fields)                 read or set the RTC, or set the
 *                                       system clock from it
 *
 * The name is copied out once (at most 32 bytes, no NUL inside) and only
 * the copy is looked up, as a whole row name: "hwrng/../rtc0" or
 * "/dev/rtc0" is no row, so it is refused like any other name outside
 * the grant. The RTC's fields are copied out, checked as a calendar
 * date, and only then given to the kernel.
 */
#include "devapi.h"
#include "devices.h"
#include "engine.h"
#include "guest.h"
#include "log.h"
#include "manifest.h"
#include "proc.h"
#include "stream.h"
#include "wasi_shim.h"

#include <string.h>
#include <unistd.h>

#define NAME_MAX_GUEST 32

/* open(name, name_len, how, fd_out) */
static int do_open(struct app *app, const struct guest_mem *mem,
		   const uint32_t *a)
{
	char name[NAME_MAX_GUEST + 1];
	int64_t fd;
	int d, err, host_fd;
	uint32_t out;

	if (!guest_range_ok(mem, a[3], 4))
		return GUEST_ERRNO_FAULT;
	if (a[1] == 0 || a[1] > NAME_MAX_GUEST) {
		app_warn(app, "device open refused: a name of %u bytes is "
			 "no device's", a[1]);
		return GUEST_ERRNO_NOTCAPABLE;
	}
	if (guest_read(mem, a[0], name, a[1]) != 0)
		return GUEST_ERRNO_FAULT;
	name[a[1]] = '\0';
	d = strlen(name) == a[1] ? manifest_device_index(name, a[1]) : -1;
	if (d < 0) {
		/* Shown, not echoed: the log is no place for its bytes. */
		for (size_t i = 0; i < a[1]; i++)
			if (name[i] < 0x21 || name[i] > 0x7e)
				name[i] = '?';
		app_warn(app, "device open refused: no device is called "
			 "'%s'", name);
		return GUEST_ERRNO_NOTCAPABLE;
	}
	err = wasi_shim_room_for(app, 1);
	if (err)
		return err;
	host_fd = devices_open(app, (unsigned)d, a[2]);
	if (host_fd < 0)
		return -host_fd;
	fd = stream_add_device(app, host_fd, a[2] == DEVICES_OPEN_READ,
			       (unsigned)d);
	if (fd < 0)
		return GUEST_ERRNO_MFILE;
	wasi_shim_count_fd(app, (uint32_t)fd);
	out = (uint32_t)fd;
	return guest_write(mem, a[3], &out, 4);
}

/* rtc(fd, op, fields): fields are six i32s, year to second. */
static int do_rtc(struct app *app, const struct guest_mem *mem,
		  const uint32_t *a)
{
	struct stream *s = stream_at(app, a[0]);
	struct rtc_fields t;
	int err;

	if (!guest_range_ok(mem, a[2], sizeof(t)))
		return GUEST_ERRNO_FAULT;
	if (!s || s->device != DEV_RTC0 + 1)
		return GUEST_ERRNO_BADF;
	if (a[1] >= RTC_OP_COUNT)
		return GUEST_ERRNO_INVAL;
	if (a[1] == RTC_OP_SET && guest_read(mem, a[2], &t, sizeof(t)) != 0)
		return GUEST_ERRNO_FAULT;
	err = devices_rtc(s->host_fd, (enum rtc_op)a[1], &t);
	if (err == GUEST_ERRNO_INVAL)
		app_warn(app, "rtc: refused to set %d-%d-%d %d:%d:%d: not a "
			 "date from 1970 to 2099", t.year, t.month, t.day,
			 t.hour, t.minute, t.second);
	if (!err && a[1] != RTC_OP_SET)
		err = guest_write(mem, a[2], &t, sizeof(t));
	if (!err && a[1] == RTC_OP_SET)
		log_info("%s: set the RTC to %04d-%02d-%02d %02d:%02d:%02d UTC",
			 app->label, t.year, t.month, t.day, t.hour, t.minute,
			 t.second);
	return err;
}

typedef int (*devapi_fn)(struct app *app, const struct guest_mem *mem,
			 const uint32_t *args);

static const struct call {
	const char *name;
	const char *params;
	devapi_fn fn;
} calls[] = {
	{ "open", "iiii", do_open },
	{ "rtc", "iii", do_rtc },
};

/* The grant first (refused once in the log), then the call. */
static int run_call(struct app *app, wasmtime_caller_t *caller,
		    const uint32_t *a, const void *ctx)
{
	const struct call *c = ctx;
	struct guest_mem mem;

	if (!app->manifest.caps[CAP_DEVICES]) {
		app_warn(app, "device %s refused: the devices capability is "
			 "not granted", c->name);
		return GUEST_ERRNO_NOTCAPABLE;
	}
	if (!wasi_shim_memory(caller, &mem))
		return GUEST_ERRNO_FAULT;
	return c->fn(app, &mem, a);
}

static wasm_trap_t *dispatch(void *env, wasmtime_caller_t *caller,
			     const wasmtime_val_t *args, size_t nargs,
			     wasmtime_val_t *results, size_t nresults)
{
	(void)nresults;
	return wasi_shim_call(caller, args, nargs, results, run_call, env);
}

wasmtime_error_t *devapi_install(wasmtime_linker_t *linker)
{
	wasmtime_error_t *error = NULL;
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]) && !error; i++)
		error = engine_define_func(linker, DEVAPI_MODULE,
					   calls[i].name, calls[i].params,
					   dispatch, (void *)&calls[i]);
	return error;
}

/*
 * shim_guest.c - the guest side of test_wasi_shim.c: a module with no
 * libc whose exports pass their arguments straight to the WASI imports
 * the supervisor shims, so the host test can call each one with any
 * pointer it likes into this module's memory.
 */
#include <stdint.h>

#define WASI(name) __attribute__((import_module("wasi_snapshot_preview1"), \
				  import_name(#name)))
#define EXPORT(name) __attribute__((export_name(#name)))

WASI(fd_read) int32_t wasi_fd_read(int32_t, int32_t, int32_t, int32_t);
WASI(fd_write) int32_t wasi_fd_write(int32_t, int32_t, int32_t, int32_t);
WASI(poll_oneoff) int32_t wasi_poll(int32_t, int32_t, int32_t, int32_t);
WASI(clock_time_get) int32_t wasi_clock(int32_t, int64_t, int32_t);
WASI(clock_res_get) int32_t wasi_clock_res(int32_t, int32_t);
WASI(path_open) int32_t wasi_path_open(int32_t, int32_t, int32_t, int32_t,
				       int32_t, int64_t, int64_t, int32_t,
				       int32_t);
WASI(fd_close) int32_t wasi_fd_close(int32_t);
WASI(fd_renumber) int32_t wasi_fd_renumber(int32_t, int32_t);

EXPORT(fd_read) int32_t x_fd_read(int32_t a, int32_t b, int32_t c, int32_t d)
{
	return wasi_fd_read(a, b, c, d);
}

EXPORT(fd_write) int32_t x_fd_write(int32_t a, int32_t b, int32_t c, int32_t d)
{
	return wasi_fd_write(a, b, c, d);
}

EXPORT(poll_oneoff) int32_t x_poll(int32_t a, int32_t b, int32_t c, int32_t d)
{
	return wasi_poll(a, b, c, d);
}

EXPORT(clock_time_get) int32_t x_clock(int32_t a, int64_t b, int32_t c)
{
	return wasi_clock(a, b, c);
}

EXPORT(clock_res_get) int32_t x_clock_res(int32_t a, int32_t b)
{
	return wasi_clock_res(a, b);
}

EXPORT(path_open) int32_t x_path_open(int32_t a, int32_t b, int32_t c,
				      int32_t d, int32_t e, int64_t f,
				      int64_t g, int32_t h, int32_t i)
{
	return wasi_path_open(a, b, c, d, e, f, g, h, i);
}

EXPORT(fd_close) int32_t x_fd_close(int32_t a)
{
	return wasi_fd_close(a);
}

EXPORT(fd_renumber) int32_t x_fd_renumber(int32_t a, int32_t b)
{
	return wasi_fd_renumber(a, b);
}

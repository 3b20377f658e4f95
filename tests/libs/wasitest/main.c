/*
 * wasitest - a test library that makes WASI calls of its own, for
 * tests/integration/hostile.py: the supervisor links them to the calling
 * app's WASI functions, so they reach the app's mounts and count against
 * the app's descriptors, no more.
 */
#include <stddef.h>
#include <wasi/api.h>

/* The descriptor of the caller's preopened directory holding the
 * absolute path[0..len) and the path inside it; -1 if none does. */
static int preopen_of(const char *path, size_t len, const char **rel)
{
	char name[64];

	for (__wasi_fd_t fd = 3;; fd++) {
		__wasi_prestat_t ps;
		size_t n;

		if (__wasi_fd_prestat_get(fd, &ps))
			return -1;
		n = ps.u.dir.pr_name_len;
		if (n >= sizeof(name) || n >= len ||
		    __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, n))
			continue;
		size_t i = 0;

		while (i < n && name[i] == path[i])
			i++;
		if (i == n && path[n] == '/') {
			*rel = path + n + 1;
			return (int)fd;
		}
	}
}

static int open_in(const char *path, size_t len, __wasi_fd_t *fd)
{
	const char *rel;
	int dir = preopen_of(path, len, &rel);

	if (dir < 0)
		return __WASI_ERRNO_NOENT;
	/* rel runs to path's NUL (an argument of the app's) */
	return __wasi_path_open((__wasi_fd_t)dir, 0, rel, 0,
				__WASI_RIGHTS_FD_READ, 0, 0, fd);
}

/* Writes the file at path to stdout: 0, or the WASI errno. */
__attribute__((export_name("cat"))) int cat(const char *path, size_t len)
{
	static char buf[256];
	__wasi_fd_t fd;
	int err = open_in(path, len, &fd), opened = !err;

	while (!err) {
		__wasi_iovec_t in = { (uint8_t *)buf, sizeof(buf) };
		__wasi_ciovec_t out = { (uint8_t *)buf, 0 };
		size_t n;

		err = __wasi_fd_read(fd, &in, 1, &n);
		if (err || !n)
			break;
		out.buf_len = n;
		err = __wasi_fd_write(1, &out, 1, &n);
	}
	if (opened)
		(void)!__wasi_fd_close(fd);
	return err;
}

/* Opens path times times, closing none: how many opened. */
__attribute__((export_name("hold"))) int hold(const char *path, size_t len,
					      int times)
{
	int held = 0;
	__wasi_fd_t fd;

	while (held < times && !open_in(path, len, &fd))
		held++;
	return held;
}

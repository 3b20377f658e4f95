/*
 * vyoma_file.h - a window app's files by absolute path: the path an
 * open event carries (VYOMA_EVENT:open, from Files or `open FILE`)
 * reached through the WASI preopened directory that holds it. Straight
 * WASI, without wasi-libc's preopen table, because that table brings
 * malloc into apps that have none. The event's path is already real:
 * no "." or ".." to resolve, so none of that code is carried either.
 * Header-only; an app carries only what it calls.
 */
#ifndef VYOMA_FILE_H
#define VYOMA_FILE_H

#include <string.h>
#include "vyoma_wasi.h"	/* <wasi/api.h>, its calls imported directly */

/*
 * The preopened directory holding the absolute path p, and in *rel the
 * path below it; -1 if none does. The deepest one wins, as mounts nest
 * (/home/user inside /home).
 */
static inline int vy_file_dir(const char *p, const char **rel)
{
	int fd, best = -1, best_len = -1;

	for (fd = 3; fd < 64; fd++) {
		__wasi_prestat_t ps;
		char name[256];
		int n;

		if (__wasi_fd_prestat_get(fd, &ps))
			break;	/* preopens are numbered densely from 3 */
		n = (int)ps.u.dir.pr_name_len;
		if (n >= (int)sizeof(name) ||
		    __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, n))
			continue;
		while (n && name[n - 1] == '/')
			n--;
		if (n > best_len && !strncmp(name, p, n) &&
		    (p[n] == '/' || !p[n]))
			best = fd, best_len = n;
	}
	/* The folder itself is "." within it. */
	*rel = best < 0 || p[best_len] ? p + best_len + 1 : ".";
	return best;
}

/* Opens the absolute path p for reading: a descriptor, or -1. */
static inline int vy_file_open(const char *p)
{
	const char *rel;
	int dir = vy_file_dir(p, &rel);
	__wasi_fd_t out;

	if (dir < 0 || __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
					rel, 0, __WASI_RIGHTS_FD_READ, 0, 0,
					&out))
		return -1;
	return (int)out;
}

#endif

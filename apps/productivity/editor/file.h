/*
 * file.h - reading a file into the buffer and writing it back. A file is
 * read whole into a new buffer before the old text is let go, so a failed
 * open leaves the document as it was; a save writes a new file beside the
 * old one and renames it over the name, so a crash or a full disk never
 * leaves half a file where the whole one was.
 *
 * The paths are absolute (the field makes them so, and an open event's
 * are), reached through the preopened directory that holds them with
 * WASI's calls themselves (vyoma_file.h): wasi-libc's open, fstat,
 * rename and unlink bring its preopen table, 2 KB of this app. The
 * errors are WASI's, which are wasi-libc's errno values.
 */
#ifndef EDITOR_FILE_H
#define EDITOR_FILE_H

#include <errno.h>

#include "vyoma_file.h"
#include "buffer.h"

#define FILE_MAX (16 << 20)	/* bytes we agree to hold */
#define PATH_MAX_LEN 1024

/* Why a call failed, in words (strerror's table would double our size). */
static const char *why(int err)
{
	switch (err) {
	case ENOENT:
		return "no such file or directory";
	case EACCES:
	case EPERM:
	case ENOTCAPABLE:
		return "permission denied";
	case EISDIR:
		return "is a directory";
	case ENOTDIR:
		return "not a directory";
	case ENOSPC:
	case EDQUOT:
		return "no space left";
	case EROFS:
		return "read-only";
	case EFBIG:
	case ENOMEM:
		return "too large";
	case ENAMETOOLONG:
		return "name too long";
	default:
		return "input/output error";
	}
}

/* Reads path; on success the buffer holds it. Returns 0 or an errno. */
static int file_load(const char *path)
{
	const char *rel;
	int dir = vy_file_dir(path, &rel), err, len = 0, cap;
	__wasi_fd_t fd;
	__wasi_filestat_t st;
	char *b = 0, *nb;

	if (dir < 0)
		return ENOTCAPABLE;	/* outside what we were given */
	err = __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, rel, 0,
			       __WASI_RIGHTS_FD_READ |
			       __WASI_RIGHTS_FD_FILESTAT_GET, 0, 0, &fd);
	if (err)
		return err;
	err = __wasi_fd_filestat_get(fd, &st);
	if (!err && st.filetype == __WASI_FILETYPE_DIRECTORY)
		err = EISDIR;
	if (!err && st.size > FILE_MAX)
		err = EFBIG;
	/* The size is a hint: the file may grow while we read. */
	cap = err ? 0 : (int)st.size + 65536;
	while (!err) {
		__wasi_iovec_t iov;
		__wasi_size_t n;

		if (cap - len < 4096) {
			if (cap > FILE_MAX) {
				err = EFBIG;
				break;
			}
			cap *= 2;
		}
		nb = realloc(b, (size_t)cap);
		if (!nb) {
			err = ENOMEM;
			break;
		}
		b = nb;
		iov = (__wasi_iovec_t){ (uint8_t *)b + len, (size_t)(cap - len) };
		err = __wasi_fd_read(fd, &iov, 1, &n);
		if (!err && !n) {
			buf_adopt(b, len, cap);
			b = 0;
			break;
		}
		len += (int)n;
	}
	free(b);
	__wasi_fd_close(fd);
	return err;
}

/* Writes the text to fd, whole (the gap moved past its end). Returns 0
 * or an errno. */
static int write_text(int fd)
{
	int n = blen(), err;
	__wasi_ciovec_t iov = { (const uint8_t *)span(0, n), (size_t)n };
	__wasi_size_t w;

	while (iov.buf_len) {
		err = __wasi_fd_write(fd, &iov, 1, &w);
		if (err || !w)
			return err ? err : EIO;
		iov.buf += w;
		iov.buf_len -= w;
	}
	return 0;
}

/* Writes the buffer to path atomically. Returns 0 or an errno. */
static int file_save(const char *path)
{
	static char tmp[PATH_MAX_LEN + 32];
	const char *slash = strrchr(path, '/'), *rel, *trel;
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path);
	int pdir, tdir, err;
	__wasi_fd_t fd;

	if (n - dir == 0)
		return EISDIR;
	if (n + 16 > sizeof(tmp))
		return ENAMETOOLONG;
	/* ".name.saving" beside it: the same directory, so rename is atomic. */
	memcpy(tmp, path, dir);
	tmp[dir] = '.';
	memcpy(tmp + dir + 1, path + dir, n - dir);
	memcpy(tmp + n + 1, ".saving", 8);
	pdir = vy_file_dir(path, &rel);
	tdir = vy_file_dir(tmp, &trel);
	if (pdir < 0 || tdir < 0)
		return ENOTCAPABLE;
	__wasi_path_unlink_file(tdir, trel);
	err = __wasi_path_open(tdir, 0, trel, __WASI_OFLAGS_CREAT |
			       __WASI_OFLAGS_EXCL | __WASI_OFLAGS_TRUNC,
			       __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SYNC,
			       0, 0, &fd);
	if (err)
		return err;
	err = write_text(fd);
	if (!err) {
		err = __wasi_fd_sync(fd);
		if (err == ENOSYS || err == ENOTSUP)
			err = 0;
	}
	if (__wasi_fd_close(fd) && !err)
		err = EIO;
	if (!err)
		err = __wasi_path_rename(tdir, trel, pdir, rel);
	if (err)
		__wasi_path_unlink_file(tdir, trel);
	return err;
}

#endif

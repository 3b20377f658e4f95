/*
 * file.h - reading a file into the buffer and writing it back. A file is
 * read whole into a new buffer before the old text is let go, so a failed
 * open leaves the document as it was; a save writes a new file beside the
 * old one and renames it over the name, so a crash or a full disk never
 * leaves half a file where the whole one was.
 */
#ifndef EDITOR_FILE_H
#define EDITOR_FILE_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>	/* rename */
#include <sys/stat.h>

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
	struct stat st;
	char *b = 0, *nb;
	int fd, len = 0, cap, err = 0;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? EISDIR : errno;
		goto out;
	}
	if (st.st_size > FILE_MAX) {
		err = EFBIG;
		goto out;
	}
	/* The size is a hint: the file may grow while we read. */
	cap = (int)st.st_size + 65536;
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			if (cap > FILE_MAX) {
				err = EFBIG;
				goto out;
			}
			cap *= 2;
		}
		nb = realloc(b, (size_t)cap);
		if (!nb) {
			err = ENOMEM;
			goto out;
		}
		b = nb;
		n = read(fd, b + len, (size_t)(cap - len));
		if (n < 0) {
			err = errno;
			goto out;
		}
		if (n == 0)
			break;
		len += (int)n;
	}
	buf_adopt(b, len, cap);
	b = 0;
out:
	free(b);
	close(fd);
	return err;
}

static int write_all(int fd, const char *p, int n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, (size_t)n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (int)w;
	}
	return 0;
}

/* Writes the buffer to path atomically. Returns 0 or an errno. */
static int file_save(const char *path)
{
	static char tmp[PATH_MAX_LEN + 32];
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path);
	int fd, err = 0;

	if (n - dir == 0)
		return EISDIR;
	if (n + 16 > sizeof(tmp))
		return ENAMETOOLONG;
	/* ".name.saving" beside it: the same directory, so rename is atomic. */
	memcpy(tmp, path, dir);
	tmp[dir] = '.';
	memcpy(tmp + dir + 1, path + dir, n - dir);
	memcpy(tmp + n + 1, ".saving", 8);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0644);
	if (fd < 0)
		return errno;
	errno = 0;
	if (write_all(fd, T.b, T.gs) ||
	    write_all(fd, T.b + T.ge, T.cap - T.ge))
		err = errno ? errno : EIO;
	if (!err && fsync(fd) != 0 && errno != ENOSYS && errno != ENOTSUP)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (!err && rename(tmp, path) != 0)
		err = errno;
	if (err)
		unlink(tmp);
	return err;
}

#endif

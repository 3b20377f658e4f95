/*
 * file.c - whole-file reads with a size bound, and atomic writes. The
 * size is checked before anything is allocated, so a huge or endless
 * file costs nothing; only regular files are read.
 */
#include "file.h"

#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads the regular file open at fd (closed here). */
static char *read_fd(int fd, size_t max, size_t *len)
{
	char *buf = NULL;
	struct stat st;
	size_t got = 0;
	int saved;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0) {
		errno = EIO;
	} else if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
	} else if ((unsigned long long)st.st_size > max) {
		errno = EFBIG;
	} else if (!(buf = malloc((size_t)st.st_size + 1))) {
		errno = ENOMEM;
	} else {
		/* A file that shrinks as we read it is read as it is. */
		while (got < (size_t)st.st_size) {
			ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		buf[got] = '\0';
		*len = got;
	}
	saved = errno;
	close(fd);
	errno = saved;
	return buf;
}

char *file_read(const char *path, size_t max, size_t *len)
{
	return read_fd(open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), max,
		       len);
}

char *file_read_at(int dirfd, const char *name, size_t max, size_t *len)
{
	return read_fd(openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
			      O_CLOEXEC), max, len);
}

int file_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

int file_write_atomic_at(int dirfd, const char *name, const void *data,
			 size_t len, int mode)
{
	char tmp[300];
	int fd, saved;

	if (snprintf(tmp, sizeof(tmp), ".%s.tmp.%ld", name,
		     (long)getpid()) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	unlinkat(dirfd, tmp, 0);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (file_write_all(fd, data, len) != 0)
		goto fail;
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (renameat(dirfd, tmp, dirfd, name) == 0)
		return 0;
fail:
	saved = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, tmp, 0);
	errno = saved;
	return -1;
}

void file_error(const char *path, size_t max, char *err, size_t errlen)
{
	if (errno == EFBIG && max % (1u << 20) == 0)
		snprintf(err, errlen, "%s: larger than %zu MiB", path,
			 max >> 20);
	else if (errno == EFBIG)
		snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
	else if (errno == EINVAL)
		snprintf(err, errlen, "%s: not a regular file", path);
	else
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
}

int file_mkdirs(const char *path, unsigned mode)
{
	char buf[PATH_MAX];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST ? -1 : 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int file_remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

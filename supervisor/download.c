/*
 * download.c - reads a file from an app's own /data once (download.h).
 */
#include "download.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"

unsigned char *download_read(struct app *caller, const char *name,
			     size_t max, size_t *len, char *err,
			     size_t errlen)
{
	unsigned char *buf = NULL;
	struct stat st;
	int dir, fd;
	size_t got = 0;

	*len = 0;
	if (!caller->data_dir[0])
		return snprintf(err, errlen, "the caller has no /data to "
				"download into"), NULL;
	if (!name[0] || strchr(name, '/') || name[0] == '.')
		return snprintf(err, errlen, "'%s' is not a file name in /data",
				name), NULL;
	dir = open(caller->data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* O_NONBLOCK: a FIFO planted under the name must not hang us. */
	fd = dir < 0 ? -1 : openat(dir, name, O_RDONLY | O_NOFOLLOW |
				   O_NONBLOCK | O_CLOEXEC);
	if (dir >= 0)
		close(dir);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "/data/%s: %s", name, fd < 0 ?
			 strerror(errno) : "not a regular file");
		goto out;
	}
	if ((uintmax_t)st.st_size > max) {
		snprintf(err, errlen, "/data/%s is larger than %zu bytes",
			 name, max);
		goto out;
	}
	/* One byte more than allowed tells a file that grew meanwhile. */
	buf = malloc((size_t)st.st_size + 1);
	max = (size_t)st.st_size;
	while (buf && got <= max) {
		ssize_t n = read(fd, buf + got, max + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (!buf) {
		snprintf(err, errlen, "out of memory");
	} else if (got > max) {
		snprintf(err, errlen, "/data/%s is larger than %zu bytes",
			 name, max);
		free(buf);
		buf = NULL;
	}
	*len = got;
out:
	if (fd >= 0)
		close(fd);
	return buf;
}

/*
 * file.c - whole-file reads with a size bound. The size is checked before
 * anything is allocated, so a huge or endless file costs nothing.
 */
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *file_read(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;
	int saved;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		errno = EIO;
	} else if ((size_t)size > max) {
		errno = EFBIG;
	} else if (!(buf = malloc((size_t)size + 1))) {
		errno = ENOMEM;
	} else if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
		errno = EIO;
	} else {
		buf[size] = '\0';
		*len = (size_t)size;
	}
	saved = errno;
	fclose(f);
	errno = saved;
	return buf;
}

void file_error(const char *path, size_t max, char *err, size_t errlen)
{
	if (errno == EFBIG && max % (1u << 20) == 0)
		snprintf(err, errlen, "%s: larger than %zu MiB", path,
			 max >> 20);
	else if (errno == EFBIG)
		snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
	else
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
}

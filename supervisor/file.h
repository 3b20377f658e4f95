/*
 * file.h - reading a whole file into memory, with a size bound: what the
 * manifest loader, the input-script loader and the module cache all do.
 */
#ifndef VYOMA_FILE_H
#define VYOMA_FILE_H

#include <stddef.h>

#define FILE_SMALL_MAX (1u << 20)	/* manifests, input scripts */

/*
 * A malloc'd, NUL-terminated copy of the file at path and its length, or
 * NULL with errno set (EFBIG if it is larger than max bytes).
 */
char *file_read(const char *path, size_t max, size_t *len);

/* "path: <why file_read failed>" into err, from errno. */
void file_error(const char *path, size_t max, char *err, size_t errlen);

#endif

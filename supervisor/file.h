/*
 * file.h - reading a whole file into memory, with a size bound: what the
 * manifest loader, the input-script loader and the module cache all do;
 * and making a directory with its parents.
 * Only regular files are read, opened without blocking, so a FIFO or a
 * device named like a manifest or a module is an error, not a hang.
 */
#ifndef VYOMA_FILE_H
#define VYOMA_FILE_H

#include <stdbool.h>
#include <stddef.h>

#define FILE_SMALL_MAX (1u << 20)	/* manifests, input scripts */

/*
 * A malloc'd, NUL-terminated copy of the file at path and its length, or
 * NULL with errno set (EFBIG if it is larger than max bytes, EINVAL if it
 * is not a regular file).
 */
char *file_read(const char *path, size_t max, size_t *len);

/* mkdir -p: path and every missing parent, made with mode. 0 or -1. */
int file_mkdirs(const char *path, unsigned mode);

/* Removes path and, if it is a directory, everything in it, without
 * following a symbolic link anywhere; a missing path is no error.
 * Returns 0, or -1 and errno. */
int file_remove_tree(const char *path);

/* The same, relative to the directory dirfd, never following a symlink
 * in the last component (ELOOP). */
char *file_read_at(int dirfd, const char *name, size_t max, size_t *len);

/* Writes all len bytes to fd (again after EINTR). 0, or -1 and errno. */
int file_write_all(int fd, const void *data, size_t len);

/*
 * Writes len bytes to name in the directory dirfd whole or not at all: a
 * new temporary file (never following a link), synced, then renamed over
 * name. Whatever was at name (a symlink, a FIFO) is replaced, not opened.
 * Returns 0 or -1 with errno set.
 */
int file_write_atomic_at(int dirfd, const char *name, const void *data,
			 size_t len, int mode);

/* "path: <why file_read failed>" into err, from errno. */
void file_error(const char *path, size_t max, char *err, size_t errlen);

#endif

/*
 * download.h - reading a file an app downloaded into its own /data
 * (download.c), for the services that act on it: packages (pkg.c) and
 * system updates (update.c). The file is read once into memory only the
 * supervisor holds; every check is then made on that copy, so the app
 * cannot change the bytes between a check and their use.
 */
#ifndef VYOMA_DOWNLOAD_H
#define VYOMA_DOWNLOAD_H

#include <stddef.h>

struct app;

/*
 * /data/<name> of caller: a plain name (no '/', not starting with '.'),
 * a regular file reached without following a symlink, at most max
 * bytes. A malloc'd copy and its length in *len, or NULL with the
 * reason in err.
 */
unsigned char *download_read(struct app *caller, const char *name,
			     size_t max, size_t *len, char *err,
			     size_t errlen);

#endif

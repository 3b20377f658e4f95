/*
 * mounts.h - the directories an app sees, as one list: its /data, the
 * home and /tmp of the user it runs for, and its manifest's grants, each
 * as (host directory, guest path, writable). The WASI context preopens
 * them (run.c) and `df` reports their sizes (shell.c), so what df shows
 * is what the app was given, and nothing else.
 */
#ifndef VYOMA_MOUNTS_H
#define VYOMA_MOUNTS_H

#include <stdbool.h>

struct app;

/* Called for each; returning false stops the walk. */
typedef bool (*mounts_fn)(void *ctx, const char *host, const char *guest,
			  bool writable);

/*
 * Calls each() for every directory app sees, in the order WASI preopens
 * them. Returns false if each() stopped, or if the user's home cannot be
 * named (logged): the app must then not run with less than it declared.
 */
bool mounts_each(struct app *app, mounts_fn each, void *ctx);

#endif

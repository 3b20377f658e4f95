/*
 * grants.h - which host directories an app may ever be granted, and how
 * the supervisor opens them.
 *
 * A manifest names host directories (filesystem grants); the supervisor
 * decides whether it may. A grant must resolve (symlinks followed) to a
 * directory under one of the allowed roots (by default /home, /srv,
 * /media, /mnt, /tmp and /var/tmp; --grant-root replaces them), and must
 * not be, contain or lie inside one of the supervisor's own directories:
 * the data root (every app's /data), the module cache and its key, the
 * apps folder, the folder of the supervisor's own binary and /etc/vyoma.
 * Otherwise an app could read another app's data, plant native code in
 * the cache, or rewrite the apps. Nor may it be a view into the kernel
 * or its processes (/proc, /sys, /dev and their kind), whatever the
 * roots say: /proc/1/mem is the supervisor's memory.
 *
 * What was checked is what is opened: the resolved path is opened one
 * component at a time without following any link, and the app gets that
 * descriptor, so a directory swapped for a symlink after the check is
 * refused instead of followed.
 */
#ifndef VYOMA_GRANTS_H
#define VYOMA_GRANTS_H

#include <stddef.h>

#define GRANTS_MAX_ROOTS 16
#define GRANTS_MAX_FORBIDDEN 16

/* The roots grants may lie under; replaces the defaults. */
int grants_add_root(const char *dir);

/* One of the supervisor's own directories (or files): no grant may be
 * it, lie inside it or contain it. Paths that do not exist are kept as
 * given. */
void grants_forbid(const char *path);

/*
 * Checks a grant's host path. Returns 0 with the resolved path in
 * resolved (PATH_MAX), or -1 with a one-line reason in why.
 */
int grants_check(const char *host_path, char *resolved, char *why,
		 size_t whylen);

/*
 * Opens a resolved directory without following links in any component
 * (O_PATH, O_CLOEXEC). Returns the descriptor or -1 with errno set
 * (ELOOP or ENOTDIR if a component is no longer a real directory).
 */
int grants_open_dir(const char *resolved);

/* Forgets the roots and forbidden paths (for tests). */
void grants_reset(void);

#endif

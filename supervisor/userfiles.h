/*
 * userfiles.h - the shared file tree: where the user's files are on the
 * host. Every app that asks for them (`filesystem.user`) sees the same
 * home at /home/user and the same /tmp, so a file one app saves is read
 * by another under the same name; each app's /data stays its own. One
 * default user until users exist (issue 16).
 */
#ifndef VYOMA_USERFILES_H
#define VYOMA_USERFILES_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define USERFILES_HOME_MOUNT "/home/user"
#define USERFILES_TMP_MOUNT "/tmp"

/*
 * Makes (if need be) the home, `home` if given (--home), else
 * <data_root>/.vyoma/home/user, and the tmp directory
 * <data_root>/.vyoma/tmp. Returns 0, or -1 with a message in err.
 */
int userfiles_init(const char *data_root, const char *home, char *err,
		   size_t errlen);

#define USERFILES_READ 0	/* read only */
#define USERFILES_WRITE 1	/* write; create (0644) and truncate */
#define USERFILES_APPEND 2	/* write; create (0644) and append */

/*
 * Opens the user's regular file at path (absolute, as the app sees it:
 * under /home/user or /tmp) for an app holding them as `grant`, on the
 * host, confined to the directory (no "..", no symbolic link out of it,
 * no device or FIFO). Returns 0 and the host descriptor (close-on-exec,
 * non-blocking), or a WASI errno.
 */
int userfiles_open(const char *path, int how, int grant, int *fd);

#define USERFILES_PATH_MAX 1024	/* a path `open` takes, as apps see it */

struct manifest;

/* A file an app can reach, found by userfiles_resolve(). */
struct userfiles_target {
	char path[USERFILES_PATH_MAX + 1];	/* as apps see it: absolute,
						 * no "..", no links */
	size_t dir_len;		/* path[0..dir_len) is its directory */
	char dir_host[PATH_MAX];	/* that directory on the host */
	bool writable;		/* as the app holds it */
	bool user;		/* among the user's files (home, /tmp) */
};

/*
 * Finds the regular file at path (absolute, as the app sees it) among
 * what an app reaches: the user's files if it holds them as `user`, and
 * its manifest's grants. Like WASI against the app's preopens: the
 * deepest mount that holds path is the one, and path is resolved below
 * it on the host with no "..", absolute or escaping symbolic link
 * leading out of it. Returns 0 with *t filled, or a WASI errno:
 * NOTCAPABLE (not among its files, or leads out of them), NOENT,
 * NOTDIR, ISDIR (a directory), INVAL (not a regular file), ACCES,
 * NAMETOOLONG (its real path is longer than USERFILES_PATH_MAX).
 */
int userfiles_resolve(const char *path, int user, const struct manifest *m,
		      struct userfiles_target *t);

/* Their host paths, resolved; "" before userfiles_init. */
const char *userfiles_home(void);
const char *userfiles_tmp(void);

#endif

/*
 * userfiles.h - the shared file tree: where the user's files are on the
 * host. Every app that asks for them (`filesystem.user`) sees the same
 * home at /home/user and the same /tmp, so a file one app saves is read
 * by another under the same name; each app's /data stays its own. One
 * default user until users exist (issue 16).
 */
#ifndef VYOMA_USERFILES_H
#define VYOMA_USERFILES_H

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

/* Their host paths, resolved; "" before userfiles_init. */
const char *userfiles_home(void);
const char *userfiles_tmp(void);

#endif

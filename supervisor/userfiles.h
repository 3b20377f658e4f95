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

/* Their host paths, resolved; "" before userfiles_init. */
const char *userfiles_home(void);
const char *userfiles_tmp(void);

#endif

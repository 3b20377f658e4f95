/*
 * userfiles.h - the users' file trees: where each user's files are on
 * the host. Every app that asks for them (`filesystem.user`) sees the
 * home of the user it runs for at /home/<name> and that user's own /tmp,
 * so a file one app saves is read by another of the same user under the
 * same name, and never by another user's (docs/users.md). Each app's
 * /data is its own and, for an app that runs for a user, that user's:
 * <data root>/.vyoma/appdata/<user>/<app>.
 */
#ifndef VYOMA_USERFILES_H
#define VYOMA_USERFILES_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "utf8.h"

#define USERFILES_TMP_MOUNT "/tmp"
#define USERFILES_NAME_MAX 32		/* a user's name (userdb.h) */
#define USERFILES_MOUNT_MAX 48		/* "/home/<name>" */

/*
 * Makes (if need be) <data_root>/.vyoma/{home,tmp,appdata}, where users'
 * homes, /tmp and app data go, and puts them out of every grant's reach.
 * home (--home), if given, is home_user's home instead of theirs under
 * the data root. Returns 0, or -1 with a message in err.
 */
int userfiles_init(const char *data_root, const char *home,
		   const char *home_user, char *err, size_t errlen);

/* "/home/<user>": where apps of user see their home. 0, or -1. */
int userfiles_mount(const char *user, char out[USERFILES_MOUNT_MAX]);

/* The user's home and /tmp on the host, made (0700) if missing. */
int userfiles_dirs(const char *user, char home[PATH_MAX], char tmp[PATH_MAX]);

/* The host side of app's /data when it runs for user, made if missing
 * and resolved. 0, or -1 and errno. */
int userfiles_app_data(const char *user, const char *app,
		       char out[PATH_MAX]);

/* userdel: the user's home (not a --home), /tmp and app data, gone;
 * links in them are removed, never followed. 0, or -1. */
int userfiles_remove_user(const char *user);

#define USERFILES_READ 0	/* read only */
#define USERFILES_WRITE 1	/* write; create (0644) and truncate */
#define USERFILES_APPEND 2	/* write; create (0644) and append */

/*
 * Opens user's regular file at path (absolute, as the app sees it:
 * under /home/<user> or /tmp) for an app holding them as `grant`, on the
 * host, confined to the directory (no "..", no symbolic link out of it,
 * no device or FIFO). Returns 0 and the host descriptor (close-on-exec,
 * non-blocking), or a WASI errno.
 */
int userfiles_open(const char *user, const char *path, int how, int grant,
		   int *fd);

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
 * what an app reaches: owner's files if it holds them as `user`, and
 * its manifest's grants. Like WASI against the app's preopens: the
 * deepest mount that holds path is the one, and path is resolved below
 * it on the host with no "..", absolute or escaping symbolic link
 * leading out of it. Returns 0 with *t filled, or a WASI errno:
 * NOTCAPABLE (not among its files, or leads out of them), NOENT,
 * NOTDIR, ISDIR (a directory), INVAL (not a regular file), ACCES,
 * NAMETOOLONG (its real path is longer than USERFILES_PATH_MAX).
 */
int userfiles_resolve(const char *owner, const char *path, int user,
		      const struct manifest *m, struct userfiles_target *t);

/*
 * Why an instance running for user may not start in cwd (its working
 * directory, as apps see paths, NUL-terminated), or NULL if it may.
 * "/" is where every app starts anyway. Anything else must be
 * normalised: absolute, with no empty, "." or ".." component and no
 * trailing '/' (else *err is INVAL); not under /home unless within
 * user's own home; and at or below one of mounts, the n directories its
 * parent or the instance itself is given (else *err is NOTCAPABLE).
 */
const char *userfiles_cwd_refused(const char *cwd, const char *user,
				  const char *const *mounts, size_t n,
				  int *err);

#define USERFILES_SHOWN_MAX 96	/* bytes of an app's path a log shows */
#define USERFILES_SHOWN_SIZE (4 * USERFILES_SHOWN_MAX + 8)

/*
 * An app's path (len bytes of anything: NULs, control characters,
 * malformed UTF-8) as a log line may show it: its first
 * USERFILES_SHOWN_MAX bytes (only those are read), every NUL, control
 * character and malformed byte written \xNN (utf8_escape), and "[...]"
 * after a cut. Returns out.
 */
static inline const char *userfiles_shown(const char *path, size_t len,
					  char out[USERFILES_SHOWN_SIZE])
{
	bool cut = len > USERFILES_SHOWN_MAX;
	size_t n = utf8_escape(path, cut ? USERFILES_SHOWN_MAX : len, out,
			       4 * USERFILES_SHOWN_MAX + 1);

	if (cut)
		memcpy(out + n, "[...]", sizeof("[...]"));
	return out;
}

#endif

/*
 * userfiles.c - the shared file tree's place on the host (userfiles.h).
 * Both directories lie under the supervisor's data root (or the --home
 * the person running it chose), which no manifest grant may name: only
 * the `user` capability reaches them, so a parent can pass them on to
 * its children no wider than it holds them.
 */
#include "userfiles.h"
#include "file.h"
#include "grants.h"
#include "guest.h"
#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static char home_dir[PATH_MAX], tmp_dir[PATH_MAX];

static int prepare(const char *path, char *resolved, char *err,
		   size_t errlen)
{
	if (file_mkdirs(path, 0700) != 0 || !realpath(path, resolved)) {
		snprintf(err, errlen, "cannot create %s: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int userfiles_init(const char *data_root, const char *home, char *err,
		   size_t errlen)
{
	char path[PATH_MAX];

	if (home) {
		snprintf(path, sizeof(path), "%s", home);
	} else if (snprintf(path, sizeof(path), "%s/.vyoma/home/user",
			    data_root) >= (int)sizeof(path)) {
		snprintf(err, errlen, "the data directory's path is too long");
		return -1;
	}
	if (prepare(path, home_dir, err, errlen))
		return -1;
	snprintf(path, sizeof(path), "%s/.vyoma/tmp", data_root);
	if (prepare(path, tmp_dir, err, errlen))
		return -1;
	/* Named by no manifest: reached only as the user's files. */
	grants_forbid(home_dir);
	grants_forbid(tmp_dir);
	return 0;
}

const char *userfiles_home(void)
{
	return home_dir;
}

const char *userfiles_tmp(void)
{
	return tmp_dir;
}

static int wasi_errno(int err)
{
	switch (err) {
	case ENOENT: return GUEST_ERRNO_NOENT;
	case EACCES:
	case EPERM: return GUEST_ERRNO_ACCES;
	case EISDIR: return GUEST_ERRNO_ISDIR;
	case ENOTDIR: return GUEST_ERRNO_NOTDIR;
	case ELOOP:
	case EXDEV: return GUEST_ERRNO_NOTCAPABLE;	/* out of the tree */
	case ENAMETOOLONG: return GUEST_ERRNO_NAMETOOLONG;
	case EMFILE: return GUEST_ERRNO_MFILE;
	case ENFILE: return GUEST_ERRNO_NFILE;
	case ENOSPC: return GUEST_ERRNO_NOSPC;
	case EDQUOT: return GUEST_ERRNO_DQUOT;
	default: return GUEST_ERRNO_IO;
	}
}

/* path's part below mount ("." for the mount itself), or NULL. */
static const char *below(const char *path, const char *mount)
{
	size_t n = strlen(mount);

	if (strncmp(path, mount, n) != 0 || (path[n] && path[n] != '/'))
		return NULL;
	path += n;
	while (*path == '/')
		path++;
	return *path ? path : ".";
}

int userfiles_open(const char *path, int how, int grant, int *fd)
{
	struct open_how oh = {
		.flags = O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS |
			   RESOLVE_NO_XDEV,
	};
	const char *rel, *root;
	struct stat st;
	int dir, f, err;

	if (grant == USER_FILES_NONE)
		return GUEST_ERRNO_NOTCAPABLE;
	if (how != USERFILES_READ && grant != USER_FILES_RW)
		return GUEST_ERRNO_ROFS;
	if ((rel = below(path, USERFILES_HOME_MOUNT)))
		root = home_dir;
	else if ((rel = below(path, USERFILES_TMP_MOUNT)))
		root = tmp_dir;
	else
		return GUEST_ERRNO_NOTCAPABLE;
	if (!root[0])
		return GUEST_ERRNO_NOENT;
	if (how == USERFILES_READ)
		oh.flags |= O_RDONLY;
	else
		oh.flags |= O_WRONLY | O_CREAT |
			    (how == USERFILES_APPEND ? O_APPEND : O_TRUNC);
	oh.mode = oh.flags & O_CREAT ? 0644 : 0;
	dir = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return wasi_errno(errno);
	/* O_NONBLOCK: a FIFO someone left there must not hang the open. */
	f = (int)syscall(SYS_openat2, dir, rel, &oh, sizeof(oh));
	err = f < 0 ? errno : 0;
	close(dir);
	if (f < 0)
		return wasi_errno(err);
	if (fstat(f, &st) != 0 || !S_ISREG(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? GUEST_ERRNO_ISDIR :
					     GUEST_ERRNO_ACCES;
		close(f);
		return err;
	}
	*fd = f;
	return 0;
}

/*
 * userfiles.c - the users' file trees on the host (userfiles.h). Homes,
 * /tmp directories and app data all lie under the supervisor's data root
 * (or, for one user, the --home the person running it chose), which no
 * manifest grant may name: only the `user` capability reaches a home,
 * and only the one of the user an app runs for, so a parent can pass it
 * on to its children no wider than it holds it.
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

/* Where every user's home, /tmp and app data are: <data root>/.vyoma. */
static char homes_dir[PATH_MAX], tmps_dir[PATH_MAX], appdata_dir[PATH_MAX];
/* --home: one user's home somewhere else (a developer's, hosted). */
static char home_override[PATH_MAX], home_override_user[USERFILES_NAME_MAX + 1];

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

int userfiles_init(const char *data_root, const char *home,
		   const char *home_user, char *err, size_t errlen)
{
	static const struct {
		const char *leaf;
		char *dir;
	} roots[] = {
		{ "home", homes_dir }, { "tmp", tmps_dir },
		{ "appdata", appdata_dir },
	};
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		if (snprintf(path, sizeof(path), "%s/.vyoma/%s", data_root,
			     roots[i].leaf) >= (int)sizeof(path) - 64) {
			snprintf(err, errlen, "the data directory's path is "
				 "too long");
			return -1;
		}
		if (prepare(path, roots[i].dir, err, errlen))
			return -1;
		/* Named by no manifest: reached only as a user's files. */
		grants_forbid(roots[i].dir);
	}
	home_override[0] = home_override_user[0] = '\0';
	if (home && home_user) {
		if (prepare(home, home_override, err, errlen))
			return -1;
		snprintf(home_override_user, sizeof(home_override_user), "%s",
			 home_user);
		grants_forbid(home_override);
	}
	return 0;
}

/* Names come from the user database: [a-z0-9_-], never "." or "..". */
static bool name_ok(const char *user)
{
	return user && user[0] && user[0] != '.' &&
	       strlen(user) <= USERFILES_NAME_MAX && !strchr(user, '/');
}

static int home_of(const char *user, char out[PATH_MAX])
{
	if (!name_ok(user) || !homes_dir[0])
		return -1;
	if (home_override[0] && strcmp(user, home_override_user) == 0)
		return snprintf(out, PATH_MAX, "%s", home_override) < 0;
	return snprintf(out, PATH_MAX, "%s/%s", homes_dir, user) < 0;
}

static int tmp_of(const char *user, char out[PATH_MAX])
{
	if (!name_ok(user) || !tmps_dir[0])
		return -1;
	return snprintf(out, PATH_MAX, "%s/%s", tmps_dir, user) < 0;
}

int userfiles_mount(const char *user, char out[USERFILES_MOUNT_MAX])
{
	if (!name_ok(user))
		return -1;
	snprintf(out, USERFILES_MOUNT_MAX, "/home/%s", user);
	return 0;
}

int userfiles_dirs(const char *user, char home[PATH_MAX], char tmp[PATH_MAX])
{
	if (home_of(user, home) || tmp_of(user, tmp))
		return -1;
	if (file_mkdirs(home, 0700) != 0 || file_mkdirs(tmp, 0700) != 0)
		return -1;
	return 0;
}

int userfiles_app_data(const char *user, const char *app,
		       char out[PATH_MAX])
{
	char path[PATH_MAX];

	if (!name_ok(user) || !appdata_dir[0] ||
	    snprintf(path, sizeof(path), "%s/%s/%s", appdata_dir, user,
		     app) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (file_mkdirs(path, 0700) != 0 || !realpath(path, out))
		return -1;
	return 0;
}

int userfiles_remove_user(const char *user)
{
	char path[PATH_MAX];
	int rc = 0;

	if (!name_ok(user))
		return -1;
	/* A developer's own --home is theirs, not ours to delete. */
	if (!(home_override[0] && strcmp(user, home_override_user) == 0) &&
	    home_of(user, path) == 0)
		rc |= file_remove_tree(path);
	if (tmp_of(user, path) == 0)
		rc |= file_remove_tree(path);
	if (snprintf(path, sizeof(path), "%s/%s", appdata_dir, user) <
	    (int)sizeof(path))
		rc |= file_remove_tree(path);
	return rc ? -1 : 0;
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

/* path below mount, for a mount that may be "/". */
static const char *below_mount(const char *path, const char *mount)
{
	if (strcmp(mount, "/") != 0)
		return below(path, mount);
	while (*path == '/')
		path++;
	return *path ? path : ".";
}

int userfiles_open(const char *user, const char *path, int how, int grant,
		   int *fd)
{
	char mount[USERFILES_MOUNT_MAX], home[PATH_MAX], tmp[PATH_MAX];
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
	if (userfiles_mount(user, mount) || home_of(user, home) ||
	    tmp_of(user, tmp))
		return GUEST_ERRNO_NOTCAPABLE;
	if ((rel = below(path, mount)))
		root = home;
	else if ((rel = below(path, USERFILES_TMP_MOUNT)))
		root = tmp;
	else
		return GUEST_ERRNO_NOTCAPABLE;
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

/* ---- working directories ------------------------------------------------- */

/* Is path mount or below it (every path is below "/")? */
static bool within(const char *path, const char *mount)
{
	return below_mount(path, mount) != NULL;
}

const char *userfiles_cwd_refused(const char *cwd, const char *user,
				  const char *const *mounts, size_t n,
				  int *err)
{
	char mine[USERFILES_MOUNT_MAX];
	const char *c;
	size_t i;

	*err = GUEST_ERRNO_INVAL;
	if (cwd[0] != '/')
		return "not an absolute path";
	*err = 0;
	if (!cwd[1])
		return NULL;
	for (c = cwd; *c; c += i) {
		i = strcspn(++c, "/");
		if (i == 0 || (i == 1 && c[0] == '.') ||
		    (i == 2 && c[0] == '.' && c[1] == '.')) {
			*err = GUEST_ERRNO_INVAL;
			return "not a normalised path (an empty, \".\" or "
			       "\"..\" component)";
		}
	}
	*err = GUEST_ERRNO_NOTCAPABLE;
	if (within(cwd, "/home") &&
	    (userfiles_mount(user, mine) != 0 || !within(cwd, mine)))
		return cwd[5] ? "it is another user's home" :
				"it holds every user's home";
	for (i = 0; i < n; i++)
		if (within(cwd, mounts[i])) {
			*err = 0;
			return NULL;
		}
	return "neither it nor its parent is given that directory";
}

/* ---- open's view: a file an app can reach ------------------------------- */

struct mount_choice {
	const char *mount, *host, *rel;
	bool writable, user;
};

/* One candidate: kept if it holds path and is deeper than the last. */
static void consider(struct mount_choice *best, const char *path,
		     const char *mount, const char *host, bool writable,
		     bool user)
{
	const char *rel = below_mount(path, mount);

	if (!rel || !host[0] ||
	    (best->mount && strlen(best->mount) >= strlen(mount)))
		return;
	*best = (struct mount_choice){ mount, host, rel, writable, user };
}

/* The host path a descriptor names now, or -1. */
static int fd_path(int fd, char *out, size_t cap)
{
	char link[32];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, out, cap - 1);
	if (n <= 0 || (size_t)n >= cap - 1)
		return -1;
	out[n] = '\0';
	return 0;
}

/*
 * The file's real host path, made an app's path again: its mount and
 * what follows the mount's real host path. Fills t's path and
 * directory.
 */
static int name_target(const struct mount_choice *c, int root, int f,
		       struct userfiles_target *t)
{
	char root_real[PATH_MAX], real[PATH_MAX];
	const char *rest, *slash;
	size_t rlen;
	int n;

	if (fd_path(root, root_real, sizeof(root_real)) ||
	    fd_path(f, real, sizeof(real)))
		return GUEST_ERRNO_IO;
	rlen = strcmp(root_real, "/") == 0 ? 0 : strlen(root_real);
	if (strncmp(real, root_real, rlen) != 0 || real[rlen] != '/')
		return GUEST_ERRNO_NOTCAPABLE;	/* moved meanwhile */
	rest = real + rlen;
	n = snprintf(t->path, sizeof(t->path), "%s%s",
		     strcmp(c->mount, "/") == 0 ? "" : c->mount, rest);
	if (n < 0 || (size_t)n >= sizeof(t->path))
		return GUEST_ERRNO_NAMETOOLONG;
	slash = strrchr(t->path, '/');
	t->dir_len = slash == t->path ? 1 : (size_t)(slash - t->path);
	slash = strrchr(real, '/');
	if ((size_t)(slash - real) >= sizeof(t->dir_host))
		return GUEST_ERRNO_NAMETOOLONG;
	memcpy(t->dir_host, real, (size_t)(slash - real));
	t->dir_host[slash == real ? 1 : slash - real] = '\0';
	t->writable = c->writable;
	t->user = c->user;
	return 0;
}

int userfiles_resolve(const char *owner, const char *path, int user,
		      const struct manifest *m, struct userfiles_target *t)
{
	char mount[USERFILES_MOUNT_MAX], home[PATH_MAX], tmp[PATH_MAX];
	struct open_how oh = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS |
			   RESOLVE_NO_XDEV,
	};
	struct mount_choice best = { 0 };
	struct stat st;
	int root, f, err;
	size_t i;

	if (path[0] != '/')
		return GUEST_ERRNO_NOTCAPABLE;
	if (user != USER_FILES_NONE && userfiles_mount(owner, mount) == 0 &&
	    home_of(owner, home) == 0 && tmp_of(owner, tmp) == 0) {
		consider(&best, path, mount, home, user == USER_FILES_RW,
			 true);
		consider(&best, path, USERFILES_TMP_MOUNT, tmp,
			 user == USER_FILES_RW, true);
	}
	/* A grant seen at a relative name is reached by relative paths,
	 * never by an absolute one. */
	for (i = 0; i < m->grant_count; i++)
		if (m->grants[i].guest_path[0] == '/')
			consider(&best, path, m->grants[i].guest_path,
				 m->grants[i].host_path,
				 m->grants[i].writable, false);
	if (!best.mount)
		return GUEST_ERRNO_NOTCAPABLE;
	root = open(best.host, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return wasi_errno(errno);
	f = (int)syscall(SYS_openat2, root, best.rel, &oh, sizeof(oh));
	if (f < 0) {
		err = wasi_errno(errno);
		close(root);
		return err;
	}
	if (fstat(f, &st) != 0)
		err = GUEST_ERRNO_IO;
	else if (S_ISDIR(st.st_mode))
		err = GUEST_ERRNO_ISDIR;
	else if (!S_ISREG(st.st_mode))
		err = GUEST_ERRNO_INVAL;
	else
		err = name_target(&best, root, f, t);
	close(f);
	close(root);
	return err;
}

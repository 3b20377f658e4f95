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

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
